#include "app/retrain_scheduler.hpp"

#include <algorithm>

#include "app/app.hpp"
#include "app/retrain_policy.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"

namespace mlgate::app {

Result<registry::Job> queue_retrain(App& app, const std::string& model, const std::string& trigger, const std::string& actor,
                                    const nlohmann::json& params) {
  auto recent = app.jobs().list_jobs(model, 20);
  if (!recent) return recent.error();
  for (const auto& j : recent.value())
    if (j.kind == "retrain" && (j.status == "queued" || j.status == "running")) return j;
  auto job = app.jobs().create_job({model, "retrain", trigger, actor, params});
  if (job) app.job_runner().wake();
  return job;
}

Result<RetrainPolicy> policy_of(App& app, const std::string& model) {
  auto stored = app.jobs().get_policy(model);
  if (!stored) return stored.error();
  return parse_policy(stored.value() ? stored.value()->policy : nlohmann::json::object());
}

Result<int> queue_due_retrains(App& app, int64_t now) {
  auto production = app.store().production_versions();
  if (!production) return production.error();
  int queued = 0;
  for (const auto& v : production.value()) {
    auto stored = app.jobs().get_policy(v.model);
    if (!stored) return stored.error();
    auto policy = parse_policy(stored.value() ? stored.value()->policy : nlohmann::json::object());
    if (!policy) {  // stored by an older mlgate with other rules: say so, do not guess
      log::warn("retrain", v.model + ": its retraining policy is not valid any more: " + policy.error().message);
      continue;
    }
    if (!policy->schedule) continue;
    int64_t last = epoch_seconds_of(v.created_at).value_or(now);
    if (stored.value() && !stored.value()->last_scheduled_at.empty())
      last = std::max(last, epoch_seconds_of(stored.value()->last_scheduled_at).value_or(last));
    auto due = next_run_after(*policy->schedule, last);
    if (!due || *due > now) continue;
    auto job = queue_retrain(app, v.model, "schedule", "mlgate");
    if (!job) return job.error();
    if (auto st = app.jobs().mark_scheduled(v.model, rfc3339_of(now)); !st) return st.error();
    log::info("retrain", v.model + ": scheduled retrain (" + policy->schedule->text + ") queued as job " + std::to_string(job->id));
    ++queued;
  }
  return queued;
}

}  // namespace mlgate::app
