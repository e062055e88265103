// The request side of the Open Inference Protocol v2 (JSON form): a parsed body into raw
// tensors. Pure, so the fuzz harness (fuzz/json_v2.cpp) reaches it without a model.
#pragma once
#include <vector>

#include <nlohmann/json.hpp>

#include "inference/model.hpp"
#include "mlgate/result.hpp"

namespace mlgate::api {

// {"inputs": [{"name", "shape", "datatype", "data"}]}; `data` flat or nested (row-major).
// 422 naming inputs[i].field for anything wrong. Shapes are only checked to be non-negative
// integers here: whether they match the data is the model's check (infer_raw).
Result<std::vector<inference::RawTensor>> decode_v2_inputs(const nlohmann::json& body);

}  // namespace mlgate::api
