// The client's state and what changes it: navigation and API responses. No drawing and no
// browser calls here, so that it compiles natively and is unit-tested; the UI reads it each
// frame and the web bridge carries its requests out and the responses back in.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mlgate/api_types.hpp"
#include "browser_test.hpp"
#include "chat_state.hpp"
#include "monitor_state.hpp"
#include "route.hpp"

namespace mlgate::client {

// What a request's response updates.
enum class Resource {
  me, models, model, promotions, audit, chat, chat_action, action, predict, attach, tests, history,
  monitoring, drift, alerts, jobs, retrain,  // the monitor pane's views, and its Retrain now
};

struct HttpRequest {
  int id = 0;
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/v1/models"
  std::string body;    // JSON, or "" for none
  Resource resource = Resource::models;
  std::string what;    // for actions: what the person asked for, shown with the outcome;
                       // for the monitor's views: the model asked about (a late reply for
                       // another model is dropped)
};

// A clickable control as drawn last frame, in CSS pixels: published in the state so that
// tests (and assistive tools) can find a button on the canvas and click it like a person.
struct Control {
  std::string id;  // e.g. "approve:3", "promote:iris:2"
  float x = 0, y = 0, w = 0, h = 0;
};

// "Test on server" from the version details: a CSV the page holds, uploaded to the tests
// route with the chosen label column; the server scores it and stores the record.
struct ServerTest {
  std::string model;
  int64_t version = 0;
  std::string file;
  std::vector<std::string> columns;  // the CSV's header
  std::string label;
  bool uploading = false;
  double progress = 0;
  nlohmann::json record = nullptr;  // the stored test record, once back
};

class AppState {
 public:
  // First requests at page load: who we are, then what the route shows.
  std::vector<HttpRequest> start(const Route& initial);
  // Changes the route and returns the requests its pane needs.
  std::vector<HttpRequest> navigate(const Route& r);
  // Sends a chat message (the pane shows the server's answer or its error).
  std::vector<HttpRequest> send_chat(const std::string& text);
  // Confirms (or cancels) an action the agent held back; only this carries it out.
  std::vector<HttpRequest> decide_chat_action(const std::string& action_id, bool confirm);
  void on_response(const HttpRequest& req, int status, const std::string& body);

  // Registry actions (promote, approve, archive, ...): the reply is shown as a notice or an
  // error; after a success the current pane is fetched again.
  std::vector<HttpRequest> act(const std::string& method, const std::string& path, const std::string& what);
  // True once after an action succeeded: the bridge then re-requests the current route.
  bool take_refresh();
  // A model upload through the page (XMLHttpRequest, for its progress).
  void upload_started(const std::string& model);
  void upload_progress(double fraction) { upload_progress_ = fraction; }
  void upload_done(int status, const std::string& body);
  // A file handed to the chat agent (POST /api/v1/uploads): its id becomes a note in the
  // conversation, so the next message can use it.
  void chat_upload_started(const std::string& file_name);
  void chat_upload_done(int status, const std::string& body);
  bool uploading() const { return uploading_; }
  double upload_progress() const { return upload_progress_; }
  const std::string& notice() const { return notice_; }
  const std::vector<api::Promotion>& promotions() const { return promotions_; }
  // Whether the signed-in role includes `role` (viewer < deployer < approver < admin).
  bool can(const std::string& role) const;

  std::vector<Control>& controls() { return controls_; }

  // The predict pane: one text field per feature of the production version; a number
  // field left empty is a missing value. The reply's first prediction is shown.
  const api::VersionInfo* production_version() const;
  std::string& predict_input(const std::string& feature) { return predict_inputs_[feature]; }
  std::vector<HttpRequest> send_predict();
  const nlohmann::json& prediction() const { return prediction_; }

  // The test pane: a CSV chosen or dropped while a version is selected starts scoring at
  // once, with the suggested label column; choosing another label re-computes.
  void on_csv(const std::string& file_name, const std::string& text, const std::string& sha256 = "");
  void choose_label(const std::string& label);
  // "Attach to version": the finished test as a browser test record (metrics and the
  // data's SHA-256, never rows). The stored record comes back in attached().
  std::vector<HttpRequest> attach_test();
  nlohmann::json attached() const { return attached_run_ == test_.run_id() ? attached_ : nlohmann::json(nullptr); }
  BrowserTest& test() { return test_; }
  const BrowserTest& test() const { return test_; }

  // The monitor pane (#/monitor/{name}): its four views are fetched on navigation, on
  // Refresh, on a window change (the two windowed views) and every 30 s while it is shown.
  MonitorState& monitor() { return monitor_; }
  const MonitorState& monitor() const { return monitor_; }
  std::vector<HttpRequest> refresh_monitor();
  std::vector<HttpRequest> set_monitor_window(MonitorWindow w);
  // Called every frame with the UI's clock (seconds): the auto-refresh's requests when due.
  std::vector<HttpRequest> monitor_tick(double now_s);
  // "Retrain now": POST .../retrain with {}; the 202 job (or the refusal) is shown by the
  // button, and the pane is fetched again to list the job.
  std::vector<HttpRequest> retrain();

  // window.mlgate.state(): pane, route, user, test, last_error, ... as JSON text.
  std::string state_json() const;
  // One line for the page's aria-live region (the canvas exposes nothing to screen readers).
  std::string live_text() const;

  const Route& route() const { return route_; }
  const std::string& user() const { return user_; }
  const std::string& role() const { return role_; }
  bool signed_in() const { return !user_.empty(); }
  const std::vector<api::ModelSummary>& models() const { return models_; }
  const std::vector<api::VersionInfo>& versions() const { return versions_; }
  const std::vector<api::AuditEvent>& audit() const { return audit_; }
  const std::vector<ChatMessage>& chat() const { return chat_.messages(); }
  ChatState& conversation() { return chat_; }
  const ChatState& conversation() const { return chat_; }
  // The selected version's test records (server and browser), loaded with its details.
  const std::vector<api::TestRecord>& tests() const { return tests_; }
  // The selected version's events from the model's audit log (upload, tests, promotion,
  // stage changes), oldest first.
  std::vector<api::AuditEvent> version_history() const;

  // Test on server: the page read the chosen file's first lines (header and a row); the
  // label column is pre-selected. server_test_path() is where the page sends the file.
  void server_csv_chosen(const std::string& file, const std::string& head);
  void server_test_label(const std::string& label) { server_test_.label = label; }
  std::string server_test_path() const;
  void server_test_started() { server_test_.uploading = true, server_test_.progress = 0, server_test_.record = nullptr; }
  void server_test_progress(double f) { server_test_.progress = f; }
  void server_test_done(int status, const std::string& body);
  const ServerTest& server_test() const { return server_test_; }
  const std::string& last_error() const { return last_error_; }
  int pending() const { return pending_; }
  // The selected version's record, if loaded.
  const api::VersionInfo* selected_version() const;

 private:
  HttpRequest make(const std::string& method, const std::string& path, Resource res, std::string body = "");
  std::string describe_error(int status, const std::string& body) const;
  void maybe_start_test();
  HttpRequest monitor_request(const std::string& method, const std::string& path, Resource res, std::string body = "");
  void on_monitor_response(const HttpRequest& req, bool ok, int status, const std::string& body);

  Route route_;
  std::string user_, role_;
  std::vector<api::ModelSummary> models_;
  std::string versions_of_;  // the model whose versions_ are loaded
  std::vector<api::VersionInfo> versions_;
  std::vector<api::AuditEvent> audit_;
  std::vector<api::TestRecord> tests_;
  std::vector<api::AuditEvent> history_;  // the selected model's audit events
  ServerTest server_test_;
  std::vector<api::Promotion> promotions_;
  std::vector<Control> controls_;
  std::map<std::string, std::string> predict_inputs_;
  nlohmann::json prediction_ = nullptr;
  std::string notice_;
  std::string uploading_model_;
  bool uploading_ = false;
  double upload_progress_ = 0;
  bool refresh_ = false;
  ChatState chat_;
  MonitorState monitor_;
  std::string last_error_;
  BrowserTest test_;
  nlohmann::json attached_ = nullptr;  // the record the last attach stored, for this test run
  int attached_run_ = 0;
  int next_id_ = 1;
  int pending_ = 0;
};

// "12.3 KB", "4.0 MB": sizes as people read them.
std::string human_bytes(int64_t n);

}  // namespace mlgate::client
