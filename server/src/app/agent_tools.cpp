#include "app/agent_tools.hpp"

#include <functional>
#include <map>

#include "api/validation.hpp"
#include "app/agent_monitoring_tools.hpp"
#include "app/agent_tool_args.hpp"
#include "app/agent_uploads.hpp"
#include "app/app.hpp"
#include "app/operations.hpp"
#include "core/fs.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {
constexpr size_t kAuditShown = 20;
constexpr size_t kTestsShown = 20;

// [SECTION] cards: what the UI renders from a result

json version_card(const api::VersionInfo& v) {
  return {{"card", "version"},         {"model", v.model},
          {"version", v.version},      {"stage", v.stage},
          {"description", v.description}, {"created_by", v.created_by},
          {"created_at", v.created_at}, {"task", v.signature.task},
          {"features", v.signature.features}, {"classes", v.signature.classes},
          {"tests", v.tests}};
}

json test_card(const api::TestRecord& t) {
  return {{"card", "metrics"}, {"model", t.model},     {"version", t.version},   {"test_id", t.id},
          {"passed", t.passed}, {"rows", t.rows},      {"label_column", t.label_column},
          {"metrics", t.metrics}, {"thresholds", t.thresholds}, {"at", t.at}, {"actor", t.actor}};
}

json promotion_card(const api::Promotion& p) {
  return {{"card", "promotion"},          {"id", p.id},         {"model", p.model},
          {"version", p.version},         {"status", p.status}, {"requested_by", p.requested_by},
          {"reason", p.reason},           {"decided_by", p.decided_by}, {"decision_reason", p.decision_reason}};
}

std::string ref(const std::string& model, int64_t v) { return model + " v" + std::to_string(v); }
const std::string& model_of(const json& a) { return a.at("model").get_ref<const std::string&>(); }
int64_t version_of(const json& a, const char* key = "version") { return a.at(key).get<int64_t>(); }
std::string reason_of(const json& a) { return a.value("reason", std::string()); }

template <class T>
Result<json> card(Result<T> r, json (*make)(const T&)) {
  if (!r) return r.error();
  return make(r.value());
}

// The newest test of a version, if any.
Result<std::optional<api::TestRecord>> last_test(App& app, const std::string& model, int64_t v) {
  auto tests = app.store().list_tests(model, v);
  if (!tests) return tests.error();
  if (tests->empty()) return std::optional<api::TestRecord>();
  return std::optional<api::TestRecord>(tests->back());
}

Result<registry::UploadRecord> owned_upload(App& app, const http::Identity& who, const json& a, const std::string& kind) {
  const std::string& id = a.at("upload_id").get_ref<const std::string&>();
  if (auto st = validate_upload_id(id); !st) return st.error();
  auto up = app.agent_store().get_upload(id, who.name);
  if (!up) return up.error();
  if (up->kind != kind)
    return unprocessable("wrong_upload_kind", "upload '" + id + "' (" + up->filename + ") is a " + up->kind + " file; this needs " +
                                                  (kind == "onnx" ? "an ONNX model" : "a CSV file"));
  return up;
}

// [SECTION] the tools

using Handler = std::function<Result<json>(App&, const http::Identity&, const json&)>;

Result<json> list_models(App& app, const http::Identity&, const json&) {
  auto models = app.store().list_models();
  if (!models) return models.error();
  json out = json::array();
  for (const auto& m : models.value())
    out.push_back({{"name", m.name}, {"latest_version", m.latest_version}, {"production_version", m.production_version ? json(*m.production_version) : json()},
                   {"versions_count", m.versions_count}});
  return json{{"card", "models"}, {"models", out}};
}

Result<json> describe_model(App& app, const http::Identity&, const json& a) {
  if (a.contains("version")) return card(app.store().get_version(model_of(a), version_of(a)), version_card);
  auto versions = app.store().list_versions(model_of(a));
  if (!versions) return versions.error();
  json list = json::array();
  for (const auto& v : versions.value())
    list.push_back({{"version", v.version}, {"stage", v.stage}, {"created_at", v.created_at}, {"created_by", v.created_by},
                    {"description", v.description}, {"tests", v.tests.size()}});
  return json{{"card", "model"}, {"model", model_of(a)}, {"versions", list}};
}

Result<json> compare_versions(App& app, const http::Identity&, const json& a) {
  const std::string& model = model_of(a);
  json sides = json::array();
  for (const char* key : {"version_a", "version_b"}) {
    auto v = app.store().get_version(model, version_of(a, key));
    if (!v) return v.error();
    auto t = last_test(app, model, v->version);
    if (!t) return t.error();
    json side = {{"version", v->version}, {"stage", v->stage}, {"created_at", v->created_at}, {"tested", t->has_value()}};
    if (t.value()) side.update({{"test_id", (*t)->id}, {"passed", (*t)->passed}, {"metrics", (*t)->metrics}, {"rows", (*t)->rows}});
    sides.push_back(side);
  }
  return json{{"card", "comparison"}, {"model", model}, {"versions", sides}};
}

Result<json> register_model(App& app, const http::Identity& who, const json& a) {
  auto up = owned_upload(app, who, a, "onnx");
  if (!up) return up.error();
  // The upload stays for later turns: the store adopts a copy.
  auto temp = app.artifacts().new_temp_path();
  std::error_code ec;
  std::filesystem::copy_file(upload_path(app, up->id), temp, ec);
  if (ec) return not_found("upload_not_found", "the file of upload '" + up->id + "' is gone; upload it again");
  auto created = ops::register_version(app, model_of(a), temp, a.value("description", std::string()), {}, who.name);
  std::filesystem::remove(temp, ec);  // adopted (moved) on success; a leftover otherwise
  if (!created) return created.error();
  json out = version_card(created->version);
  out["created"] = created->created;
  return out;
}

Result<json> test_model(App& app, const http::Identity& who, const json& a) {
  auto up = owned_upload(app, who, a, "csv");
  if (!up) return up.error();
  if (uint64_t(up->size_bytes) > app.config().max_csv_bytes)
    return too_large("upload '" + up->id + "' is larger than the CSV limit of " + std::to_string(app.config().max_csv_bytes) + " bytes");
  auto csv = read_upload(app, up.value());
  if (!csv) return csv.error();
  return card(ops::test_version(app, model_of(a), version_of(a), csv.value(), a.at("label").get<std::string>(), who.name),
              test_card);
}

Result<json> list_tests(App& app, const http::Identity&, const json& a) {
  const std::string& model = model_of(a);
  std::vector<int64_t> versions;
  if (a.contains("version")) {
    versions.push_back(version_of(a));
  } else {
    auto all = app.store().list_versions(model);
    if (!all) return all.error();
    for (const auto& v : all.value()) versions.push_back(v.version);
  }
  json tests = json::array();
  for (int64_t v : versions) {
    auto list = app.store().list_tests(model, v);
    if (!list) return list.error();
    for (const auto& t : list.value()) {
      json c = test_card(t);
      c.erase("card");
      tests.push_back(std::move(c));
    }
  }
  if (tests.size() > kTestsShown) tests.erase(tests.begin(), tests.end() - kTestsShown);  // the newest
  return json{{"card", "tests"}, {"model", model}, {"tests", tests}};
}

Result<json> request_promotion(App& app, const http::Identity& who, const json& a) {
  return card(app.store().request_promotion(model_of(a), version_of(a), reason_of(a), who.name), promotion_card);
}

Result<json> decide(App& app, const http::Identity& who, const json& a, bool approve) {
  return card(ops::decide_promotion(app, a.at("promotion_id").get<int64_t>(), approve, reason_of(a), who.name), promotion_card);
}

Result<json> archive_version(App& app, const http::Identity& who, const json& a) {
  return card(app.store().archive_version(model_of(a), version_of(a), who.name), version_card);
}

Result<json> delete_version(App& app, const http::Identity& who, const json& a) {
  if (auto st = ops::delete_version(app, model_of(a), version_of(a), who.name); !st) return st.error();
  return json{{"card", "deleted"}, {"model", model_of(a)}, {"version", version_of(a)}};
}

Result<json> rollback(App& app, const http::Identity& who, const json& a) {
  return card(ops::rollback(app, model_of(a), reason_of(a), who.name), version_card);
}

Result<json> predict(App& app, const http::Identity& who, const json& a) {
  std::optional<int64_t> version;
  if (a.contains("version")) version = version_of(a);
  // The same body, decoder and checks as POST /api/v1/models/{name}/predict.
  json body = {{"rows", json::array({a.at("features")})}};
  auto text = ops::predict(app, model_of(a), version, who.role, body.dump());
  if (!text) return text.error();
  json out = json::parse(text.value());
  out["card"] = "prediction";
  return out;
}

Result<json> audit_trail(App& app, const http::Identity&, const json& a) {
  registry::AuditFilter f;
  if (a.contains("model")) f.model = model_of(a);
  f.limit = 1000;
  json events = json::array();
  for (;;) {  // the newest events: walk to the end of the log
    auto page = app.store().audit(f);
    if (!page) return page.error();
    for (const auto& e : page.value()) {
      events.push_back(json(e));
      if (events.size() > kAuditShown) events.erase(events.begin());
    }
    if (page->size() < size_t(f.limit)) break;
    f.after = page->back().id;
  }
  return json{{"card", "audit"}, {"events", events}};
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"list_models", list_models},
      {"describe_model", describe_model},
      {"compare_versions", compare_versions},
      {"register_model", register_model},
      {"test_model", test_model},
      {"list_tests", list_tests},
      {"request_promotion", request_promotion},
      {"approve_promotion", [](App& app, const http::Identity& who, const json& a) { return decide(app, who, a, true); }},
      {"reject_promotion", [](App& app, const http::Identity& who, const json& a) { return decide(app, who, a, false); }},
      {"archive_version", archive_version},
      {"delete_version", delete_version},
      {"rollback", rollback},
      {"predict", predict},
      {"audit_trail", audit_trail},
      {"monitoring_report", monitoring_report_tool},
      {"drift_report", drift_report_tool},
      {"retrain", retrain_tool},
      {"list_jobs", list_jobs_tool},
  };
  return table;
}

// [SECTION] preparing a call

std::string known_tools() {
  std::string out;
  for (const auto& s : agent::tool_specs()) out += (out.empty() ? "" : ", ") + s.name;
  return out;
}

// The one-line summary a pending action shows on its confirm button.
Result<std::string> summarize(App& app, const PreparedCall& c) {
  const json& a = c.arguments;
  const std::string& tool = c.spec->name;
  if (tool == "request_promotion") return "Request promotion of " + ref(model_of(a), version_of(a)) + " to production";
  if (tool == "approve_promotion" || tool == "reject_promotion") {
    auto p = app.store().get_promotion(a.at("promotion_id").get<int64_t>());
    if (!p) return p.error();
    std::string what = "promotion #" + std::to_string(p->id) + " (" + ref(p->model, p->version) + " to production)";
    return (tool == "approve_promotion" ? "Approve " : "Reject ") + what;
  }
  if (tool == "archive_version") return "Archive " + ref(model_of(a), version_of(a)) + ", the production version";
  if (tool == "delete_version") return "Delete " + ref(model_of(a), version_of(a));
  if (tool == "rollback") return "Roll back " + model_of(a) + " to its previous production version";
  return tool + " " + a.dump();
}
}  // namespace

json tool_error_json(const Error& e) {
  return {{"error", {{"status", e.status}, {"code", e.code}, {"message", e.message}}}};
}

Result<PreparedCall> prepare_tool_call(App& app, const http::Identity& who, const std::string& tool, const json& arguments) {
  PreparedCall c;
  c.spec = agent::find_tool_spec(tool);
  if (!c.spec || !handlers().count(tool))
    return bad_request("unknown_tool", "there is no tool named '" + tool + "'; the tools are: " + known_tools());
  auto args = check_tool_arguments(*c.spec, arguments);
  if (!args) return args.error();
  c.arguments = std::move(args.value());

  // The person's role, exactly as the HTTP route would check it.
  auto needed = http::parse_role(c.spec->role).value_or(http::Role::admin);
  if (who.role < needed)
    return forbidden("forbidden", tool + " needs the " + std::string(http::role_name(needed)) + " role; '" + who.name + "' has " +
                                      std::string(http::role_name(who.role)));

  if (c.arguments.contains("model"))
    if (auto st = api::validate_model_name(model_of(c.arguments)); !st) return st.error();
  if (tool == "compare_versions") {  // default: production against the newest staging
    if (!c.arguments.contains("version_a")) c.arguments["version_a"] = "production";
    if (!c.arguments.contains("version_b")) c.arguments["version_b"] = "staging";
  }
  for (const char* key : {"version", "version_a", "version_b"}) {
    if (!c.arguments.contains(key)) continue;
    auto v = resolve_version(app.store(), model_of(c.arguments), c.arguments[key]);
    if (!v) return v.error();
    c.arguments[key] = v.value();
  }

  c.needs_confirmation = c.spec->confirm == agent::Confirm::always;
  if (c.spec->confirm == agent::Confirm::when_production) {
    auto v = app.store().get_version(model_of(c.arguments), version_of(c.arguments));
    if (!v) return v.error();
    c.needs_confirmation = v->stage == "production";
  }
  if (c.needs_confirmation) {
    auto summary = summarize(app, c);
    if (!summary) return summary.error();
    c.summary = std::move(summary.value());
  }
  return c;
}

Result<json> run_tool_call(App& app, const http::Identity& who, const PreparedCall& call) {
  return handlers().at(call.spec->name)(app, who, call.arguments);
}

}  // namespace mlgate::app
