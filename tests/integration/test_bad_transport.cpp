// Bad input at the HTTP layer - bodies too large for their route, compressed, chunked, cut
// off, announced with Expect: 100-continue, pipelined, smuggled - gets its 4xx before the
// body is used, and leaves no file and no record behind.
#include <catch2/catch.hpp>

#include "integration/fixtures.hpp"
#include "integration/http_client.hpp"
#include "integration/raw_connection.hpp"
#include "integration/server_process.hpp"
#include "integration/snapshot.hpp"

using namespace mlgate::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
std::string head(const std::string& method, const std::string& target, const std::string& token, const std::string& extra) {
  std::string h = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) h += "Authorization: Bearer " + token + "\r\n";
  return h + extra + "\r\n";
}

std::string chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

std::string error_code(const RawResponse& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}
}  // namespace

TEST_CASE("transport-level bad input is refused before the body is used and leaves nothing behind", "[integration]") {
  ServerProcess server({"--max-model-bytes", "1000000", "--max-json-bytes", "100000"});
  HttpClient admin(server.port(), server.admin_token());
  auto tok = admin.post_json("/api/v1/tokens", {{"name", "val"}, {"role", "viewer"}});
  const std::string viewer = tok.json()["token"].get<std::string>();
  auto iris = fixture("s02_iris_logreg_tensor");
  const std::string model = read_file(iris.dir + "/model.onnx");
  REQUIRE(admin.post("/api/v1/models/iris/versions" + iris.features_query(), model, "application/octet-stream").status == 201);
  const std::string upload = "/api/v1/models/iris/versions" + iris.features_query();
  json before = snapshot(server, admin);

  SECTION("a Content-Length over the limit gets 413 payload_too_large from the header, then the connection is closed") {
    RawConnection c(server.port());
    c.send(head("POST", upload, server.admin_token(), "Content-Type: application/octet-stream\r\nContent-Length: 600000000\r\n"));
    auto r = c.read_response();
    REQUIRE(r.status == 413);
    REQUIRE(error_code(r) == "payload_too_large");
    REQUIRE_THAT(r.body, Catch::Contains("600000000") && Catch::Contains("1000000"));
    REQUIRE(c.closed_by_server());
    REQUIRE(temp_files(server) == 0);
  }
  SECTION("a chunked upload that grows past the limit gets 413 and its temp file is removed") {
    RawConnection c(server.port());
    REQUIRE(c.send(head("POST", upload, server.admin_token(), "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n")));
    const std::string piece(64 * 1024, 'x');
    for (int i = 0; i < 20; ++i)  // 1.3 MB: the server may stop reading before the end
      if (!c.send(chunk(piece), 5s)) break;
    auto r = c.read_response();
    REQUIRE(r.status == 413);
    REQUIRE(error_code(r) == "payload_too_large");
    REQUIRE(c.closed_by_server());
    REQUIRE(temp_files(server) == 0);
  }
  SECTION("Expect: 100-continue is answered with the refusal, not 100 Continue, when the upload would be refused") {
    struct Case {
      std::string what, token, length;
      int status;
    };
    for (const auto& k : std::vector<Case>{{"no token", "", "1000", 401},
                                           {"a viewer", viewer, "1000", 403},
                                           {"over the limit", server.admin_token(), "2000000", 413}}) {
      CAPTURE(k.what);
      RawConnection c(server.port());
      c.send(head("POST", upload, k.token, "Content-Type: application/octet-stream\r\nExpect: 100-continue\r\nContent-Length: " + k.length + "\r\n"));
      auto r = c.read_response();
      CAPTURE(r.head);
      REQUIRE(r.status == k.status);  // the first thing the server says
      REQUIRE_FALSE(error_code(r).empty());
    }
    REQUIRE(snapshot(server, admin) == before);

    RawConnection c(server.port());
    c.send(head("POST", "/api/v1/models/continued/versions" + iris.features_query(), server.admin_token(),
                "Content-Type: application/octet-stream\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(model.size()) + "\r\n"));
    REQUIRE(c.read_response().status == 100);
    REQUIRE(c.send(model));
    auto created = c.read_response();
    CAPTURE(created.body);
    REQUIRE(created.status == 201);
    before = snapshot(server, admin);  // that upload was meant to change things
  }
  SECTION("a client that goes away mid-upload leaves no temp file and no version, and the server keeps serving") {
    {
      RawConnection c(server.port());
      REQUIRE(c.send(head("POST", "/api/v1/models/gone/versions", server.admin_token(),
                          "Content-Type: application/octet-stream\r\nContent-Length: 900000\r\n")));
      REQUIRE(c.send(std::string(100000, 'x')));
      // The server is streaming the body to a temp file...
      auto until = std::chrono::steady_clock::now() + 5s;
      while (files_under(server.data_dir() / "artifacts" / "tmp") == 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(10ms);
      REQUIRE(files_under(server.data_dir() / "artifacts" / "tmp") == 1);
      c.close();  // ...when the client goes away.
    }
    REQUIRE(temp_files(server) == 0);
    REQUIRE(admin.get("/api/v1/models/gone").status == 404);
  }
  SECTION("JSON in one-byte chunks is read as one body; past the route's limit it is 413") {
    std::string body = R"({"name":"x",)" + std::string(20000, ' ') + R"("role":"root"})";
    std::string chunks;
    for (char ch : body) chunks += chunk(std::string_view(&ch, 1));
    RawConnection c(server.port());
    REQUIRE(c.send(head("POST", "/api/v1/tokens", server.admin_token(), "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
                   chunks + "0\r\n\r\n"));
    auto r = c.read_response();
    CAPTURE(r.body);
    REQUIRE(r.status == 422);
    REQUIRE(error_code(r) == "invalid_role");

    std::string million;  // 1,000,000 one-byte chunks: 64 KiB is the limit of this route
    million.reserve(6000000);
    for (int i = 0; i < 1000000; ++i) million += "1\r\n \r\n";
    RawConnection big(server.port());
    big.send(head("POST", "/api/v1/tokens", server.admin_token(), "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") + million,
             20s);
    auto too_big = big.read_response();
    REQUIRE(too_big.status == 413);
    REQUIRE(error_code(too_big) == "payload_too_large");
  }
  SECTION("predict and v2 bodies over --max-json-bytes are 413, announced or chunked") {
    std::string body = R"({"rows":[)" + std::string(200000, ' ') + "]}";
    for (const std::string target : {"/api/v1/models/iris/predict", "/v2/models/iris/infer", "/v2/models/iris/versions/1/infer"}) {
      CAPTURE(target);
      auto r = admin.post(target, body);
      REQUIRE(r.status == 413);
      REQUIRE(r.error_code() == "payload_too_large");
      RawConnection c(server.port());
      c.send(head("POST", target, server.admin_token(), "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") + chunk(body) +
             "0\r\n\r\n");
      auto chunked = c.read_response();
      REQUIRE(chunked.status == 413);
      REQUIRE(error_code(chunked) == "payload_too_large");
    }
  }
  SECTION("pipelined requests are answered one by one, in order, and the connection stays usable") {
    std::string livez = "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    std::string bad = R"({"name":"p","role":"root"})";
    std::string burst;
    for (int i = 0; i < 16; ++i) burst += livez;
    burst += head("POST", "/api/v1/tokens", server.admin_token(),
                  "Content-Type: application/json\r\nContent-Length: " + std::to_string(bad.size()) + "\r\n") + bad;
    for (int i = 0; i < 15; ++i) burst += livez;
    RawConnection c(server.port());
    REQUIRE(c.send(burst));
    auto replies = c.read_responses(32);
    REQUIRE(replies.size() == 32);
    for (size_t i = 0; i < replies.size(); ++i) {
      CAPTURE(i);
      REQUIRE(replies[i].status == (i == 16 ? 422 : 200));
    }
    REQUIRE(c.send(livez));
    REQUIRE(c.read_response().status == 200);
  }
  SECTION("request smuggling shapes: conflicting lengths and bare LF are 400 and close; what Beast normalizes is one request") {
    std::string promo = "/api/v1/models/iris/versions/1/promotion";
    struct Case {
      std::string what, bytes;
    };
    for (const auto& k : std::vector<Case>{
             {"two different Content-Lengths", head("POST", promo, server.admin_token(), "Content-Length: 2\r\nContent-Length: 30\r\n") + "{}"},
             {"Content-Length and chunked", head("POST", promo, server.admin_token(), "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n"},
             {"bare LF line ends", "GET /livez HTTP/1.1\nHost: 127.0.0.1\n\n"},
         }) {
      CAPTURE(k.what);
      RawConnection c(server.port());
      c.send(k.bytes);
      auto r = c.read_response();
      REQUIRE(r.status == 400);
      REQUIRE(error_code(r) == "bad_request");
      REQUIRE(c.closed_by_server());
    }
    // The same Content-Length twice is one length (RFC 9112 6.3 allows a recipient to take it),
    // and an obs-fold line is unfolded into the header before it: either way there is one
    // reading of the request, so nothing can be smuggled behind it.
    RawConnection c(server.port());
    c.send("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 0\r\nX-Folded: a\r\n b\r\n\r\n"
           "GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto both = c.read_responses(2);
    REQUIRE(both.size() == 2);
    REQUIRE(both[0].status == 200);
    REQUIRE(both[1].status == 200);
  }
  REQUIRE(snapshot(server, admin) == before);
  REQUIRE(HttpClient(server.port()).get("/livez").status == 200);
}

TEST_CASE("no response sets a cookie, so no credential rides along with a cross-site request", "[integration]") {
  ServerProcess server;
  HttpClient admin(server.port(), server.admin_token());
  auto session = admin.post("/api/v1/session");
  for (const auto& r : {HttpClient(server.port()).get("/"), session, admin.get("/api/v1/me"), admin.get("/api/v1/models"),
                        HttpClient(server.port()).get("/api/v1/models")}) {
    CAPTURE(r.status, r.body.substr(0, 200));
    REQUIRE_FALSE(r.headers.count("set-cookie"));
  }
  REQUIRE(session.status < 300);
}
