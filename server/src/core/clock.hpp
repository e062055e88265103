#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlgate {
// UTC wall-clock time as RFC 3339 with milliseconds, e.g. 2026-11-22T07:40:00.123Z.
std::string now_rfc3339();
// Seconds since the epoch, and back, for times written by now_rfc3339 (UTC, "Z").
int64_t now_epoch_seconds();
std::string rfc3339_of(int64_t epoch_seconds);
std::optional<int64_t> epoch_seconds_of(std::string_view rfc3339);
// Milliseconds since the epoch (the prediction log's time), and as RFC 3339.
int64_t now_epoch_ms();
std::string rfc3339_of_ms(int64_t epoch_ms);

// Tests hold the clock still: while set, every now_* above answers this instant (milliseconds
// since the epoch), so a test can step time forwards, backwards or not at all without
// sleeping. std::nullopt gives the system clock back. Safe to call while other threads read.
void set_clock_for_tests(std::optional<int64_t> epoch_ms);
}  // namespace mlgate
