#include "agent/offline/fuzzy.hpp"

#include <algorithm>
#include <array>

namespace mlgate::agent::offline {

size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows (the swap looks two rows back); names are short, so a fixed buffer
  // keeps this allocation-free. Longer strings fall back to a plain vector.
  const size_t n = b.size();
  std::array<size_t, 65> buf[3];
  std::vector<size_t> big[3];
  size_t *prev2, *prev, *cur;
  if (n < 65) {
    prev2 = buf[0].data(), prev = buf[1].data(), cur = buf[2].data();
  } else {
    for (auto& v : big) v.resize(n + 1);
    prev2 = big[0].data(), prev = big[1].data(), cur = big[2].data();
  }
  for (size_t j = 0; j <= n; ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= n; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = std::min(best, prev2[j - 2] + 1);
      cur[j] = best;
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

double similarity(std::string_view a, std::string_view b) {
  size_t longest = std::max(a.size(), b.size());
  if (longest == 0) return 1;
  return 1.0 - static_cast<double>(edit_distance(a, b)) / static_cast<double>(longest);
}

bool same_word(std::string_view typed, std::string_view known) {
  if (typed == known) return true;
  size_t shorter = std::min(typed.size(), known.size());
  if (shorter < 4) return false;
  size_t diff = typed.size() > known.size() ? typed.size() - known.size() : known.size() - typed.size();
  size_t allowed = shorter >= 8 ? 2 : 1;
  if (diff > allowed) return false;
  // Same first letter: people rarely mistype it, and it keeps "wine" from "fine".
  if (typed[0] != known[0]) return false;
  return edit_distance(typed, known) <= allowed;
}

std::optional<NameMatch> best_match(std::string_view typed, const std::vector<std::string>& candidates) {
  std::optional<NameMatch> best;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!same_word(typed, candidates[i])) continue;
    double s = similarity(typed, candidates[i]);
    if (!best || s > best->score) best = NameMatch{i, s};
    if (s == 1) break;
  }
  return best;
}

}  // namespace mlgate::agent::offline
