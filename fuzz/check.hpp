// What every harness uses to state a property: a broken property is a finding, reported
// like a crash (libFuzzer saves the input), with the reason on stderr.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mlgate/result.hpp"

namespace mlgate::fuzz {

[[noreturn]] inline void violated(const char* what, const std::string& detail) {
  std::fprintf(stderr, "PROPERTY VIOLATED: %s\n  %s\n", what, detail.c_str());
  std::abort();
}

#define MLGATE_CHECK(cond, detail)                                  \
  do {                                                              \
    if (!(cond)) ::mlgate::fuzz::violated(#cond, (detail));        \
  } while (0)

// Every rejection must say what and where, with a 4xx status (BAD-INPUTS.md convention).
inline void check_rejection(const Error& e) {
  MLGATE_CHECK(e.status >= 400 && e.status < 500, e.code + ": " + e.message);
  MLGATE_CHECK(!e.code.empty() && !e.message.empty(), std::to_string(e.status));
}

}  // namespace mlgate::fuzz
