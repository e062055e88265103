// Jobs and retraining policies on a real SQLite file: the queue order, the log's tail, what a
// restart does to a running job, and the audit event a policy change leaves.
#include "registry/job_store.hpp"
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;
using nlohmann::json;

namespace {
std::unique_ptr<JobStore> open_jobs(const std::filesystem::path& file) {
  auto s = open_sqlite_job_store(file);
  REQUIRE(s.ok());
  return std::move(s.value());
}
}  // namespace

TEST_CASE("jobs run oldest first, keep their log and end with their result") {
  TempDir dir;
  auto jobs = open_jobs(dir.path / "r.db");
  auto a = jobs->create_job({"iris", "retrain", "api", "dora", {{"test_size", 0.3}}});
  auto b = jobs->create_job({"churn", "train", "agent", "sam", json::object()});
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->status == "queued");
  REQUIRE(a->params["test_size"] == 0.3);

  auto first = jobs->claim_next();
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  REQUIRE((*first)->id == a->id);
  REQUIRE((*first)->status == "running");
  REQUIRE_FALSE((*first)->started_at.empty());
  REQUIRE(jobs->append_log(a->id, "reading data\n").ok());
  REQUIRE(jobs->append_log(a->id, "training\n").ok());
  auto done = jobs->finish_job(a->id, true, 4, {{"accuracy", 0.97}}, "");
  REQUIRE(done.ok());
  REQUIRE(done->status == "succeeded");
  REQUIRE(done->log == "reading data\ntraining\n");
  REQUIRE(done->result_version == 4);
  REQUIRE_FALSE(done->finished_at.empty());

  auto second = jobs->claim_next();
  REQUIRE((*second)->id == b->id);
  REQUIRE_FALSE(jobs->claim_next()->has_value());

  auto listed = jobs->list_jobs(std::nullopt, 10);
  REQUIRE(listed->size() == 2);
  REQUIRE(listed->at(0).id == b->id);  // newest first
  REQUIRE(jobs->list_jobs(std::string("iris"), 10)->size() == 1);
  REQUIRE(jobs->get_job(999).error().code == "job_not_found");
}

TEST_CASE("a long log keeps its end, where a failure says why") {
  TempDir dir;
  auto jobs = open_jobs(dir.path / "r.db");
  auto j = jobs->create_job({"iris", "retrain", "api", "dora", json::object()});
  for (int i = 0; i < 100; ++i) REQUIRE(jobs->append_log(j->id, std::string(1000, 'x') + "\n").ok());
  REQUIRE(jobs->append_log(j->id, "the last line\n").ok());
  auto got = jobs->get_job(j->id);
  REQUIRE(got->log.size() < 70 * 1024);
  REQUIRE(got->log.rfind("[...]\n", 0) == 0);
  REQUIRE(got->log.substr(got->log.size() - 14) == "the last line\n");
}

TEST_CASE("after a restart a job that was running is failed, and a queued one still waits") {
  TempDir dir;
  int64_t running = 0, queued = 0;
  {
    auto jobs = open_jobs(dir.path / "r.db");
    running = jobs->create_job({"iris", "retrain", "schedule", "mlgate", json::object()})->id;
    queued = jobs->create_job({"iris", "retrain", "api", "dora", json::object()})->id;
    REQUIRE((*jobs->claim_next())->id == running);
  }  // the process "dies" here: the job never finished
  auto jobs = open_jobs(dir.path / "r.db");
  REQUIRE(jobs->fail_interrupted().value() == 1);
  auto r = jobs->get_job(running);
  REQUIRE(r->status == "failed");
  REQUIRE_THAT(r->error, Catch::Contains("stopped while the job ran"));
  REQUIRE_THAT(r->log, Catch::Contains("it was not finished"));
  REQUIRE(jobs->get_job(queued)->status == "queued");
  REQUIRE((*jobs->claim_next())->id == queued);
}

TEST_CASE("a retraining policy is stored whole, replaced whole, and its change audited") {
  TempDir dir;
  auto store = open_store(dir.path / "r.db");
  auto jobs = open_jobs(dir.path / "r.db");
  REQUIRE_FALSE(jobs->get_policy("iris")->has_value());
  REQUIRE(jobs->put_policy("iris", {{"schedule", "@daily"}}, "dora").ok());
  auto p = jobs->put_policy("iris", {{"schedule", "0 3 * * 1"}, {"trainer", "linear"}}, "abe");
  REQUIRE(p.ok());
  REQUIRE(p->policy == json({{"schedule", "0 3 * * 1"}, {"trainer", "linear"}}));
  REQUIRE(p->updated_by == "abe");
  REQUIRE(jobs->mark_scheduled("iris", "2026-12-01T00:00:00.000Z").ok());
  REQUIRE((*jobs->get_policy("iris"))->last_scheduled_at == "2026-12-01T00:00:00.000Z");
  auto events = store->audit({std::string("iris"), std::nullopt, 100});
  REQUIRE(events->size() == 2);
  REQUIRE(events->at(1).action == "retrain_policy.set");
  REQUIRE(events->at(1).actor == "abe");
  REQUIRE(events->at(1).detail["policy"]["trainer"] == "linear");
}
