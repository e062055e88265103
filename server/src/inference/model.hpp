// A loaded model version: one ONNX Runtime session shared by all threads, with its
// signature read once at load. Requests are validated against it before Run.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::inference {

// Column-wise input: what both the JSON predict body and a CSV become before inference.
struct Column {
  std::string name;
  bool is_text = false;
  std::vector<double> numbers;       // when !is_text; NaN = missing
  std::vector<std::string> texts;    // when is_text; missing cells are ""
  std::vector<bool> text_missing;    // optional, same length as texts when present
};

struct FeatureTable {
  size_t rows = 0;
  std::vector<Column> columns;  // matched to the signature's features by name; extras ignored
};

struct Predictions {
  size_t rows = 0;
  std::string task;                   // "classification" | "regression"
  std::vector<std::string> classes;   // classification: class labels as text
  std::vector<std::string> labels;    // classification: predicted label per row
  std::vector<float> probabilities;   // classification: rows x classes, row-major
  std::vector<double> values;         // regression: one value per row
};

// An Open Inference Protocol v2 tensor (JSON form), flattened row-major.
struct RawTensor {
  std::string name;
  std::string datatype;  // BOOL, UINT8, INT8, INT16, INT32, INT64, FP32, FP64, BYTES
  std::vector<int64_t> shape;
  std::vector<double> numbers;       // FP32/FP64/BOOL/UINT8
  std::vector<int64_t> integers;     // INT*
  std::vector<std::string> strings;  // BYTES
};

class LoadedModel {
 public:
  // `serving_bytes` is the graph to run (the web variant when one exists, so server and
  // browser run the same graph). Fails with 422 model_load_failed and ONNX Runtime's message.
  static Result<std::shared_ptr<const LoadedModel>> create(std::string_view serving_bytes, api::Signature signature);
  ~LoadedModel();

  const api::Signature& signature() const;
  // 422 missing_feature / invalid_feature naming the feature (and row for bad values).
  Result<Predictions> predict(const FeatureTable& table) const;
  // OIP v2: inputs checked against the signature (names, datatypes, shape vs data length).
  Result<std::vector<RawTensor>> infer_raw(const std::vector<RawTensor>& inputs) const;

  struct Impl;
 private:
  explicit LoadedModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mlgate::inference
