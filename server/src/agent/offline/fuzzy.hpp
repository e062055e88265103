// Typo-tolerant matching of what a person typed against the names the registry knows:
// "chrun" → churn, "sepal lenght" → sepal_length.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate::agent::offline {

// Edits (insert, delete, substitute, swap two neighbours) from a to b: the optimal string
// alignment form of Damerau-Levenshtein, so "chrun" is one edit from "churn".
size_t edit_distance(std::string_view a, std::string_view b);
// 1 for equal strings, falling towards 0 as the edits approach the longer length.
double similarity(std::string_view a, std::string_view b);
// Whether a typed word is the same word with a typo: equal; or one edit for 4+ letters;
// or two edits for 8+ letters. Short words must match exactly ("is" is not "iris").
bool same_word(std::string_view typed, std::string_view known);

struct NameMatch {
  size_t index = 0;     // into the candidates
  double score = 0;     // 1 = exact
};
// The candidate closest to `typed` (both lower case) among those same_word accepts;
// ties go to the earlier candidate. Nothing when none is close enough.
std::optional<NameMatch> best_match(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace mlgate::agent::offline
