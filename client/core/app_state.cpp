#include "app_state.hpp"

#include <cctype>
#include <cstdio>

#include "mlgate/csv.hpp"

namespace mlgate::client {
using nlohmann::json;

HttpRequest AppState::make(const std::string& method, const std::string& path, Resource res, std::string body) {
  ++pending_;
  return HttpRequest{next_id_++, method, path, std::move(body), res, ""};
}

std::vector<HttpRequest> AppState::start(const Route& initial) {
  std::vector<HttpRequest> out = {make("GET", "/api/v1/me", Resource::me)};
  for (auto& r : navigate(initial)) out.push_back(std::move(r));
  return out;
}

std::vector<HttpRequest> AppState::navigate(const Route& r) {
  // Messages belong to the pane they came from; a refresh of the same pane keeps them.
  if (r.pane != route_.pane) last_error_.clear(), notice_.clear();
  route_ = r;
  std::vector<HttpRequest> out;
  switch (r.pane) {
    case Pane::models:
      out.push_back(make("GET", "/api/v1/models", Resource::models));
      out.push_back(make("GET", "/api/v1/promotions?status=pending", Resource::promotions));
      if (!r.model.empty()) out.push_back(make("GET", "/api/v1/models/" + r.model, Resource::model));
      if (r.version != 0) {
        tests_.clear();
        out.push_back(make("GET", "/api/v1/models/" + r.model + "/versions/" + std::to_string(r.version) + "/tests", Resource::tests));
        out.push_back(make("GET", "/api/v1/audit?limit=1000&model=" + r.model, Resource::history));
      }
      break;
    case Pane::test:
    case Pane::predict:
      if (!r.model.empty()) out.push_back(make("GET", "/api/v1/models/" + r.model, Resource::model));
      break;
    case Pane::monitor:
      out.push_back(make("GET", "/api/v1/models", Resource::models));  // the model picker
      monitor_.show(r.model);
      if (!r.model.empty())
        for (auto& req : refresh_monitor()) out.push_back(std::move(req));
      break;
    case Pane::audit:
      out.push_back(make("GET", "/api/v1/audit?limit=500" + (r.model.empty() ? std::string() : "&model=" + r.model), Resource::audit));
      break;
    default: break;
  }
  return out;
}

std::vector<HttpRequest> AppState::send_chat(const std::string& text) {
  return {make("POST", "/api/v1/chat", Resource::chat, chat_.begin_message(text))};
}

std::vector<HttpRequest> AppState::decide_chat_action(const std::string& action_id, bool confirm) {
  std::string path = chat_.begin_decision(action_id, confirm);
  if (path.empty()) return {};
  HttpRequest r = make("POST", path, Resource::chat_action);
  r.what = action_id;
  return {r};
}

std::string AppState::describe_error(int status, const std::string& body) const {
  auto j = json::parse(body, nullptr, false);
  std::string msg;
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    msg = j["error"].value("message", "");
    std::string code = j["error"].value("code", "");
    if (!code.empty()) msg = code + ": " + msg;
  }
  if (status == 0) return "the server cannot be reached";
  if (status == 401) return "not signed in (" + (msg.empty() ? "401" : msg) + "): open the link with ?token= that mlgate printed";
  if (status == 403) return "not allowed: " + (msg.empty() ? "403" : msg);
  return "HTTP " + std::to_string(status) + (msg.empty() ? "" : ": " + msg);
}

void AppState::on_response(const HttpRequest& req, int status, const std::string& body) {
  if (pending_ > 0) --pending_;
  bool ok = status >= 200 && status < 300;
  if (req.resource == Resource::chat) {
    chat_.on_reply(ok, body, ok ? "" : describe_error(status, body));
    return;
  }
  if (req.resource == Resource::chat_action) {
    const bool confirm = req.path.size() > 8 && req.path.compare(req.path.size() - 8, 8, "/confirm") == 0;
    chat_.on_decision(req.what, confirm, ok, body, ok ? "" : describe_error(status, body));
    if (ok && confirm) refresh_ = true;  // the registry changed: what is on screen is stale
    return;
  }
  switch (req.resource) {
    case Resource::monitoring:
    case Resource::drift:
    case Resource::alerts:
    case Resource::jobs:
    case Resource::retrain: return on_monitor_response(req, ok, status, body);
    default: break;
  }
  if (req.resource == Resource::action) {
    if (ok) {
      notice_ = req.what + ": done";
      last_error_.clear();
      refresh_ = true;
    } else {
      notice_.clear();
      last_error_ = req.what + ": " + describe_error(status, body);
    }
    return;
  }
  if (!ok) {
    last_error_ = req.method + " " + req.path + ": " + describe_error(status, body);
    return;
  }
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    last_error_ = req.method + " " + req.path + ": the reply is not JSON";
    return;
  }
  switch (req.resource) {
    case Resource::me:
      user_ = j.value("name", "");
      role_ = j.value("role", "");
      break;
    case Resource::models:
      models_ = j.value("models", std::vector<api::ModelSummary>{});
      break;
    case Resource::model:
      versions_of_ = j.value("name", "");
      versions_ = j.value("versions", std::vector<api::VersionInfo>{});
      maybe_start_test();
      break;
    case Resource::audit:
      audit_ = j.value("events", std::vector<api::AuditEvent>{});
      break;
    case Resource::promotions:
      promotions_ = j.value("promotions", std::vector<api::Promotion>{});
      break;
    case Resource::action: break;
    case Resource::tests:
      tests_ = j.value("tests", std::vector<api::TestRecord>{});
      break;
    case Resource::history:
      history_ = j.value("events", std::vector<api::AuditEvent>{});
      break;
    case Resource::attach:
      attached_ = j;
      notice_ = "attached to " + j.value("model", "") + " v" + std::to_string(j.value("version", int64_t{0})) + " as test " +
                std::to_string(j.value("id", int64_t{0})) + (j.value("passed", false) ? ", passed" : ", not passed");
      last_error_.clear();
      break;
    case Resource::predict:
      prediction_ = j.contains("predictions") && !j["predictions"].empty() ? j["predictions"][0] : json(nullptr);
      break;
    case Resource::chat:
    case Resource::chat_action:
    case Resource::monitoring:
    case Resource::drift:
    case Resource::alerts:
    case Resource::jobs:
    case Resource::retrain: break;  // handled above
  }
}

std::vector<HttpRequest> AppState::act(const std::string& method, const std::string& path, const std::string& what) {
  HttpRequest r = make(method, path, Resource::action);
  r.what = what;
  return {r};
}

const api::VersionInfo* AppState::production_version() const {
  if (versions_of_ != route_.model) return nullptr;
  for (const auto& v : versions_)
    if (v.stage == "production") return &v;
  return nullptr;
}

std::vector<HttpRequest> AppState::send_predict() {
  const api::VersionInfo* v = production_version();
  if (!v) return {};
  json row = json::object();
  for (const auto& f : v->signature.features) {
    const std::string& text = predict_inputs_[f];
    if (api::feature_is_text(v->signature, f)) {
      row[f] = text;
      continue;
    }
    double x = 0;
    switch (csv::parse_number(text, x)) {
      case csv::NumberKind::finite: row[f] = x; break;
      case csv::NumberKind::missing: row[f] = nullptr; break;
      default:
        last_error_ = "'" + f + "': '" + text + "' is not a number";
        prediction_ = nullptr;
        return {};
    }
  }
  last_error_.clear();
  prediction_ = nullptr;
  return {make("POST", "/api/v1/models/" + v->model + "/predict", Resource::predict, json{{"rows", json::array({row})}}.dump())};
}

HttpRequest AppState::monitor_request(const std::string& method, const std::string& path, Resource res, std::string body) {
  HttpRequest r = make(method, path, res, std::move(body));
  r.what = monitor_.model();
  return r;
}

std::vector<HttpRequest> AppState::refresh_monitor() {
  if (monitor_.model().empty()) return {};
  monitor_.restart_clock();
  monitor_.monitoring.start(), monitor_.drift.start(), monitor_.alerts.start(), monitor_.jobs.start();
  return {monitor_request("GET", monitor_.monitoring_path(), Resource::monitoring), monitor_request("GET", monitor_.drift_path(), Resource::drift),
          monitor_request("GET", monitor_.alerts_path(), Resource::alerts), monitor_request("GET", monitor_.jobs_path(), Resource::jobs)};
}

std::vector<HttpRequest> AppState::set_monitor_window(MonitorWindow w) {
  const bool changed = w != monitor_.window();
  monitor_.set_window(w);
  if (!changed || monitor_.model().empty()) return {};
  monitor_.restart_clock();
  monitor_.monitoring.start(), monitor_.drift.start();  // alerts and jobs do not depend on the window
  return {monitor_request("GET", monitor_.monitoring_path(), Resource::monitoring), monitor_request("GET", monitor_.drift_path(), Resource::drift)};
}

std::vector<HttpRequest> AppState::monitor_tick(double now_s) {
  // Not while a fetch is out: a slow server gets no pile of requests.
  if (route_.pane != Pane::monitor || monitor_.model().empty() || monitor_.loading()) return {};
  return monitor_.due(now_s) ? refresh_monitor() : std::vector<HttpRequest>{};
}

std::vector<HttpRequest> AppState::retrain() {
  if (monitor_.model().empty() || monitor_.retrain().sending) return {};
  monitor_.retrain_sent();
  return {monitor_request("POST", monitor_.retrain_path(), Resource::retrain, "{}")};
}

void AppState::on_monitor_response(const HttpRequest& req, bool ok, int status, const std::string& body) {
  // A reply for a model or window no longer shown (the person moved on) is dropped.
  if (req.what != monitor_.model()) return;
  if (req.resource == Resource::monitoring && req.path != monitor_.monitoring_path()) return;
  if (req.resource == Resource::drift && req.path != monitor_.drift_path()) return;
  const std::string error = ok ? "" : describe_error(status, body);
  // As on the other panes, a failed fetch is also the page's error line.
  if (!ok && req.resource != Resource::retrain) last_error_ = req.method + " " + req.path + ": " + error;
  switch (req.resource) {
    case Resource::monitoring: monitor_.on_monitoring(body, error); break;
    case Resource::drift: monitor_.on_drift(body, error); break;
    case Resource::alerts: monitor_.on_alerts(body, error); break;
    case Resource::jobs: monitor_.on_jobs(body, error); break;
    case Resource::retrain:
      monitor_.on_retrain(body, error);
      if (ok) refresh_ = true;  // the new job belongs in the jobs table
      break;
    default: break;
  }
}

bool AppState::take_refresh() {
  bool r = refresh_;
  refresh_ = false;
  return r;
}

void AppState::upload_started(const std::string& model) {
  uploading_ = true;
  uploading_model_ = model;
  upload_progress_ = 0;
  notice_ = "uploading to " + model + "...";
}

void AppState::upload_done(int status, const std::string& body) {
  uploading_ = false;
  if (status == 200 || status == 201) {
    auto j = json::parse(body, nullptr, false);
    int64_t v = j.is_object() ? j.value("version", int64_t{0}) : 0;
    notice_ = uploading_model_ + " v" + std::to_string(v) + (status == 201 ? " uploaded, in staging" : ": these bytes are already this version");
    last_error_.clear();
    refresh_ = true;
  } else {
    notice_.clear();
    last_error_ = "upload to " + uploading_model_ + ": " + describe_error(status, body);
  }
}

void AppState::chat_upload_started(const std::string& file_name) {
  uploading_ = true;
  upload_progress_ = 0;
  uploading_model_ = file_name;
}

void AppState::chat_upload_done(int status, const std::string& body) {
  uploading_ = false;
  auto j = json::parse(body, nullptr, false);
  if (status == 201 && j.is_object() && j.contains("upload_id")) {
    const std::string kind = j.value("kind", "");
    std::string text = "Uploaded " + j.value("filename", uploading_model_) + " (" + (kind == "onnx" ? "an ONNX model" : "a CSV") +
                       ", id " + j.value("upload_id", "") + "). ";
    text += kind == "onnx" ? "Ask me to register it, e.g. \"register the model I just uploaded as churn\"."
                           : "Ask me to test a version with it, e.g. \"test the latest churn with this file\".";
    chat_.note(text);
    last_error_.clear();
  } else {
    last_error_ = "upload of " + uploading_model_ + " for the agent: " + describe_error(status, body);
  }
}

bool AppState::can(const std::string& role) const {
  static const char* order[] = {"viewer", "deployer", "approver", "admin"};
  int have = -1, need = 99;
  for (int i = 0; i < 4; ++i) {
    if (role_ == order[i]) have = i;
    if (role == order[i]) need = i;
  }
  return have >= need;
}

void AppState::on_csv(const std::string& file_name, const std::string& text, const std::string& sha256) {
  test_.load_csv(file_name, text, sha256);
  maybe_start_test();
}

std::vector<HttpRequest> AppState::attach_test() {
  json body = test_.record_body();
  if (body.is_null()) {
    last_error_ = test_.data_sha256().empty() ? "attach: this browser could not hash the CSV (SHA-256 needs https or localhost)"
                                              : "attach: finish a test first";
    return {};
  }
  attached_ = nullptr;
  attached_run_ = test_.run_id();
  const auto& v = test_.version();
  return {make("POST", "/api/v1/models/" + v.model + "/versions/" + std::to_string(v.version) + "/tests", Resource::attach,
               body.dump(-1, ' ', false, json::error_handler_t::replace))};
}

void AppState::choose_label(const std::string& label) {
  if (const auto* v = selected_version(); v && test_.has_csv()) test_.start(*v, label);
}

void AppState::maybe_start_test() {
  if (route_.pane != Pane::test || !test_.has_csv() || test_.status() != TestStatus::idle) return;
  if (const auto* v = selected_version()) test_.start(*v, test_.suggest_label(v->signature));
}

const api::VersionInfo* AppState::selected_version() const {
  if (route_.version == 0 || versions_of_ != route_.model) return nullptr;
  for (const auto& v : versions_)
    if (v.version == route_.version) return &v;
  return nullptr;
}

std::vector<api::AuditEvent> AppState::version_history() const {
  std::vector<api::AuditEvent> out;
  for (const auto& e : history_)
    if (e.model == route_.model && e.version == route_.version) out.push_back(e);
  return out;
}

void AppState::server_csv_chosen(const std::string& file, const std::string& head) {
  const auto* v = selected_version();
  if (!v) return;
  server_test_ = ServerTest{v->model, v->version, file};
  auto header = csv::read_table(head);
  if (!header) {
    last_error_ = file + ": " + header.error().message;
    return;
  }
  for (const auto& c : header->columns) server_test_.columns.push_back(c.name);
  server_test_.label = suggest_label_column(server_test_.columns, v->signature);
}

namespace {
// A query value, percent-encoded (the router decodes it once).
std::string query_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}
}  // namespace

std::string AppState::server_test_path() const {
  return "/api/v1/models/" + server_test_.model + "/versions/" + std::to_string(server_test_.version) +
         "/tests?label=" + query_encode(server_test_.label);
}

void AppState::server_test_done(int status, const std::string& body) {
  server_test_.uploading = false;
  if (status == 201) {
    server_test_.record = json::parse(body, nullptr, false);
    const json& r = server_test_.record;
    notice_ = "server test " + std::to_string(r.value("id", int64_t{0})) + " of " + server_test_.file + ": " +
              (r.value("passed", false) ? "passed" : "not passed");
    last_error_.clear();
    refresh_ = true;
  } else {
    last_error_ = "test on server: " + describe_error(status, body);
  }
}

std::string AppState::state_json() const {
  json models = json::array();
  for (const auto& m : models_) models.push_back(m.name);
  json versions = json::array();
  if (versions_of_ == route_.model)
    for (const auto& v : versions_) versions.push_back({{"version", v.version}, {"stage", v.stage}});
  json chat = chat_.to_json();
  json s = {
      {"pane", pane_name(route_.pane)},
      {"route", format_route(route_)},
      {"user", user_.empty() ? json(nullptr) : json({{"name", user_}, {"role", role_}})},
      {"models", models},
      {"versions", versions},
      {"audit_events", audit_.size()},
      {"chat", chat["messages"]},
      {"chat_actions", chat["actions"]},
      {"conversation_id", chat["conversation_id"]},
      {"tests", json::array()},
      {"history", json::array()},
      {"server_test", {{"file", server_test_.file}, {"columns", server_test_.columns}, {"label", server_test_.label},
                       {"uploading", server_test_.uploading}, {"progress", server_test_.progress}, {"record", server_test_.record}}},
      {"test", test_.state_json()},
      {"attached", attached()},
      {"prediction", prediction_},
      {"monitor", monitor_.to_json()},
      {"pending_requests", pending_},
      {"promotions", json::array()},
      {"controls", json::array()},
      {"notice", notice_.empty() ? json(nullptr) : json(notice_)},
      {"upload", {{"active", uploading_}, {"progress", upload_progress_}}},
      {"last_error", last_error_.empty() ? json(nullptr) : json(last_error_)},
  };
  for (const auto& p : promotions_) s["promotions"].push_back({{"id", p.id}, {"model", p.model}, {"version", p.version}, {"status", p.status}});
  for (const auto& t : tests_)
    s["tests"].push_back({{"id", t.id}, {"source", t.source}, {"passed", t.passed}, {"rows", t.rows}, {"actor", t.actor}});
  for (const auto& e : version_history())
    s["history"].push_back({{"at", e.at}, {"actor", e.actor}, {"action", e.action}, {"from", e.from_stage}, {"to", e.to_stage}});
  for (const auto& c : controls_) s["controls"].push_back({{"id", c.id}, {"x", c.x}, {"y", c.y}, {"w", c.w}, {"h", c.h}});
  return s.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string AppState::live_text() const {
  if (!last_error_.empty()) return "Error: " + last_error_;
  if (!notice_.empty() && route_.pane == Pane::models) return notice_;
  std::string who = user_.empty() ? "not signed in" : "signed in as " + user_ + " (" + role_ + ")";
  std::string what;
  switch (route_.pane) {
    case Pane::models:
      if (const auto* v = selected_version())
        what = route_.model + " version " + std::to_string(v->version) + ", " + v->stage;
      else if (!route_.model.empty())
        what = route_.model + ": " + std::to_string(versions_.size()) + " versions";
      else
        what = std::to_string(models_.size()) + " models";
      break;
    case Pane::audit: what = std::to_string(audit_.size()) + " audit events"; break;
    case Pane::predict:
      if (prediction_.is_object() && prediction_.contains("label"))
        what = "prediction: " + prediction_["label"].get<std::string>() + ", confidence " + prediction_["confidence"].dump();
      else if (prediction_.is_object() && prediction_.contains("value"))
        what = "prediction: " + prediction_["value"].dump();
      else
        what = "predict with " + route_.model;
      break;
    case Pane::test:
      what = "test " + std::string(status_name(test_.status())) + ", " + std::to_string(test_.rows_scored()) + " of " +
             std::to_string(test_.rows_total()) + " rows";
      if (test_.status() == TestStatus::done && test_.metrics().contains("accuracy"))
        what += ", accuracy " + test_.metrics()["accuracy"].dump();
      if (test_.status() == TestStatus::done && test_.metrics().contains("r2")) what += ", R2 " + test_.metrics()["r2"].dump();
      if (!test_.error().empty()) what += ": " + test_.error();
      if (!attached().is_null()) what += "; " + notice_;
      break;
    case Pane::monitor: what = monitor_.live_text(); break;
    case Pane::chat: what = chat().empty() ? "chat" : chat().back().role + ": " + chat().back().text; break;
    default: what = pane_name(route_.pane); break;
  }
  return what + "; " + who;
}

std::string human_bytes(int64_t n) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(n));
  else std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace mlgate::client
