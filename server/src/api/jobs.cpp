// Training and retraining: POST .../train (a CSV → a new version), POST .../retrain, the jobs
// they make, and each model's retraining policy.
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/validation.hpp"
#include "app/retrain_policy.hpp"
#include "app/retrain_scheduler.hpp"
#include "core/clock.hpp"
#include "mlgate/csv.hpp"
#include "retraining/train.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {

json job_json(const registry::Job& j) {
  json out = {{"id", j.id},           {"model", j.model},     {"kind", j.kind},
              {"status", j.status},   {"trigger", j.trigger}, {"actor", j.actor},
              {"params", j.params},   {"created_at", j.created_at}, {"started_at", j.started_at},
              {"finished_at", j.finished_at}, {"log", j.log},  {"error", j.error},
              {"result_version", j.result_version ? json(*j.result_version) : json(nullptr)}, {"result", j.result}};
  auto s = epoch_seconds_of(j.started_at), f = epoch_seconds_of(j.finished_at);
  out["duration_s"] = s && f ? json(*f - *s) : json(nullptr);
  return out;
}

// Training options from the query: label, trainer, test_size, and the trainer's own
// parameters by name (?max_depth=4), each checked now so that a mistake is a 400, not a
// failed job an hour later.
Result<json> train_params(const Request& req) {
  const std::string* label = req.query_param("label");
  if (!label || label->empty()) return bad_request("missing_label", "query parameter 'label' names the CSV's label column");
  json p = {{"label", *label}};
  std::string trainer = req.query_param("trainer") ? *req.query_param("trainer") : "xgboost";
  if (!retraining::trainer_parameters(trainer))
    return bad_request("unknown_trainer", "trainer must be one of xgboost, linear (got '" + trainer + "')");
  p["trainer"] = trainer;
  json params = json::object();
  std::map<std::string, std::string> given;
  for (const auto& [k, v] : req.query) {
    if (k == "label" || k == "trainer" || k == "filename") continue;
    if (k == "test_size") {
      char* end = nullptr;
      double t = std::strtod(v.c_str(), &end);
      if (v.empty() || *end || !(t > 0 && t < 1)) return bad_request("invalid_parameter", "test_size must be a number between 0 and 1");
      p["test_size"] = t;
      continue;
    }
    given[k] = v;
    params[k] = v;
  }
  if (auto checked = retraining::parse_params(trainer, *retraining::trainer_parameters(trainer), given); !checked) return checked.error();
  p["params"] = params;
  return p;
}

Status model_exists(app::App& app, const std::string& name) {
  auto versions = app.store().list_versions(name);  // 404 model_not_found
  if (!versions) return versions.error();
  return ok_status();
}

json policy_view(const std::string& model, const std::optional<registry::RetrainPolicy>& stored, const app::RetrainPolicy& p) {
  json out = {{"model", model}, {"policy", app::policy_json(p)}, {"stored", stored ? stored->policy : json::object()},
              {"updated_at", stored ? stored->updated_at : ""}, {"updated_by", stored ? stored->updated_by : ""},
              {"last_scheduled_at", stored ? stored->last_scheduled_at : ""}};
  out["next_run_at"] = nullptr;
  if (p.schedule)
    if (auto next = app::next_run_after(*p.schedule, now_epoch_seconds())) out["next_run_at"] = rfc3339_of(*next);
  return out;
}

}  // namespace

void add_job_routes(http::Router& r, app::App& app) {
  r.add({verb::post, "/api/v1/models/{name}/train", http::Role::deployer, http::BodyKind::memory, app.config().max_csv_bytes,
         [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto params = train_params(req);
           if (!params) return http::error_response(params.error());
           // The data is checked as the trainer will read it before anything is queued.
           auto table = csv::read_table(req.body);
           if (!table) return http::error_response(table.error());
           retraining::DataOptions opts;
           opts.label = (*params)["label"];
           if (auto set = retraining::make_training_set(table.value(), opts); !set) return http::error_response(set.error());
           auto kept = app.artifacts().put(req.body);
           if (!kept) return http::error_response(kept.error());
           (*params)["data_sha256"] = kept.value();
           (*params)["filename"] = req.query_param("filename") ? *req.query_param("filename") : "";
           auto job = app.jobs().create_job({name.value(), "train", "api", req.identity.name, params.value()});
           if (!job) return http::error_response(job.error());
           app.job_runner().wake();
           return http::json_response(202, job_json(job.value()));
         }});

  r.add({verb::post, "/api/v1/models/{name}/retrain", http::Role::deployer, http::BodyKind::memory, 64 * 1024, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           json body = json::object();
           if (!req.body.empty()) {
             auto parsed = parse_json_body(req.body);
             if (!parsed) return http::error_response(parsed.error());
             body = parsed.value();
           }
           // The same fields a policy has for the trainer, checked the same way.
           json check = json::object();
           for (const char* k : {"trainer", "test_size", "params"})
             if (body.is_object() && body.contains(k)) check[k] = body[k];
           if (!body.is_object() || body.size() != check.size())
             return http::error_response(unprocessable("invalid_body", "the body may only set trainer, test_size and params"));
           if (auto p = app::parse_policy(check); !p) return http::error_response(p.error());
           if (auto exists = model_exists(app, name.value()); !exists) return http::error_response(exists.error());
           auto job = app::queue_retrain(app, name.value(), "api", req.identity.name, check);
           if (!job) return http::error_response(job.error());
           return http::json_response(202, job_json(job.value()));
         }});

  r.add({verb::get, "/api/v1/jobs", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           std::optional<std::string> model;
           if (const std::string* m = req.query_param("model")) {
             if (auto st = validate_model_name(*m); !st) return http::error_response(st.error());
             model = *m;
           }
           auto limit = int_query(req, "limit", 50, 1, 500);
           if (!limit) return http::error_response(limit.error());
           auto jobs = app.jobs().list_jobs(model, limit.value());
           if (!jobs) return http::error_response(jobs.error());
           json list = json::array();
           for (const auto& j : jobs.value()) list.push_back(job_json(j));
           return http::json_response(200, {{"jobs", list}});
         }});

  r.add({verb::get, "/api/v1/jobs/{id}", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto id = parse_version(req.params.at("id"));
           if (!id) return http::error_response(bad_request("invalid_job_id", "a job id is a positive integer"));
           auto job = app.jobs().get_job(id.value());
           if (!job) return http::error_response(job.error());
           return http::json_response(200, job_json(job.value()));
         }});

  r.add({verb::get, "/api/v1/models/{name}/retraining", http::Role::viewer, http::BodyKind::none, 0, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto stored = app.jobs().get_policy(name.value());
           if (!stored) return http::error_response(stored.error());
           auto p = app::parse_policy(stored.value() ? stored.value()->policy : json::object());
           if (!p) return http::error_response(p.error());
           return http::json_response(200, policy_view(name.value(), stored.value(), p.value()));
         }});

  r.add({verb::put, "/api/v1/models/{name}/retraining", http::Role::deployer, http::BodyKind::memory, 64 * 1024, [&app](Request& req) {
           auto name = model_param(req);
           if (!name) return http::error_response(name.error());
           auto body = parse_json_body(req.body);
           if (!body) return http::error_response(body.error());
           auto p = app::parse_policy(body.value());
           if (!p) return http::error_response(p.error());
           // A command runs on this machine as mlgate: only an admin may set one.
           if (p->external && req.identity.role < http::Role::admin)
             return http::error_response(forbidden("forbidden", "setting an external trainer command needs the admin role"));
           if (auto exists = model_exists(app, name.value()); !exists) return http::error_response(exists.error());
           auto stored = app.jobs().put_policy(name.value(), body.value(), req.identity.name);
           if (!stored) return http::error_response(stored.error());
           return http::json_response(200, policy_view(name.value(), stored.value(), p.value()));
         }});
}

}  // namespace mlgate::api
