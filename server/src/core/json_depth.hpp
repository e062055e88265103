// How deeply a JSON text nests, found without parsing it. nlohmann parses and frees without
// recursion, but copying, comparing and dumping a value recurse once per level, so a value
// nested 100,000 deep overflows the stack later: whatever JSON comes from outside (request
// bodies, LLM replies) is scanned with this first and refused past kMaxJsonDepth.
#pragma once
#include <string_view>

namespace mlgate {
inline constexpr int kMaxJsonDepth = 64;
// Nesting depth of a JSON text, ignoring brackets inside strings; stops counting past `limit`.
int json_depth(std::string_view text, int limit);
}  // namespace mlgate
