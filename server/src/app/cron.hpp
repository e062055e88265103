// Retraining schedules written as cron does: five fields (minute hour day-of-month month
// day-of-week) with `*`, lists, ranges and steps, or @hourly, @daily, @weekly, @monthly.
// Times are UTC. As in Vixie cron, when both day fields are restricted either one matches.
#pragma once
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mlgate/result.hpp"

namespace mlgate::app {

struct CronSchedule {
  std::bitset<60> minute;
  std::bitset<24> hour;
  std::bitset<32> day;    // 1..31
  std::bitset<13> month;  // 1..12
  std::bitset<7> weekday;  // 0 = Sunday
  bool day_any = true, weekday_any = true;
  std::string text;
};

// 400 invalid_schedule naming the field that is wrong.
Result<CronSchedule> parse_cron(std::string_view text);
// The first matching minute strictly after `after` (epoch seconds, UTC); none within years.
std::optional<int64_t> next_run_after(const CronSchedule& s, int64_t after);

}  // namespace mlgate::app
