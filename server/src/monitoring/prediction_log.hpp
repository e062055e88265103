// The prediction log: every predict request (its latency and status) and, sampled, every
// predicted row (inputs and output, by prediction id), with the feedback labels joined to
// them later. It lives in its own SQLite file (monitoring.db) so that its write volume
// never contends with the registry's, and it is written by one thread of its own: the
// predict path only moves its entry into a bounded queue, and when the queue is full the
// rows are dropped and counted rather than the request kept waiting.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate::registry::sql {
class Db;
}

namespace mlgate::monitoring {

// One predict request. Rows are present for the sampled rows of a successful request.
struct LoggedRequest {
  std::string model;
  int64_t version = 0;  // 0 when the request failed before a version was chosen
  int64_t at_ms = 0;
  int64_t rows = 0;
  double latency_ms = 0;  // server time: decode, inference and encode
  int status = 200;
  struct Row {
    std::string id;
    std::string inputs;  // cells in the version's feature order (monitoring/row_cells.hpp)
    std::string output;  // predicted label, or the value as text
    std::optional<double> confidence;
  };
  std::vector<Row> sampled;
};

struct LogOptions {
  double sample_rate = 1.0;          // share of predicted rows whose inputs are kept
  int64_t retention_ms = 30LL * 86'400'000;
  int64_t max_rows = 5'000'000;      // predicted rows kept at most (oldest go first)
  std::size_t queue_rows = 100'000;  // rows waiting for the writer at most
};

// A predicted row read back, with its feedback label when one arrived.
struct StoredPrediction {
  std::string id;
  std::string model;
  int64_t version = 0;
  int64_t at_ms = 0;
  std::string inputs;
  std::string output;
  std::optional<double> confidence;
  std::optional<std::string> label;
};

struct RequestPoint {
  int64_t at_ms = 0;
  int64_t version = 0;
  int64_t rows = 0;
  double latency_ms = 0;
  int status = 200;
};

struct Feedback {
  std::string prediction_id;
  std::string label;
};

class PredictionLog {
 public:
  static Result<std::unique_ptr<PredictionLog>> open(const std::filesystem::path& file, const LogOptions& options);
  ~PredictionLog();  // writes what is queued, then stops the writer

  // Never blocks on storage: queues the entry, or drops it (counted) when the queue is full.
  void record(LoggedRequest entry);
  // Waits until everything queued before the call is written (feedback reads its own writes).
  void flush();
  uint64_t dropped_rows() const;
  const LogOptions& options() const { return options_; }

  Result<std::vector<RequestPoint>> requests(const std::string& model, int64_t since_ms, int64_t until_ms);
  // Newest first, at most `limit`; version 0 = any version.
  Result<std::vector<StoredPrediction>> predictions(const std::string& model, int64_t version, int64_t since_ms, int64_t until_ms,
                                                    std::size_t limit, bool labelled_only);
  // Per bucket of `bucket_ms` from `since_ms`: predicted rows and their mean confidence.
  struct ConfidenceBucket {
    int64_t bucket = 0, rows = 0;
    std::optional<double> mean_confidence;
  };
  Result<std::vector<ConfidenceBucket>> confidence_by_bucket(const std::string& model, int64_t since_ms, int64_t until_ms,
                                                             int64_t bucket_ms);
  // Only the inputs and outputs of a version's rows, newest first: what a drift report reads.
  Result<std::vector<StoredPrediction>> inputs(const std::string& model, int64_t version, int64_t since_ms, int64_t until_ms,
                                               std::size_t limit);
  Result<std::optional<StoredPrediction>> find(const std::string& prediction_id);
  // All or nothing; the latest label of a prediction wins.
  Status add_feedback(const std::vector<Feedback>& items, const std::string& actor);
  // Deletes what is past retention or beyond the row cap; the writer runs it hourly.
  Result<int64_t> apply_retention(int64_t now_ms);

  // The drift reference of a version: a JSON document (monitoring/reference.hpp).
  Result<std::optional<std::string>> reference(const std::string& model, int64_t version);
  Status put_reference(const std::string& model, int64_t version, const std::string& document);

 private:
  PredictionLog() = default;
  void writer_loop();
  Status write_batch(std::vector<LoggedRequest>& batch);

  LogOptions options_;
  std::unique_ptr<registry::sql::Db> db_;
  mutable std::mutex mu_;
  std::condition_variable wake_, drained_;
  std::deque<LoggedRequest> queue_;
  std::size_t queued_rows_ = 0;
  uint64_t enqueued_ = 0, written_ = 0;  // entries, for flush()
  uint64_t dropped_rows_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace mlgate::monitoring
