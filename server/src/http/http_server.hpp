// Owns the I/O threads, the blocking pool and the listener; stops on SIGINT/SIGTERM.
//
// One io_context per I/O thread, each run by that thread alone: a connection lives on one
// context for its whole life, so its handlers never need a strand and the threads never
// contend for one queue (a shared multi-threaded io_context cost a futex wake per request).
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
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
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  const Router& router_;
  ServerOptions options_;
  SessionServices services_;
  StaticAssets assets_;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> work_;  // a context with no connection yet must keep running
  boost::asio::thread_pool blocking_pool_;
  std::atomic<int> connections_{0};
  SharedState state_;
  std::shared_ptr<Listener> listener_;
  boost::asio::signal_set signals_;
};

}  // namespace mlgate::http
