// The retraining schedule against a real App: due retrains are queued once, as "mlgate",
// and not before the schedule comes round.
#include <catch2/catch.hpp>

#include "agent_harness.hpp"
#include "app/retrain_scheduler.hpp"
#include "core/clock.hpp"

using namespace mlgate;
using mlgate::testing::AgentHarness;

TEST_CASE("a production model is retrained when its schedule comes round, once, and never before") {
  AgentHarness h;
  h.ship_fixture("cancer", "s03_breast_cancer_logreg_binary_zipmap", "diagnosis");
  const int64_t live = *epoch_seconds_of(h.app->store().get_version("cancer", 1)->created_at);
  REQUIRE(h.app->jobs().put_policy("cancer", {{"schedule", "@daily"}}, "dora").ok());

  // Before the next midnight after it went live: nothing.
  const int64_t next_midnight = (live / 86400 + 1) * 86400;
  REQUIRE(app::queue_due_retrains(*h.app, next_midnight - 60).value() == 0);
  REQUIRE(h.app->jobs().list_jobs(std::string("cancer"), 10)->empty());

  // At it: one retrain, by the scheduler.
  REQUIRE(app::queue_due_retrains(*h.app, next_midnight + 5).value() == 1);
  auto jobs = h.app->jobs().list_jobs(std::string("cancer"), 10).value();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].kind == "retrain");
  CHECK(jobs[0].trigger == "schedule");
  CHECK(jobs[0].actor == "mlgate");
  // Asked again the same day: it ran already.
  REQUIRE(app::queue_due_retrains(*h.app, next_midnight + 3600).value() == 0);
  // The next day it is due again (the first one is still the one queued or done).
  REQUIRE(app::queue_due_retrains(*h.app, next_midnight + 86400 + 5).value() == 1);
}

TEST_CASE("a model whose schedule is off, or that is not in production, is never retrained by the clock") {
  AgentHarness h;
  h.ship_fixture("cancer", "s03_breast_cancer_logreg_binary_zipmap", "diagnosis");
  h.register_fixture("iris", "s02_iris_logreg_tensor");  // staging only
  REQUIRE(h.app->jobs().put_policy("cancer", {{"schedule", "off"}}, "dora").ok());
  REQUIRE(app::queue_due_retrains(*h.app, now_epoch_seconds() + 365 * 86400).value() == 0);
  REQUIRE(h.app->jobs().list_jobs(std::nullopt, 10)->empty());
}
