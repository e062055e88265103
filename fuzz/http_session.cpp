// The HTTP session (server/src/http/session_impl.hpp) fed raw bytes through Beast's in-memory
// test stream, with a small router shaped like the real one: a public route, viewer and
// deployer routes with in-memory and streamed (temp file) bodies, an admin route and a
// handler that throws. The first byte sets how many bytes each read returns (1..64, to
// split the request anywhere); the rest is what the client sends before it closes.
// Properties: every session ends (no hang - a libFuzzer timeout - and no leaked session); the client gets only
// well-formed HTTP/1.1 responses, with a 5xx only from the throwing handler; no temp file
// survives the session.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/_experimental/test/stream.hpp>

#include "check.hpp"
#include "core/log.hpp"
#include "http/embedded_assets.hpp"
#include "http/session_impl.hpp"

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace mlgate;

namespace mlgate::http {

// The test stream has no clock: its input always ends (the client closes), so deadlines
// are not needed to finish a session. Closing it is the shutdown the peer sees as EOF.
template <>
struct SessionTransport<beast::test::stream> {
  template <class Duration>
  static void expires_after(beast::test::stream&, Duration) {}
  static void shutdown_send(beast::test::stream& s, beast::error_code&) { s.close(); }
  static void close(beast::test::stream& s) { s.close(); }
};

template class BasicSession<beast::test::stream>;

// Two small pages instead of the web build: the session's static-file path only.
std::vector<EmbeddedAsset> embedded_assets() {
  return {{"/index.html", "<!doctype html><title>mlgate</title>"}, {"/app.js", "console.log(1)"}};
}

}  // namespace mlgate::http

namespace {

using FuzzSession = http::BasicSession<beast::test::stream>;

std::filesystem::path temp_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("mlgate-fuzz-http-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

http::Response echo(int status, const std::string& what) {
  return http::json_response(status, {{"echo", what}});
}

http::Router make_router() {
  using bhttp::verb;
  http::Router r;
  r.add({verb::get, "/healthz", http::Role::none, http::BodyKind::none, 0, [](http::Request&) { return echo(200, "ok"); }});
  r.add({verb::get, "/api/v1/models/{name}", http::Role::viewer, http::BodyKind::none, 0,
         [](http::Request& q) { return echo(200, q.params["name"]); }});
  r.add({verb::post, "/api/v1/models/{name}/predict", http::Role::viewer, http::BodyKind::memory, 4096,
         [](http::Request& q) { return echo(200, std::to_string(q.body.size())); }});
  r.add({verb::post, "/api/v1/models/{name}/versions", http::Role::deployer, http::BodyKind::file, 8192, [](http::Request& q) {
           std::error_code ec;
           auto n = q.body_file ? std::filesystem::file_size(*q.body_file, ec) : 0;
           return echo(201, std::to_string(n));
         }});
  r.add({verb::delete_, "/api/v1/models/{name}", http::Role::admin, http::BodyKind::none, 0,
         [](http::Request&) { return http::no_content(); }});
  r.add({verb::post, "/api/v1/throw", http::Role::viewer, http::BodyKind::memory, 1024,
         [](http::Request&) -> http::Response { throw std::runtime_error("handler failure"); }});
  return r;
}

http::Identity person(std::string name, http::Role role) {
  http::Identity id;
  id.name = std::move(name);
  id.role = role;
  return id;
}

Result<http::Identity> authenticate(std::string_view bearer) {
  if (bearer == "viewer-token") return person("vera", http::Role::viewer);
  if (bearer == "deployer-token") return person("dora", http::Role::deployer);
  if (bearer == "admin-token") return person("ada", http::Role::admin);
  return unauthorized("missing or unknown bearer token");
}

// One response from the front of `out`; `head`: the answer to a HEAD (headers only).
std::size_t parse_response(std::string_view out, bool head, bhttp::response_parser<bhttp::string_body>& p, beast::error_code& ec) {
  p.eager(true);
  p.skip(head);
  p.body_limit(1 << 20);
  std::size_t used = p.put(boost::asio::buffer(out.data(), out.size()), ec);
  if (!ec && !p.is_done()) p.put_eof(ec);
  return used;
}

// Every byte the client received must be a sequence of complete HTTP/1.1 responses. The
// answer to a HEAD has a Content-Length but no body: a parse that leaves anything but the
// next response behind is tried again as one.
void check_responses(std::string_view out) {
  auto next_ok = [](std::string_view rest) { return rest.empty() || rest.substr(0, 9) == "HTTP/1.1 "; };
  while (!out.empty()) {
    std::optional<bhttp::response_parser<bhttp::string_body>> p(std::in_place);
    beast::error_code ec;
    std::size_t used = parse_response(out, false, *p, ec);
    if (ec || !p->is_done() || !next_ok(out.substr(used))) {
      p.emplace();
      ec = {};
      used = parse_response(out, true, *p, ec);
    }
    MLGATE_CHECK(!ec && p->is_done() && next_ok(out.substr(used)),
                 "malformed response: " + ec.message() + " in " + std::string(out.substr(0, 200)));
    int status = p->get().result_int();
    bool from_throw = p->get().body().find("/api/v1/throw") != std::string::npos;
    MLGATE_CHECK(status < 500 || (status == 500 && from_throw), std::to_string(status) + " " + p->get().body());
    out.remove_prefix(used);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] { log::set_level(log::Level::error); return true; }();
  (void)quiet;
  if (size == 0) return 0;
  static const http::Router router = make_router();
  static const http::StaticAssets assets;
  static const http::ServerOptions options = [] {
    http::ServerOptions o;
    o.header_limit = 1024;  // small, so that 431 is reachable
    o.origins.allowed_hosts = {"localhost", "127.0.0.1"};
    o.origins.cors_origins = {"http://localhost:5173"};
    return o;
  }();
  static std::atomic<uint64_t> temp_counter{0};
  static const http::SessionServices services{
      authenticate, [] { return temp_dir() / ("upload-" + std::to_string(temp_counter++)); }, nullptr};
  static boost::asio::thread_pool pool(1);
  std::atomic<int> connections{0};
  http::SharedState state{router, assets, options, services, pool, connections};

  boost::asio::io_context ioc;
  beast::test::stream server(ioc), client(ioc);
  server.connect(client);
  server.read_size(1 + (data[0] & 0x3F));
  server.append(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  client.close();  // the server reads everything, then EOF

  // The io_context runs until the session is gone: its deleter releases the work guard,
  // so a handler on the blocking pool (streamed uploads) is waited for without polling,
  // and a session that never ends is a libFuzzer timeout.
  connections.fetch_add(1);
  auto guard = boost::asio::make_work_guard(ioc);
  {
    std::shared_ptr<FuzzSession> s(new FuzzSession(std::move(server), state), [&guard](FuzzSession* p) {
      delete p;
      guard.reset();
    });
    s->run();
  }
  ioc.run();
  MLGATE_CHECK(connections.load() == 0, "session not destroyed");
  MLGATE_CHECK(std::filesystem::is_empty(temp_dir()), "a temp upload file survived its session");
  check_responses(client.str());
  return 0;
}
