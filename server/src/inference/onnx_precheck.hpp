// Reading an upload as an ONNX ModelProto before ONNX Runtime sees it (internal header:
// only the inference layer links the ONNX protobuf library).
#pragma once
#include <string_view>

#include <onnx/onnx_pb.h>

#include "mlgate/result.hpp"

namespace mlgate::inference {

// Parses with a total-size and a recursion limit and applies every check of precheck_onnx
// (intake.hpp); returns the parsed model for the signature and the web variant.
Result<onnx::ModelProto> parse_checked_model(std::string_view bytes);

}  // namespace mlgate::inference
