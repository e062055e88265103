#include "app/cron.hpp"

#include <ctime>
#include <vector>

namespace mlgate::app {
namespace {

Error invalid(std::string_view text, const std::string& why) {
  return bad_request("invalid_schedule", "schedule '" + std::string(text) + "': " + why);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at <= s.size()) {
    size_t next = s.find(sep, at);
    if (next == std::string_view::npos) next = s.size();
    out.push_back(s.substr(at, next - at));
    at = next + 1;
  }
  return out;
}

bool number(std::string_view s, int& out) {
  if (s.empty() || s.size() > 3) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// One field ("*/15", "1-5", "0,30"), values lo..hi, into `bits`. Sets `any` for a bare "*".
template <size_t N>
Status field(std::string_view text, std::string_view f, const char* name, int lo, int hi, std::bitset<N>& bits, bool& any) {
  any = f == "*";
  for (auto part : split(f, ',')) {
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string_view::npos) {
      if (!number(part.substr(slash + 1), step) || step == 0) return invalid(text, std::string(name) + ": bad step in '" + std::string(part) + "'");
      part = part.substr(0, slash);
    }
    int from = lo, to = hi;
    if (part != "*") {
      auto dash = part.find('-');
      if (dash == std::string_view::npos) {
        if (!number(part, from)) return invalid(text, std::string(name) + ": '" + std::string(part) + "' is not a number");
        to = step > 1 ? hi : from;
      } else if (!number(part.substr(0, dash), from) || !number(part.substr(dash + 1), to)) {
        return invalid(text, std::string(name) + ": bad range '" + std::string(part) + "'");
      }
    }
    if (from < lo || to > hi || from > to)
      return invalid(text, std::string(name) + " must be within " + std::to_string(lo) + "-" + std::to_string(hi));
    for (int v = from; v <= to; v += step) bits.set(static_cast<size_t>(v));
  }
  return ok_status();
}

}  // namespace

Result<CronSchedule> parse_cron(std::string_view text) {
  std::string_view spec = text;
  if (text == "@hourly") spec = "0 * * * *";
  else if (text == "@daily" || text == "@midnight") spec = "0 0 * * *";
  else if (text == "@weekly") spec = "0 0 * * 0";
  else if (text == "@monthly") spec = "0 0 1 * *";
  std::vector<std::string_view> f;
  for (auto p : split(spec, ' '))
    if (!p.empty()) f.push_back(p);
  if (f.size() != 5) return invalid(text, "needs five fields (minute hour day month weekday) or @hourly, @daily, @weekly, @monthly");
  CronSchedule s;
  s.text = std::string(text);
  bool unused = false;
  std::bitset<8> weekday8;
  if (auto st = field(text, f[0], "minute", 0, 59, s.minute, unused); !st) return st.error();
  if (auto st = field(text, f[1], "hour", 0, 23, s.hour, unused); !st) return st.error();
  if (auto st = field(text, f[2], "day of month", 1, 31, s.day, s.day_any); !st) return st.error();
  if (auto st = field(text, f[3], "month", 1, 12, s.month, unused); !st) return st.error();
  if (auto st = field(text, f[4], "day of week", 0, 7, weekday8, s.weekday_any); !st) return st.error();
  for (int d = 0; d < 7; ++d) s.weekday[d] = weekday8[d] || (d == 0 && weekday8[7]);  // 7 is Sunday too
  if (!next_run_after(s, 0)) return invalid(text, "it never matches a date");
  return s;
}

std::optional<int64_t> next_run_after(const CronSchedule& s, int64_t after) {
  int64_t t = (after / 60 + 1) * 60;
  // At most a few years of steps, each skipping a whole month, day or hour that cannot match.
  for (int guard = 0; guard < 200000; ++guard) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    if (!s.month[static_cast<size_t>(tm.tm_mon + 1)]) {
      tm.tm_mon += 1, tm.tm_mday = 1, tm.tm_hour = 0, tm.tm_min = 0, tm.tm_sec = 0;
      t = timegm(&tm);
      continue;
    }
    bool day_ok = s.day[static_cast<size_t>(tm.tm_mday)], weekday_ok = s.weekday[static_cast<size_t>(tm.tm_wday)];
    bool day_match = s.day_any && s.weekday_any ? true : s.day_any ? weekday_ok : s.weekday_any ? day_ok : (day_ok || weekday_ok);
    if (!day_match) {
      tm.tm_mday += 1, tm.tm_hour = 0, tm.tm_min = 0, tm.tm_sec = 0;
      t = timegm(&tm);
      continue;
    }
    if (!s.hour[static_cast<size_t>(tm.tm_hour)]) {
      tm.tm_hour += 1, tm.tm_min = 0, tm.tm_sec = 0;
      t = timegm(&tm);
      continue;
    }
    if (!s.minute[static_cast<size_t>(tm.tm_min)]) {
      t += 60;
      continue;
    }
    return t;
  }
  return std::nullopt;  // e.g. "0 0 31 2 *": February has no 31st
}

}  // namespace mlgate::app
