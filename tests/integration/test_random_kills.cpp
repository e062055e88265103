// Crash safety under load: three clients upload, test, request, approve, roll back and
// archive at once while the server is SIGKILLed at random moments, a thousand times
// (MLGATE_RANDOM_KILLS to change it). After each restart every acknowledged write is
// there, the registry keeps its invariants, and its production model is served.
#include <catch2/catch.hpp>
#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/sha256.hpp"
#include "integration/crash_scenarios.hpp"
#include "integration/fixtures.hpp"
#include "integration/registry_state.hpp"
#include "integration/server_process.hpp"

using namespace mlgate::testing;
namespace stdfs = std::filesystem;

namespace {

const std::string kBase = "/api/v1/models/iris";

// What the clients were told succeeded.
struct Acks {
  std::mutex mu;
  std::map<int64_t, std::string> versions;  // version -> sha256 of the bytes sent
  std::map<int64_t, size_t> tests;          // version -> acknowledged test records
  std::set<int64_t> requested, approved;    // promotion ids
  std::map<std::string, size_t> actions;    // audit action -> acknowledged operations
  std::set<int64_t> archived;               // versions (archiving an archived one is a no-op)

  template <class F>
  auto with(F f) {
    std::lock_guard lock(mu);
    return f();
  }
};

template <class T>
std::optional<T> pick(const std::vector<T>& v, std::mt19937& rng) {
  if (v.empty()) return std::nullopt;
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

void client_loop(unsigned short port, const Crew& crew, Acks& acks, std::atomic<bool>& stop, std::atomic<uint64_t>& serial,
                 std::atomic<int>& server_errors, unsigned seed, const std::string& model_bytes, const std::string& csv) {
  std::mt19937 rng(seed);
  const std::string features = fixture("s01_iris_logreg_zipmap").features_query();
  HttpClient dep(port, crew.deployer), app(port, crew.approver);
  while (!stop) {
    const int op = std::uniform_int_distribution<int>(0, 99)(rng);
    auto versions = acks.with([&] {
      std::vector<int64_t> v;
      for (auto& [n, sha] : acks.versions) v.push_back(n);
      return v;
    });
    HttpResult r;
    if (op < 30) {
      auto bytes = with_doc_string(model_bytes, "mlgate random kill " + std::to_string(serial++));
      r = try_request([&] { return dep.post(kBase + "/versions" + features, bytes, "application/octet-stream"); });
      if (r.status == 201) acks.with([&] {
        acks.versions[r.json()["version"]] = mlgate::sha256_hex(bytes);
        ++acks.actions["version.created"];
      });
    } else if (op < 50) {
      if (auto v = pick(versions, rng)) {
        r = try_request([&] { return dep.post(kBase + "/versions/" + std::to_string(*v) + "/tests?label=target", csv, "text/csv"); });
        if (r.status == 201) acks.with([&] {
          ++acks.tests[*v];
          ++acks.actions["test.recorded"];
        });
      }
    } else if (op < 65) {
      if (auto v = pick(versions, rng)) {
        r = try_request([&] { return dep.post(kBase + "/versions/" + std::to_string(*v) + "/promotion"); });
        if (r.status == 202) acks.with([&] {
          acks.requested.insert(r.json()["id"].get<int64_t>());
        });
      }
    } else if (op < 80) {
      auto ids = acks.with([&] { return std::vector<int64_t>(acks.requested.begin(), acks.requested.end()); });
      if (auto id = pick(ids, rng)) {
        r = try_request([&] { return app.post("/api/v1/promotions/" + std::to_string(*id) + "/approve"); });
        if (r.status == 200) acks.with([&] {
          acks.approved.insert(*id);
          ++acks.actions["promotion.approved"];
        });
      }
    } else if (op < 90) {
      r = try_request([&] { return app.post(kBase + "/rollback"); });
      if (r.status == 200) acks.with([&] { ++acks.actions["version.rolled_back"]; });
    } else if (auto v = pick(versions, rng)) {
      r = try_request([&] { return dep.post(kBase + "/versions/" + std::to_string(*v) + "/archive"); });
      if (r.status == 200) acks.with([&] { acks.archived.insert(*v); });
    }
    // A 5xx other than a broken connection would be a bug the kill did not cause.
    if (r.status >= 500) ++server_errors;
  }
}

// Everything acknowledged is there; counts read from the audit log agree with the state.
struct Checker {
  int64_t audit_after = 0;
  std::map<std::string, size_t> audit_counts;
  std::set<std::pair<std::string, int64_t>> audit_seen;  // (action, version)
  int64_t checked_artifacts_upto = 0;

  void check(const HttpClient& admin, const stdfs::path& dir, Acks& acks) {
    auto st = read_state(admin, "iris", dir);
    INFO("state " << st.summary());
    REQUIRE(st.production_count() == 1);  // there was one at the start: never zero, never two
    REQUIRE(st.temp_files == 0);
    for (auto& [v, sha] : acks.versions) {
      INFO("acknowledged version " << v);
      REQUIRE(st.shas.count(v));
      REQUIRE(st.shas.at(v) == sha);
      REQUIRE(st.tests.at(v) >= (acks.tests.count(v) ? acks.tests.at(v) : 0));
    }
    auto all = admin.get("/api/v1/promotions").json()["promotions"];
    std::map<int64_t, std::string> status;
    for (auto& p : all) status[p["id"].get<int64_t>()] = p["status"];
    for (auto id : acks.requested) REQUIRE(status.count(id));
    for (auto id : acks.approved) REQUIRE(status[id] == "approved");
    // New audit events, page by page.
    for (;;) {
      auto page = admin.get("/api/v1/audit?model=iris&limit=1000&after=" + std::to_string(audit_after)).json()["events"];
      for (auto& e : page) {
        ++audit_counts[e["action"].get<std::string>()];
        if (e["version"].is_number()) audit_seen.insert({e["action"], e["version"].get<int64_t>()});
        audit_after = e["id"];
      }
      if (page.size() < 1000) break;
    }
    for (auto& [action, n] : acks.actions) {
      INFO(action);
      REQUIRE(audit_counts[action] >= n);
    }
    for (auto v : acks.archived) REQUIRE(audit_seen.count({"version.archived", v}));
    // Each version and each test record came with its audit event, in one transaction.
    size_t tests = 0;
    for (auto& [v, n] : st.tests) tests += n;
    REQUIRE(audit_counts["version.created"] == st.stages.size());
    REQUIRE(audit_counts["test.recorded"] == tests);
    // Artifacts of versions not yet checked download whole.
    for (auto& [v, sha] : st.shas) {
      if (v <= checked_artifacts_upto) continue;
      auto art = admin.get(kBase + "/versions/" + std::to_string(v) + "/artifact");
      REQUIRE(art.status == 200);
      REQUIRE(mlgate::sha256_hex(art.body) == sha);
      checked_artifacts_upto = v;
    }
    REQUIRE(admin.get("/v2/models/iris/ready").status == 200);
  }
};

int kills_wanted() {
  const char* e = std::getenv("MLGATE_RANDOM_KILLS");
  return e ? std::max(1, std::atoi(e)) : 1000;
}

// How long the server runs before each kill, at most: long enough for operations to complete
// between kills. A sanitizer build, slower to start and to probe a model, needs a longer one
// (MLGATE_RANDOM_KILL_WINDOW_MS, set by the asan test preset).
int kill_window_us() {
  const char* e = std::getenv("MLGATE_RANDOM_KILL_WINDOW_MS");
  return (e ? std::max(1, std::atoi(e)) : 150) * 1000;
}

}  // namespace

TEST_CASE("a server under concurrent load killed at a thousand random moments loses no acknowledged write and keeps its invariants") {
  const auto root = make_temp_dir("mlgate-kills");
  auto set = build_scenarios(root);
  const auto dir = root / "random" / "data";
  // v2 in production, v1 archived: a rollback is possible from the start.
  auto start = std::find_if(set.scenarios.begin(), set.scenarios.end(), [](auto& s) { return s.name == "rollback"; });
  REQUIRE(start != set.scenarios.end());
  copy_data_dir(start->start, dir);

  const auto f = fixture("s01_iris_logreg_zipmap");
  const std::string model_bytes = read_file(f.dir + "/model.onnx");
  std::string csv = read_file(f.dir + "/data.csv");
  REQUIRE(f.label == "target");
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  Acks acks;
  Checker checker;
  std::atomic<uint64_t> serial{0};
  const int kills = kills_wanted();
  const int window_us = kill_window_us();
  std::atomic<int> server_errors{0};
  for (int i = 0; i < kills; ++i) {
    INFO("kill " << i);
    ServerProcess s({}, {}, dir);
    HttpClient admin(s.port(), set.crew.admin);
    checker.check(admin, dir, acks);
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c)
      clients.emplace_back(client_loop, s.port(), std::cref(set.crew), std::ref(acks), std::ref(stop), std::ref(serial), std::ref(server_errors), rng(),
                           std::cref(model_bytes), std::cref(csv));
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, window_us)(rng)));
    s.kill_hard();
    stop = true;
    for (auto& t : clients) t.join();
    REQUIRE(server_errors == 0);
  }
  ServerProcess s({}, {}, dir);
  HttpClient admin(s.port(), set.crew.admin);
  checker.check(admin, dir, acks);
  WARN(kills << " kills; acknowledged: " << acks.versions.size() << " uploads, " << acks.actions["test.recorded"] << " tests, "
             << acks.requested.size() << " requests, " << acks.approved.size() << " approvals, "
             << acks.actions["version.rolled_back"] << " rollbacks, " << acks.archived.size() << " versions archived");
  REQUIRE(acks.approved.size() > 0);
  REQUIRE(acks.actions["version.rolled_back"] > 0);
  s.stop();
  std::error_code ec;
  stdfs::remove_all(root, ec);
}
