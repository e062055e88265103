// Feature values typed in free text, mapped onto one model's feature names:
// "sepal length 5.1, width 3.5", "5.1 sepal length", "age 40 and class 2",
// "a 40-year-old woman in first class", or a bare list in the model's order.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/offline/text.hpp"

namespace mlgate::agent::offline {

struct FeatureValues {
  nlohmann::json named = nlohmann::json::object();  // feature name → value
  std::vector<nlohmann::json> unnamed;              // values with no feature named, in order
};

// Reads the tokens not already used (model name, version) and marks what it takes.
FeatureValues find_feature_values(std::vector<Token>& tokens, const std::vector<std::string>& features);

// `named` plus the unnamed values placed on `order` (the features still missing, in the
// model's order) when they fit it exactly. Values beyond the count are not guessed at.
nlohmann::json place_unnamed(const FeatureValues& found, const std::vector<std::string>& order);

}  // namespace mlgate::agent::offline
