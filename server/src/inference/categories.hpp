// The values a categorical input can take, when the graph fixes them: an input fed (directly
// or through Identity/Cast/Reshape) into an ai.onnx.ml OneHotEncoder (cats_strings /
// cats_int64s) or LabelEncoder (keys_strings / keys_int64s). The predict form offers them as
// a drop-down; anything else is still accepted (an unknown category is the model's business).
#pragma once
#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "mlgate/api_types.hpp"

namespace mlgate::inference {

// For each string or int64 input of `inputs` whose categories the graph fixes: the values, as
// text, in the encoder's order. Inputs reaching several encoders take the first one found.
std::map<std::string, std::vector<std::string>> fixed_categories(const onnx::GraphProto& g, const std::vector<api::TensorInfo>& inputs);

}  // namespace mlgate::inference
