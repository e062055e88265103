#include "retraining/holdout.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "retraining/parameters.hpp"

namespace mlgate::retraining {
namespace {

// SplitMix64: a fixed, portable sequence for a seed.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), without modulo bias.
  std::size_t below(std::size_t n) {
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t v;
    do v = next();
    while (v >= limit);
    return static_cast<std::size_t>(v % n);
  }

 private:
  std::uint64_t state_;
};

void shuffle(std::vector<std::size_t>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// Holdout counts per group: proportional shares by largest remainder, each capped at
// cap[k]; what a cap refuses goes to the next-largest remainders.
std::vector<std::size_t> allocate(std::size_t total, const std::vector<std::size_t>& sizes, const std::vector<std::size_t>& cap) {
  std::size_t n = 0;
  for (auto s : sizes) n += s;
  std::vector<std::size_t> out(sizes.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t given = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const double ideal = static_cast<double>(total) * static_cast<double>(sizes[k]) / static_cast<double>(n);
    out[k] = std::min(cap[k], static_cast<std::size_t>(std::floor(ideal)));
    given += out[k];
    remainders.emplace_back(ideal - std::floor(ideal), k);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  while (given < total) {
    bool placed = false;
    for (const auto& [frac, k] : remainders)
      if (given < total && out[k] < cap[k]) {
        ++out[k];
        ++given;
        placed = true;
      }
    if (!placed) break;
  }
  return out;
}

}  // namespace

Result<Split> holdout_split(const TrainingSet& set, double test_size, std::uint64_t seed) {
  const std::size_t n = set.rows();
  if (!(test_size > 0 && test_size < 1))
    return bad_request("invalid_parameter", "test_size must be a fraction between 0 and 1 (exclusive), not " + format_number(test_size));
  if (n < kMinRows)
    return unprocessable("too_few_rows", std::to_string(n) + " data rows: training needs at least " + std::to_string(kMinRows));
  const std::size_t wanted = static_cast<std::size_t>(std::ceil(test_size * static_cast<double>(n) - 1e-9));

  // Groups: one per class, or all rows.
  std::vector<std::vector<std::size_t>> groups(set.task == Task::classification ? set.classes.size() : 1);
  for (std::size_t r = 0; r < n; ++r) groups[set.task == Task::classification ? static_cast<std::size_t>(set.y_class[r]) : 0].push_back(r);
  std::vector<std::size_t> sizes, cap;
  std::size_t capacity = 0;
  for (const auto& g : groups) {
    sizes.push_back(g.size());
    cap.push_back(set.task == Task::classification ? (g.empty() ? 0 : g.size() - 1) : g.size() - 2);
    capacity += cap.back();
  }
  if (capacity == 0) return unprocessable("too_few_rows", "no row can be held out: every class has a single row");
  if (wanted > capacity)
    return bad_request("invalid_parameter", "test_size " + format_number(test_size) + " holds out " + std::to_string(wanted) + " of " +
                                                std::to_string(n) + " rows; at most " + std::to_string(capacity) +
                                                " can be (training keeps at least 2 rows and one per class)");
  const auto counts = allocate(wanted, sizes, cap);

  Split split;
  Rng rng(seed);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    auto& g = groups[k];
    shuffle(g, rng);
    split.holdout.insert(split.holdout.end(), g.begin(), g.begin() + static_cast<long>(counts[k]));
    split.train.insert(split.train.end(), g.begin() + static_cast<long>(counts[k]), g.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.holdout.begin(), split.holdout.end());
  return split;
}

}  // namespace mlgate::retraining
