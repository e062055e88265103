// Jobs and retraining policies in the registry database.
#include "core/clock.hpp"
#include "registry/job_store.hpp"
#include "registry/schema.hpp"
#include "registry/sqlite_db.hpp"

namespace mlgate::registry {
using nlohmann::json;

namespace {

// A job's log keeps its last 64 KiB: the end is where a failure says why.
constexpr size_t kMaxLog = 64 * 1024;

Job read_job(const sql::Stmt& s) {
  Job j;
  j.id = s.i64(0);
  j.model = s.text(1);
  j.kind = s.text(2);
  j.status = s.text(3);
  j.trigger = s.text(4);
  j.actor = s.text(5);
  j.params = json::parse(s.text(6));
  j.created_at = s.text(7);
  j.started_at = s.text(8);
  j.finished_at = s.text(9);
  j.log = s.text(10);
  j.error = s.text(11);
  j.result_version = s.opt_i64(12);
  j.result = json::parse(s.text(13));
  return j;
}

RetrainPolicy read_policy(const sql::Stmt& s) {
  return {s.text(0), json::parse(s.text(1)), s.text(2), s.text(3), s.text(4)};
}

Error job_not_found(int64_t id) { return not_found("job_not_found", "no job " + std::to_string(id)); }

class SqliteJobStore final : public JobStore {
 public:
  explicit SqliteJobStore(std::unique_ptr<sql::Db> db) : db_(std::move(db)) {}

  Result<Job> create_job(const NewJob& n) override {
    return db_->transaction<Job>(true, [&]() -> Result<Job> {
      db_->prepare("INSERT INTO jobs (model, kind, status, trigger, actor, params, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?)")
          .bind(n.model, n.kind, n.trigger, n.actor, n.params.dump(), now_rfc3339())
          .run();
      return get(db_->last_insert_id());
    });
  }

  Result<std::optional<Job>> claim_next() override {
    using Out = std::optional<Job>;
    return db_->transaction<Out>(true, [&]() -> Result<Out> {
      auto s = db_->prepare("SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1");
      if (!s.step()) return Out{};
      int64_t id = s.i64(0);
      db_->prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?").bind(now_rfc3339(), id).run();
      auto j = get(id);
      if (!j) return j.error();
      return Out{std::move(j.value())};
    });
  }

  Status append_log(int64_t id, const std::string& text) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      auto j = get(id);
      if (!j) return j.error();
      std::string log = j->log + text;
      if (log.size() > kMaxLog) log = "[...]\n" + log.substr(log.size() - kMaxLog);
      db_->prepare("UPDATE jobs SET log = ? WHERE id = ?").bind(log, id).run();
      return Unit{};
    });
  }

  Result<Job> finish_job(int64_t id, bool succeeded, std::optional<int64_t> result_version, const json& result,
                         const std::string& error) override {
    return db_->transaction<Job>(true, [&]() -> Result<Job> {
      db_->prepare("UPDATE jobs SET status = ?, finished_at = ?, result_version = ?, result = ?, error = ? WHERE id = ?")
          .bind(succeeded ? "succeeded" : "failed", now_rfc3339(), result_version, result.dump(), error, id)
          .run();
      if (db_->changes() == 0) return job_not_found(id);
      return get(id);
    });
  }

  Result<Job> get_job(int64_t id) override {
    return db_->transaction<Job>(false, [&]() -> Result<Job> { return get(id); });
  }

  Result<std::vector<Job>> list_jobs(const std::optional<std::string>& model, int64_t limit) override {
    using Out = std::vector<Job>;
    return db_->transaction<Out>(false, [&]() -> Result<Out> {
      Out out;
      if (model) {
        auto s = db_->prepare("SELECT id, model, kind, status, trigger, actor, params, created_at, started_at, finished_at, log, "
                              "error, result_version, result FROM jobs WHERE model = ? ORDER BY id DESC LIMIT ?");
        s.bind(*model, limit);
        while (s.step()) out.push_back(read_job(s));
      } else {
        auto s = db_->prepare("SELECT id, model, kind, status, trigger, actor, params, created_at, started_at, finished_at, log, "
                              "error, result_version, result FROM jobs ORDER BY id DESC LIMIT ?");
        s.bind(limit);
        while (s.step()) out.push_back(read_job(s));
      }
      return out;
    });
  }

  Result<int64_t> fail_interrupted() override {
    return db_->transaction<int64_t>(true, [&]() -> Result<int64_t> {
      db_->prepare("UPDATE jobs SET status = 'failed', finished_at = ?, error = 'interrupted: mlgate stopped while the job ran', "
                   "log = log || '\n[mlgate stopped while this job ran; it was not finished]\n' WHERE status = 'running'")
          .bind(now_rfc3339())
          .run();
      return int64_t(db_->changes());
    });
  }

  Result<std::optional<RetrainPolicy>> get_policy(const std::string& model) override {
    using Out = std::optional<RetrainPolicy>;
    return db_->transaction<Out>(false, [&]() -> Result<Out> {
      auto s = db_->prepare("SELECT model, policy, updated_at, updated_by, last_scheduled_at FROM retrain_policies WHERE model = ?");
      s.bind(model);
      if (!s.step()) return Out{};
      return Out{read_policy(s)};
    });
  }

  Result<RetrainPolicy> put_policy(const std::string& model, const json& policy, const std::string& actor) override {
    return db_->transaction<RetrainPolicy>(true, [&]() -> Result<RetrainPolicy> {
      std::string now = now_rfc3339();
      db_->prepare("INSERT INTO retrain_policies (model, policy, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(model) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, "
                   "updated_by = excluded.updated_by")
          .bind(model, policy.dump(), now, actor)
          .run();
      db_->prepare("INSERT INTO audit (at, actor, action, model, version, from_stage, to_stage, detail) "
                   "VALUES (?, ?, 'retrain_policy.set', ?, NULL, '', '', ?)")
          .bind(now, actor, model, json{{"policy", policy}}.dump())
          .run();
      auto s = db_->prepare("SELECT model, policy, updated_at, updated_by, last_scheduled_at FROM retrain_policies WHERE model = ?");
      s.bind(model);
      s.step();
      return read_policy(s);
    });
  }

  Result<std::vector<RetrainPolicy>> list_policies() override {
    using Out = std::vector<RetrainPolicy>;
    return db_->transaction<Out>(false, [&]() -> Result<Out> {
      Out out;
      auto s = db_->prepare("SELECT model, policy, updated_at, updated_by, last_scheduled_at FROM retrain_policies ORDER BY model");
      while (s.step()) out.push_back(read_policy(s));
      return out;
    });
  }

  Status mark_scheduled(const std::string& model, const std::string& at) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      // A model on the default policy has no row yet: the schedule's memory needs one.
      db_->prepare("INSERT INTO retrain_policies (model, policy, updated_at, updated_by, last_scheduled_at) VALUES (?, '{}', ?, 'mlgate', ?) "
                   "ON CONFLICT(model) DO UPDATE SET last_scheduled_at = excluded.last_scheduled_at")
          .bind(model, at, at)
          .run();
      return Unit{};
    });
  }

 private:
  Result<Job> get(int64_t id) {
    auto s = db_->prepare("SELECT id, model, kind, status, trigger, actor, params, created_at, started_at, finished_at, log, error, "
                          "result_version, result FROM jobs WHERE id = ?");
    s.bind(id);
    if (!s.step()) return job_not_found(id);
    return read_job(s);
  }

  std::unique_ptr<sql::Db> db_;
};

}  // namespace

Result<std::unique_ptr<JobStore>> open_sqlite_job_store(const std::filesystem::path& db_file) {
  auto db = sql::open_migrated(db_file);
  if (!db) return db.error();
  return std::unique_ptr<JobStore>(new SqliteJobStore(std::move(db.value())));
}

}  // namespace mlgate::registry
