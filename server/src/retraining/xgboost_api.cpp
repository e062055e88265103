#include "retraining/xgboost_api.hpp"

#include <cmath>

#include <xgboost/c_api.h>

namespace mlgate::retraining::xgb {
namespace {

// "[10:42:01] /build/xgboost/src/learner.cc:123: Invalid Parameter ...\nStack trace: ..." →
// "Invalid Parameter ..."
std::string last_error() {
  std::string m = XGBGetLastError();
  if (auto nl = m.find("\nStack trace"); nl != std::string::npos) m.erase(nl);
  if (!m.empty() && m[0] == '[')
    if (auto close = m.find("] "); close != std::string::npos) {
      m.erase(0, close + 2);
      // then "path:line: "
      if (auto colon = m.find(": "); colon != std::string::npos && m.find(' ') > colon) m.erase(0, colon + 2);
    }
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

Error failed(const std::string& what) { return unprocessable("training_failed", "XGBoost " + what + ": " + last_error()); }

}  // namespace

Result<Matrix> Matrix::dense(const std::vector<float>& x, std::size_t rows, std::size_t cols, const std::vector<float>& labels) {
  DMatrixHandle h = nullptr;
  if (XGDMatrixCreateFromMat(x.data(), rows, cols, std::nanf(""), &h) != 0) return failed("could not take the data");
  Matrix m(h);
  if (!labels.empty() && XGDMatrixSetFloatInfo(h, "label", labels.data(), labels.size()) != 0) return failed("could not take the labels");
  return m;
}

Matrix::~Matrix() {
  if (h_) XGDMatrixFree(h_);
}

Result<Booster> Booster::create(const Matrix& train) {
  BoosterHandle h = nullptr;
  DMatrixHandle d = train.handle();
  if (XGBoosterCreate(&d, 1, &h) != 0) return failed("could not create a booster");
  return Booster(h);
}

Result<Booster> Booster::load(std::string_view model) {
  BoosterHandle h = nullptr;
  if (XGBoosterCreate(nullptr, 0, &h) != 0) return failed("could not create a booster");
  Booster b(h);
  if (XGBoosterLoadModelFromBuffer(h, model.data(), model.size()) != 0) return failed("could not load the model");
  return b;
}

Booster::~Booster() {
  if (h_) XGBoosterFree(h_);
}

Status Booster::set(const std::string& name, const std::string& value) {
  if (XGBoosterSetParam(h_, name.c_str(), value.c_str()) != 0) return failed("refused parameter '" + name + "'");
  return ok_status();
}

Status Booster::update(int iteration, const Matrix& train) {
  if (XGBoosterUpdateOneIter(h_, iteration, train.handle()) != 0) return failed("failed in round " + std::to_string(iteration + 1));
  return ok_status();
}

Result<std::vector<float>> Booster::predict(const Matrix& data, std::vector<std::size_t>& shape) const {
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";
  const bst_ulong* dims = nullptr;
  bst_ulong ndim = 0;
  const float* out = nullptr;
  if (XGBoosterPredictFromDMatrix(h_, data.handle(), config, &dims, &ndim, &out) != 0) return failed("could not predict");
  std::size_t n = 1;
  shape.clear();
  for (bst_ulong i = 0; i < ndim; ++i) {
    shape.push_back(static_cast<std::size_t>(dims[i]));
    n *= static_cast<std::size_t>(dims[i]);
  }
  return std::vector<float>(out, out + n);
}

Result<std::string> Booster::save_json() const {
  bst_ulong len = 0;
  const char* buf = nullptr;
  if (XGBoosterSaveModelToBuffer(h_, R"({"format": "json"})", &len, &buf) != 0) return failed("could not save the model");
  return std::string(buf, len);
}

}  // namespace mlgate::retraining::xgb
