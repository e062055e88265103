#include "time_text.hpp"

#include <cmath>
#include <cstdio>

namespace mlgate::client {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, UTC).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

// `n` digits at s[at], or -1.
int digits(const std::string& s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<int64_t> parse_rfc3339_ms(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return std::nullopt;
  std::size_t at = 19;
  int64_t ms = 0;
  if (s[at] == '.') {
    // Fractional seconds: the first three digits count, the rest are read and dropped.
    int scale = 100;
    ++at;
    const std::size_t first = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      if (scale > 0) ms += (s[at] - '0') * scale, scale /= 10;
      ++at;
    }
    if (at == first) return std::nullopt;
  }
  int64_t offset_min = 0;
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    const int oh = digits(s, at + 1, 2), om = digits(s, at + 4, 2);
    if (oh < 0 || om < 0 || at + 3 >= s.size() || s[at + 3] != ':') return std::nullopt;
    offset_min = (s[at] == '-' ? -1 : 1) * (oh * 60 + om);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != s.size()) return std::nullopt;
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi - offset_min) * 60000 + int64_t{sec} * 1000 + ms;
}

std::string format_utc(int64_t ms, bool seconds) {
  int64_t days = ms / 86400000, rest = ms % 86400000;
  if (rest < 0) rest += 86400000, --days;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  const int64_t s = rest / 1000;
  char buf[40];
  if (seconds)
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld", static_cast<long long>(y), m, d, static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld", static_cast<long long>(y), m, d, static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  return buf;
}

std::string display_time(const std::string& rfc3339) {
  auto ms = parse_rfc3339_ms(rfc3339);
  return ms ? format_utc(*ms, true) : rfc3339;
}

std::string format_duration(std::optional<double> seconds) {
  if (!seconds || !std::isfinite(*seconds) || *seconds < 0) return "";
  const double s = *seconds;
  char buf[48];
  if (s < 1) std::snprintf(buf, sizeof buf, "%.0f ms", s * 1000);
  else if (s < 60) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 3600 && static_cast<int>(s) % 60 == 0) std::snprintf(buf, sizeof buf, "%d min", static_cast<int>(s / 60));
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%d min %d s", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  else if (s < 86400 && static_cast<int>(s / 60) % 60 == 0) std::snprintf(buf, sizeof buf, "%d h", static_cast<int>(s / 3600));
  else if (s < 86400) std::snprintf(buf, sizeof buf, "%d h %d min", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%d d %d h", static_cast<int>(s / 86400), static_cast<int>(s / 3600) % 24);
  return buf;
}

}  // namespace mlgate::client
