#include "monitoring/drift_reference.hpp"

#include <nlohmann/json.hpp>

namespace mlgate::monitoring {
using nlohmann::json;

std::vector<std::size_t> sample_rows(std::size_t n, std::size_t max_rows) {
  std::vector<std::size_t> out;
  const std::size_t k = std::min(n, max_rows);
  out.reserve(k);
  for (std::size_t i = 0; i < k; ++i) out.push_back(i * n / k);
  return out;
}

std::string reference_document(const Reference& r) {
  json features = json::array();
  for (const auto& c : r.features) features.push_back({{"name", c.name}, {"values", c.values}});
  json doc = {{"source", r.source}, {"data_sha256", r.data_sha256}, {"data_rows", r.data_rows}, {"features", features}};
  doc["prediction"] = r.prediction ? json{{"name", r.prediction->name}, {"values", r.prediction->values}} : json(nullptr);
  return doc.dump();
}

Result<Reference> parse_reference(const std::string& document) {
  try {
    json doc = json::parse(document);
    Reference r;
    r.source = doc.at("source");
    r.data_sha256 = doc.at("data_sha256");
    r.data_rows = doc.at("data_rows");
    for (const auto& f : doc.at("features")) r.features.push_back({f.at("name"), f.at("values")});
    if (!doc.at("prediction").is_null()) r.prediction = drift::Column{doc["prediction"].at("name"), doc["prediction"].at("values")};
    return r;
  } catch (const std::exception& e) {
    return internal_error(std::string("a stored drift reference is unreadable: ") + e.what());
  }
}

}  // namespace mlgate::monitoring
