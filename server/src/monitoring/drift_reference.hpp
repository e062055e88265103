// A version's drift reference: a sample of the feature values of the data it was tested or
// trained on, and of its own predictions on those rows, taken once (at promotion) and kept
// beside the prediction log, so a drift verdict never depends on re-reading old artifacts.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mlgate/drift.hpp"
#include "mlgate/result.hpp"

namespace mlgate::monitoring {

struct Reference {
  std::string source;       // "training" | "test"
  std::string data_sha256;  // of the CSV the sample was taken from
  std::size_t data_rows = 0;
  std::vector<drift::Column> features;
  std::optional<drift::Column> prediction;
};

// Evenly spaced row indices, at most `max_rows` of `n` (all when n <= max_rows).
std::vector<std::size_t> sample_rows(std::size_t n, std::size_t max_rows);
std::string reference_document(const Reference& r);
Result<Reference> parse_reference(const std::string& document);

}  // namespace mlgate::monitoring
