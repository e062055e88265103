// Reading the Prometheus text that GET /metrics returns.
#pragma once
#include <string>

namespace mlgate::testing {

// The value of the one sample line `series` (name with its labels, exactly), or -1.
inline double sample(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace mlgate::testing
