// The drift report over a large prediction log (not a test): 1,000,000 logged rows × 20
// features written through the log's own writer, then the report's steps timed one by one:
// reading the window's rows back, splitting them into columns, and the statistics against a
// 5,000-row reference (Wasserstein / Jensen-Shannon, as for a reference over 1,000 rows).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "core/clock.hpp"
#include "monitoring/drift_report.hpp"
#include "monitoring/row_cells.hpp"

using namespace mlgate;
using namespace mlgate::monitoring;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}
}  // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::stoul(argv[1]) : 1'000'000, features = 20, ref_rows = 5000;
  auto dir = std::filesystem::temp_directory_path() / ("mlgate-drift-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  LogOptions o;
  o.queue_rows = 1'000'000;
  o.max_rows = int64_t(rows) + 1;
  auto log = PredictionLog::open(dir / "monitoring.db", o);
  if (!log) return std::fprintf(stderr, "%s\n", log.error().message.c_str()), 1;

  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0, 1);
  std::vector<std::string> names;
  for (std::size_t f = 0; f < features; ++f) names.push_back("f" + std::to_string(f));
  Reference ref;
  ref.source = "test";
  for (const auto& n : names) ref.features.push_back({n, {}});
  for (std::size_t r = 0; r < ref_rows; ++r)
    for (auto& c : ref.features) c.values.push_back(num(normal(rng)));

  auto t0 = std::chrono::steady_clock::now();
  const int64_t now = now_epoch_ms();
  const std::size_t batch = 100;  // rows per logged request, as a busy client sends them
  for (std::size_t r = 0; r < rows; r += batch) {
    LoggedRequest e;
    e.model = "bench";
    e.version = 1;
    e.at_ms = now - int64_t(rows - r);
    e.rows = int64_t(batch);
    for (std::size_t k = r; k < std::min(rows, r + batch); ++k) {
      LoggedRequest::Row row;
      row.id = "p" + std::to_string(k);
      for (std::size_t f = 0; f < features; ++f) append_cell(row.inputs, num(normal(rng) + (f == 0 ? 2.0 : 0.0)), f == 0);
      row.output = "a";
      e.sampled.push_back(std::move(row));
    }
    log.value()->record(std::move(e));
    if (r % 100'000 == 0) log.value()->flush();  // keep the queue from dropping
  }
  log.value()->flush();
  const double write_s = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  auto current = log.value()->inputs("bench", 1, now - int64_t(rows) - 1, now + 1, rows);
  if (!current) return std::fprintf(stderr, "%s\n", current.error().message.c_str()), 1;
  const double read_s = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  auto cols = current_columns(current.value(), names);
  const double split_s = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  auto d = parallel_drift(ref.features, cols, std::nullopt, std::nullopt);
  const double stats_s = seconds_since(t0);

  std::printf("drift report over %zu logged rows x %zu features (reference %zu rows)\n", current->size(), features, ref_rows);
  std::printf("  log write (through the writer thread): %.2f s (%.0f rows/s)\n", write_s, double(rows) / write_s);
  std::printf("  read the window's rows:                %.2f s\n", read_s);
  std::printf("  split into columns:                    %.2f s\n", split_s);
  std::printf("  statistics (%s, on every core):  %.2f s\n", d.features[0].statistic.c_str(), stats_s);
  std::printf("  total report:                          %.2f s; drifted features: %zu (f0 shifted by 2 sd: %s)\n",
              read_s + split_s + stats_s, d.drifted_features, d.features[0].drifted ? "drifted" : "missed");
  std::filesystem::remove_all(dir);
  return 0;
}
