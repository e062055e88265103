#pragma once
#include <string>

namespace mlgate {
// UTC wall-clock time as RFC 3339 with milliseconds, e.g. 2026-11-22T07:40:00.123Z.
std::string now_rfc3339();
}
