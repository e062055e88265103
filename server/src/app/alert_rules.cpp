#include "app/alert_rules.hpp"

#include <string>

#include "core/duration.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {
Error invalid(const std::string& field, const std::string& why) {
  return unprocessable("invalid_alert_rules", "alert rules: " + field + " " + why);
}

Result<double> bounded(const json& v, const std::string& field, double lo, double hi) {
  if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi)
    return invalid(field, "must be a number from " + json(lo).dump() + " to " + json(hi).dump());
  return v.get<double>();
}
}  // namespace

Result<AlertRules> parse_alert_rules(const json& j) {
  if (!j.is_object()) return invalid("(the body)", "must be a JSON object");
  AlertRules r;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (v.is_null() && k != "drift") continue;  // null: the rule is off
    if (k == "drift") {
      if (!v.is_boolean()) return invalid("drift", "must be true or false");
      r.drift = v.get<bool>();
    } else if (k == "min_accuracy") {
      auto x = bounded(v, k, 0, 1);
      if (!x) return x.error();
      r.min_accuracy = x.value();
    } else if (k == "max_error_rate") {
      auto x = bounded(v, k, 0, 1);
      if (!x) return x.error();
      r.max_error_rate = x.value();
    } else if (k == "max_p99_latency_ms") {
      auto x = bounded(v, k, 0.001, 3.6e6);
      if (!x) return x.error();
      r.max_p99_latency_ms = x.value();
    } else if (k == "min_labels" || k == "min_requests") {
      if (!v.is_number_integer() || v.get<int64_t>() < 1) return invalid(k, "must be a positive integer");
      (k == "min_labels" ? r.min_labels : r.min_requests) = v.get<int64_t>();
    } else if (k == "window" || k == "cooldown") {
      auto ms = v.is_string() ? parse_duration_ms(v.get<std::string>()) : std::nullopt;
      if (!ms) return invalid(k, "must be a duration such as \"30m\", \"1h\" or \"2d\"");
      (k == "window" ? r.window_ms : r.cooldown_ms) = *ms;
    } else {
      return invalid(k, "is not a field (drift, min_accuracy, min_labels, max_error_rate, min_requests, max_p99_latency_ms, window, cooldown)");
    }
  }
  return r;
}

json alert_rules_json(const AlertRules& r) {
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"drift", r.drift},
          {"min_accuracy", opt(r.min_accuracy)},
          {"min_labels", r.min_labels},
          {"max_error_rate", opt(r.max_error_rate)},
          {"min_requests", r.min_requests},
          {"max_p99_latency_ms", opt(r.max_p99_latency_ms)},
          {"window", duration_text(r.window_ms)},
          {"cooldown", duration_text(r.cooldown_ms)}};
}

}  // namespace mlgate::app
