// Shared helpers for the registry tests: a fresh data folder per test, a store on a real
// SQLite file in it, and short ways to create versions and passing tests.
#pragma once
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "core/sha256.hpp"
#include "registry/file_artifact_store.hpp"
#include "registry/sqlite_store.hpp"

namespace mlgate::registry::testing {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<int> n{0};
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("mlgate-registry-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

inline std::unique_ptr<MetadataStore> open_store(const std::filesystem::path& file) {
  auto s = open_sqlite_store(file);
  REQUIRE(s.ok());
  return std::move(s.value());
}

inline NewVersion new_version(const std::string& model, const std::string& content) {
  NewVersion v;
  v.model = model;
  v.sha256 = sha256_hex(content);
  v.web_sha256 = v.sha256;
  v.size_bytes = int64_t(content.size());
  v.description = "test model";
  v.signature.task = "classification";
  v.signature.features = {"a", "b"};
  v.signature.inputs = {{"input", "float", {-1, 2}}};
  v.signature.outputs = {{"label", "int64", {-1}}};
  v.signature.classes = {"0", "1"};
  v.producer = "skl2onnx";
  v.opset = 17;
  v.lineage = {{"dataset", "iris"}};
  return v;
}

inline api::TestRecord test_record(const std::string& model, int64_t version, bool passed,
                                   const std::string& actor = "dep") {
  api::TestRecord t;
  t.model = model;
  t.version = version;
  t.actor = actor;
  t.source = "server";
  t.rows = 10;
  t.label_column = "y";
  t.data_sha256 = sha256_hex("csv");
  t.passed = passed;
  t.thresholds = {{"accuracy", 0.5}};
  t.metrics = {{"accuracy", passed ? 0.9 : 0.1}};
  return t;
}

// Creates a version with a passing test: ready for a promotion request. Returns its number.
inline int64_t tested_version(MetadataStore& s, const std::string& model, const std::string& content) {
  auto v = s.create_version(new_version(model, content), "dep");
  REQUIRE(v.ok());
  REQUIRE(s.add_test(test_record(model, v->version.version, true)).ok());
  return v->version.version;
}

// Creates a tested version and promotes it (requested by "dep", approved by "appr").
inline int64_t promoted_version(MetadataStore& s, const std::string& model, const std::string& content) {
  auto n = tested_version(s, model, content);
  auto p = s.request_promotion(model, n, "ship it", "dep");
  REQUIRE(p.ok());
  auto d = s.decide_promotion(p->id, true, "ok", "appr", false);
  REQUIRE(d.ok());
  return n;
}

template <class T>
std::string error_code_of(const Result<T>& r) {
  return r.ok() ? std::string("<ok>") : r.error().code;
}

}  // namespace mlgate::registry::testing
