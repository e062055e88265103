#include "app/monitoring_ops.hpp"

#include <charconv>
#include <map>
#include <cmath>
#include <random>

#include "app/app.hpp"
#include "app/version_data.hpp"
#include "app/version_tester.hpp"
#include "api/predict_codec.hpp"
#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/log.hpp"
#include "mlgate/csv.hpp"
#include "mlgate/test_data.hpp"
#include "monitoring/drift_report.hpp"
#include "monitoring/row_cells.hpp"
#include "monitoring/window_report.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {

constexpr std::size_t kReferenceRows = 5000;   // sampled from the version's data
constexpr std::size_t kCurrentRows = 20000;    // newest logged rows a drift report reads
constexpr std::size_t kMinDriftRows = 100;     // no verdict below this
constexpr std::size_t kMaxFeedbackItems = 10000;

std::string number_text(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string cell(const inference::Column& c, std::size_t row) {
  if (!c.is_text) return number_text(c.numbers[row]);
  if (!c.text_missing.empty() && c.text_missing[row]) return "";
  return c.texts[row];
}

// The sampler is per thread: the predict path takes no lock for it.
bool sampled(double rate) {
  if (rate >= 1.0) return true;
  if (rate <= 0.0) return false;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(rng) < rate;
}

monitoring::LoggedRequest request_entry(const std::string& model, int64_t version, int64_t rows, int status, double latency_ms) {
  monitoring::LoggedRequest e;
  e.model = model;
  e.version = version;
  e.at_ms = now_epoch_ms();
  e.rows = rows;
  e.status = status;
  e.latency_ms = latency_ms;
  return e;
}

Error bad_feedback(std::size_t item, const std::string& why) {
  return unprocessable("invalid_feedback", "items[" + std::to_string(item) + "]: " + why);
}

}  // namespace

void log_prediction(App& app, const Served& served, const inference::FeatureTable& table, const inference::Predictions& p,
                    uint64_t first_id, double latency_ms) {
  monitoring::LoggedRequest e = request_entry(served.info.model, served.info.version, int64_t(p.rows), 200, latency_ms);
  const auto& features = served.info.signature.features;
  std::vector<const inference::Column*> cols;
  for (const auto& f : features) {
    const inference::Column* found = nullptr;
    for (const auto& c : table.columns)
      if (c.name == f) found = &c;
    cols.push_back(found);
  }
  const double rate = app.prediction_log().options().sample_rate;
  const std::size_t k = p.classes.size();
  for (std::size_t i = 0; i < p.rows; ++i) {
    if (!sampled(rate)) continue;
    monitoring::LoggedRequest::Row row;
    row.id = api::prediction_id(first_id + i);
    for (std::size_t f = 0; f < features.size(); ++f)
      monitoring::append_cell(row.inputs, cols[f] ? cell(*cols[f], i) : std::string(), f == 0);
    if (p.task == "classification") {
      row.output = p.labels[i];
      for (std::size_t c = 0; c < k; ++c)
        if (p.classes[c] == p.labels[i]) row.confidence = double(p.probabilities[i * k + c]);
    } else {
      row.output = number_text(p.values[i]);
    }
    e.sampled.push_back(std::move(row));
  }
  app.prediction_log().record(std::move(e));
}

void log_request(App& app, const std::string& model, int64_t version, int64_t rows, int status, double latency_ms) {
  app.prediction_log().record(request_entry(model, version, rows, status, latency_ms));
}

void prediction_failed(App& app, const std::string& model, int64_t version, int status, double latency_ms) {
  app.ops().observe_prediction_error(model, status);
  log_request(app, model, version, 0, status, latency_ms);
}

Status capture_reference(App& app, const Served& served) {
  const api::VersionInfo& v = served.info;
  auto data = version_data(app, v);
  if (!data) return data.error();
  auto table = csv::read_table(data->csv);
  if (!table) return table.error();
  auto label = table->find(data->label);
  if (!label) return unprocessable("missing_label", "the reference data has no label column '" + data->label + "'");
  auto sources = test_data::map_columns(table.value(), v.signature, *label);
  if (!sources) return sources.error();
  auto scored = score_table(served, table.value(), sources.value());
  if (!scored) return scored.error();

  monitoring::Reference ref;
  ref.source = data->origin.value("from", "") == "training_data" ? "training" : "test";
  ref.data_sha256 = data->origin.value("sha256", "");
  ref.data_rows = table->rows();
  const auto rows = monitoring::sample_rows(table->rows(), kReferenceRows);
  for (std::size_t f = 0; f < v.signature.features.size(); ++f) {
    drift::Column c{v.signature.features[f], {}};
    const auto& cells = table->columns[sources.value()[f]].cells;
    for (std::size_t r : rows) c.values.push_back(cells[r]);
    ref.features.push_back(std::move(c));
  }
  if (scored->task == "classification" || scored->task == "regression") {
    drift::Column pred{"prediction", {}};
    for (std::size_t r : rows) pred.values.push_back(scored->task == "classification" ? scored->labels[r] : number_text(scored->values[r]));
    ref.prediction = std::move(pred);
  }
  return app.prediction_log().put_reference(v.model, v.version, monitoring::reference_document(ref));
}

Result<json> record_feedback(App& app, const json& body, const std::string& actor) {
  if (!body.is_object()) return bad_request("invalid_body", "the body must be a JSON object");
  std::vector<json> items;
  if (body.contains("items")) {
    if (!body["items"].is_array() || body["items"].empty()) return bad_request("invalid_body", "items must be a non-empty array");
    if (body["items"].size() > kMaxFeedbackItems)
      return unprocessable("too_many_items", "at most " + std::to_string(kMaxFeedbackItems) + " items per request");
    items.assign(body["items"].begin(), body["items"].end());
  } else {
    items.push_back(body);
  }
  app.prediction_log().flush();  // a prediction made a moment ago is in the log
  std::vector<monitoring::Feedback> out;
  json per_model = json::object();
  std::map<std::pair<std::string, int64_t>, bool> regressor;  // per version, read once for the batch
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& it = items[i];
    if (!it.is_object() || !it.contains("prediction_id") || !it["prediction_id"].is_string())
      return bad_feedback(i, "needs \"prediction_id\" (a string from a predict response)");
    if (!it.contains("label") || !(it["label"].is_string() || it["label"].is_number() || it["label"].is_boolean()))
      return bad_feedback(i, "needs \"label\": the true label (a string or number)");
    const std::string id = it["prediction_id"];
    auto found = app.prediction_log().find(id);
    if (!found) return found.error();
    if (!found->has_value())
      return not_found("unknown_prediction", "items[" + std::to_string(i) + "]: no logged prediction '" + id.substr(0, 64) +
                                                 "' (unknown, sampled out, or past retention)");
    const auto& pred = found->value();
    std::string label = it["label"].is_string() ? it["label"].get<std::string>() : it["label"].dump();
    if (label.empty()) return bad_feedback(i, "label is empty");
    auto known = regressor.find({pred.model, pred.version});
    if (known == regressor.end()) {
      auto version = app.store().get_version(pred.model, pred.version);
      known = regressor.emplace(std::make_pair(pred.model, pred.version), version && version->signature.task == "regression").first;
    }
    if (known->second) {
      char* end = nullptr;
      double y = std::strtod(label.c_str(), &end);
      if (*end || !std::isfinite(y)) return bad_feedback(i, "label must be a number for the regressor " + pred.model);
      label = number_text(y);
    }
    per_model[pred.model] = per_model.value(pred.model, 0) + 1;
    out.push_back({id, label});
  }
  if (auto st = app.prediction_log().add_feedback(out, actor); !st) return st.error();
  return json{{"accepted", out.size()}, {"models", per_model}};
}

Result<json> monitoring_report(App& app, const std::string& model, int64_t window_ms, std::size_t buckets) {
  auto versions = app.store().list_versions(model);
  if (!versions) return versions.error();
  std::string task;
  if (auto prod = app.serving().production(model)) task = prod.value()->info.signature.task;
  else if (!versions->empty()) task = versions->back().signature.task;
  auto& log = app.prediction_log();
  log.flush();
  monitoring::WindowInput in;
  in.task = task;
  in.until_ms = now_epoch_ms() + 1;
  in.since_ms = in.until_ms - window_ms;
  in.buckets = buckets;
  auto requests = log.requests(model, in.since_ms, in.until_ms);
  if (!requests) return requests.error();
  in.requests = std::move(requests.value());
  auto labelled = log.predictions(model, 0, in.since_ms, in.until_ms, 1'000'000, true);
  if (!labelled) return labelled.error();
  in.labelled = std::move(labelled.value());
  if (task == "classification") {
    auto conf = log.confidence_by_bucket(model, in.since_ms, in.until_ms, monitoring::bucket_ms_for(in.since_ms, in.until_ms, buckets));
    if (!conf) return conf.error();
    in.confidence = std::move(conf.value());
  }
  auto r = monitoring::window_report(in);
  json out = {{"model", model},
              {"task", task.empty() ? json(nullptr) : json(task)},
              {"window", duration_text(window_ms)},
              {"window_ms", window_ms},
              {"bucket_ms", r.bucket_ms},
              {"since", rfc3339_of_ms(r.since_ms)},
              {"until", rfc3339_of_ms(r.until_ms)},
              {"totals", monitoring::figures_json(r.totals)},
              {"buckets", json::array()},
              {"log", {{"dropped_rows", log.dropped_rows()}, {"sample_rate", log.options().sample_rate}}}};
  for (std::size_t i = 0; i < r.buckets.size(); ++i) {
    json b = monitoring::figures_json(r.buckets[i]);
    b["start"] = rfc3339_of_ms(r.since_ms + int64_t(i) * r.bucket_ms);
    out["buckets"].push_back(std::move(b));
  }
  return out;
}

Result<json> drift_report(App& app, const std::string& model, std::optional<int64_t> version, int64_t window_ms) {
  Result<std::shared_ptr<const Served>> served = version ? app.serving().version(model, *version) : app.serving().production(model);
  if (!served) return served.error();
  const Served& s = *served.value();
  auto& log = app.prediction_log();
  auto doc = log.reference(s.info.model, s.info.version);
  if (!doc) return doc.error();
  std::string reason;
  if (!doc->has_value()) {  // promoted before mlgate kept references, or a staging version
    if (auto st = capture_reference(app, s); !st) reason = st.error().message;
    doc = log.reference(s.info.model, s.info.version);
    if (!doc) return doc.error();
  }
  std::optional<monitoring::Reference> ref;
  if (doc->has_value()) {
    auto parsed = monitoring::parse_reference(doc->value());
    if (!parsed) return parsed.error();
    ref = std::move(parsed.value());
  }
  log.flush();
  const int64_t until = now_epoch_ms() + 1;
  auto current = log.inputs(s.info.model, s.info.version, until - window_ms, until, kCurrentRows);
  if (!current) return current.error();
  monitoring::DriftInput in;
  in.model = s.info.model;
  in.version = s.info.version;
  in.window = duration_text(window_ms);
  in.features = s.info.signature.features;
  in.reference = ref ? &*ref : nullptr;
  in.no_reference_reason = reason;
  in.current = std::move(current.value());
  in.min_rows = kMinDriftRows;
  return monitoring::drift_report_json(in);
}

}  // namespace mlgate::app
