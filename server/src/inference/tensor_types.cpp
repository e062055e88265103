#include "inference/tensor_types.hpp"

namespace mlgate::inference {
namespace {

struct TypeRow {
  ONNXTensorElementDataType type;
  std::string_view name;
  std::string_view oip;
};

constexpr TypeRow kTypes[] = {
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, "float", "FP32"},   {ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, "double", "FP64"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, "int64", "INT64"},  {ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, "int32", "INT32"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16, "int16", "INT16"},  {ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, "int8", "INT8"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, "uint8", "UINT8"},  {ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16, "uint16", "UINT16"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32, "uint32", "UINT32"}, {ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64, "uint64", "UINT64"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, "bool", "BOOL"},     {ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING, "string", "BYTES"},
    {ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, "float16", ""},   {ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16, "bfloat16", ""},
};

}  // namespace

std::string_view element_type_name(ONNXTensorElementDataType t) {
  for (const auto& r : kTypes)
    if (r.type == t) return r.name;
  return "";
}

std::string_view oip_datatype(ONNXTensorElementDataType t) {
  for (const auto& r : kTypes)
    if (r.type == t) return r.oip;
  return "";
}

ONNXTensorElementDataType element_type_from_oip(std::string_view datatype) {
  for (const auto& r : kTypes)
    if (!r.oip.empty() && r.oip == datatype) return r.type;
  return ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
}

}  // namespace mlgate::inference
