// Evaluates every production model's alert rules on a thread of its own, every
// --alert-interval seconds: drift (the model is drifting), accuracy from feedback below a
// threshold, error rate and p99 latency above one. A condition that holds fires an alert
// (stored and audited with a cooldown, in one transaction), which is then sent to the
// webhook and, for drift and accuracy, queues a retrain when the model's policy says so.
#pragma once
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "mlgate/result.hpp"
#include "registry/alert_store.hpp"

namespace mlgate::app {

class App;

class AlertEvaluator {
 public:
  explicit AlertEvaluator(App& app) : app_(app) {}
  ~AlertEvaluator() { stop(); }
  void start();
  void stop();
  // One pass over all production models; returns the alerts that fired.
  Result<std::vector<registry::Alert>> evaluate_once();

 private:
  void loop();
  App& app_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mlgate::app
