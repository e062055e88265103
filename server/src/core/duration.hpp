// Durations as people write them in options, queries and rules: "90s", "30m", "1h", "2d".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlgate {
// Milliseconds, for a positive whole number with one unit (s, m, h, d); else nullopt.
std::optional<int64_t> parse_duration_ms(std::string_view text);
// The shortest exact form: 3600000 → "1h".
std::string duration_text(int64_t ms);
}  // namespace mlgate
