// The version's signature: what the serving graph reads and returns, how CSV/JSON columns
// map onto it, and whether it is a classifier (with its classes) or a regressor.
#pragma once
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>
#include <onnxruntime_cxx_api.h>

#include "inference/intake.hpp"
#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::inference {

std::vector<api::TensorInfo> session_inputs(const Ort::Session& session);
std::vector<api::TensorInfo> session_outputs(const Ort::Session& session);

// `serving` is the session of the graph that will be served (the web variant when one
// exists); `model` the uploaded ModelProto (metadata, classifier nodes);
// `probability_output` the tensor that replaced a ZipMap ("" when there was none).
// 422 invalid_features when options.features does not fit the model.
Result<api::Signature> extract_signature(const Ort::Session& serving, const onnx::ModelProto& model,
                                         const IntakeOptions& options, const std::string& probability_output);

}  // namespace mlgate::inference
