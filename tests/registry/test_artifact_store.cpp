// The content-addressed artifact store: atomic writes, hash verification on every read,
// hash validation before any path is built, and start-up housekeeping.
#include <fstream>

#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;
namespace stdfs = std::filesystem;

namespace {
std::unique_ptr<ArtifactStore> open_artifacts(const stdfs::path& dir) {
  auto a = open_file_artifact_store(dir);
  REQUIRE(a.ok());
  return std::move(a.value());
}
void write_file(const stdfs::path& p, const std::string& data) {
  std::ofstream(p, std::ios::binary) << data;
}
size_t count_files(const stdfs::path& dir) {
  return size_t(std::distance(stdfs::directory_iterator(dir), stdfs::directory_iterator()));
}
}  // namespace

TEST_CASE("put stores bytes under their SHA-256 and get returns them verified") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto h = a->put("model bytes");
  REQUIRE(h.ok());
  REQUIRE(h.value() == sha256_hex("model bytes"));
  REQUIRE(stdfs::exists(dir.path / "sha256" / h.value()));
  REQUIRE(a->exists(h.value()));
  REQUIRE(a->get(h.value()).value() == "model bytes");
  REQUIRE(a->put("model bytes").value() == h.value());
  REQUIRE(count_files(dir.path / "sha256") == 1);
}

TEST_CASE("adopt moves a streamed temp file into the store, idempotently") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto t1 = a->new_temp_path();
  REQUIRE(t1.parent_path() == dir.path / "tmp");
  REQUIRE(a->new_temp_path() != t1);
  std::string big(3 << 20, 'x');  // larger than one read buffer
  write_file(t1, big);
  auto h = a->adopt(t1);
  REQUIRE(h.ok());
  REQUIRE(h.value() == sha256_hex(big));
  REQUIRE_FALSE(stdfs::exists(t1));

  auto t2 = a->new_temp_path();
  write_file(t2, big);
  REQUIRE(a->adopt(t2).value() == h.value());
  REQUIRE_FALSE(stdfs::exists(t2));
  REQUIRE(a->get(h.value()).value() == big);
  REQUIRE(error_code_of(a->adopt(dir.path / "tmp" / "missing")) == "internal");
}

TEST_CASE("a flipped byte on disk is caught when the artifact is read") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto h = a->put("precious model").value();
  {
    std::fstream f(dir.path / "sha256" / h, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  auto r = a->get(h);
  REQUIRE(r.error().status == 500);
  REQUIRE(r.error().code == "artifact_corrupt");
  REQUIRE(r.error().message == "artifact " + h + " failed its SHA-256 check");

  SECTION("uploading the good bytes again heals the blob") {
    auto t = a->new_temp_path();
    write_file(t, "precious model");
    REQUIRE(a->adopt(t).ok());
    REQUIRE(a->get(h).value() == "precious model");
  }
}

TEST_CASE("a missing artifact is 404 artifact_not_found") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto h = sha256_hex("never stored");
  auto r = a->get(h);
  REQUIRE(r.error().status == 404);
  REQUIRE(r.error().code == "artifact_not_found");
  REQUIRE_FALSE(a->exists(h));
}

TEST_CASE("hash strings that are not 64 lowercase hex characters never become paths") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto good = sha256_hex("x");
  std::string upper = good;
  for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  auto bad = GENERATE_COPY(as<std::string>{}, "", "../../etc/passwd", good.substr(0, 63), good + "0", upper,
                           "../" + good.substr(3), std::string(64, 'g'), good.substr(0, 63) + std::string(1, '\0'));
  CAPTURE(bad);
  auto r = a->get(bad);
  REQUIRE(r.error().status == 400);
  REQUIRE(r.error().code == "invalid_sha256");
  REQUIRE_FALSE(a->exists(bad));
  REQUIRE_FALSE(is_sha256_hex(bad));
}

TEST_CASE("start-up housekeeping sweeps temp files and collects unreferenced blobs") {
  TempDir dir;
  auto a = open_artifacts(dir.path);
  auto keep = a->put("kept").value();
  auto orphan = a->put("orphan").value();
  write_file(dir.path / "sha256" / (".tmp-" + keep + "-123"), "half written");
  write_file(a->new_temp_path(), "upload cut off");
  write_file(a->new_temp_path(), "another");

  REQUIRE(a->sweep_temp().value() == 2);
  REQUIRE(count_files(dir.path / "tmp") == 0);
  REQUIRE(a->sweep_temp().value() == 0);

  REQUIRE(a->collect_garbage({keep}).value() == 2);
  REQUIRE(a->exists(keep));
  REQUIRE_FALSE(a->exists(orphan));
  REQUIRE(count_files(dir.path / "sha256") == 1);
}
