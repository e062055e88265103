#include "fake_openai.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mlgate::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {
json completion(json message, const std::string& finish) {
  return {{"id", "chatcmpl-fake"},
          {"object", "chat.completion"},
          {"created", 1700000000},
          {"model", "fake-model"},
          {"choices", json::array({{{"index", 0}, {"message", std::move(message)}, {"logprobs", nullptr}, {"finish_reason", finish}}})},
          {"usage", {{"prompt_tokens", 10}, {"completion_tokens", 5}, {"total_tokens", 15}}}};
}
}  // namespace

json completion_text(const std::string& text) {
  return completion({{"role", "assistant"}, {"content", text}, {"refusal", nullptr}}, "stop");
}

json completion_tool_calls(const std::vector<FakeToolCall>& calls) {
  json tc = json::array();
  for (const auto& c : calls) tc.push_back({{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
  return completion({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", tc}, {"refusal", nullptr}}, "tool_calls");
}

FakeReply ok(const json& completion) { return {200, completion.dump(), {}, {}}; }

FakeReply provider_error(int status, const std::string& message, const std::string& type, const std::string& code) {
  json body = {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", code.empty() ? json() : json(code)}}}};
  return {status, body.dump(), {}, {}};
}

FakeOpenAi::FakeOpenAi(std::shared_ptr<asio::ssl::context> tls) : acceptor_(ioc_), tls_(std::move(tls)) {
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { serve(); });
}

FakeOpenAi::~FakeOpenAi() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  // The accept loop blocks: one connection of our own wakes it to see the flag.
  beast::error_code ec;
  tcp::socket wake(ioc_);
  wake.connect(acceptor_.local_endpoint(), ec);
  thread_.join();
}

void FakeOpenAi::script(FakeReply reply) {
  std::lock_guard lock(mu_);
  script_.push_back(std::move(reply));
}

void FakeOpenAi::always(FakeReply reply) {
  std::lock_guard lock(mu_);
  always_ = std::move(reply);
}

std::vector<RecordedRequest> FakeOpenAi::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::string FakeOpenAi::base_url(const std::string& host) const {
  return std::string(tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_) + "/v1";
}

FakeReply FakeOpenAi::next_reply() {
  std::lock_guard lock(mu_);
  if (!script_.empty()) {
    auto r = std::move(script_.front());
    script_.pop_front();
    return r;
  }
  if (always_) return *always_;
  return provider_error(500, "fake server: no scripted reply left", "server_error", "");
}

void FakeOpenAi::serve() {
  for (;;) {
    tcp::socket socket(ioc_);
    beast::error_code ec;
    acceptor_.accept(socket, ec);
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    if (ec) continue;
    if (tls_) {
      asio::ssl::stream<tcp::socket&> stream(socket, *tls_);
      stream.handshake(asio::ssl::stream_base::server, ec);
      if (ec) continue;  // a client refusing our certificate ends here
      const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
      handle(stream, sni ? sni : "");
    } else {
      handle(socket, "");
    }
    socket.close(ec);
  }
}

template <class Stream>
void FakeOpenAi::handle(Stream& stream, const std::string& sni) {
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    http::request<http::string_body> req;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    RecordedRequest rec{std::string(req.method_string()), std::string(req.target()), req.body(), {}, sni};
    for (const auto& f : req) {
      std::string name(f.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      rec.headers[name] = std::string(f.value());
    }
    {
      std::lock_guard lock(mu_);
      requests_.push_back(std::move(rec));
    }
    FakeReply reply = next_reply();
    if (reply.delay.count() > 0) {
      std::unique_lock lock(mu_);
      if (stop_cv_.wait_for(lock, reply.delay, [&] { return stopping_; })) return;
    }
    http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
    res.set(http::field::content_type, "application/json");
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.body() = reply.body;
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    http::write(stream, res, ec);
    if (ec || !res.keep_alive()) return;
  }
}

}  // namespace mlgate::test
