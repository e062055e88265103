#include "core/clock.hpp"

#include <atomic>
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

// INT64_MIN: no test holds the clock. Atomic: the server's threads read it while a test sets it.
constexpr int64_t kSystemClock = INT64_MIN;
std::atomic<int64_t> held_ms{kSystemClock};

int64_t floor_seconds(int64_t ms) { return ms >= 0 ? ms / 1000 : (ms - 999) / 1000; }
}  // namespace

std::string now_rfc3339() { return rfc3339_of_ms(now_epoch_ms()); }

int64_t now_epoch_seconds() { return floor_seconds(now_epoch_ms()); }

int64_t now_epoch_ms() {
  if (int64_t held = held_ms.load(std::memory_order_relaxed); held != kSystemClock) return held;
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void set_clock_for_tests(std::optional<int64_t> epoch_ms) { held_ms.store(epoch_ms.value_or(kSystemClock), std::memory_order_relaxed); }

std::string rfc3339_of_ms(int64_t ms) {
  int64_t s = floor_seconds(ms);
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
