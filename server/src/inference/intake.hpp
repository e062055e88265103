// Model intake: everything done to an uploaded file before it becomes a version.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::inference {

// Checks without ONNX Runtime: a parseable ModelProto (with limits), no tensor with external
// data anywhere (initializers, attributes, subgraphs, functions, sparse), a graph present.
// 422 invalid_onnx ("not an ONNX ModelProto: ..."; for a zip: says it is a zip archive, e.g. an
// H2O MOJO, not ONNX) or 422 external_data_not_allowed naming the tensor.
Status precheck_onnx(std::string_view bytes);

struct IntakeOptions {
  std::vector<std::string> features;  // `features=a,b,c` for a single [N,F] input; empty: metadata or f0..
};

struct Intake {
  api::Signature signature;
  std::string producer;  // "name version"
  int64_t opset = 0;     // default-domain opset
  std::string web_bytes; // browser-ready variant (tensor outputs only); empty when the original already is
};

// precheck_onnx, then load with ONNX Runtime (422 model_load_failed with its message), extract
// the signature, build the web variant when outputs are not all tensors (ZipMap dropped,
// probability tensor exposed).
Result<Intake> intake_model(std::string_view bytes, const IntakeOptions& options);

}  // namespace mlgate::inference
