// Concurrent decisions, from threads sharing one store and from separate store instances
// on one file (as two replicas would): serialized, exactly one production at the end,
// every loser told 409, every success audited.
#include <latch>
#include <map>
#include <thread>

#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

namespace {

struct Outcome {
  int ok = 0;
  int conflicts = 0;
  int other = 0;
};

// Runs `n` decisions at once, thread i on stores[i % stores.size()].
template <class F>
Outcome race(std::vector<MetadataStore*> stores, int n, F decide) {
  std::latch start(n);
  std::vector<Status> results(size_t(n), Status(Unit{}));
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[size_t(i)] = decide(*stores[size_t(i) % stores.size()], i);
    });
  for (auto& t : threads) t.join();
  Outcome o;
  for (const auto& r : results) {
    if (r.ok()) ++o.ok;
    else if (r.error().status == 409) ++o.conflicts;
    else {
      ++o.other;
      UNSCOPED_INFO(r.error().code << ": " << r.error().message);
    }
  }
  return o;
}

int count_actions(MetadataStore& s, const std::string& action) {
  int n = 0;
  auto events = s.audit({"iris", std::nullopt, 1000}).value();
  for (const auto& e : events) n += e.action == action;
  return n;
}

Status as_status(bool ok, const Error& e) { return ok ? Status(Unit{}) : Status(e); }

}  // namespace

TEST_CASE("approving many promotions of one model at once leaves exactly one production version") {
  TempDir dir;
  auto a = open_store(dir.path / "r.db");
  std::unique_ptr<MetadataStore> b;
  std::vector<MetadataStore*> stores{a.get()};
  SECTION("threads sharing one store") {}
  SECTION("two store instances on the same file, as two replicas") {
    b = open_store(dir.path / "r.db");
    stores.push_back(b.get());
  }

  const int n = 8;
  promoted_version(*a, "iris", "v0");
  std::vector<int64_t> ids;
  for (int i = 0; i < n; ++i) {
    auto v = tested_version(*a, "iris", "v" + std::to_string(i + 1));
    ids.push_back(a->request_promotion("iris", v, "", "dep")->id);
  }

  auto o = race(stores, n, [&](MetadataStore& s, int i) {
    auto r = s.decide_promotion(ids[size_t(i)], true, "", "appr" + std::to_string(i), false);
    return r.ok() ? Status(Unit{}) : Status(r.error());
  });
  REQUIRE(o.other == 0);
  REQUIRE(o.ok + o.conflicts == n);
  REQUIRE(o.ok >= 1);

  for (auto* s : stores) {
    auto prod = s->production_versions().value();
    REQUIRE(prod.size() == 1);
    REQUIRE(s->list_models()->at(0).production_version == prod[0].version);
  }
  REQUIRE(count_actions(*a, "promotion.approved") == 1 + o.ok);
  REQUIRE(count_actions(*a, "version.archived") == o.ok);
  int approved = 0;
  for (auto id : ids) approved += a->get_promotion(id)->status == "approved";
  REQUIRE(approved == o.ok);
}

TEST_CASE("the same promotion approved twice at once: one succeeds, the other gets 409 already_decided") {
  TempDir dir;
  auto a = open_store(dir.path / "r.db");
  auto b = open_store(dir.path / "r.db");
  for (int round = 0; round < 5; ++round) {
    auto v = tested_version(*a, "iris", "r" + std::to_string(round));
    auto id = a->request_promotion("iris", v, "", "dep")->id;
    std::vector<std::string> codes(2);
    auto o = race({a.get(), b.get()}, 2, [&](MetadataStore& s, int i) {
      auto r = s.decide_promotion(id, true, "", "appr", false);
      if (!r.ok()) codes[size_t(i)] = r.error().code;
      return r.ok() ? Status(Unit{}) : Status(r.error());
    });
    REQUIRE(o.ok == 1);
    REQUIRE(o.conflicts == 1);
    REQUIRE((codes[0] == "already_decided" || codes[1] == "already_decided"));
  }
  REQUIRE(count_actions(*a, "promotion.approved") == 5);
  REQUIRE(a->production_versions()->size() == 1);
}

TEST_CASE("an approval and a rollback at once are serialized with one production version after") {
  TempDir dir;
  auto a = open_store(dir.path / "r.db");
  auto b = open_store(dir.path / "r.db");
  for (int round = 0; round < 5; ++round) {
    promoted_version(*a, "iris", "p" + std::to_string(round) + "a");
    promoted_version(*a, "iris", "p" + std::to_string(round) + "b");
    auto v = tested_version(*a, "iris", "p" + std::to_string(round) + "c");
    auto id = a->request_promotion("iris", v, "", "dep")->id;
    AuditFilter since{"iris", std::nullopt, 1000};
    auto events = a->audit(since);
    REQUIRE(events);
    for (const auto& e : events.value()) since.after = std::max(since.after.value_or(0), e.id);
    auto o = race({a.get(), b.get()}, 2, [&](MetadataStore& s, int i) {
      if (i == 0) {
        auto r = s.decide_promotion(id, true, "", "appr", false);
        return as_status(r.ok(), r.ok() ? Error{} : r.error());
      }
      auto r = s.rollback("iris", "", "appr");
      return as_status(r.ok(), r.ok() ? Error{} : r.error());
    });
    REQUIRE(o.other == 0);
    REQUIRE(o.ok + o.conflicts == 2);
    REQUIRE(a->production_versions()->size() == 1);
    // Every success is in the audit log with the archive it caused; a refused one left nothing.
    std::map<std::string, int> actions;
    for (const auto& e : a->audit(since).value()) ++actions[e.action];
    CAPTURE(o.ok, actions.size());
    REQUIRE(actions["promotion.approved"] + actions["version.rolled_back"] == o.ok);
    REQUIRE(actions["version.archived"] == o.ok);
    REQUIRE(actions.size() <= 3);
  }
}
