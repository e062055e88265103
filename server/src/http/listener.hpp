// Accepts connections on one context and hands each to the next I/O context in turn,
// refusing at once over the connection cap.
#pragma once
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/session.hpp"
#include "mlgate/result.hpp"

namespace mlgate::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  static Result<std::shared_ptr<Listener>> create(boost::asio::io_context& accept_on, std::vector<boost::asio::io_context*> targets,
                                                  const boost::asio::ip::tcp::endpoint& ep, const SharedState& state);
  void run();
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  Listener(boost::asio::io_context& accept_on, std::vector<boost::asio::io_context*> targets, const SharedState& state);
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  std::vector<boost::asio::io_context*> targets_;
  size_t next_ = 0;
  boost::asio::ip::tcp::acceptor acceptor_;
  const SharedState& state_;
};

}  // namespace mlgate::http
