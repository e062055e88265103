// Accepts connections and starts a Session for each, refusing at once over the cap.
#pragma once
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>

#include "http/session.hpp"
#include "mlgate/result.hpp"

namespace mlgate::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  static Result<std::shared_ptr<Listener>> create(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& ep,
                                                  const SharedState& state);
  void run();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  Listener(boost::asio::io_context& ioc, const SharedState& state);
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const SharedState& state_;
};

}  // namespace mlgate::http
