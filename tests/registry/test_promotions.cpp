// The promotion workflow and rollback: what production needs, who may approve, and that
// promoting or rolling back swaps production atomically with its audit events.
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

TEST_CASE("promotion without a passing test is refused") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  s->create_version(new_version("iris", "a"), "dep");

  SECTION("no test at all") {
    auto r = s->request_promotion("iris", 1, "", "dep");
    REQUIRE(r.error().status == 409);
    REQUIRE(r.error().code == "no_passing_test");
    REQUIRE(r.error().message ==
            "version 1 of 'iris' has no passing test record; test this exact version before promoting it");
  }
  SECTION("only a failing test") {
    s->add_test(test_record("iris", 1, false));
    REQUIRE(error_code_of(s->request_promotion("iris", 1, "", "dep")) == "no_passing_test");
  }
  SECTION("a passing test of another version does not count") {
    tested_version(*s, "iris", "b");
    REQUIRE(error_code_of(s->request_promotion("iris", 1, "", "dep")) == "no_passing_test");
  }
  REQUIRE(s->list_promotions(std::nullopt)->empty());
}

TEST_CASE("a promotion request is pending, audited and cannot be duplicated") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  tested_version(*s, "iris", "a");
  auto p = s->request_promotion("iris", 1, "better f1", "dep");
  REQUIRE(p.ok());
  REQUIRE(p->status == "pending");
  REQUIRE(p->requested_by == "dep");
  REQUIRE(p->reason == "better f1");
  REQUIRE(s->get_promotion(p->id)->status == "pending");
  REQUIRE(s->list_promotions(std::string("pending"))->size() == 1);
  REQUIRE(s->list_promotions(std::string("approved"))->empty());
  REQUIRE(s->audit({"iris", std::nullopt, 100})->back().action == "promotion.requested");

  auto again = s->request_promotion("iris", 1, "", "dep");
  REQUIRE(again.error().code == "promotion_pending");
  REQUIRE(again.error().status == 409);
  REQUIRE(error_code_of(s->request_promotion("iris", 7, "", "dep")) == "version_not_found");
  REQUIRE(error_code_of(s->request_promotion("nope", 1, "", "dep")) == "model_not_found");
  REQUIRE(error_code_of(s->get_promotion(999)) == "promotion_not_found");
  REQUIRE(error_code_of(s->decide_promotion(999, true, "", "appr", false)) == "promotion_not_found");
}

TEST_CASE("approving promotes the version and archives the previous one in one step") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  promoted_version(*s, "iris", "a");
  auto n2 = tested_version(*s, "iris", "b");
  auto p = s->request_promotion("iris", n2, "", "dep");
  auto after = s->audit({"iris", std::nullopt, 1000})->back().id;

  auto d = s->decide_promotion(p->id, true, "looks good", "appr", false);
  REQUIRE(d.ok());
  REQUIRE(d->status == "approved");
  REQUIRE(d->decided_by == "appr");
  REQUIRE(d->decision_reason == "looks good");
  REQUIRE_FALSE(d->decided_at.empty());
  REQUIRE(s->get_version("iris", 2)->stage == "production");
  REQUIRE(s->get_version("iris", 1)->stage == "archived");

  auto events = s->audit({"iris", after, 100}).value();
  REQUIRE(events.size() == 2);
  REQUIRE(events[0].action == "version.archived");
  REQUIRE(events[0].version == 1);
  REQUIRE(events[0].from_stage == "production");
  REQUIRE(events[0].to_stage == "archived");
  REQUIRE(events[0].detail.at("reason") == "superseded");
  REQUIRE(events[0].detail.at("by_version") == 2);
  REQUIRE(events[1].action == "promotion.approved");
  REQUIRE(events[1].from_stage == "staging");
  REQUIRE(events[1].to_stage == "production");

  SECTION("deciding again is 409 already_decided") {
    auto r = s->decide_promotion(p->id, true, "", "appr", false);
    REQUIRE(r.error().code == "already_decided");
    REQUIRE(r.error().message == "promotion request " + std::to_string(p->id) + " is already approved");
    REQUIRE(error_code_of(s->decide_promotion(p->id, false, "", "appr", false)) == "already_decided");
  }
  SECTION("a production version cannot be requested again") {
    REQUIRE(error_code_of(s->request_promotion("iris", 2, "", "dep")) == "already_in_production");
  }
  SECTION("an archived version can be promoted again") {
    auto back = s->request_promotion("iris", 1, "", "dep");
    REQUIRE(back.ok());
    REQUIRE(s->decide_promotion(back->id, true, "", "appr", false).ok());
    REQUIRE(s->get_version("iris", 1)->stage == "production");
    REQUIRE(s->audit({"iris", std::nullopt, 1000})->back().from_stage == "archived");
  }
}

TEST_CASE("the requester cannot approve their own promotion unless configured to") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  tested_version(*s, "iris", "a");
  auto p = s->request_promotion("iris", 1, "", "dep");

  auto r = s->decide_promotion(p->id, true, "", "dep", false);
  REQUIRE(r.error().status == 403);
  REQUIRE(r.error().code == "separation_of_duties");
  REQUIRE(s->get_promotion(p->id)->status == "pending");

  SECTION("rejecting one's own request is allowed") {
    REQUIRE(s->decide_promotion(p->id, false, "changed my mind", "dep", false)->status == "rejected");
  }
  SECTION("allow_self_approval lets it through") {
    REQUIRE(s->decide_promotion(p->id, true, "", "dep", true)->status == "approved");
  }
}

TEST_CASE("rejecting leaves stages alone and is audited") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  tested_version(*s, "iris", "a");
  auto p = s->request_promotion("iris", 1, "", "dep");
  auto d = s->decide_promotion(p->id, false, "not yet", "appr", false);
  REQUIRE(d->status == "rejected");
  REQUIRE(s->get_version("iris", 1)->stage == "staging");
  REQUIRE(s->audit({"iris", std::nullopt, 100})->back().action == "promotion.rejected");
  // A new request is possible once the old one is decided.
  REQUIRE(s->request_promotion("iris", 1, "", "dep").ok());
}

TEST_CASE("rollback restores the previous production version") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");

  SECTION("with nothing in production it is 409 no_previous_production") {
    s->create_version(new_version("iris", "a"), "dep");
    auto r = s->rollback("iris", "", "appr");
    REQUIRE(r.error().status == 409);
    REQUIRE(r.error().code == "no_previous_production");
    REQUIRE(error_code_of(s->rollback("nope", "", "appr")) == "model_not_found");
  }
  SECTION("with only one production version ever it is 409 no_previous_production") {
    promoted_version(*s, "iris", "a");
    REQUIRE(error_code_of(s->rollback("iris", "", "appr")) == "no_previous_production");
    REQUIRE(s->get_version("iris", 1)->stage == "production");
  }
  SECTION("it walks back through history, skipping deleted versions") {
    promoted_version(*s, "iris", "a");  // 1
    promoted_version(*s, "iris", "b");  // 2
    promoted_version(*s, "iris", "c");  // 3
    promoted_version(*s, "iris", "d");  // 4
    REQUIRE(s->delete_version("iris", 3, "dep").ok());

    auto r = s->rollback("iris", "bad latency", "appr");
    REQUIRE(r.ok());
    REQUIRE(r->version == 2);
    REQUIRE(r->stage == "production");
    REQUIRE(s->get_version("iris", 4)->stage == "archived");
    auto events = s->audit({"iris", std::nullopt, 1000}).value();
    REQUIRE(events.back().action == "version.rolled_back");
    REQUIRE(events.back().version == 2);
    REQUIRE(events.back().from_stage == "archived");
    REQUIRE(events.back().to_stage == "production");
    REQUIRE(events.back().detail.at("from_version") == 4);
    REQUIRE(events[events.size() - 2].action == "version.archived");
    REQUIRE(events[events.size() - 2].version == 4);

    // A second rollback continues backwards instead of flipping back to 4.
    REQUIRE(s->rollback("iris", "", "appr")->version == 1);
    REQUIRE(s->get_version("iris", 2)->stage == "archived");
    REQUIRE(error_code_of(s->rollback("iris", "", "appr")) == "no_previous_production");
    REQUIRE(s->production_versions()->size() == 1);
  }
}
