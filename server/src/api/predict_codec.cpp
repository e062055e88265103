#include "api/predict_codec.hpp"

#include <openssl/rand.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace mlgate::api {
using nlohmann::json;

namespace {

std::string number_text(const json& v) { return v.dump(); }

// Appends one JSON value to a column, or says what is wrong at `path`.
Status append_value(inference::Column& col, const json& v, const std::string& path) {
  if (col.is_text) {
    if (v.is_string()) col.texts.push_back(v.get<std::string>());
    else if (v.is_number()) col.texts.push_back(number_text(v));
    else if (v.is_null()) col.texts.emplace_back();
    else return unprocessable("invalid_feature", path + ": expected a string");
    return ok_status();
  }
  if (v.is_number()) col.numbers.push_back(v.get<double>());
  else if (v.is_null()) col.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
  else if (v.is_string()) return unprocessable("invalid_feature", path + ": expected a number, got a string");
  else return unprocessable("invalid_feature", path + ": expected a number");
  return ok_status();
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

}  // namespace

Result<inference::FeatureTable> decode_predict_body(const json& body, const Signature& sig) {
  if (!body.is_object()) return unprocessable("invalid_body", "body must be a JSON object with \"rows\" or \"columns\"");
  bool has_rows = body.contains("rows"), has_cols = body.contains("columns");
  if (has_rows == has_cols) return unprocessable("invalid_body", "body must have exactly one of \"rows\" or \"columns\"");

  inference::FeatureTable table;
  std::unordered_map<std::string, size_t> index;
  for (const auto& f : sig.features) {
    index[f] = table.columns.size();
    inference::Column c;
    c.name = f;
    c.is_text = feature_is_text(sig, f);
    table.columns.push_back(std::move(c));
  }

  if (has_rows) {
    const json& rows = body["rows"];
    if (!rows.is_array()) return unprocessable("invalid_body", "rows: expected an array of objects");
    if (rows.empty()) return unprocessable("invalid_body", "rows: at least one row is needed");
    for (auto& c : table.columns) c.is_text ? c.texts.reserve(rows.size()) : c.numbers.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const json& row = rows[i];
      std::string where = "rows[" + std::to_string(i) + "]";
      if (!row.is_object()) return unprocessable("invalid_body", where + ": expected an object");
      size_t seen = 0;
      for (auto it = row.begin(); it != row.end(); ++it) {
        auto k = index.find(it.key());
        if (k == index.end())
          return unprocessable("unknown_feature", where + "." + it.key() + ": not a feature of this model (features: " + list(sig.features) + ")");
        ++seen;
        if (auto st = append_value(table.columns[k->second], it.value(), where + "." + it.key()); !st) return st.error();
      }
      if (seen != table.columns.size()) {
        std::vector<std::string> missing;
        for (const auto& f : sig.features)
          if (!row.contains(f)) missing.push_back(f);
        return unprocessable("missing_feature", where + ": missing feature(s) " + list(missing) + " (send null for a missing value)");
      }
    }
    table.rows = rows.size();
  } else {
    const json& cols = body["columns"];
    if (!cols.is_object()) return unprocessable("invalid_body", "columns: expected an object of arrays");
    std::vector<std::string> missing;
    for (const auto& f : sig.features)
      if (!cols.contains(f)) missing.push_back(f);
    if (!missing.empty()) return unprocessable("missing_feature", "columns: missing feature(s) " + list(missing));
    size_t n = std::numeric_limits<size_t>::max();
    for (auto it = cols.begin(); it != cols.end(); ++it) {
      auto k = index.find(it.key());
      if (k == index.end())
        return unprocessable("unknown_feature", "columns." + it.key() + ": not a feature of this model (features: " + list(sig.features) + ")");
      const json& arr = it.value();
      if (!arr.is_array()) return unprocessable("invalid_body", "columns." + it.key() + ": expected an array");
      if (n == std::numeric_limits<size_t>::max()) n = arr.size();
      if (arr.size() != n)
        return unprocessable("ragged_columns", "columns." + it.key() + " has " + std::to_string(arr.size()) + " values, other columns have " + std::to_string(n));
      for (size_t i = 0; i < arr.size(); ++i)
        if (auto st = append_value(table.columns[k->second], arr[i], "columns." + it.key() + "[" + std::to_string(i) + "]"); !st) return st.error();
    }
    if (n == 0 || n == std::numeric_limits<size_t>::max()) return unprocessable("invalid_body", "columns: at least one row is needed");
    table.rows = n;
  }
  return table;
}

std::string next_prediction_id() {
  static const uint64_t prefix = [] {
    uint64_t p = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&p), sizeof p);
    return p;
  }();
  static std::atomic<uint64_t> counter{0};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%08llx", static_cast<unsigned long long>(prefix),
                static_cast<unsigned long long>(counter.fetch_add(1) & 0xffffffffull));
  return buf;
}

std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p) {
  json preds = json::array();
  if (p.task == "classification") {
    size_t c = p.classes.size();
    for (size_t i = 0; i < p.rows; ++i) {
      json probs = json::object();
      double conf = 0;
      for (size_t k = 0; k < c; ++k) {
        double v = p.probabilities[i * c + k];
        probs[p.classes[k]] = v;
        if (p.classes[k] == p.labels[i]) conf = v;
      }
      preds.push_back({{"id", next_prediction_id()}, {"label", p.labels[i]}, {"confidence", conf}, {"probabilities", std::move(probs)}});
    }
  } else {
    for (size_t i = 0; i < p.rows; ++i) {
      double v = p.values[i];
      preds.push_back({{"id", next_prediction_id()}, {"value", std::isfinite(v) ? json(v) : json(nullptr)}});
    }
  }
  return json{{"model", model}, {"version", version}, {"predictions", std::move(preds)}}.dump();
}

}  // namespace mlgate::api
