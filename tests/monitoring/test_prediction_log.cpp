// The prediction log on a real SQLite file: what is recorded is read back after flush() and
// after a reopen; a full queue drops and counts instead of blocking; feedback is all or
// nothing with the latest label winning; retention removes by age and by the row cap.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "core/clock.hpp"
#include "monitoring/prediction_log.hpp"

using namespace mlgate;
using namespace mlgate::monitoring;

namespace {
std::filesystem::path temp_db() {
  auto dir = std::filesystem::temp_directory_path() / ("mlgate-plog-" + std::to_string(::getpid()) + "-" + std::to_string(now_epoch_ms()));
  std::filesystem::create_directories(dir);
  return dir / "monitoring.db";
}

LoggedRequest request(const std::string& model, int64_t at, std::vector<std::string> ids) {
  LoggedRequest e;
  e.model = model;
  e.version = 1;
  e.at_ms = at;
  e.rows = int64_t(ids.size());
  e.latency_ms = 2.5;
  for (auto& id : ids) e.sampled.push_back({id, "1.5", "a", 0.75});
  return e;
}
}  // namespace

TEST_CASE("recorded requests and rows are read back, and survive a reopen") {
  auto file = temp_db();
  const int64_t now = now_epoch_ms();
  {
    auto log = PredictionLog::open(file, {});
    REQUIRE(log);
    log.value()->record(request("iris", now, {"p1", "p2"}));
    log.value()->flush();
    auto p = log.value()->find("p2");
    REQUIRE(p);
    REQUIRE(p->has_value());
    REQUIRE(p->value().inputs == "1.5");
    REQUIRE(*p->value().confidence == 0.75);
    REQUIRE_FALSE(p->value().label);
  }
  auto log = PredictionLog::open(file, {});
  REQUIRE(log);
  auto reqs = log.value()->requests("iris", now - 1, now + 1);
  REQUIRE(reqs);
  REQUIRE(reqs->size() == 1);
  REQUIRE(reqs->at(0).rows == 2);
  REQUIRE(reqs->at(0).latency_ms == 2.5);
  REQUIRE(log.value()->predictions("iris", 0, now - 1, now + 1, 10, false)->size() == 2);
  REQUIRE(log.value()->predictions("other", 0, now - 1, now + 1, 10, false)->empty());
}

TEST_CASE("a full queue drops the entry and counts its rows rather than block") {
  LogOptions o;
  o.queue_rows = 3;  // smaller than one entry of five rows
  auto log = PredictionLog::open(temp_db(), o);
  REQUIRE(log);
  log.value()->record(request("iris", now_epoch_ms(), {"a", "b", "c", "d", "e"}));
  log.value()->flush();
  REQUIRE(log.value()->dropped_rows() == 5);
  REQUIRE_FALSE(log.value()->find("a")->has_value());
  log.value()->record(request("iris", now_epoch_ms(), {"f"}));  // two units: fits
  log.value()->flush();
  REQUIRE(log.value()->find("f")->has_value());
  REQUIRE(log.value()->dropped_rows() == 5);
}

TEST_CASE("feedback: the latest label wins and shows on the prediction") {
  auto log = PredictionLog::open(temp_db(), {});
  REQUIRE(log);
  const int64_t now = now_epoch_ms();
  log.value()->record(request("iris", now, {"p1", "p2"}));
  log.value()->flush();
  REQUIRE(log.value()->add_feedback({{"p1", "a"}}, "dora"));
  REQUIRE(log.value()->add_feedback({{"p1", "b"}}, "dora"));
  REQUIRE(log.value()->find("p1")->value().label == "b");
  auto labelled = log.value()->predictions("iris", 1, now - 1, now + 1, 10, true);
  REQUIRE(labelled->size() == 1);
  REQUIRE(labelled->at(0).id == "p1");
}

TEST_CASE("retention removes rows past their age and beyond the cap, oldest first") {
  LogOptions o;
  o.retention_ms = 10'000;
  o.max_rows = 2;
  auto log = PredictionLog::open(temp_db(), o);
  REQUIRE(log);
  const int64_t now = now_epoch_ms();
  log.value()->record(request("iris", now - 20'000, {"old"}));
  log.value()->record(request("iris", now - 3000, {"r1"}));
  log.value()->record(request("iris", now - 2000, {"r2"}));
  log.value()->record(request("iris", now - 1000, {"r3"}));
  log.value()->flush();
  REQUIRE(log.value()->add_feedback({{"old", "a"}, {"r1", "a"}}, "dora"));
  auto removed = log.value()->apply_retention(now);
  REQUIRE(removed);
  REQUIRE(removed.value() == 2);
  REQUIRE_FALSE(log.value()->find("old")->has_value());
  REQUIRE_FALSE(log.value()->find("r1")->has_value());
  REQUIRE(log.value()->find("r2")->has_value());
  REQUIRE(log.value()->find("r3")->has_value());
  REQUIRE(log.value()->requests("iris", 0, now + 1)->size() == 3);  // requests are kept by age only
}

TEST_CASE("a drift reference is stored per version and replaced") {
  auto log = PredictionLog::open(temp_db(), {});
  REQUIRE(log);
  REQUIRE_FALSE(log.value()->reference("iris", 1)->has_value());
  REQUIRE(log.value()->put_reference("iris", 1, "{\"a\":1}"));
  REQUIRE(log.value()->put_reference("iris", 1, "{\"a\":2}"));
  REQUIRE(log.value()->reference("iris", 1)->value() == "{\"a\":2}");
  REQUIRE_FALSE(log.value()->reference("iris", 2)->has_value());
}
