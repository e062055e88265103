#include "agent/offline/reply.hpp"

#include <cmath>
#include <cstdio>

namespace mlgate::agent::offline {
using nlohmann::json;
namespace {

std::string text(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return {};
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return format_number(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return {};
}

// Long text from the registry (descriptions, messages) is cut so a reply stays short.
std::string clip(std::string s, size_t n = 160) {
  if (s.size() > n) s = s.substr(0, n) + "…";
  return s;
}

std::string version_label(const json& j) {
  std::string model = text(j, "model"), v = text(j, "version");
  return model + (v.empty() ? "" : " v" + v);
}

std::string metrics_line(const json& m) {
  if (!m.is_object()) return {};
  std::string out;
  for (const char* k : {"accuracy", "f1_macro", "roc_auc", "r2", "rmse", "mae"}) {
    if (!m.contains(k) || !m[k].is_number()) continue;
    out += (out.empty() ? "" : ", ") + std::string(k) + " " + format_number(m[k].get<double>());
  }
  return out;
}

std::string test_line(const json& t) {
  // A metrics card names its record test_id; a record in a list of tests, id.
  std::string id = text(t, "test_id").empty() ? text(t, "id") : text(t, "test_id");
  std::string s = "test #" + id + " of " + version_label(t);
  if (t.contains("rows")) s += " on " + text(t, "rows") + " rows";
  if (t.contains("label_column")) s += " (label " + text(t, "label_column") + ")";
  if (t.contains("passed") && t["passed"].is_boolean()) s += t["passed"].get<bool>() ? ": passed" : ": failed";
  std::string m = metrics_line(t.value("metrics", json::object()));
  return m.empty() ? s : s + "; " + m;
}

std::string models_reply(const json& r) {
  const json& ms = r.contains("models") ? r["models"] : json::array();
  if (!ms.is_array() || ms.empty()) return "No models are registered yet.";
  std::string out = std::to_string(ms.size()) + (ms.size() == 1 ? " model: " : " models: ");
  for (size_t i = 0; i < ms.size(); ++i) {
    const json& m = ms[i];
    std::string prod = text(m, "production_version");
    out += (i ? "; " : "") + text(m, "name") + " (latest v" + text(m, "latest_version") +
           (prod.empty() ? ", nothing in production)" : ", production v" + prod + ")");
  }
  return out + ".";
}

std::string version_reply(const json& v) {
  std::string s = version_label(v) + ": " + text(v, "stage");
  const json sig = v.value("signature", json::object());
  if (sig.is_object()) {
    if (!text(sig, "task").empty()) s += ", " + text(sig, "task");
    if (sig.contains("features") && sig["features"].is_array()) {
      std::vector<std::string> fs;
      for (const auto& f : sig["features"]) fs.push_back(f.is_string() ? f.get<std::string>() : f.dump());
      s += "; features: " + name_list(fs, 12);
    }
    if (sig.contains("classes") && sig["classes"].is_array() && !sig["classes"].empty()) {
      std::vector<std::string> cs;
      for (const auto& c : sig["classes"]) cs.push_back(c.is_string() ? c.get<std::string>() : c.dump());
      s += "; classes: " + name_list(cs, 12);
    }
  }
  if (v.contains("tests") && v["tests"].is_array()) s += "; " + std::to_string(v["tests"].size()) + " test(s)";
  if (!text(v, "description").empty()) s += ". Description: \"" + clip(text(v, "description")) + "\"";
  return s + ".";
}

std::string model_reply(const json& r) {
  if (!r.contains("versions")) return version_reply(r);
  std::string s = text(r, "name") + ": ";
  const json& vs = r["versions"];
  if (!vs.is_array() || vs.empty()) return s + "no versions.";
  for (size_t i = 0; i < vs.size(); ++i) s += (i ? ", " : "") + std::string("v") + text(vs[i], "version") + " " + text(vs[i], "stage");
  s += ".";
  const json& newest = vs.back();
  const json sig = newest.value("signature", json::object());
  if (sig.is_object() && sig.contains("features") && sig["features"].is_array()) {
    std::vector<std::string> fs;
    for (const auto& f : sig["features"]) fs.push_back(f.is_string() ? f.get<std::string>() : f.dump());
    s += " Features: " + name_list(fs, 12) + ".";
  }
  return s;
}

std::string compare_reply(const json& r) {
  // Whatever the shape, show each side's version, stage and headline metrics.
  std::string s;
  for (const char* side : {"a", "b", "version_a", "version_b"}) {
    if (!r.contains(side) || !r[side].is_object()) continue;
    const json& v = r[side];
    std::string m = metrics_line(v.value("metrics", json::object()));
    s += (s.empty() ? "" : " vs ") + version_label(v.contains("model") ? v : json{{"model", text(r, "model")}, {"version", v.value("version", json())}}) +
         (text(v, "stage").empty() ? "" : " (" + text(v, "stage") + ")") + (m.empty() ? ": no test yet" : ": " + m);
  }
  if (s.empty() && r.contains("versions") && r["versions"].is_array())
    for (const auto& v : r["versions"]) {
      std::string m = metrics_line(v.value("metrics", json::object()));
      s += (s.empty() ? "" : " vs ") + std::string("v") + text(v, "version") + " (" + text(v, "stage") + ")" + (m.empty() ? ": no test yet" : ": " + m);
    }
  return s.empty() ? "Compared: " + clip(r.dump(), 300) : s + ".";
}

std::string promotion_reply(const json& p) {
  std::string s = "Promotion request #" + text(p, "id") + " for " + version_label(p) + ": " + text(p, "status");
  if (text(p, "status") == "approved") s += "; it is now in production";
  return s + ".";
}

std::string predict_reply(const json& r) {
  const json& ps = r.contains("predictions") ? r["predictions"] : json::array();
  if (!ps.is_array() || ps.empty()) return version_label(r) + " returned no prediction.";
  const json& p = ps[0];
  std::string s = version_label(r) + " predicts ";
  if (p.contains("label")) {
    s += p["label"].is_string() ? p["label"].get<std::string>() : p["label"].dump();
    if (p.contains("confidence") && p["confidence"].is_number())
      s += " (confidence " + format_number(p["confidence"].get<double>() * 100) + "%)";
  } else {
    s += text(p, "value");
  }
  return s + ".";
}

std::string monitoring_reply(const json& r) {
  const json& t = r.value("totals", json::object());
  std::string s = text(r, "model") + " over the last " + text(r, "window") + ": " + text(t, "requests") + " requests (" +
                  text(t, "rows") + " rows), " + text(t, "errors") + " errors";
  if (t.contains("latency_ms") && t["latency_ms"].is_object())
    s += ", latency p50 " + text(t["latency_ms"], "p50") + " ms, p99 " + text(t["latency_ms"], "p99") + " ms";
  if (t.value("accuracy", json()).is_number())
    s += "; accuracy from feedback " + text(t, "accuracy") + " on " + text(t, "labelled") + " labelled predictions";
  else if (t.value("mae", json()).is_number())
    s += "; from feedback MAE " + text(t, "mae") + ", RMSE " + text(t, "rmse") + " on " + text(t, "labelled") + " labels";
  else
    s += "; no feedback labels yet";
  if (t.value("expected_accuracy", json()).is_number()) s += " (expected accuracy from confidence " + text(t, "expected_accuracy") + ")";
  return s + ".";
}

std::string drift_reply(const json& r) {
  std::string s = version_label(r) + " over the last " + text(r, "window") + ": ";
  const std::string status = text(r, "status");
  if (status != "ok" && status != "drifting") return s + clip(text(r, "message"), 300);
  s += status == "drifting" ? "drifting. " : "no drift. ";
  s += clip(text(r, "message"), 200) + ".";
  for (const auto& f : r.value("features", json::array()))
    if (f.value("drifted", false) || text(f, "status") != "ok")
      s += "\n- " + text(f, "feature") + ": " + text(f, "statistic") + " " + text(f, "value") +
           (f.contains("p_value") ? " (p " + text(f, "p_value") + ")" : "") + ", PSI " + text(f, "psi") + ", " + text(f, "status");
  return s;
}

std::string job_line(const json& j) {
  std::string s = "job #" + text(j, "id") + " " + text(j, "kind") + " of " + text(j, "model") + ": " + text(j, "status");
  if (!text(j, "trigger").empty()) s += " (by " + text(j, "trigger") + ")";
  if (!text(j, "result_version").empty()) s += ", made v" + text(j, "result_version");
  if (!text(j, "error").empty()) s += ": " + clip(text(j, "error"), 120);
  return s;
}

std::string jobs_reply(const json& r) {
  const json& js = r.value("jobs", json::array());
  if (!js.is_array() || js.empty()) return "No training jobs" + (text(r, "model").empty() ? std::string() : " for " + text(r, "model")) + ".";
  std::string s = std::to_string(js.size()) + (js.size() == 1 ? " job:" : " jobs:");
  for (size_t i = 0; i < js.size() && i < 5; ++i) s += "\n- " + job_line(js[i]);
  return s;
}

std::string audit_reply(const json& r) {
  const json& es = r.contains("events") ? r["events"] : json::array();
  if (!es.is_array() || es.empty()) return "No audit events.";
  std::string s = "Latest events:";
  size_t n = std::min<size_t>(es.size(), 5);
  for (size_t i = 0; i < n; ++i) {
    const json& e = es[i];
    s += "\n- " + text(e, "at") + " " + text(e, "actor") + " " + text(e, "action") + " " + version_label(e);
    if (!text(e, "from_stage").empty() || !text(e, "to_stage").empty()) s += " (" + text(e, "from_stage") + " → " + text(e, "to_stage") + ")";
  }
  if (es.size() > n) s += "\n(" + std::to_string(es.size() - n) + " more)";
  return s;
}
}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string name_list(const std::vector<std::string>& names, size_t limit) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += " and " + std::to_string(names.size() - limit) + " more";
  return s;
}

std::string version_list(const ModelView& m) {
  std::string s;
  for (const auto& v : m.versions) s += (s.empty() ? "" : ", ") + std::to_string(v.number) + " (" + v.stage + ")";
  return s;
}

std::string capabilities() {
  return "I can list models, describe a model or version, compare versions, register an uploaded model, test a version on an "
         "uploaded CSV, list tests, request, approve or reject a promotion, archive or delete a version, roll back, predict from "
         "feature values, and show the audit trail.";
}

std::string out_of_scope() { return "That is outside what I can do here. " + capabilities(); }

namespace {
std::string render_known(const std::string& tool, const json& args, const json& r);
}

std::string render_result(const std::string& tool, const json& args, const json& r) {
  // A result of an unexpected shape (a field of another type) is shown raw, not trusted.
  try {
    return render_known(tool, args, r);
  } catch (const json::exception&) {
    return tool + ": " + clip(r.dump(), 300);
  }
}

namespace {
std::string render_known(const std::string& tool, const json& args, const json& r) {
  if (r.is_object() && r.contains("error")) {
    const json& e = r["error"];
    std::string msg = e.is_object() ? text(e, "message") : (e.is_string() ? e.get<std::string>() : "");
    std::string code = e.is_object() ? text(e, "code") : "";
    return "That did not work: " + clip(msg.empty() ? "unknown error" : msg, 300) + (code.empty() ? "" : " (" + code + ")") + ".";
  }
  // The executor's shape for a held-back call (app/agent.cpp): {"card": "pending_action", ...}.
  if (r.is_object() && text(r, "card") == "pending_action")
    return "Waiting for your confirmation: " + clip(text(r, "summary"), 300) + " (confirm or cancel it with the buttons).";
  if (!r.is_object()) return tool + ": " + clip(r.dump(), 300);
  if (tool == "list_models") return models_reply(r);
  if (tool == "describe_model") return model_reply(r);
  if (tool == "compare_versions") return compare_reply(r);
  if (tool == "register_model") return "Registered " + version_label(r) + " (" + text(r, "stage") + ").";
  if (tool == "test_model") return "Tested: " + test_line(r) + ".";
  if (tool == "list_tests") {
    const json& ts = r.contains("tests") ? r["tests"] : json::array();
    if (!ts.is_array() || ts.empty()) return "No tests recorded for " + (text(args, "model").empty() ? "that model" : text(args, "model")) + " yet.";
    std::string s = std::to_string(ts.size()) + (ts.size() == 1 ? " test:" : " tests:");
    for (size_t i = 0; i < ts.size() && i < 5; ++i) s += "\n- " + test_line(ts[i]);
    return s;
  }
  if (tool == "request_promotion" || tool == "approve_promotion" || tool == "reject_promotion") return promotion_reply(r);
  if (tool == "archive_version") return version_label(r) + " is now " + text(r, "stage") + ".";
  if (tool == "delete_version")
    return "Deleted " + text(args, "model") + " v" + text(args, "version") + ".";
  if (tool == "rollback") return version_label(r) + " is back in " + text(r, "stage") + ".";
  if (tool == "predict") return predict_reply(r);
  if (tool == "audit_trail") return audit_reply(r);
  if (tool == "monitoring_report") return monitoring_reply(r);
  if (tool == "drift_report") return drift_reply(r);
  if (tool == "retrain")
    return "Queued " + job_line(r) + ". The new version will land in staging with a promotion request; ask me for the jobs to follow it.";
  if (tool == "list_jobs") return jobs_reply(r);
  return tool + ": " + clip(r.dump(), 300);
}
}  // namespace

}  // namespace mlgate::agent::offline
