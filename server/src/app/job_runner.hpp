// Runs queued jobs one at a time on a thread of its own, oldest first, so that training
// never competes with the request threads for more than one core. A job's work is a function
// per kind; what it prints goes to the job's log as it runs, so a person can follow it.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "registry/job_store.hpp"

namespace mlgate::app {

class JobLog {
 public:
  JobLog(registry::JobStore& store, int64_t job, const std::atomic<bool>* stopping = nullptr)
      : store_(store), job_(job), stopping_(stopping) {}
  void line(const std::string& text);  // one line, stamped with the time
  // True once mlgate is stopping: long work (training rounds, a trainer command) gives up,
  // and the job fails as interrupted, rather than hold the shutdown for as long as it runs.
  bool stop_requested() const { return stopping_ && stopping_->load(); }

 private:
  registry::JobStore& store_;
  int64_t job_;
  const std::atomic<bool>* stopping_;
};

struct JobOutcome {
  std::optional<int64_t> version;  // the version the job created
  nlohmann::json result = nlohmann::json::object();
};

using JobWork = std::function<Result<JobOutcome>(const registry::Job&, JobLog&)>;

class JobRunner {
 public:
  // `tick` runs between jobs at least every `tick_every` (the retraining schedule, alerts).
  JobRunner(registry::JobStore& store, std::map<std::string, JobWork> kinds, std::function<void()> tick = {},
            std::chrono::milliseconds tick_every = std::chrono::seconds(30));
  ~JobRunner();
  void start();
  void stop();
  void wake();  // a job was queued: look now rather than at the next tick

 private:
  void loop();
  void run(const registry::Job& job);

  registry::JobStore& store_;
  std::map<std::string, JobWork> kinds_;
  std::function<void()> tick_;
  std::chrono::milliseconds tick_every_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false, woken_ = false;
  std::atomic<bool> stop_requested_{false};  // stopping_, for the running job to poll
  std::thread thread_;
};

}  // namespace mlgate::app
