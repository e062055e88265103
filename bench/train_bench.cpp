// The built-in trainer's cost (not a test): a synthetic CSV of 100,000 rows × 20 features
// (10% of cells empty) parsed, turned into a training set, and trained with each trainer;
// prints the time of each step and the size of the exported ONNX model.
#include <chrono>
#include <map>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "mlgate/csv.hpp"
#include "retraining/train.hpp"

using namespace mlgate;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A fixed pseudo-random stream (SplitMix64) and a label that depends on a few features.
std::string synthetic(std::size_t rows, std::size_t features, int classes) {
  std::uint64_t s = 12345;
  auto uniform = [&] {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  std::string out;
  for (std::size_t j = 0; j < features; ++j) out += "x" + std::to_string(j) + ",";
  out += "y\n";
  char buf[32];
  for (std::size_t r = 0; r < rows; ++r) {
    double score = 0;
    for (std::size_t j = 0; j < features; ++j) {
      const double x = uniform() * 2 - 1;
      score += (j % 3 == 0 ? 1.0 : -0.5) * x * x + (j < 4 ? x : 0.0);
      if (uniform() >= 0.1) {
        std::snprintf(buf, sizeof buf, "%.6g", x);
        out += buf;
      }
      out += ',';
    }
    score += 0.2 * (uniform() - 0.5);
    if (classes == 0) std::snprintf(buf, sizeof buf, "%.6g\n", 100 + 10 * score);
    else std::snprintf(buf, sizeof buf, "%d\n", std::min(classes - 1, static_cast<int>((std::tanh(score) + 1) / 2 * classes)));
    out += buf;
  }
  return out;
}

}  // namespace

int main() {
  const std::size_t rows = 100000, features = 20;
  struct Run {
    const char* what;
    int classes;
    const char* trainer;
    std::map<std::string, std::string> params;
  };
  const std::vector<Run> runs = {
      {"binary", 2, "xgboost", {}},
      {"binary", 2, "xgboost", {{"nthread", "2"}}},
      {"3 classes", 3, "xgboost", {}},
      {"regression", 0, "xgboost", {}},
      {"binary", 2, "linear", {}},
      {"3 classes", 3, "linear", {}},
      {"regression", 0, "linear", {}},
  };
  std::printf("%zu rows x %zu features, 10%% of cells missing; xgboost: 100 rounds of depth 6, hist, 1 thread (the defaults)\n", rows, features);
  std::printf("%-11s %-8s %-18s %8s %8s %8s %10s  %s\n", "task", "trainer", "params", "csv(s)", "set(s)", "train(s)", "onnx(KiB)", "holdout");
  for (const auto& run : runs) {
    const std::string text = synthetic(rows, features, run.classes);
    auto t0 = std::chrono::steady_clock::now();
    auto table = csv::read_table(text);
    if (!table) return std::fprintf(stderr, "%s\n", table.error().message.c_str()), 1;
    const double t_csv = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    auto set = retraining::make_training_set(table.value(), {.label = "y"});
    if (!set) return std::fprintf(stderr, "%s\n", set.error().message.c_str()), 1;
    const double t_set = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    auto model = retraining::train(set.value(), {.trainer = run.trainer, .params = run.params});
    if (!model) return std::fprintf(stderr, "%s\n", model.error().message.c_str()), 1;
    const double t_train = seconds_since(t0);
    std::string params;
    for (const auto& [k, v] : run.params) params += k + "=" + v;
    const auto& m = model->metrics;
    char metric[64];
    if (run.classes) std::snprintf(metric, sizeof metric, "accuracy %.4f", m["accuracy"].get<double>());
    else std::snprintf(metric, sizeof metric, "r2 %.4f", m["r2"].get<double>());
    std::printf("%-11s %-8s %-18s %8.2f %8.2f %8.2f %10.1f  %s\n", run.what, run.trainer, params.c_str(), t_csv, t_set, t_train,
                static_cast<double>(model->onnx.size()) / 1024.0, metric);
  }
  return 0;
}
