// Times as the API writes them (RFC 3339) and as the monitor pane shows them. Parsed by
// hand: the client has no time zone database and needs none, everything is UTC.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace mlgate::client {

// Milliseconds since the Unix epoch of "2026-12-03T10:40:00Z", "...T10:40:00.250Z" or
// "...T11:40:00+01:00"; nullopt for anything else.
std::optional<int64_t> parse_rfc3339_ms(const std::string& text);
// "2026-12-03 10:40" (UTC), or with seconds "2026-12-03 10:40:05".
std::string format_utc(int64_t ms, bool seconds = false);
// An API time for a table cell: "2026-12-03 10:40:05", or the text itself if it does not parse.
std::string display_time(const std::string& rfc3339);
// "850 ms", "1.5 s", "2 min 5 s", "2 min", "1 h 3 min", "6 h", "2 d 3 h"; "" for none.
std::string format_duration(std::optional<double> seconds);

}  // namespace mlgate::client
