// LoadedModel's state: the session and everything about its inputs and outputs that the
// request path needs, read once at load so that predict() builds no names per call.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <onnxruntime_cxx_api.h>

#include "inference/model.hpp"

namespace mlgate::inference {

struct IoInfo {
  std::vector<std::string> names;
  std::vector<const char*> c_names;  // point into `names`
  std::vector<ONNXTensorElementDataType> types;  // UNDEFINED for non-tensors
  std::vector<std::vector<int64_t>> shapes;
};

struct LoadedModel::Impl {
  mutable Ort::Session session;  // Run is thread-safe but not const in the C++ API
  api::Signature signature;
  IoInfo inputs;
  IoInfo tensor_outputs;  // what infer_raw returns
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  Ort::RunOptions run_options;  // read-only during Run: shared by all calls instead of built per call

  // predict() plan
  enum class Layout { none, tensor, columns } layout = Layout::none;
  std::unordered_map<std::string, size_t> feature_index;  // feature -> position in signature.features
  std::vector<size_t> feature_input;                      // columns layout: feature -> session input
  ONNXTensorElementDataType tensor_type = ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;  // tensor layout
  std::vector<const char*> predict_outputs;  // probabilities, else label, else value
  enum class Read { probabilities, label, value } read = Read::value;

  explicit Impl(Ort::Session s) : session(std::move(s)) {}
};

}  // namespace mlgate::inference
