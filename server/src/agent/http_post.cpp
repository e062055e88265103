#include "agent/http_post.hpp"

#include <optional>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace mlgate::agent {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kMaxReplyBytes = 8 * 1024 * 1024;

Error unreachable(const LlmEndpoint& ep, const std::string& what) {
  return {502, "llm_unreachable", "cannot reach the LLM provider at " + ep.host_header() + ": " + what};
}
Error timed_out(const std::string& stage) { return {504, "llm_timeout", "the LLM provider did not answer in time (" + stage + ")"}; }

Error stage_error(const LlmEndpoint& ep, const beast::error_code& ec, const std::string& stage) {
  if (ec == beast::error::timeout) return timed_out(stage);
  return unreachable(ep, stage + " failed: " + ec.message());
}

// Write the request, read the reply: the same for plain and TLS streams.
template <class Stream>
asio::awaitable<Result<HttpReply>> exchange(Stream& stream, const LlmEndpoint& ep, const http::request<http::string_body>& req,
                                            Clock::time_point deadline) {
  beast::error_code ec;
  auto tok = asio::redirect_error(asio::use_awaitable, ec);
  beast::get_lowest_layer(stream).expires_at(deadline);
  co_await http::async_write(stream, req, tok);
  if (ec) co_return stage_error(ep, ec, "sending the request");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxReplyBytes);
  co_await http::async_read(stream, buffer, parser, tok);
  // A reply past the cap is the provider's fault, not the network's: never retried.
  if (ec == http::error::body_limit)
    co_return Error{502, "llm_bad_reply", "the LLM provider's reply is larger than the " + std::to_string(kMaxReplyBytes >> 20) +
                                              " MiB limit; it was not read"};
  if (ec) co_return stage_error(ep, ec, "reading the reply");
  auto& res = parser.get();
  HttpReply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = std::move(res.body());
  if (auto it = res.find(http::field::retry_after); it != res.end()) reply.retry_after = it->value();
  if (auto it = res.find("retry-after-ms"); it != res.end()) reply.retry_after_ms = it->value();
  co_return reply;
}

// Peer verification names the host we meant: SNI and host name for names, IP check for literals.
Status expect_peer(SSL* ssl, const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (!ec) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) return internal_error("cannot set the expected peer address");
    return ok_status();
  }
  if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return internal_error("cannot set TLS SNI");
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1) return internal_error("cannot set the expected peer name");
  return ok_status();
}

asio::awaitable<Result<HttpReply>> attempt(const LlmEndpoint& ep, asio::ssl::context* tls, const http::request<http::string_body>& req,
                                           Clock::time_point deadline, std::chrono::milliseconds connect_timeout) {
  auto ex = co_await asio::this_coro::executor;
  beast::error_code ec;
  auto tok = asio::redirect_error(asio::use_awaitable, ec);
  // An address literal (Ollama on 127.0.0.1) skips the resolver and the thread it starts.
  tcp::resolver resolver(ex);
  tcp::resolver::results_type endpoints;
  if (auto addr = asio::ip::make_address(ep.host, ec); !ec) {
    endpoints = tcp::resolver::results_type::create(tcp::endpoint(addr, static_cast<unsigned short>(std::stoi(ep.port))), ep.host, ep.port);
  } else {
    endpoints = co_await resolver.async_resolve(ep.host, ep.port, tok);
    if (ec) co_return unreachable(ep, "cannot resolve the host: " + ec.message());
  }
  const auto connect_deadline = std::min(deadline, Clock::now() + connect_timeout);

  if (!tls) {
    beast::tcp_stream stream(ex);
    stream.expires_at(connect_deadline);
    co_await stream.async_connect(endpoints, tok);
    if (ec) co_return stage_error(ep, ec, "connecting");
    auto reply = co_await exchange(stream, ep, req, deadline);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return reply;
  }

  beast::ssl_stream<beast::tcp_stream> stream(ex, *tls);
  if (auto st = expect_peer(stream.native_handle(), ep.host); !st) co_return st.error();
  beast::get_lowest_layer(stream).expires_at(connect_deadline);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, tok);
  if (ec) co_return stage_error(ep, ec, "connecting");
  co_await stream.async_handshake(asio::ssl::stream_base::client, tok);
  if (ec == beast::error::timeout) co_return timed_out("TLS handshake");
  if (ec) {
    long verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK)
      co_return Error{502, "llm_tls",
                      "the LLM provider's certificate was refused (" + std::string(X509_verify_cert_error_string(verify)) +
                          "); for a private endpoint set MLGATE_LLM_CA_FILE to its CA certificate"};
    co_return Error{502, "llm_tls", "TLS handshake with the LLM provider failed: " + ec.message()};
  }
  auto reply = co_await exchange(stream, ep, req, deadline);
  // No TLS close_notify round trip: the reply is complete and read; just drop the connection.
  beast::get_lowest_layer(stream).close();
  co_return reply;
}
}  // namespace

Result<HttpReply> http_post(const LlmEndpoint& ep, asio::ssl::context* tls, const HttpPost& post, Clock::time_point deadline,
                            std::chrono::milliseconds connect_timeout) {
  if (ep.tls && !tls) return internal_error("an https endpoint needs a TLS context");
  http::request<http::string_body> req{http::verb::post, post.target, 11};
  req.set(http::field::host, ep.host_header());
  req.set(http::field::user_agent, "mlgate");
  for (const auto& [name, value] : post.headers) req.set(name, value);
  req.body() = post.body;
  req.prepare_payload();

  asio::io_context ioc;
  std::optional<Result<HttpReply>> out;
  asio::co_spawn(
      ioc, [&]() -> asio::awaitable<void> { out = co_await attempt(ep, ep.tls ? tls : nullptr, req, deadline, connect_timeout); },
      [&](std::exception_ptr e) {
        if (e && !out) out = internal_error("the LLM request failed unexpectedly");
      });
  // Every stage carries the deadline; this backstop only covers name resolution, which cannot.
  ioc.run_until(deadline + std::chrono::milliseconds(500));
  if (!out) {
    ioc.stop();
    return timed_out("resolving the host");
  }
  return std::move(*out);
}

Result<std::shared_ptr<asio::ssl::context>> make_client_tls_context(const std::string& ca_file) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  beast::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                   asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(asio::ssl::verify_peer, ec);
  if (ec) return internal_error("cannot enable TLS peer verification: " + ec.message());
  ctx->set_default_verify_paths(ec);
  if (ec) return internal_error("cannot load the system's trusted certificates: " + ec.message());
  if (!ca_file.empty()) {
    ctx->load_verify_file(ca_file, ec);
    if (ec) return Error{500, "bad_llm_config", "MLGATE_LLM_CA_FILE: cannot load '" + ca_file + "' as PEM certificates: " + ec.message()};
  }
  return ctx;
}

}  // namespace mlgate::agent
