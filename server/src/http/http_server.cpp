#include "http/http_server.hpp"

#include "core/log.hpp"

namespace mlgate::http {
namespace net = boost::asio;

HttpServer::HttpServer(const Router& router, ServerOptions options, SessionServices services)
    : router_(router),
      options_(options),
      services_(std::move(services)),
      ioc_(options_.threads),
      blocking_pool_(static_cast<size_t>(options_.blocking_threads)),
      state_{router_, assets_, options_, services_, blocking_pool_, connections_},
      signals_(ioc_, SIGINT, SIGTERM) {}

HttpServer::~HttpServer() {
  blocking_pool_.join();
}

Status HttpServer::listen(const std::string& address, unsigned short port) {
  boost::system::error_code ec;
  auto addr = net::ip::make_address(address, ec);
  if (ec) return bad_request("invalid_listen", "not an IP address: " + address);
  auto l = Listener::create(ioc_, {addr, port}, state_);
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
  for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
}

void HttpServer::stop() { ioc_.stop(); }

}  // namespace mlgate::http
