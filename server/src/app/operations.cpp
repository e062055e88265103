#include "app/operations.hpp"

#include "api/predict_codec.hpp"
#include "app/monitoring_ops.hpp"
#include "app/version_tester.hpp"
#include "inference/probe.hpp"
#include "core/fs.hpp"
#include "core/log.hpp"

namespace mlgate::app::ops {

Result<registry::CreatedVersion> register_version(App& app, const std::string& model, const std::filesystem::path& file,
                                                  const std::string& description, const inference::IntakeOptions& options,
                                                  const std::string& actor, const nlohmann::json& lineage) {
  auto bytes = fs::read_file(file);
  if (!bytes) return bytes.error();
  // The cheap checks first, then the first load by ONNX Runtime in a child process.
  if (auto st = inference::precheck_onnx(bytes.value()); !st) return st.error();
  const Config& cfg = app.config();
  inference::ProbeLimits limits{cfg.probe_executable, std::chrono::seconds(cfg.probe_timeout_s), cfg.probe_memory_mb << 20};
  if (auto st = inference::probe_model(file, options, limits); !st) return st.error();
  auto intake = inference::intake_model(bytes.value(), options);
  if (!intake) return intake.error();

  // Blobs first, then the row: a kill in between leaves only an orphan blob (GC'd at start).
  auto sha = app.artifacts().adopt(file);
  if (!sha) return sha.error();
  std::string web_sha = sha.value();
  if (!intake->web_bytes.empty()) {
    auto w = app.artifacts().put(intake->web_bytes);
    if (!w) return w.error();
    web_sha = w.value();
  }
  registry::NewVersion nv;
  nv.model = model;
  nv.sha256 = sha.value();
  nv.web_sha256 = web_sha;
  nv.size_bytes = static_cast<int64_t>(bytes->size());
  nv.description = description;
  nv.signature = intake->signature;
  nv.producer = intake->producer;
  nv.opset = intake->opset;
  nv.lineage = lineage;
  return app.store().create_version(nv, actor);
}

Result<api::TestRecord> test_version(App& app, const std::string& model, int64_t version, std::string_view csv,
                                     const std::string& label, const std::string& actor) {
  auto served = app.serving().version(model, version);
  if (!served) return served.error();
  PassRule rule{app.config().min_accuracy, app.config().min_r2};
  auto rec = run_server_test(*served.value(), csv, label, rule);
  if (!rec) return rec.error();
  rec->actor = actor;
  // The data first, then the record: a kill in between leaves an orphan blob, collected at start.
  if (auto kept = app.artifacts().put(csv); !kept) return kept.error();
  return app.store().add_test(rec.value());
}

Result<api::Promotion> decide_promotion(App& app, int64_t id, bool approve, const std::string& reason,
                                        const std::string& actor) {
  auto promo = app.store().get_promotion(id);
  if (!promo) return promo.error();
  if (approve && promo->status == "pending") {
    // Load (and hash-check) first, so the swap itself is instant.
    auto loaded = app.serving().version(promo->model, promo->version);
    if (!loaded) return loaded.error();
  }
  auto decided = app.store().decide_promotion(id, approve, reason, actor, app.config().allow_self_approval);
  if (!decided) return decided.error();
  if (approve) {
    if (auto st = app.serving().refresh(decided->model); !st)
      log::error("serving", "approved " + decided->model + " v" + std::to_string(decided->version) +
                                " but could not serve it: " + st.error().message);
    // The drift reference is taken now, from the data the version was judged on.
    if (auto served = app.serving().version(decided->model, decided->version)) {
      if (auto st = capture_reference(app, *served.value()); !st)
        log::warn("monitoring", "no drift reference for " + decided->model + " v" + std::to_string(decided->version) + ": " +
                                    st.error().message);
    }
  }
  return decided;
}

Result<api::VersionInfo> rollback(App& app, const std::string& model, const std::string& reason, const std::string& actor) {
  auto now = app.store().rollback(model, reason, actor);
  if (!now) return now.error();
  if (auto st = app.serving().refresh(model); !st)
    log::error("serving", "rolled back " + model + " but could not serve it: " + st.error().message);
  return now;
}

Status delete_version(App& app, const std::string& model, int64_t version, const std::string& actor) {
  auto st = app.store().delete_version(model, version, actor);
  if (!st) return st;
  app.serving().forget(model, version);
  return st;
}

Result<std::string> predict(App& app, const std::string& model, std::optional<int64_t> version, http::Role role,
                            std::string_view body) {
  Result<std::shared_ptr<const Served>> served = Error{};
  if (version) {
    served = app.serving().version(model, *version);
    // Only production is open to viewers; other stages are for those who deploy.
    if (served && served.value()->info.stage != "production" && role < http::Role::deployer)
      return forbidden("forbidden", "predicting with a non-production version needs the deployer role");
  } else {
    served = app.serving().production(model);
  }
  if (!served) return served.error();
  const auto& s = *served.value();
  metrics::Stopwatch server_time;
  // Errors are counted only for served models: a label per requested name would let any
  // client grow /metrics (or the log) without bound.
  auto fail = [&](const Error& e) -> Error {
    prediction_failed(app, s.info.model, s.info.version, e.status, server_time.seconds() * 1000);
    return e;
  };
  auto table = api::decode_predict_body(body, s.info.signature);
  if (!table) return fail(table.error());
  metrics::Stopwatch inference;
  auto preds = s.model->predict(table.value());
  if (!preds) return fail(preds.error());
  app.ops().observe_prediction(s.info.model, s.info.version, table->rows, inference.seconds());
  const uint64_t first_id = api::reserve_prediction_ids(preds->rows);
  std::string out = api::encode_predictions(s.info.model, s.info.version, preds.value(), first_id);
  log_prediction(app, s, table.value(), preds.value(), first_id, server_time.seconds() * 1000);
  return out;
}

}  // namespace mlgate::app::ops
