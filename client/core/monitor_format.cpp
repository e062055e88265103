#include "monitor_format.hpp"

#include <cmath>
#include <cstdio>

namespace mlgate::client {

std::string format_number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", *v);
  return buf;
}

std::string format_percent(std::optional<double> fraction) {
  if (!fraction || !std::isfinite(*fraction)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *fraction * 100);
  return buf;
}

std::string format_ms(std::optional<double> ms) {
  if (!ms || !std::isfinite(*ms)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g ms", *ms);
  return buf;
}

}  // namespace mlgate::client
