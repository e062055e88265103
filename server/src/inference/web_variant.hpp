// The browser-ready variant of a model whose outputs are not all tensors: ONNX Runtime Web
// cannot read sequence<map> outputs, so each ZipMap is dropped and the probability tensor
// before it becomes a graph output. The server serves this same graph (DESIGN.md, traps).
#pragma once
#include <string>

#include <onnx/onnx_pb.h>

#include "mlgate/result.hpp"

namespace mlgate::inference {

struct WebVariant {
  std::string bytes;               // serialized ModelProto; empty when the model is tensor-only
  std::string probability_output;  // name of the exposed probability tensor ("" if none)
};

// 422 unsupported_outputs when a non-tensor output does not come from a ZipMap.
Result<WebVariant> build_web_variant(const onnx::ModelProto& model);

}  // namespace mlgate::inference
