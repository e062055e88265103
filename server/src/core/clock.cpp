#include "core/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace mlgate {
namespace {
std::string format(std::time_t t, int ms) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, ms);
  return buf;
}
}  // namespace

std::string now_rfc3339() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  return format(system_clock::to_time_t(now), int(ms));
}

int64_t now_epoch_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

int64_t now_epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string rfc3339_of_ms(int64_t ms) {
  int64_t s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  return format(static_cast<std::time_t>(s), int(ms - s * 1000));
}

std::string rfc3339_of(int64_t epoch_seconds) { return format(static_cast<std::time_t>(epoch_seconds), 0); }

std::optional<int64_t> epoch_seconds_of(std::string_view s) {
  std::tm tm{};
  int consumed = 0;
  std::string text(s.substr(0, 19));
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &consumed) != 6 ||
      consumed != 19)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}
}  // namespace mlgate
