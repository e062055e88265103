#include "integration/registry_state.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "core/sha256.hpp"

namespace mlgate::testing {
namespace {

size_t count_files(const std::filesystem::path& dir) {
  std::error_code ec;
  size_t n = 0;
  for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    ++n;
  return n;
}

}  // namespace

std::string RegistryState::summary() const {
  std::ostringstream o;
  for (auto& [v, stage] : stages) o << "v" << v << ":" << stage << ":tests=" << (tests.count(v) ? tests.at(v) : 0) << " ";
  o << "pending=" << pending_promotions << " audit=" << audit_events;
  return o.str();
}

int RegistryState::production_count() const {
  int n = 0;
  for (auto& [v, stage] : stages) n += stage == "production";
  return n;
}

RegistryState read_state(const HttpClient& admin, const std::string& model, const std::filesystem::path& data_dir) {
  RegistryState s;
  auto m = admin.get("/api/v1/models/" + model);
  if (m.status == 200) {
    const auto body = m.json();  // kept: iterating into a temporary would dangle
    for (auto& v : body["versions"]) {
      int64_t n = v["version"];
      s.stages[n] = v["stage"];
      s.shas[n] = v["sha256"];
      s.tests[n] = v["tests"].size();
    }
  } else {
    REQUIRE(m.status == 404);  // no version yet
  }
  auto p = admin.get("/api/v1/promotions?status=pending");
  REQUIRE(p.status == 200);
  s.pending_promotions = p.json()["promotions"].size();
  auto a = admin.get("/api/v1/audit?model=" + model + "&limit=1000");
  REQUIRE(a.status == 200);
  s.audit_events = a.json()["events"].size();
  s.blobs = count_files(data_dir / "artifacts" / "sha256");
  s.temp_files = count_files(data_dir / "artifacts" / "tmp");
  return s;
}

void require_invariants(const HttpClient& admin, const std::string& model, const RegistryState& s, bool had_production) {
  INFO("state " << s.summary());
  REQUIRE(s.production_count() <= 1);
  if (had_production) REQUIRE(s.production_count() == 1);
  REQUIRE(s.temp_files == 0);
  auto a = admin.get("/api/v1/audit?model=" + model + "&limit=1000").json()["events"];
  auto has_event = [&](int64_t v, const std::string& action, const std::string& to_stage) {
    for (auto& e : a)
      if (e.value("version", int64_t(0)) == v && e.value("action", "") == action &&
          (to_stage.empty() || e.value("to_stage", "") == to_stage))
        return true;
    return false;
  };
  for (auto& [v, stage] : s.stages) {
    INFO("version " << v);
    // No version without a valid artifact.
    auto art = admin.get("/api/v1/models/" + model + "/versions/" + std::to_string(v) + "/artifact");
    REQUIRE(art.status == 200);
    REQUIRE(sha256_hex(art.body) == s.shas.at(v));
    // The audit holds every state the registry is in.
    REQUIRE(has_event(v, "version.created", ""));
    if (stage == "production")
      REQUIRE((has_event(v, "promotion.approved", "production") || has_event(v, "version.rolled_back", "production")));
    if (stage == "archived") REQUIRE(has_event(v, "version.archived", "archived"));
    REQUIRE(s.tests.at(v) == size_t(std::count_if(a.begin(), a.end(), [&](auto& e) {
              return e.value("version", int64_t(0)) == v && e.value("action", "") == "test.recorded";
            })));
  }
}

}  // namespace mlgate::testing
