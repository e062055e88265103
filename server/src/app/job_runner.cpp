#include "app/job_runner.hpp"

#include "core/clock.hpp"
#include "core/log.hpp"

namespace mlgate::app {

void JobLog::line(const std::string& text) {
  if (auto st = store_.append_log(job_, now_rfc3339() + " " + text + "\n"); !st)
    log::warn("jobs", "job " + std::to_string(job_) + ": could not append to its log: " + st.error().message);
}

JobRunner::JobRunner(registry::JobStore& store, std::map<std::string, JobWork> kinds, std::function<void()> tick,
                     std::chrono::milliseconds tick_every)
    : store_(store), kinds_(std::move(kinds)), tick_(std::move(tick)), tick_every_(tick_every) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::start() { thread_ = std::thread([this] { loop(); }); }

void JobRunner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_requested_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobRunner::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void JobRunner::loop() {
  auto next_tick = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      woken_ = false;
    }
    if (tick_ && std::chrono::steady_clock::now() >= next_tick) {
      tick_();
      next_tick = std::chrono::steady_clock::now() + tick_every_;
    }
    auto job = store_.claim_next();
    if (!job) log::error("jobs", "cannot read the job queue: " + job.error().message);
    if (job && job.value()) {
      run(*job.value());
      continue;  // look for the next one at once
    }
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, next_tick, [this] { return stopping_ || woken_; });
  }
}

void JobRunner::run(const registry::Job& job) {
  JobLog jl(store_, job.id, &stop_requested_);
  auto started = std::chrono::steady_clock::now();
  log::info("jobs", "job " + std::to_string(job.id) + " (" + job.kind + " " + job.model + ") started");
  Result<JobOutcome> out = Error{};
  auto it = kinds_.find(job.kind);
  if (it == kinds_.end()) {
    out = internal_error("no worker for jobs of kind '" + job.kind + "'");
  } else {
    try {
      out = it->second(job, jl);
    } catch (const std::exception& e) {  // a job must never take the runner down with it
      out = internal_error(std::string("the job failed unexpectedly: ") + e.what());
    }
  }
  // Given up because mlgate is stopping: failed as a job a kill interrupted is at the next start.
  if (!out && jl.stop_requested()) out = Error{503, "interrupted", "interrupted: mlgate stopped while the job ran (" + out.error().message + ")"};
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (out) jl.line("done in " + std::to_string(seconds).substr(0, 6) + " s");
  else jl.line("failed: " + out.error().message);
  auto finished = out ? store_.finish_job(job.id, true, out->version, out->result, "")
                      : store_.finish_job(job.id, false, std::nullopt, nlohmann::json::object(), out.error().message);
  if (!finished) log::error("jobs", "job " + std::to_string(job.id) + ": could not record its end: " + finished.error().message);
  log::info("jobs", "job " + std::to_string(job.id) + (out ? " succeeded" : " failed: " + out.error().message));
}

}  // namespace mlgate::app
