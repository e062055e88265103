// Member definitions of BasicSession (session.hpp); session.cpp instantiates them for
// tcp_stream, the fuzz harness for Beast's test stream.
#pragma once
#include "http/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "core/log.hpp"

namespace mlgate::http {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

namespace session_detail {
// Bodies of routes that take none are still bounded: a client may send one anyway.
constexpr uint64_t kSmallBodyLimit = 64 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace session_detail

template <class Stream>
BasicSession<Stream>::~BasicSession() {
  discard_temp_file();
  state_.connections.fetch_sub(1);
}

template <class Stream>
void BasicSession<Stream>::run() {
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&BasicSession::do_read, shared_from_this()));
}

template <class Stream>
void BasicSession<Stream>::do_read() {
  header_parser_.emplace();
  header_parser_->header_limit(state_.options.header_limit);
  // Beast would refuse a large Content-Length already while reading the header (its default
  // body limit is 1 MB); the per-route limit is checked in on_header and set in read_body.
  header_parser_->body_limit(boost::none);
  string_parser_.reset();
  file_parser_.reset();
  request_ = Request{};
  route_ = nullptr;
  Transport::expires_after(stream_, state_.options.read_timeout);
  bhttp::async_read_header(stream_, buffer_, *header_parser_,
                           beast::bind_front_handler(&BasicSession::on_header, shared_from_this()));
}

template <class Stream>
void BasicSession<Stream>::on_header(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
      ec == net::error::connection_reset || ec == net::error::eof)
    return do_close();
  if (ec == bhttp::error::header_limit)
    return send(error_response({431, "header_too_large", "request headers exceed " +
                                std::to_string(state_.options.header_limit) + " bytes"}), true);
  if (ec) return send(error_response(bad_request("bad_request", "malformed HTTP request: " + ec.message())), true);

  started_ = std::chrono::steady_clock::now();
  auto& hdr = header_parser_->get();
  keep_alive_ = hdr.keep_alive();
  const OriginPolicy& origins = state_.options.origins;
  cors_origin_ = cors_allowed(origins, hdr[bhttp::field::origin]) ? std::string(hdr[bhttp::field::origin]) : std::string();
  std::string_view target = hdr.target();
  auto qpos = target.find('?');
  request_.method = hdr.method();
  request_.path = std::string(target.substr(0, qpos));
  if (qpos != std::string_view::npos) request_.query = parse_query(target.substr(qpos + 1));
  request_.content_type = std::string(hdr[bhttp::field::content_type]);

  // A request whose body we will not read leaves the connection in an unknown state.
  bool has_body = header_parser_->chunked() || header_parser_->content_length().value_or(0) > 0;

  if (!host_allowed(origins, hdr[bhttp::field::host]))
    return send(error_response(forbidden("host_not_allowed", "this server does not answer to the host name '" +
                                                              host_name(hdr[bhttp::field::host]) + "' (see --allowed-hosts)")),
                true);
  if (hdr.method() == bhttp::verb::options && !cors_origin_.empty())  // a CORS preflight: no token is sent with it
    return send(cors_preflight(), has_body);

  Match m = state_.router.match(hdr.method(), request_.path);
  if (m.error) return send(error_response(*m.error), has_body);
  if (!m.route) {
    bool get = hdr.method() == bhttp::verb::get || hdr.method() == bhttp::verb::head;
    if (get && !m.path_known && state_.assets.has(request_.path))
      return send(state_.assets.serve(request_.path, hdr[bhttp::field::if_none_match], hdr.method() == bhttp::verb::head), has_body);
    if (m.path_known)
      return send(error_response({405, "method_not_allowed", std::string(hdr.method_string()) + " is not allowed on " + request_.path}), has_body);
    return send(error_response(not_found("not_found", "no route for " + request_.path)), has_body);
  }
  route_ = m.route;
  request_.params = std::move(m.params);

  if (route_->role != Role::none) {
    std::string_view auth = hdr[bhttp::field::authorization];
    std::string_view bearer;
    if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) bearer = auth.substr(7);
    auto who = state_.services.authenticate(bearer);
    if (!who) return send(error_response(who.error()), has_body);
    if (static_cast<int>(who->role) < static_cast<int>(route_->role))
      return send(error_response(forbidden("forbidden", "this action needs the " + std::string(role_name(route_->role)) +
                                           " role; token '" + who->name + "' has " + std::string(role_name(who->role)))),
                  has_body);
    request_.identity = std::move(*who);
  }

  uint64_t limit = route_->body == BodyKind::none ? session_detail::kSmallBodyLimit : route_->body_limit;
  if (auto len = header_parser_->content_length(); len && *len > limit)
    return send(error_response(too_large("request body of " + std::to_string(*len) + " bytes exceeds the limit of " +
                                         std::to_string(limit) + " bytes for this route")), true);

  // Bodies are stored and parsed as sent: a compressed one would be read as garbage (or
  // inflate into a bomb if we decoded it), so it is refused before a byte of it is read.
  if (std::string_view enc = session_detail::trim(hdr[bhttp::field::content_encoding]);
      has_body && !enc.empty() && !beast::iequals(enc, "identity"))
    return send(error_response({415, "unsupported_media_type", "Content-Encoding '" + std::string(enc) +
                                "' is not supported on " + request_.path + ": send the body uncompressed"}), true);

  if (beast::iequals(hdr[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    beast::error_code wec;
    bhttp::write(stream_, cont, wec);
    if (wec) return do_close();
  }
  read_body();
}

template <class Stream>
void BasicSession<Stream>::read_body() {
  uint64_t limit = route_->body == BodyKind::none ? session_detail::kSmallBodyLimit : route_->body_limit;
  if (route_->body == BodyKind::file) {
    file_parser_.emplace(std::move(*header_parser_));
    file_parser_->body_limit(limit);
    request_.body_file = state_.services.new_temp_path();
    beast::error_code ec;
    file_parser_->get().body().open(request_.body_file->c_str(), beast::file_mode::write, ec);
    if (ec) {
      request_.body_file.reset();
      return send(error_response(internal_error("cannot create upload temp file: " + ec.message())), true);
    }
    Transport::expires_after(stream_, state_.options.upload_timeout);
    bhttp::async_read(stream_, buffer_, *file_parser_, beast::bind_front_handler(&BasicSession::on_body, shared_from_this()));
  } else {
    string_parser_.emplace(std::move(*header_parser_));
    string_parser_->body_limit(limit);
    Transport::expires_after(stream_, state_.options.read_timeout);
    bhttp::async_read(stream_, buffer_, *string_parser_, beast::bind_front_handler(&BasicSession::on_body, shared_from_this()));
  }
}

template <class Stream>
void BasicSession<Stream>::on_body(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::body_limit) {
    discard_temp_file();
    uint64_t limit = route_->body == BodyKind::none ? session_detail::kSmallBodyLimit : route_->body_limit;
    return send(error_response(too_large("request body exceeds the limit of " + std::to_string(limit) + " bytes for this route")), true);
  }
  if (ec) {  // client gone, timed out or sent garbage: nothing was acknowledged
    discard_temp_file();
    if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return do_close();
    // The upload's temp file could not be written: the server's fault, not the client's.
    namespace errc = boost::system::errc;
    if (ec == errc::no_space_on_device || ec == errc::file_too_large || ec.value() == EDQUOT)
      return send(error_response(insufficient_storage("cannot store the upload: " + ec.message())), true);
    if (ec == errc::io_error) return send(error_response(internal_error("cannot write the upload: " + ec.message())), true);
    return send(error_response(bad_request("bad_request", "malformed HTTP body: " + ec.message())), true);
  }
  if (file_parser_) {
    file_parser_->get().body().close();
  } else {
    request_.body = std::move(string_parser_->get().body());
  }
  dispatch_handler();
}

template <class Stream>
void BasicSession<Stream>::dispatch_handler() {
  auto run = [self = shared_from_this()]() -> Response {
    try {
      return self->route_->handler(self->request_);
    } catch (const std::exception& e) {
      log::error("http", std::string("handler for ") + self->route_->pattern + " threw: " + e.what());
      return error_response(internal_error("internal error while handling " + self->route_->pattern));
    }
  };
  // Small requests (predictions, reads) run right here on the I/O thread: a hop to another
  // thread would cost more than the work.
  if (route_->body != BodyKind::file && request_.body.size() < (256u << 10)) {
    send(run());
    return;
  }
  // Large bodies mean slow handlers (model intake, scoring a CSV): keep them off the I/O threads.
  net::post(state_.blocking_pool, [self = shared_from_this(), run]() mutable {
    Response res = run();
    net::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
  });
}

template <class Stream>
void BasicSession<Stream>::send(Response res, bool close) {
  discard_temp_file();
  close = close || !keep_alive_;
  res.keep_alive(!close);
  res.set(bhttp::field::server, "mlgate");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Content-Type-Options", "nosniff");
  if (!cors_origin_.empty()) {
    res.set(bhttp::field::access_control_allow_origin, cors_origin_);
    res.set(bhttp::field::vary, "Origin");
  }
  if (res[bhttp::field::cache_control].empty()) res.set(bhttp::field::cache_control, "no-store");
  int status = res.result_int();
  // Changes and failures are logged at info; reads and predictions (tens of thousands a
  // second) only at debug.
  bool notable = status >= 400 || (request_.method != bhttp::verb::get && route_ && route_->role != Role::viewer);
  auto level = notable ? log::Level::info : log::Level::debug;
  if (route_ && log::enabled(level)) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
    // Path only: query strings may carry tokens.
    log::write(level, "http", std::string(bhttp::to_string(request_.method)) + " " + request_.path + " " +
                                  std::to_string(status) + " " + std::to_string(us) + "us " + request_.identity.name);
  }
  if (state_.services.observe) {
    static const std::string other = "other";  // unmatched paths and static files: bounded labels
    state_.services.observe(route_ ? route_->pattern : other, bhttp::to_string(request_.method), status,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  }
  response_ = std::make_shared<Response>(std::move(res));
  Transport::expires_after(stream_, state_.options.write_timeout);
  bhttp::async_write(stream_, *response_, beast::bind_front_handler(&BasicSession::on_write, shared_from_this(), close));
}

template <class Stream>
Response BasicSession<Stream>::cors_preflight() const {
  Response res{bhttp::status::no_content, 11};
  res.set(bhttp::field::access_control_allow_methods, "GET, POST, DELETE");
  res.set(bhttp::field::access_control_allow_headers, "Authorization, Content-Type");
  res.set(bhttp::field::access_control_max_age, "600");
  return res;
}

template <class Stream>
void BasicSession<Stream>::on_write(bool close, beast::error_code ec, std::size_t) {
  response_.reset();
  if (ec) return do_close();
  if (close) return do_close();
  do_read();
}

template <class Stream>
void BasicSession<Stream>::do_close() {
  beast::error_code ec;
  Transport::shutdown_send(stream_, ec);
  if (ec) return Transport::close(stream_);
  // Lingering close (as nginx does): a client still sending a body we refused would get a
  // reset if we closed now, and a reset can discard our error response before it reads it.
  // Drain what it sends for a bounded time, then close.
  Transport::expires_after(stream_, session_detail::kLingerTime);
  linger();
}

template <class Stream>
void BasicSession<Stream>::linger() {
  if (!linger_buffer_) linger_buffer_ = std::make_unique<std::array<char, 16384>>();
  stream_.async_read_some(net::buffer(*linger_buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (!ec) return self->linger();
    Transport::close(self->stream_);
  });
}

template <class Stream>
void BasicSession<Stream>::discard_temp_file() {
  if (request_.body_file) {
    std::error_code ec;
    if (file_parser_) file_parser_->get().body().close();
    std::filesystem::remove(*request_.body_file, ec);
    request_.body_file.reset();
  }
}

}  // namespace mlgate::http
