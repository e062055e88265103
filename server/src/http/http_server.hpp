// Owns the I/O threads, the blocking pool and the listener; stops on SIGINT/SIGTERM.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/listener.hpp"

namespace mlgate::http {

class HttpServer {
 public:
  HttpServer(const Router& router, ServerOptions options, SessionServices services);
  ~HttpServer();
  // Binds "ADDR:PORT" (port 0 picks a free one).
  Status listen(const std::string& address, unsigned short port);
  unsigned short port() const;
  // Runs until SIGINT/SIGTERM or stop().
  void run();
  void stop();

 private:
  const Router& router_;
  ServerOptions options_;
  SessionServices services_;
  StaticAssets assets_;
  boost::asio::io_context ioc_;
  boost::asio::thread_pool blocking_pool_;
  std::atomic<int> connections_{0};
  SharedState state_;
  std::shared_ptr<Listener> listener_;
  boost::asio::signal_set signals_;
};

}  // namespace mlgate::http
