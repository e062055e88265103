#include "app/retrain_policy.hpp"

#include <cmath>

namespace mlgate::app {
using nlohmann::json;

namespace {
Error invalid(const std::string& field, const std::string& why) {
  return unprocessable("invalid_policy", "retraining policy: " + field + " " + why);
}
}  // namespace

Result<RetrainPolicy> parse_policy(const json& j) {
  if (!j.is_object()) return invalid("(the body)", "must be a JSON object");
  RetrainPolicy p;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "schedule") {
      if (!v.is_string()) return invalid("schedule", "must be a cron expression, @weekly-style shorthand or \"off\"");
      if (v != "off") {
        auto s = parse_cron(v.get<std::string>());
        if (!s) return unprocessable("invalid_policy", "retraining policy: " + s.error().message);
        p.schedule = std::move(s.value());
      }
    } else if (k == "on_alert") {
      if (!v.is_boolean()) return invalid("on_alert", "must be true or false");
      p.on_alert = v.get<bool>();
    } else if (k == "trainer") {
      if (v != "xgboost" && v != "linear" && v != "external") return invalid("trainer", "must be \"xgboost\", \"linear\" or \"external\"");
      p.trainer = v.get<std::string>();
    } else if (k == "params") {
      if (!v.is_object()) return invalid("params", "must be an object of parameter names to values");
      for (auto pi = v.begin(); pi != v.end(); ++pi) {
        if (pi->is_string()) p.params[pi.key()] = pi->get<std::string>();
        else if (pi->is_number_integer()) p.params[pi.key()] = std::to_string(pi->get<int64_t>());
        else if (pi->is_number()) p.params[pi.key()] = pi->dump();
        else return invalid("params." + pi.key(), "must be a number or a string");
      }
    } else if (k == "test_size") {
      if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1)) return invalid("test_size", "must be a number between 0 and 1");
      p.test_size = v.get<double>();
    } else if (k == "min_new_labels") {
      if (!v.is_number_integer() || v.get<int64_t>() < 0) return invalid("min_new_labels", "must be a non-negative integer");
      p.min_new_labels = v.get<int64_t>();
    } else if (k == "external") {
      if (v.is_null()) continue;
      if (!v.is_object() || !v.contains("command") || !v["command"].is_string() || v["command"].get<std::string>().empty())
        return invalid("external", "must be {\"command\": \"...\", \"timeout_s\"?: N}");
      ExternalTrainer e;
      e.command = v["command"];
      if (e.command.find("{output}") == std::string::npos) return invalid("external.command", "must write the model to {output}");
      if (e.command.size() > 4096) return invalid("external.command", "is longer than 4096 characters");
      for (auto ei = v.begin(); ei != v.end(); ++ei) {
        if (ei.key() == "command") continue;
        if (ei.key() != "timeout_s") return invalid("external." + ei.key(), "is not a field (command, timeout_s)");
        if (!ei->is_number_integer() || ei->get<int64_t>() < 1 || ei->get<int64_t>() > 7 * 24 * 3600)
          return invalid("external.timeout_s", "must be an integer number of seconds between 1 and 604800");
        e.timeout = std::chrono::seconds(ei->get<int64_t>());
      }
      p.external = std::move(e);
    } else {
      return invalid(k, "is not a field (schedule, on_alert, trainer, params, test_size, min_new_labels, external)");
    }
  }
  if (!j.contains("schedule")) p.schedule = parse_cron(kDefaultSchedule).value();
  if (p.trainer == "external" && !p.external) return invalid("external", "is needed when the trainer is \"external\"");
  return p;
}

json policy_json(const RetrainPolicy& p) {
  json params = json::object();
  for (const auto& [k, v] : p.params) params[k] = v;
  json j = {{"schedule", p.schedule ? p.schedule->text : "off"}, {"on_alert", p.on_alert}, {"trainer", p.trainer},
            {"params", params}, {"test_size", p.test_size}, {"min_new_labels", p.min_new_labels}};
  if (p.external) j["external"] = {{"command", p.external->command}, {"timeout_s", p.external->timeout.count()}};
  else j["external"] = nullptr;
  return j;
}

}  // namespace mlgate::app
