// Names of ONNX tensor element types: the signature's ("float", "int64", ...) and the
// Open Inference Protocol's ("FP32", "INT64", ...).
#pragma once
#include <string_view>

#include <onnxruntime_cxx_api.h>

namespace mlgate::inference {

std::string_view element_type_name(ONNXTensorElementDataType t);  // "float", ...; "" if unknown
std::string_view oip_datatype(ONNXTensorElementDataType t);       // "FP32", ...; "" if unsupported
ONNXTensorElementDataType element_type_from_oip(std::string_view datatype);  // UNDEFINED if unknown

}  // namespace mlgate::inference
