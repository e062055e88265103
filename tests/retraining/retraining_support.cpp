#include "retraining_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <xgboost/c_api.h>

#include "inference/ort_env.hpp"

namespace mlgate::test {
namespace {

class Rng {  // SplitMix64; the suite's data must not depend on the standard library's engines
 public:
  explicit Rng(std::uint64_t s) : s_(s) {}
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double normal() {  // Box-Muller
    const double u = std::max(uniform(), 1e-300), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
  }

 private:
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t s_;
};

std::string text_of(double v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}

}  // namespace

std::string fixture_text(const std::string& relative) {
  std::ifstream in(std::string(MLGATE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

csv::Table table_of(const std::string& csv_text) {
  auto t = csv::read_table(csv_text);
  INFO((t ? "" : t.error().message));
  REQUIRE(t.ok());
  return std::move(t.value());
}

retraining::TrainingSet set_of(const csv::Table& table, const retraining::DataOptions& options) {
  auto s = retraining::make_training_set(table, options);
  INFO((s ? "" : s.error().message));
  REQUIRE(s.ok());
  return std::move(s.value());
}

retraining::TrainingSet set_of(const std::string& csv_text, const retraining::DataOptions& options) {
  return set_of(table_of(csv_text), options);
}

std::string synthetic_csv(std::size_t rows, std::size_t features, double missing, int classes, std::uint64_t seed, bool string_labels,
                          double offset) {
  Rng rng(seed);
  std::string out;
  for (std::size_t j = 0; j < features; ++j) out += "x" + std::to_string(j) + ",";
  out += "y\n";
  std::vector<double> x(features);
  for (std::size_t r = 0; r < rows; ++r) {
    double score = 0;
    for (std::size_t j = 0; j < features; ++j) {
      x[j] = rng.normal();
      score += (j % 2 ? -1.0 : 1.0) * x[j] / static_cast<double>(j + 1) + (j == 1 ? 0.5 * x[0] * x[j] : 0.0);
    }
    for (std::size_t j = 0; j < features; ++j) {
      if (rng.uniform() >= missing) out += text_of(x[j] + (j == 0 ? offset : 0.0));
      out += ",";
    }
    score += 0.3 * rng.normal();
    if (classes == 0) {
      out += text_of(50 + 20 * score) + "\n";
      continue;
    }
    // Classes by bands of the score: roughly balanced for a standard-normal-ish score.
    int k = static_cast<int>(std::floor((std::tanh(score) + 1) / 2 * classes));
    k = std::clamp(k, 0, classes - 1);
    out += (string_labels ? "class_" + std::string(1, static_cast<char>('a' + k)) : std::to_string(k)) + "\n";
  }
  return out;
}

void blank_cells(csv::Table& table, const std::string& label, double fraction, std::uint64_t seed) {
  Rng rng(seed);
  for (auto& col : table.columns) {
    if (col.name == label) continue;
    for (auto& cell : col.cells)
      if (rng.uniform() < fraction) cell.clear();
  }
}

OnnxOutputs run_onnx(const std::string& onnx, const std::vector<float>& x, std::size_t rows, std::size_t cols) {
  auto session = inference::load_session(onnx);
  INFO((session ? "" : session.error().message));
  REQUIRE(session.ok());
  Ort::Session& s = session.value();
  Ort::MemoryInfo mem = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const int64_t shape[2] = {static_cast<int64_t>(rows), static_cast<int64_t>(cols)};
  Ort::Value input = Ort::Value::CreateTensor<float>(mem, const_cast<float*>(x.data()), x.size(), shape, 2);
  Ort::AllocatorWithDefaultOptions alloc;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < s.GetOutputCount(); ++i) names.emplace_back(s.GetOutputNameAllocated(i, alloc).get());
  std::vector<const char*> out_names;
  for (const auto& n : names) out_names.push_back(n.c_str());
  const char* in_names[] = {"input"};
  auto outs = s.Run(Ort::RunOptions{nullptr}, in_names, &input, 1, out_names.data(), out_names.size());

  OnnxOutputs r;
  for (std::size_t i = 0; i < outs.size(); ++i) {
    auto info = outs[i].GetTensorTypeAndShapeInfo();
    const auto dims = info.GetShape();
    if (names[i] == "label") {
      if (info.GetElementType() == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64) {
        const int64_t* p = outs[i].GetTensorData<int64_t>();
        for (std::size_t k = 0; k < rows; ++k) r.labels.push_back(std::to_string(p[k]));
      } else {
        for (std::size_t k = 0; k < rows; ++k) r.labels.push_back(outs[i].GetStringTensorElement(k));
      }
    } else {
      REQUIRE(dims.size() == 2);
      REQUIRE(static_cast<std::size_t>(dims[0]) == rows);
      r.width = static_cast<std::size_t>(dims[1]);
      const float* p = outs[i].GetTensorData<float>();
      r.values.assign(p, p + rows * r.width);
    }
  }
  return r;
}

std::vector<float> xgboost_predict(const std::string& native_model, const std::vector<float>& x, std::size_t rows, std::size_t cols) {
  BoosterHandle b = nullptr;
  DMatrixHandle d = nullptr;
  REQUIRE(XGBoosterCreate(nullptr, 0, &b) == 0);
  REQUIRE(XGBoosterLoadModelFromBuffer(b, native_model.data(), native_model.size()) == 0);
  REQUIRE(XGDMatrixCreateFromMat(x.data(), rows, cols, std::nanf(""), &d) == 0);
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* out = nullptr;
  REQUIRE(XGBoosterPredictFromDMatrix(b, d, R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})",
                                      &shape, &dims, &out) == 0);
  std::size_t n = 1;
  for (bst_ulong i = 0; i < dims; ++i) n *= shape[i];
  std::vector<float> result(out, out + n);
  XGDMatrixFree(d);
  XGBoosterFree(b);
  return result;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(static_cast<double>(a[i]) - b[i]));
  return m;
}

double max_rel_diff(const std::vector<float>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(static_cast<double>(a[i]) - b[i]) / std::max(1.0, std::fabs(b[i])));
  return m;
}

}  // namespace mlgate::test
