// What confirming a pending action checks again, at the moment of confirming: that it is still
// in time (the server's clock held by the test), and the person's role as it is now.
#include "agent_harness.hpp"
#include "core/clock.hpp"
#include "core/held_clock.hpp"

using namespace mlgate;
using namespace mlgate::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
// titanic v1 in production, v2 tested in staging: what a promotion needs.
void ship_two_versions(AgentHarness& h) {
  REQUIRE(h.ship_fixture("titanic", kTitanic, "survived") == 1);
  REQUIRE(h.register_fixture("titanic", "s01_iris_logreg_zipmap") == 2);
  REQUIRE(app::ops::test_version(*h.app, "titanic", 2, fixture_file("s01_iris_logreg_zipmap/data.csv"), "target", "dora").ok());
}

const std::string kSummary = "Request promotion of titanic v2 to production";
}  // namespace

TEST_CASE("a pending action not confirmed within 15 minutes expires: 409 action_expired, nothing runs, it is recorded as expired") {
  AgentHarness h;
  ship_two_versions(h);
  HeldClock clock;
  const int64_t proposed = clock.seconds();
  h.script({calls({call("request_promotion", {{"model", "titanic"}, {"version", 2}})}), say("Press Confirm.")});
  json r = h.chat(h.dora, "promote v2");
  const std::string id = r["pending_actions"][0]["id"];
  const std::string conversation = r["conversation_id"];
  auto conv = [&] { return app::conversation_json(*h.app, h.dora, conversation).value(); };
  REQUIRE(conv()["actions"][0]["expires_at"] == rfc3339_of(proposed + 15 * 60));
  const size_t audit_before = h.app->store().audit({}).value().size();

  SECTION("a second before, it still runs") {
    clock.advance(15min - 1s);
    auto done = app::confirm_action(*h.app, h.dora, id);
    INFO((done ? "" : done.error().message));
    REQUIRE(done.ok());
    REQUIRE(done.value()["status"] == "done");
    REQUIRE(h.app->store().list_promotions(std::string("pending"))->size() == 1);
  }
  SECTION("at 15 minutes it has expired: refused, recorded, and nothing ran") {
    clock.advance(15min);
    auto late = app::confirm_action(*h.app, h.dora, id);
    REQUIRE_FALSE(late.ok());
    REQUIRE(late.error().status == 409);
    REQUIRE(late.error().code == "action_expired");
    REQUIRE(late.error().message == "action '" + id + "' (" + kSummary + ") expired at " + rfc3339_of(proposed + 15 * 60) +
                                        ", 15 minutes after it was proposed; nothing was run");
    REQUIRE(h.app->store().list_promotions(std::string("pending"))->empty());
    REQUIRE(h.app->store().audit({}).value().size() == audit_before);
    json c = conv();
    REQUIRE(c["actions"][0]["status"] == "expired");
    REQUIRE(c["actions"][0]["decided_at"] == rfc3339_of(proposed + 15 * 60));
    REQUIRE(c["messages"].back()["content"] ==
            "Expired: " + kSummary + ". It was not confirmed within 15 minutes; ask again if it is still wanted.");

    // It stays expired: confirming or cancelling again is the same refusal and adds nothing.
    REQUIRE(app::confirm_action(*h.app, h.dora, id).error().code == "action_expired");
    REQUIRE(app::cancel_action(*h.app, h.dora, id).error().code == "action_expired");
    REQUIRE(conv() == c);
    REQUIRE(h.app->store().list_promotions(std::string("pending"))->empty());
  }
  SECTION("cancelling after the time is refused the same way") {
    clock.advance(16min);
    auto cancelled = app::cancel_action(*h.app, h.dora, id);
    REQUIRE(cancelled.error().code == "action_expired");
    REQUIRE(conv()["actions"][0]["status"] == "expired");
  }
  SECTION("for another person it does not exist, expired or not, and they cannot settle it") {
    clock.advance(1h);
    REQUIRE(app::confirm_action(*h.app, h.abe, id).error().code == "action_not_found");
    REQUIRE(conv()["actions"][0]["status"] == "pending");
  }
}

TEST_CASE("the --action-minutes option sets how long a pending action can be confirmed") {
  AgentHarness h([](app::Config& c) { c.action_minutes = 1; });
  ship_two_versions(h);
  HeldClock clock;
  h.script({calls({call("request_promotion", {{"model", "titanic"}, {"version", 2}})}), say("Press Confirm.")});
  std::string id = h.chat(h.dora, "promote v2")["pending_actions"][0]["id"];
  clock.advance(1min);
  auto late = app::confirm_action(*h.app, h.dora, id);
  REQUIRE(late.error().code == "action_expired");
  REQUIRE_THAT(late.error().message, Catch::Contains(", 1 minutes after it was proposed"));
  REQUIRE(h.app->store().list_promotions(std::string("pending"))->empty());
}

TEST_CASE("a role lowered between proposal and confirmation is refused at confirmation: 403, and nothing runs") {
  AgentHarness h;
  ship_two_versions(h);
  auto promo = h.app->store().request_promotion("titanic", 2, "", "dora");
  REQUIRE(promo.ok());
  h.script({calls({call("approve_promotion", {{"promotion_id", promo->id}})}), say("Confirm to approve.")});
  json r = h.chat(h.abe, "approve it");
  const std::string id = r["pending_actions"][0]["id"];
  const size_t audit_before = h.app->store().audit({}).value().size();

  // abe's token now carries the viewer role (confirm is a viewer route: the route lets it in).
  http::Identity demoted{"abe", http::Role::viewer};
  auto refused = app::confirm_action(*h.app, demoted, id);
  REQUIRE_FALSE(refused.ok());
  REQUIRE(refused.error().status == 403);
  REQUIRE(refused.error().code == "forbidden");
  REQUIRE(refused.error().message == "approve_promotion needs the approver role; 'abe' has viewer");
  REQUIRE(h.stage("titanic", 1) == "production");
  REQUIRE(h.stage("titanic", 2) == "staging");
  REQUIRE(h.app->store().get_promotion(promo->id)->status == "pending");
  REQUIRE(h.app->store().audit({}).value().size() == audit_before);
  REQUIRE(h.app->serving().production("titanic").value()->info.version == 1);
  auto action = app::conversation_json(*h.app, h.abe, r["conversation_id"].get<std::string>()).value()["actions"][0];
  REQUIRE(action["status"] == "failed");
  REQUIRE(action["result"]["error"]["code"] == "forbidden");
  // It was settled by that refusal: the role given back later cannot run it.
  REQUIRE(app::confirm_action(*h.app, h.abe, id).error().code == "action_not_pending");
  REQUIRE(h.stage("titanic", 2) == "staging");
}
