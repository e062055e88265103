// Storage faults on the real binary: a data directory on a small tmpfs that fills up, and
// fsync failing with EIO (injected by strace). Either way the request gets a 5xx, nothing
// half-written is left, and the server keeps serving reads and predictions.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "integration/fixtures.hpp"
#include "integration/people.hpp"
#include "integration/registry_state.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"
#include "integration/strace_attach.hpp"

using namespace mlgate::testing;
namespace stdfs = std::filesystem;

namespace {

const char* kSetosa = R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})";

// A model upload with bytes no other upload has.
std::string model_bytes(const std::string& tag) {
  return with_doc_string(read_file(fixture("s01_iris_logreg_zipmap").dir + "/model.onnx"), "disk fault " + tag);
}

std::string upload_target() { return "/api/v1/models/iris/versions" + fixture("s01_iris_logreg_zipmap").features_query(); }

// Fills the file system holding `path` (seen through the server's mount namespace) until
// a write fails; returns the bytes written.
size_t fill(const stdfs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  std::string block(64 * 1024, 'x');
  size_t total = 0;
  for (;;) {
    ssize_t n = ::write(fd, block.data(), block.size());
    if (n <= 0) break;
    total += size_t(n);
  }
  for (size_t small = 4096; small >= 1; small /= 2)  // the last partial pages
    while (::write(fd, block.data(), small) > 0) total += small;
  ::close(fd);
  return total;
}

}  // namespace

TEST_CASE("a full disk gives 507 insufficient_storage and changes nothing and the server keeps serving and recovers when space returns") {
  const auto root = make_temp_dir("mlgate-tmpfs");
  const auto mount = root / "disk";
  stdfs::create_directories(mount);
  // The data directory is a 16 MiB tmpfs in user and mount namespaces of the server's own:
  // no root needed, and no mount outlives the test.
  ServerProcess s({}, {}, mount / "data",
                  {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs -o size=16m tmpfs \"$0\" && exec \"$@\"", mount.string()});
  const stdfs::path inside = "/proc/" + std::to_string(s.pid()) + "/root" + (mount / "data").string();
  REQUIRE(stdfs::exists(inside / "mlgate.db"));
  HttpClient admin(s.port(), s.admin_token());
  auto dep = person(s, "dana", "deployer");
  auto app = person(s, "avery", "approver");
  ship(dep, app, "iris", "s01_iris_logreg_zipmap");

  const auto filler = inside.parent_path() / "filler";
  REQUIRE(fill(filler) > 0);
  const auto before = read_state(admin, "iris", inside);

  auto up = dep.post(upload_target(), model_bytes("full"), "application/octet-stream");
  INFO(up.body);
  REQUIRE(up.status == 507);
  REQUIRE(up.error_code() == "insufficient_storage");
  // Other writes either fit in pages SQLite already holds or fail the same way.
  auto t = dep.post("/api/v1/models/iris/versions/1/tests?label=target", read_file(fixture("s01_iris_logreg_zipmap").dir + "/data.csv"), "text/csv");
  INFO("test record: " << t.status << " " << t.body);
  REQUIRE((t.status == 201 || t.status == 507));

  // Nothing changed by the refused upload; no temp file left; reads and predictions work.
  auto during = read_state(admin, "iris", inside);
  REQUIRE(during.stages == before.stages);
  REQUIRE(during.temp_files == 0);
  REQUIRE(during.blobs == before.blobs + (t.status == 201 ? 1 : 0));  // a test keeps its CSV
  auto pred = admin.post("/api/v1/models/iris/predict", kSetosa);
  REQUIRE(pred.status == 200);
  REQUIRE(pred.json()["predictions"][0]["label"] == "0");
  REQUIRE(admin.get("/livez").status == 200);

  // Space comes back: the same upload succeeds without a restart.
  stdfs::remove(filler);
  auto again = dep.post(upload_target(), model_bytes("full"), "application/octet-stream");
  REQUIRE(again.status == 201);
  REQUIRE(again.json()["version"] == 2);
  s.stop();
  std::error_code ec;
  stdfs::remove_all(root, ec);
}

TEST_CASE("fsync failing with EIO fails the request with a 5xx and acknowledges nothing and the server keeps serving") {
  REQUIRE(strace_usable());
  ServerProcess s({}, traced_server_env());
  HttpClient admin(s.port(), s.admin_token());
  auto dep = person(s, "dana", "deployer");
  auto app = person(s, "avery", "approver");
  ship(dep, app, "iris", "s01_iris_logreg_zipmap");
  const auto before = read_state(admin, "iris", s.data_dir());

  SECTION("during an upload") {
    {
      StraceAttach eio(s.pid(), "fsync,fdatasync", "fsync,fdatasync:error=EIO", s.data_dir().parent_path() / "eio.trace");
      auto up = dep.post(upload_target(), model_bytes("eio"), "application/octet-stream");
      INFO(up.body);
      REQUIRE(up.status >= 500);
      REQUIRE(!up.error_code().empty());
      REQUIRE(admin.get("/api/v1/models/iris/versions/2").status == 404);  // not acknowledged, not there
    }
    auto after = read_state(admin, "iris", s.data_dir());
    REQUIRE(after.stages == before.stages);
    REQUIRE(after.temp_files == 0);
    REQUIRE(admin.post("/api/v1/models/iris/predict", kSetosa).status == 200);
    // With fsync working again the same upload is accepted.
    REQUIRE(dep.post(upload_target(), model_bytes("eio"), "application/octet-stream").status == 201);
  }
  SECTION("during an approval") {
    auto v2 = dep.post(upload_target(), model_bytes("eio approval"), "application/octet-stream");
    REQUIRE(v2.status == 201);
    REQUIRE(dep.post("/api/v1/models/iris/versions/2/tests?label=target", read_file(fixture("s01_iris_logreg_zipmap").dir + "/data.csv"), "text/csv").status == 201);
    auto promo = dep.post("/api/v1/models/iris/versions/2/promotion");
    REQUIRE(promo.status == 202);
    const auto id = std::to_string(promo.json()["id"].get<int64_t>());
    {
      StraceAttach eio(s.pid(), "fsync,fdatasync", "fsync,fdatasync:error=EIO", s.data_dir().parent_path() / "eio.trace");
      auto ok = app.post("/api/v1/promotions/" + id + "/approve");
      INFO(ok.body);
      REQUIRE(ok.status >= 500);
    }
    // The failed commit was rolled back: v1 still serves, the request is still pending.
    auto m = admin.get("/api/v1/models/iris").json();
    REQUIRE(m["versions"][0]["stage"] == "production");
    REQUIRE(m["versions"][1]["stage"] == "staging");
    REQUIRE(admin.post("/api/v1/models/iris/predict", kSetosa).json()["version"] == 1);
    auto retry = app.post("/api/v1/promotions/" + id + "/approve");
    INFO(retry.body);
    REQUIRE(retry.status == 200);
    auto pred = admin.post("/api/v1/models/iris/predict", kSetosa);
    INFO(pred.body);
    REQUIRE(pred.json()["version"] == 2);
  }
  // After a restart the registry is whole.
  s.stop();
  ServerProcess again({}, {}, s.data_dir());
  HttpClient admin2(again.port(), again.admin_token());
  require_invariants(admin2, "iris", read_state(admin2, "iris", again.data_dir()), true);
}
