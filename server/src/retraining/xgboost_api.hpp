// RAII over XGBoost's C API (Debian's libxgboost 1.7): every call checked, XGBoost's message
// (without its timestamp, source path and stack trace) in a 422 training_failed.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate::retraining::xgb {

class Matrix {
 public:
  // Dense row-major float32 data; NaN is missing. `labels` may be empty (prediction).
  static Result<Matrix> dense(const std::vector<float>& x, std::size_t rows, std::size_t cols, const std::vector<float>& labels);
  Matrix(Matrix&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
  Matrix& operator=(Matrix&&) = delete;
  ~Matrix();
  void* handle() const { return h_; }

 private:
  explicit Matrix(void* h) : h_(h) {}
  void* h_;
};

class Booster {
 public:
  static Result<Booster> create(const Matrix& train);
  static Result<Booster> load(std::string_view model);  // JSON (or UBJSON) as save_json wrote it
  Booster(Booster&& o) noexcept : h_(o.h_) { o.h_ = nullptr; }
  Booster& operator=(Booster&&) = delete;
  ~Booster();

  Status set(const std::string& name, const std::string& value);
  Status update(int iteration, const Matrix& train);
  // XGBoost's own predictions (probabilities or values), row-major, with their shape.
  Result<std::vector<float>> predict(const Matrix& data, std::vector<std::size_t>& shape) const;
  Result<std::string> save_json() const;

 private:
  explicit Booster(void* h) : h_(h) {}
  void* h_;
};

}  // namespace mlgate::retraining::xgb
