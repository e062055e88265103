#include "http/listener.hpp"

#include "core/log.hpp"

namespace mlgate::http {
namespace net = boost::asio;
namespace beast = boost::beast;

Listener::Listener(net::io_context& accept_on, std::vector<net::io_context*> targets, const SharedState& state)
    : targets_(std::move(targets)), acceptor_(accept_on), state_(state) {}

Result<std::shared_ptr<Listener>> Listener::create(net::io_context& accept_on, std::vector<net::io_context*> targets,
                                                   const net::ip::tcp::endpoint& ep, const SharedState& state) {
  std::shared_ptr<Listener> l(new Listener(accept_on, std::move(targets), state));
  beast::error_code ec;
  auto fail = [&](const char* what) -> Error {
    return internal_error(std::string("cannot listen on ") + ep.address().to_string() + ":" + std::to_string(ep.port()) +
                          ": " + what + ": " + ec.message());
  };
  l->acceptor_.open(ep.protocol(), ec);
  if (ec) return fail("open");
  l->acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("set_option");
  l->acceptor_.bind(ep, ec);
  if (ec) return fail("bind");
  l->acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  return l;
}

void Listener::run() { do_accept(); }

void Listener::do_accept() {
  // The new socket belongs to the next context: connections spread over the I/O threads.
  net::io_context& target = *targets_[next_++ % targets_.size()];
  acceptor_.async_accept(target, beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, net::ip::tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;
  if (ec) {
    log::warn("http", "accept: " + ec.message());
  } else if (state_.connections.fetch_add(1) >= state_.options.max_connections) {
    // Over the cap: refuse fast rather than queue; the client may retry.
    state_.connections.fetch_sub(1);
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    std::make_shared<Session>(std::move(socket), state_)->run();
  }
  do_accept();
}

}  // namespace mlgate::http
