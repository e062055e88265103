// The fixture pack (tests/fixtures, copied from the project's shared fixtures with their
// provenance): models, data and reference outputs that mlgate's developers did not write.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/csv.hpp"

namespace mlgate::testing {

struct Fixture {
  std::string name;
  std::string dir;
  std::string label;                  // "" when the data has no ground truth
  std::vector<std::string> features;  // columns the model reads, in order
  std::vector<std::string> tags;
  bool single_tensor = false;         // one [N, F] input: columns named by ?features=
  bool has_tag(const std::string& t) const;
  // "?features=a,b,c" for a single-tensor model (the fixtures carry no feature_names
  // metadata), else "". `sep` is '&' when the path already has a query.
  std::string features_query(char sep = '?') const;
};

std::string fixtures_dir();
// s01–s07 and s09: tabular fixtures with data.csv + expected.csv.
std::vector<Fixture> tabular_fixtures();
Fixture fixture(const std::string& name);
csv::Table load_csv(const std::string& path);
// A serialized ONNX model with a doc_string field appended (valid protobuf: the last one
// wins), so that an upload of it is a new version rather than the existing one. `doc` is
// shorter than 128 bytes (a one-byte length).
std::string with_doc_string(const std::string& model, const std::string& doc);
// The data.csv rows as {"rows": [...]} for the predict API (text columns as strings,
// missing cells as null), without the label column.
nlohmann::json predict_rows(const Fixture& f, const csv::Table& data, const std::vector<std::string>& text_features);

}  // namespace mlgate::testing
