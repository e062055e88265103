#include "app/browser_record.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace mlgate::app {
namespace {
using nlohmann::json;

Error field_error(const std::string& field, const std::string& what) {
  return bad_request("invalid_test_record", "'" + field + "' " + what);
}
Error metric_error(const std::string& field, const std::string& what) {
  return unprocessable("invalid_metrics", "'metrics." + field + "' " + what);
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A finite number in [lo, hi]; `nullable` also accepts null (a metric that has no value).
Status number_in(const json& m, const std::string& key, double lo, double hi, bool nullable) {
  const json& v = m.at(key);
  if (v.is_null() && nullable) return ok_status();
  if (!v.is_number() || !std::isfinite(v.get<double>())) return metric_error(key, nullable ? "must be a number or null" : "must be a number");
  double x = v.get<double>();
  if (x < lo || x > hi) return metric_error(key, "is " + v.dump() + ", a value this metric cannot take");
  return ok_status();
}

// The metric names of each task (API.md, plus what shared/'s to_json adds: n, mse,
// unknown_labels, positive_class, roc_auc_ovr_weighted).
const std::set<std::string> kClassification = {"n", "accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_weighted",
                                               "recall_weighted", "f1_weighted", "per_class", "confusion_matrix", "roc_auc",
                                               "roc_auc_ovr_weighted", "log_loss", "unknown_labels", "positive_class", "precision",
                                               "recall", "f1"};
const std::set<std::string> kRegression = {"n", "mae", "mse", "rmse", "r2"};

Status check_names(const json& m, const std::string& task) {
  const auto& allowed = task == "classification" ? kClassification : kRegression;
  const auto& other = task == "classification" ? kRegression : kClassification;
  for (auto it = m.begin(); it != m.end(); ++it) {
    if (allowed.count(it.key())) continue;
    if (other.count(it.key())) return metric_error(it.key(), "is not a " + task + " metric, and this version is a " + task + " model");
    return metric_error(it.key(), "is not a metric mlgate knows (API.md lists them)");
  }
  return ok_status();
}

// labels: the version's classes in order, then the labels it does not know; matrix: counts,
// square, summing to `rows`. Returns the number of correct predictions (the diagonal).
Result<int64_t> check_confusion(const json& m, const std::vector<std::string>& classes, int64_t rows) {
  const json& cm = m.at("confusion_matrix");
  if (!cm.is_object() || !cm.contains("labels") || !cm.contains("matrix") || cm.size() != 2)
    return metric_error("confusion_matrix", "must be {\"labels\": [...], \"matrix\": [[...]]}");
  const json& labels = cm["labels"];
  const json& matrix = cm["matrix"];
  if (!labels.is_array() || !std::all_of(labels.begin(), labels.end(), [](const json& l) { return l.is_string(); }))
    return metric_error("confusion_matrix.labels", "must be an array of strings");
  if (labels.size() < classes.size() || !std::equal(classes.begin(), classes.end(), labels.begin()))
    return metric_error("confusion_matrix.labels", "must start with the version's classes in the model's order");
  std::vector<std::string> unknown(labels.begin() + long(classes.size()), labels.end());
  std::vector<std::string> declared = m.contains("unknown_labels") && m["unknown_labels"].is_array()
                                          ? m["unknown_labels"].get<std::vector<std::string>>() : std::vector<std::string>{};
  if (unknown != declared) return metric_error("confusion_matrix.labels", "lists labels beyond the classes that 'unknown_labels' does not");
  if (!matrix.is_array() || matrix.size() != labels.size())
    return metric_error("confusion_matrix.matrix", "must have one row per label (" + std::to_string(labels.size()) + ")");
  int64_t total = 0, correct = 0;
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    const std::string where = "confusion_matrix.matrix[" + std::to_string(i) + "]";
    if (!matrix[i].is_array() || matrix[i].size() != labels.size())
      return metric_error(where, "must have one column per label (" + std::to_string(labels.size()) + ")");
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const json& c = matrix[i][j];
      if (!c.is_number_integer() || c.get<int64_t>() < 0 || c.get<int64_t>() > rows)
        return metric_error(where + "[" + std::to_string(j) + "]", "must be a count between 0 and rows");
      total += c.get<int64_t>();
      if (i == j) correct += c.get<int64_t>();
    }
  }
  if (total != rows)
    return metric_error("confusion_matrix.matrix", "sums to " + std::to_string(total) + ", not to rows (" + std::to_string(rows) + ")");
  return correct;
}

Status check_per_class(const json& m, int64_t rows) {
  if (!m.contains("per_class")) return ok_status();
  const json& pc = m["per_class"];
  if (!pc.is_object()) return metric_error("per_class", "must be an object of {label: {precision, recall, f1, support}}");
  int64_t support = 0;
  for (auto it = pc.begin(); it != pc.end(); ++it) {
    const std::string where = "per_class." + it.key();
    const json& s = it.value();
    if (!s.is_object()) return metric_error(where, "must be {precision, recall, f1, support}");
    for (const char* k : {"precision", "recall", "f1"}) {
      if (!s.contains(k)) return metric_error(where + "." + k, "is missing");
      if (auto st = number_in(s, k, 0, 1, false); !st) return metric_error(where + "." + k, "must be a number in [0, 1]");
    }
    if (!s.contains("support") || !s["support"].is_number_integer() || s["support"].get<int64_t>() < 0)
      return metric_error(where + ".support", "must be a count");
    if (s.size() != 4) return metric_error(where, "must hold exactly precision, recall, f1 and support");
    support += s["support"].get<int64_t>();
  }
  if (support != rows) return metric_error("per_class", "supports sum to " + std::to_string(support) + ", not to rows");
  return ok_status();
}

Status check_classification(const json& m, const api::Signature& sig, int64_t rows, double& accuracy) {
  for (const char* k : {"accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "confusion_matrix"})
    if (!m.contains(k)) return metric_error(k, "is missing");
  for (const char* k : {"accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted", "precision_weighted", "recall_weighted"})
    if (m.contains(k))
      if (auto st = number_in(m, k, 0, 1, false); !st) return st;
  for (const char* k : {"roc_auc", "roc_auc_ovr_weighted", "precision", "recall", "f1"})
    if (m.contains(k))
      if (auto st = number_in(m, k, 0, 1, true); !st) return st;
  if (m.contains("log_loss"))
    if (auto st = number_in(m, "log_loss", 0, INFINITY, true); !st) return st;
  if (m.contains("unknown_labels") && !m["unknown_labels"].is_array()) return metric_error("unknown_labels", "must be an array of labels");
  if (m.contains("positive_class") && !(m["positive_class"].is_string() && sig.classes.size() == 2 && m["positive_class"] == sig.classes[1]))
    return metric_error("positive_class", "must be the second class of a binary model");
  auto correct = check_confusion(m, sig.classes, rows);
  if (!correct) return correct.error();
  if (auto st = check_per_class(m, rows); !st) return st;
  // The pass rule reads accuracy: it must be the one the confusion matrix gives.
  accuracy = static_cast<double>(correct.value()) / static_cast<double>(rows);
  if (std::fabs(m["accuracy"].get<double>() - accuracy) > 1e-9)
    return metric_error("accuracy", "is " + m["accuracy"].dump() + " but the confusion matrix gives " + json(accuracy).dump());
  return ok_status();
}

Status check_regression(const json& m) {
  for (const char* k : {"mae", "rmse", "r2"})
    if (!m.contains(k)) return metric_error(k, "is missing");
  for (const char* k : {"mae", "mse", "rmse"})
    if (m.contains(k))
      if (auto st = number_in(m, k, 0, INFINITY, false); !st) return st;
  if (auto st = number_in(m, "r2", -INFINITY, 1, true); !st) return st;
  if (m.contains("mse")) {
    double rmse = m["rmse"].get<double>(), mse = m["mse"].get<double>();
    if (std::fabs(rmse * rmse - mse) > 1e-9 * std::max(1.0, mse)) return metric_error("rmse", "is not the square root of 'mse'");
  }
  return ok_status();
}

}  // namespace

Result<api::TestRecord> browser_test_record(const api::VersionInfo& version, const json& body, const PassRule& rule) {
  const api::Signature& sig = version.signature;
  if (sig.task != "classification" && sig.task != "regression")
    return unprocessable("not_testable", "this model is neither a classifier nor a regressor; it has no test metrics");
  if (!body.is_object()) return bad_request("invalid_test_record", "the body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    if (k == "passed" || k == "thresholds") return field_error(k, "is decided by the server from the metrics and its thresholds; leave it out");
    if (k != "source" && k != "rows" && k != "label_column" && k != "data_sha256" && k != "metrics")
      return field_error(k, "is not a field of a browser test record (source, rows, label_column, data_sha256, metrics)");
  }
  for (const char* k : {"source", "rows", "label_column", "data_sha256", "metrics"})
    if (!body.contains(k)) return field_error(k, "is missing");
  if (body["source"] != "browser") return field_error("source", "must be \"browser\" (server tests upload the CSV as text/csv)");
  const json& rows = body["rows"];
  if (!rows.is_number_integer() || rows.get<int64_t>() < 1) return field_error("rows", "must be a positive integer");
  const json& label = body["label_column"];
  if (!label.is_string() || label.get<std::string>().empty() || label.get<std::string>().size() > 1024)
    return field_error("label_column", "must be a non-empty string (at most 1024 bytes)");
  if (!body["data_sha256"].is_string() || !is_sha256_hex(body["data_sha256"].get<std::string>()))
    return field_error("data_sha256", "must be 64 lowercase hex digits (the SHA-256 of the CSV file's bytes)");
  const json& m = body["metrics"];
  if (!m.is_object()) return field_error("metrics", "must be an object");

  const int64_t n = rows.get<int64_t>();
  if (auto st = check_names(m, sig.task); !st) return st.error();
  if (m.contains("n") && !(m["n"].is_number_integer() && m["n"].get<int64_t>() == n)) return metric_error("n", "must equal rows");

  api::TestRecord rec;
  rec.model = version.model;
  rec.version = version.version;
  rec.source = "browser";
  rec.rows = n;
  rec.label_column = label.get<std::string>();
  rec.data_sha256 = body["data_sha256"].get<std::string>();
  rec.metrics = m;
  if (sig.task == "classification") {
    double accuracy = 0;
    if (auto st = check_classification(m, sig, n, accuracy); !st) return st.error();
    rec.thresholds = {{"min_accuracy", rule.min_accuracy}};
    rec.passed = accuracy >= rule.min_accuracy;
  } else {
    if (auto st = check_regression(m); !st) return st.error();
    rec.thresholds = {{"min_r2", rule.min_r2}};
    rec.passed = m["r2"].is_number() && m["r2"].get<double>() >= rule.min_r2;
  }
  return rec;
}

}  // namespace mlgate::app
