#include "http/http_server.hpp"

#include "core/log.hpp"

namespace mlgate::http {
namespace net = boost::asio;

namespace {
std::vector<std::unique_ptr<net::io_context>> make_contexts(int n) {
  std::vector<std::unique_ptr<net::io_context>> out;
  for (int i = 0; i < std::max(1, n); ++i) out.push_back(std::make_unique<net::io_context>(1));  // hint: one thread each
  return out;
}
}  // namespace

HttpServer::HttpServer(const Router& router, ServerOptions options, SessionServices services)
    : router_(router),
      options_(options),
      services_(std::move(services)),
      contexts_(make_contexts(options_.threads)),
      blocking_pool_(static_cast<size_t>(options_.blocking_threads)),
      state_{router_, assets_, options_, services_, blocking_pool_, connections_},
      signals_(*contexts_[0], SIGINT, SIGTERM) {
  for (auto& c : contexts_) work_.push_back(net::make_work_guard(*c));
}

HttpServer::~HttpServer() {
  blocking_pool_.join();
}

Status HttpServer::listen(const std::string& address, unsigned short port) {
  boost::system::error_code ec;
  auto addr = net::ip::make_address(address, ec);
  if (ec) return bad_request("invalid_listen", "not an IP address: " + address);
  std::vector<net::io_context*> targets;
  for (auto& c : contexts_) targets.push_back(c.get());
  auto l = Listener::create(*contexts_[0], std::move(targets), {addr, port}, state_);
  if (!l) return l.error();
  listener_ = std::move(l.value());
  return ok_status();
}

unsigned short HttpServer::port() const { return listener_ ? listener_->local_endpoint().port() : 0; }

void HttpServer::run() {
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log::info("http", "signal " + std::to_string(sig) + ": shutting down");
    stop();
  });
  listener_->run();
  std::vector<std::thread> threads;
  for (size_t i = 1; i < contexts_.size(); ++i) threads.emplace_back([this, i] { contexts_[i]->run(); });
  contexts_[0]->run();
  for (auto& t : threads) t.join();
}

void HttpServer::stop() {
  for (auto& c : contexts_) c->stop();
}

}  // namespace mlgate::http
