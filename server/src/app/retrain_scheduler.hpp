// Queues the retrains that are due: each model in production whose policy's schedule
// (weekly by default) has come round since it last ran, or since the version went live.
// Called by the job runner between jobs; a model with a retrain already waiting or running
// gets no second one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "app/retrain_policy.hpp"
#include "mlgate/result.hpp"
#include "registry/job_store.hpp"

namespace mlgate::app {

class App;

// The model's stored retraining policy with its defaults (the defaults when none is stored).
Result<RetrainPolicy> policy_of(App& app, const std::string& model);

Result<int> queue_due_retrains(App& app, int64_t now_epoch_seconds);

// A retrain job for `model` unless one is already queued or running (then that one).
Result<registry::Job> queue_retrain(App& app, const std::string& model, const std::string& trigger, const std::string& actor,
                                    const nlohmann::json& params = nlohmann::json::object());

}  // namespace mlgate::app
