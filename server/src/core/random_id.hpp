// Unguessable identifiers for rows people address by URL (uploads, conversations, actions).
#pragma once
#include <string>
#include <string_view>

namespace mlgate {
// `prefix` followed by 32 lower-case hex digits (128 random bits).
std::string random_id(std::string_view prefix);
// Whether `id` has that shape: what a path parameter must match before any lookup.
bool is_random_id(std::string_view id, std::string_view prefix);
}  // namespace mlgate
