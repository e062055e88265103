// One HTTP connection. Reads the header first so that the route, the caller's role and the
// body size are checked before a byte of body is read; then reads the body into memory or
// streams it to a temp file, runs the handler, writes the response. Lives on one I/O
// thread's context (no strand needed); kept alive by shared_from_this().
//
// The class is a template over its stream so that the fuzz harness (fuzz/http_session.cpp)
// can drive the very same code through Beast's in-memory test stream; production uses
// only `Session` (a tcp_stream), instantiated once in session.cpp.
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

// What a session needs of its stream beyond reading and writing: deadlines and closing.
// Specialised per stream type (tcp_stream below; the test stream in fuzz/).
template <class Stream>
struct SessionTransport;

template <>
struct SessionTransport<boost::beast::tcp_stream> {
  template <class Duration>
  static void expires_after(boost::beast::tcp_stream& s, Duration d) { s.expires_after(d); }
  static void shutdown_send(boost::beast::tcp_stream& s, boost::beast::error_code& ec) {
    s.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  }
  static void close(boost::beast::tcp_stream& s) {
    boost::beast::error_code ec;
    s.socket().close(ec);
  }
};

template <class Stream>
class BasicSession : public std::enable_shared_from_this<BasicSession<Stream>> {
 public:
  template <class Arg>
  BasicSession(Arg&& stream, const SharedState& state) : stream_(std::forward<Arg>(stream)), state_(state) {}
  ~BasicSession();
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

  using Transport = SessionTransport<Stream>;
  using std::enable_shared_from_this<BasicSession<Stream>>::shared_from_this;

  Stream stream_;
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

using Session = BasicSession<boost::beast::tcp_stream>;
extern template class BasicSession<boost::beast::tcp_stream>;

}  // namespace mlgate::http
