#include "monitoring/prediction_log.hpp"

#include <chrono>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "registry/sqlite_db.hpp"

namespace mlgate::monitoring {
using registry::sql::Db;
using registry::sql::SqlFailure;

namespace {

// Its own file and its own versioning: the log can be deleted without touching the registry.
constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS requests (
  id          INTEGER PRIMARY KEY,
  model       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL,
  rows        INTEGER NOT NULL,
  latency_ms  REAL NOT NULL,
  status      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_model ON requests(model, at_ms);
CREATE TABLE IF NOT EXISTS predictions (
  id          TEXT PRIMARY KEY,
  model       TEXT NOT NULL,
  version     INTEGER NOT NULL,
  at_ms       INTEGER NOT NULL,
  inputs      TEXT NOT NULL,
  output      TEXT NOT NULL,
  confidence  REAL
);
CREATE INDEX IF NOT EXISTS predictions_by_model ON predictions(model, version, at_ms);
CREATE INDEX IF NOT EXISTS predictions_by_time ON predictions(at_ms);
CREATE TABLE IF NOT EXISTS feedback (
  prediction_id  TEXT PRIMARY KEY,
  label          TEXT NOT NULL,
  at_ms          INTEGER NOT NULL,
  actor          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drift_references (
  model     TEXT NOT NULL,
  version   INTEGER NOT NULL,
  document  TEXT NOT NULL,
  PRIMARY KEY (model, version)
);
)";

std::size_t weight(const LoggedRequest& e) { return 1 + e.sampled.size(); }

StoredPrediction read_prediction(registry::sql::Stmt& s) {
  StoredPrediction p;
  p.id = s.text(0);
  p.model = s.text(1);
  p.version = s.i64(2);
  p.at_ms = s.i64(3);
  p.inputs = s.text(4);
  p.output = s.text(5);
  p.confidence = s.opt_f64(6);
  if (!s.is_null(7)) p.label = s.text(7);
  return p;
}

constexpr const char* kSelect =
    "SELECT p.id, p.model, p.version, p.at_ms, p.inputs, p.output, p.confidence, f.label FROM predictions p "
    "LEFT JOIN feedback f ON f.prediction_id = p.id ";

}  // namespace

Result<std::unique_ptr<PredictionLog>> PredictionLog::open(const std::filesystem::path& file, const LogOptions& options) {
  auto db = Db::open(file);
  if (!db) return db.error();
  std::unique_ptr<PredictionLog> log(new PredictionLog());
  log->options_ = options;
  log->db_ = std::move(db.value());
  auto made = log->db_->transaction<bool>(true, [&]() -> Result<bool> {
    log->db_->exec(kSchema);
    return true;
  });
  if (!made) return made.error();
  log->writer_ = std::thread([p = log.get()] { p->writer_loop(); });
  return log;
}

PredictionLog::~PredictionLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
}

void PredictionLog::record(LoggedRequest entry) {
  {
    std::lock_guard lock(mu_);
    const std::size_t w = weight(entry);
    if (stopping_ || queued_rows_ + w > options_.queue_rows) {
      dropped_rows_ += std::max<std::size_t>(1, entry.sampled.size());
      return;
    }
    queued_rows_ += w;
    queue_.push_back(std::move(entry));
    ++enqueued_;
  }
  wake_.notify_one();
}

void PredictionLog::flush() {
  std::unique_lock lock(mu_);
  const uint64_t target = enqueued_;
  wake_.notify_one();
  drained_.wait(lock, [&] { return written_ >= target || !writer_.joinable(); });
}

uint64_t PredictionLog::dropped_rows() const {
  std::lock_guard lock(mu_);
  return dropped_rows_;
}

void PredictionLog::writer_loop() {
  using namespace std::chrono;
  auto next_retention = steady_clock::now() + minutes(1);
  for (;;) {
    std::vector<LoggedRequest> batch;
    bool stop = false;
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, seconds(1), [&] { return stopping_ || !queue_.empty(); });
      stop = stopping_;
      // At most a few thousand entries per transaction, so a reader is never held long.
      while (!queue_.empty() && batch.size() < 4096) {
        queued_rows_ -= weight(queue_.front());
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty()) {
      const std::size_t n = batch.size();
      if (auto st = write_batch(batch); !st) {
        std::lock_guard lock(mu_);
        for (const auto& e : batch) dropped_rows_ += std::max<std::size_t>(1, e.sampled.size());
        log::error("monitoring", "cannot write the prediction log: " + st.error().message);
      }
      {
        std::lock_guard lock(mu_);
        written_ += n;
      }
      drained_.notify_all();
      continue;  // drain before sleeping or stopping
    }
    if (stop) break;
    if (steady_clock::now() >= next_retention) {
      if (auto r = apply_retention(now_epoch_ms()); !r) log::error("monitoring", "retention: " + r.error().message);
      next_retention = steady_clock::now() + hours(1);
    }
  }
  drained_.notify_all();
}

Status PredictionLog::write_batch(std::vector<LoggedRequest>& batch) {
  auto r = db_->transaction<bool>(true, [&]() -> Result<bool> {
    for (const auto& e : batch) {
      db_->prepare("INSERT INTO requests(model, version, at_ms, rows, latency_ms, status) VALUES (?,?,?,?,?,?)")
          .bind(e.model, e.version, e.at_ms, e.rows, e.latency_ms, e.status)
          .run();
      for (const auto& row : e.sampled)
        db_->prepare("INSERT OR IGNORE INTO predictions(id, model, version, at_ms, inputs, output, confidence) VALUES (?,?,?,?,?,?,?)")
            .bind(row.id, e.model, e.version, e.at_ms, row.inputs, row.output, row.confidence)
            .run();
    }
    return true;
  });
  if (!r) return r.error();
  return ok_status();
}

Result<std::vector<RequestPoint>> PredictionLog::requests(const std::string& model, int64_t since_ms, int64_t until_ms) {
  return db_->transaction<std::vector<RequestPoint>>(false, [&]() -> Result<std::vector<RequestPoint>> {
    std::vector<RequestPoint> out;
    auto s = db_->prepare("SELECT at_ms, version, rows, latency_ms, status FROM requests WHERE model = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms");
    s.bind(model, since_ms, until_ms);
    while (s.step()) out.push_back({s.i64(0), s.i64(1), s.i64(2), s.f64(3), int(s.i64(4))});
    return out;
  });
}

Result<std::vector<StoredPrediction>> PredictionLog::predictions(const std::string& model, int64_t version, int64_t since_ms,
                                                                 int64_t until_ms, std::size_t limit, bool labelled_only) {
  return db_->transaction<std::vector<StoredPrediction>>(false, [&]() -> Result<std::vector<StoredPrediction>> {
    std::vector<StoredPrediction> out;
    std::string sql = std::string(kSelect) + "WHERE p.model = ? AND (? = 0 OR p.version = ?) AND p.at_ms >= ? AND p.at_ms < ?" +
                      (labelled_only ? " AND f.label IS NOT NULL" : "") + " ORDER BY p.at_ms DESC LIMIT ?";
    auto s = db_->prepare(sql.c_str());
    s.bind(model, version, version, since_ms, until_ms, int64_t(limit));
    while (s.step()) out.push_back(read_prediction(s));
    return out;
  });
}

Result<std::vector<PredictionLog::ConfidenceBucket>> PredictionLog::confidence_by_bucket(const std::string& model, int64_t since_ms,
                                                                                       int64_t until_ms, int64_t bucket_ms) {
  return db_->transaction<std::vector<ConfidenceBucket>>(false, [&]() -> Result<std::vector<ConfidenceBucket>> {
    std::vector<ConfidenceBucket> out;
    auto s = db_->prepare(
        "SELECT (at_ms - ?) / ? AS b, COUNT(*), AVG(confidence) FROM predictions WHERE model = ? AND at_ms >= ? AND at_ms < ? "
        "GROUP BY b ORDER BY b");
    s.bind(since_ms, bucket_ms, model, since_ms, until_ms);
    while (s.step()) out.push_back({s.i64(0), s.i64(1), s.opt_f64(2)});
    return out;
  });
}

Result<std::vector<StoredPrediction>> PredictionLog::inputs(const std::string& model, int64_t version, int64_t since_ms,
                                                            int64_t until_ms, std::size_t limit) {
  return db_->transaction<std::vector<StoredPrediction>>(false, [&]() -> Result<std::vector<StoredPrediction>> {
    std::vector<StoredPrediction> out;
    auto s = db_->prepare(
        "SELECT inputs, output FROM predictions WHERE model = ? AND version = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC LIMIT ?");
    s.bind(model, version, since_ms, until_ms, int64_t(limit));
    while (s.step()) {
      StoredPrediction p;
      p.inputs = s.text(0);
      p.output = s.text(1);
      out.push_back(std::move(p));
    }
    return out;
  });
}

Result<std::optional<StoredPrediction>> PredictionLog::find(const std::string& id) {
  return db_->transaction<std::optional<StoredPrediction>>(false, [&]() -> Result<std::optional<StoredPrediction>> {
    auto s = db_->prepare((std::string(kSelect) + "WHERE p.id = ?").c_str());
    s.bind(id);
    if (!s.step()) return std::optional<StoredPrediction>();
    return std::optional<StoredPrediction>(read_prediction(s));
  });
}

Status PredictionLog::add_feedback(const std::vector<Feedback>& items, const std::string& actor) {
  const int64_t now = now_epoch_ms();
  auto r = db_->transaction<bool>(true, [&]() -> Result<bool> {
    for (const auto& f : items)
      db_->prepare("INSERT OR REPLACE INTO feedback(prediction_id, label, at_ms, actor) VALUES (?,?,?,?)")
          .bind(f.prediction_id, f.label, now, actor)
          .run();
    return true;
  });
  if (!r) return r.error();
  return ok_status();
}

Result<int64_t> PredictionLog::apply_retention(int64_t now_ms) {
  const int64_t cutoff = now_ms - options_.retention_ms;
  return db_->transaction<int64_t>(true, [&]() -> Result<int64_t> {
    int64_t removed = 0;
    db_->prepare("DELETE FROM requests WHERE at_ms < ?").bind(cutoff).run();
    db_->prepare("DELETE FROM predictions WHERE at_ms < ?").bind(cutoff).run();
    removed += db_->changes();
    // Beyond the cap, the oldest rows go first.
    auto newest_kept = db_->prepare("SELECT at_ms FROM predictions ORDER BY at_ms DESC LIMIT 1 OFFSET ?");
    newest_kept.bind(options_.max_rows);
    if (newest_kept.step()) {
      const int64_t at = newest_kept.i64(0);
      db_->prepare("DELETE FROM predictions WHERE at_ms <= ?").bind(at).run();
      removed += db_->changes();
    }
    db_->prepare("DELETE FROM feedback WHERE prediction_id NOT IN (SELECT id FROM predictions)").run();
    return removed;
  });
}

Result<std::optional<std::string>> PredictionLog::reference(const std::string& model, int64_t version) {
  return db_->transaction<std::optional<std::string>>(false, [&]() -> Result<std::optional<std::string>> {
    auto s = db_->prepare("SELECT document FROM drift_references WHERE model = ? AND version = ?");
    s.bind(model, version);
    if (!s.step()) return std::optional<std::string>();
    return std::optional<std::string>(s.text(0));
  });
}

Status PredictionLog::put_reference(const std::string& model, int64_t version, const std::string& document) {
  auto r = db_->transaction<bool>(true, [&]() -> Result<bool> {
    db_->prepare("INSERT OR REPLACE INTO drift_references(model, version, document) VALUES (?,?,?)").bind(model, version, document).run();
    return true;
  });
  if (!r) return r.error();
  return ok_status();
}

}  // namespace mlgate::monitoring
