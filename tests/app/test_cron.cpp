// Retraining schedules in cron's notation, checked against dates worked out by hand (UTC).
#include <catch2/catch.hpp>

#include "app/cron.hpp"
#include "core/clock.hpp"

using namespace mlgate;

namespace {
std::string next(const std::string& spec, const std::string& after) {
  auto s = app::parse_cron(spec);
  REQUIRE(s.ok());
  auto t = app::next_run_after(s.value(), *epoch_seconds_of(after));
  REQUIRE(t.has_value());
  return rfc3339_of(*t);
}
}  // namespace

TEST_CASE("cron schedules give the next matching minute") {
  // 2026-12-03 is a Thursday.
  CHECK(next("@weekly", "2026-12-03T06:00:00Z") == "2026-12-06T00:00:00.000Z");  // Sunday midnight
  CHECK(next("@daily", "2026-12-03T06:00:00Z") == "2026-12-04T00:00:00.000Z");
  CHECK(next("@hourly", "2026-12-03T06:00:00Z") == "2026-12-03T07:00:00.000Z");
  CHECK(next("@monthly", "2026-12-03T06:00:00Z") == "2027-01-01T00:00:00.000Z");
  CHECK(next("*/15 * * * *", "2026-12-03T06:07:30Z") == "2026-12-03T06:15:00.000Z");
  CHECK(next("30 2 * * 1-5", "2026-12-04T03:00:00Z") == "2026-12-07T02:30:00.000Z");  // Friday after 2:30 → Monday
  CHECK(next("0 0 29 2 *", "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00.000Z");   // the next leap day
  CHECK(next("0 12 * * 7", "2026-12-03T00:00:00Z") == "2026-12-06T12:00:00.000Z");   // 7 is Sunday too
  // Both day fields restricted: either matches, as in Vixie cron.
  CHECK(next("0 0 15 * 1", "2026-12-03T06:00:00Z") == "2026-12-07T00:00:00.000Z");
  // Strictly after: a time that matches gives the next one.
  CHECK(next("0 * * * *", "2026-12-03T06:00:00Z") == "2026-12-03T07:00:00.000Z");
}

TEST_CASE("bad schedules are refused naming the field") {
  auto message = [](const std::string& spec) {
    auto s = app::parse_cron(spec);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "invalid_schedule");
    return s.error().message;
  };
  CHECK_THAT(message("weekly"), Catch::Contains("five fields"));
  CHECK_THAT(message("61 * * * *"), Catch::Contains("minute must be within 0-59"));
  CHECK_THAT(message("0 24 * * *"), Catch::Contains("hour must be within 0-23"));
  CHECK_THAT(message("0 0 * 13 *"), Catch::Contains("month must be within 1-12"));
  CHECK_THAT(message("*/0 * * * *"), Catch::Contains("minute: bad step"));
  CHECK_THAT(message("0 0 x * *"), Catch::Contains("day of month: 'x' is not a number"));
  CHECK_THAT(message("0 0 31 2 *"), Catch::Contains("never matches"));
}
