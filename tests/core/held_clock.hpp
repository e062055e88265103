// The server's clock held still by a test (core/clock.hpp), moved only by the test: forwards,
// backwards or not at all, without sleeping. Given back to the system clock at scope exit.
#pragma once
#include <chrono>
#include <cstdint>

#include "core/clock.hpp"

namespace mlgate::testing {

struct HeldClock {
  int64_t ms = now_epoch_seconds() * 1000;  // a whole second
  HeldClock() { set_clock_for_tests(ms); }
  ~HeldClock() { set_clock_for_tests(std::nullopt); }
  HeldClock(const HeldClock&) = delete;
  HeldClock& operator=(const HeldClock&) = delete;
  void advance(std::chrono::milliseconds d) { set_clock_for_tests(ms += d.count()); }
  int64_t seconds() const { return ms / 1000; }
};

}  // namespace mlgate::testing
