#include "app/alert_evaluator.hpp"

#include "app/alert_rules.hpp"
#include "app/alert_webhook.hpp"
#include "app/app.hpp"
#include "app/monitoring_ops.hpp"
#include "app/retrain_policy.hpp"
#include "app/retrain_scheduler.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"

namespace mlgate::app {
using nlohmann::json;

namespace {

constexpr int64_t kDriftWindowMs = 86'400'000;

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// The conditions that hold for one model now, as alerts to fire.
Result<std::vector<registry::NewAlert>> conditions(App& app, const api::VersionInfo& v, const AlertRules& rules) {
  std::vector<registry::NewAlert> out;
  auto add = [&](const char* rule, double value, double threshold, std::string message, json detail) {
    out.push_back({v.model, v.version, rule, value, threshold, std::move(message), std::move(detail)});
  };
  if (rules.drift) {
    auto d = drift_report(app, v.model, v.version, kDriftWindowMs);
    if (d && d->value("drifting", false)) {
      json drifted = json::array();
      for (const auto& f : (*d)["features"])
        if (f.value("drifted", false)) drifted.push_back(f["feature"]);
      const double n = double((*d)["drifted_features"].get<int64_t>()), total = double((*d)["feature_count"].get<int64_t>());
      add("drift", n, total / 2, v.model + " v" + std::to_string(v.version) + " is drifting: " + d->value("message", ""),
          {{"drifted_features", drifted}, {"current_rows", (*d)["current_rows"]}});
    }
  }
  if (rules.min_accuracy || rules.max_error_rate || rules.max_p99_latency_ms) {
    auto m = monitoring_report(app, v.model, rules.window_ms, 1);
    if (!m) return m.error();
    const json& t = (*m)["totals"];
    const int64_t labelled = t["labelled"], requests = t["requests"];
    if (rules.min_accuracy && labelled >= rules.min_labels && t["accuracy"].is_number() &&
        t["accuracy"].get<double>() < *rules.min_accuracy)
      add("accuracy", t["accuracy"], *rules.min_accuracy,
          v.model + ": accuracy from feedback " + fixed(t["accuracy"]) + " is below " + fixed(*rules.min_accuracy) + " over " +
              std::to_string(labelled) + " labelled predictions",
          {{"labelled", labelled}});
    if (rules.max_error_rate && requests >= rules.min_requests && t["error_rate"].is_number() &&
        t["error_rate"].get<double>() > *rules.max_error_rate)
      add("error_rate", t["error_rate"], *rules.max_error_rate,
          v.model + ": error rate " + fixed(t["error_rate"]) + " is above " + fixed(*rules.max_error_rate) + " over " +
              std::to_string(requests) + " requests",
          {{"requests", requests}, {"errors", t["errors"]}});
    if (rules.max_p99_latency_ms && requests >= rules.min_requests && t["latency_ms"].is_object() &&
        t["latency_ms"]["p99"].get<double>() > *rules.max_p99_latency_ms)
      add("latency_p99", t["latency_ms"]["p99"], *rules.max_p99_latency_ms,
          v.model + ": p99 latency " + fixed(t["latency_ms"]["p99"]) + " ms is above " + fixed(*rules.max_p99_latency_ms) + " ms",
          {{"requests", requests}});
  }
  return out;
}

json alert_payload(const registry::Alert& a) {
  return {{"type", "mlgate.alert"},
          {"alert",
           {{"id", a.id}, {"model", a.model}, {"version", a.version}, {"rule", a.rule}, {"value", a.value},
            {"threshold", a.threshold}, {"message", a.message}, {"detail", a.detail}, {"fired_at", a.fired_at}}}};
}

}  // namespace

void AlertEvaluator::start() {
  thread_ = std::thread([this] { loop(); });
}

void AlertEvaluator::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertEvaluator::loop() {
  const auto interval = std::chrono::seconds(app_.config().alert_interval_s);
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, interval, [&] { return stopping_; })) return;
    }
    if (auto r = evaluate_once(); !r) log::error("alerts", "cannot evaluate the alert rules: " + r.error().message);
  }
}

Result<std::vector<registry::Alert>> AlertEvaluator::evaluate_once() {
  std::vector<registry::Alert> fired;
  auto production = app_.store().production_versions();
  if (!production) return production.error();
  for (const auto& v : production.value()) {
    auto stored = app_.alerts().get_rules(v.model);
    if (!stored) return stored.error();
    auto rules = parse_alert_rules(stored.value() ? *stored.value() : json::object());
    if (!rules) {
      log::warn("alerts", v.model + ": its alert rules are not valid any more: " + rules.error().message);
      continue;
    }
    auto found = conditions(app_, v, rules.value());
    if (!found) return found.error();
    for (const auto& c : found.value()) {
      auto a = app_.alerts().fire(c, rfc3339_of_ms(now_epoch_ms() - rules->cooldown_ms));
      if (!a) return a.error();
      if (!a->has_value()) continue;  // within the cooldown of the same alert
      registry::Alert alert = a->value();
      log::warn("alerts", alert.message);
      if (!app_.config().alert_webhook.empty()) {
        alert.delivery = deliver_alert(app_.config().alert_webhook, app_.config().alert_webhook_secret, alert_payload(alert));
        if (auto st = app_.alerts().set_delivery(alert.id, alert.delivery); !st) return st.error();
        if (alert.delivery != "delivered") log::warn("alerts", "webhook for alert " + std::to_string(alert.id) + " " + alert.delivery);
      }
      if (alert.rule == "drift" || alert.rule == "accuracy") {
        auto policy = policy_of(app_, v.model);
        if (policy && policy->on_alert) {
          if (auto job = queue_retrain(app_, v.model, "alert", "mlgate", json::object()))
            log::info("alerts", v.model + ": retrain queued as job " + std::to_string(job->id) + " by alert " + std::to_string(alert.id));
        }
      }
      fired.push_back(std::move(alert));
    }
  }
  return fired;
}

}  // namespace mlgate::app
