#include "integration/fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "integration/http_client.hpp"

namespace mlgate::testing {
using nlohmann::json;

bool Fixture::has_tag(const std::string& t) const { return std::find(tags.begin(), tags.end(), t) != tags.end(); }

std::string fixtures_dir() { return MLGATE_FIXTURES_DIR; }

std::string Fixture::features_query(char sep) const {
  if (!single_tensor) return "";
  std::string q(1, sep);
  q += "features=";
  for (size_t i = 0; i < features.size(); ++i) q += (i ? "," : "") + features[i];
  return q;
}

namespace {
Fixture from_index(const json& e) {
  Fixture f;
  f.name = e["name"];
  f.dir = fixtures_dir() + "/" + e["path"].get<std::string>();
  f.label = e.value("label_column", json(nullptr)).is_string() ? e["label_column"].get<std::string>() : "";
  f.tags = e.value("tags", std::vector<std::string>{});
  const json& mapping = e["input_mapping"];
  if (mapping.size() == 1 && mapping.begin().value().size() > 1) {
    f.features = mapping.begin().value().get<std::vector<std::string>>();
    f.single_tensor = true;
  } else {
    for (auto it = mapping.begin(); it != mapping.end(); ++it) f.features.push_back(it.key());
  }
  return f;
}
json index() { return json::parse(read_file(fixtures_dir() + "/index.json")); }
}  // namespace

std::vector<Fixture> tabular_fixtures() {
  std::vector<Fixture> out;
  const json all = index();  // kept alive: a range-for over index()["fixtures"] would dangle
  for (const auto& e : all["fixtures"]) {
    std::string name = e["name"];
    if (name.rfind("s08", 0) == 0 || name.rfind("s10", 0) == 0) continue;
    out.push_back(from_index(e));
  }
  return out;
}

Fixture fixture(const std::string& name) {
  const json all = index();
  for (const auto& e : all["fixtures"])
    if (e["name"] == name) return from_index(e);
  throw std::runtime_error("no fixture " + name);
}

std::string with_doc_string(const std::string& model, const std::string& doc) {
  if (doc.size() >= 128) throw std::invalid_argument("doc_string too long for a one-byte length");
  return model + char(0x32) + char(doc.size()) + doc;  // field 6 (doc_string), length-delimited
}

csv::Table load_csv(const std::string& path) {
  auto t = csv::read_table(read_file(path));
  if (!t) throw std::runtime_error(path + ": " + t.error().message);
  return std::move(t.value());
}

json predict_rows(const Fixture& f, const csv::Table& data, const std::vector<std::string>& text_features) {
  json rows = json::array();
  for (size_t r = 0; r < data.rows(); ++r) {
    json row = json::object();
    for (const auto& feat : f.features) {
      const auto& cell = data.columns[*data.find(feat)].cells[r];
      bool text = std::find(text_features.begin(), text_features.end(), feat) != text_features.end();
      double v = 0;
      if (text) row[feat] = cell;
      else if (csv::parse_number(cell, v) == csv::NumberKind::finite) row[feat] = v;
      else row[feat] = nullptr;
    }
    rows.push_back(std::move(row));
  }
  return {{"rows", rows}};
}

}  // namespace mlgate::testing
