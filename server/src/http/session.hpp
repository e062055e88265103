// One HTTP connection. Reads the header first so that the route, the caller's role and the
// body size are checked before a byte of body is read; then reads the body into memory or
// streams it to a temp file, runs the handler, writes the response. Lives on one I/O
// thread's context (no strand needed); kept alive by shared_from_this().
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/router.hpp"
#include "http/server_options.hpp"
#include "http/static_assets.hpp"

namespace mlgate::http {

struct SharedState {
  const Router& router;
  const StaticAssets& assets;
  const ServerOptions& options;
  const SessionServices& services;
  boost::asio::thread_pool& blocking_pool;
  std::atomic<int>& connections;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket&& socket, const SharedState& state);
  ~Session();
  void run();

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t);
  void read_body();
  void on_body(boost::beast::error_code ec, std::size_t);
  void dispatch_handler();
  void send(Response res, bool close = false);
  Response cors_preflight() const;
  void on_write(bool close, boost::beast::error_code ec, std::size_t);
  void do_close();
  void linger();
  void discard_temp_file();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  const SharedState& state_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> header_parser_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> string_parser_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::file_body>> file_parser_;
  std::shared_ptr<Response> response_;
  std::unique_ptr<std::array<char, 16384>> linger_buffer_;
  Request request_;
  const Route* route_ = nullptr;
  bool keep_alive_ = true;
  std::string cors_origin_;  // the request's Origin when CORS allows it, echoed in the response
  std::chrono::steady_clock::time_point started_;
};

}  // namespace mlgate::http
