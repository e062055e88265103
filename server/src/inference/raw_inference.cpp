// LoadedModel::infer_raw: Open Inference Protocol v2 tensors in and out. Every request
// tensor is checked against the session's inputs before anything is allocated for it.
#include <cmath>
#include <limits>

#include "inference/model_impl.hpp"
#include "inference/ort_env.hpp"
#include "inference/tensor_types.hpp"

namespace mlgate::inference {
namespace {

constexpr int64_t kMaxElements = int64_t{1} << 31;

Error bad(const std::string& where, const std::string& what) { return unprocessable("invalid_tensor", where + ": " + what); }

size_t data_length(const RawTensor& t) {
  if (t.datatype == "BYTES") return t.strings.size();
  if (t.datatype.rfind("INT", 0) == 0 || t.datatype.rfind("UINT", 0) == 0) return t.integers.size();
  return t.numbers.size();
}

template <class T>
Ort::Value numeric_tensor(OrtAllocator* alloc, const RawTensor& t, const std::vector<int64_t>& shape, size_t n) {
  Ort::Value v = Ort::Value::CreateTensor<T>(alloc, shape.data(), shape.size());
  T* d = v.GetTensorMutableData<T>();
  if (!t.integers.empty() || n == 0)
    for (size_t i = 0; i < n; ++i) d[i] = static_cast<T>(t.integers[i]);
  else
    for (size_t i = 0; i < n; ++i) d[i] = static_cast<T>(t.numbers[i]);
  return v;
}

template <class T>
void copy_out(const Ort::Value& v, size_t n, RawTensor& t) {
  const T* d = v.GetTensorData<T>();
  if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, bool>)
    t.numbers.assign(d, d + n);
  else
    t.integers.assign(d, d + n);
}

Status check_range(const RawTensor& t, ONNXTensorElementDataType type, const std::string& where) {
  auto fits = [&](int64_t lo, int64_t hi) -> Status {
    for (size_t i = 0; i < t.integers.size(); ++i)
      if (t.integers[i] < lo || t.integers[i] > hi)
        return bad(where + ".data[" + std::to_string(i) + "]", std::to_string(t.integers[i]) + " is out of range for " + t.datatype);
    return ok_status();
  };
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return fits(INT32_MIN, INT32_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return fits(INT16_MIN, INT16_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return fits(INT8_MIN, INT8_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return fits(0, UINT8_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return fits(0, UINT16_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return fits(0, UINT32_MAX);
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return fits(0, INT64_MAX);
    default: return ok_status();
  }
}

}  // namespace

Result<std::vector<RawTensor>> LoadedModel::infer_raw(const std::vector<RawTensor>& inputs) const {
  const Impl& m = *impl_;
  const size_t n_in = m.inputs.names.size();
  std::vector<const RawTensor*> given(n_in, nullptr);
  std::vector<std::vector<int64_t>> shapes(n_in);
  std::vector<size_t> where_index(n_in, 0);

  for (size_t i = 0; i < inputs.size(); ++i) {
    const RawTensor& t = inputs[i];
    const std::string where = "inputs[" + std::to_string(i) + "]";
    size_t k = n_in;
    for (size_t j = 0; j < n_in; ++j)
      if (m.inputs.names[j] == t.name) k = j;
    if (k == n_in) {
      std::string names;
      for (const auto& n : m.inputs.names) names += (names.empty() ? "'" : ", '") + n + "'";
      return unprocessable("unknown_input", where + ".name: '" + t.name + "' is not an input of the model (inputs: " + names + ")");
    }
    if (given[k]) return unprocessable("invalid_tensor", where + ".name: input '" + t.name + "' is given twice");
    auto type = m.inputs.types[k];
    std::string_view expected = oip_datatype(type);
    if (expected.empty()) return bad(where + ".datatype", "input '" + t.name + "' has a type mlgate cannot feed");
    if (t.datatype != expected)
      return bad(where + ".datatype", t.datatype + " given, input '" + t.name + "' is " + std::string(expected));
    const auto& model_shape = m.inputs.shapes[k];
    if (t.shape.size() != model_shape.size())
      return bad(where + ".shape", "rank " + std::to_string(t.shape.size()) + " given, input '" + t.name + "' has rank " +
                                       std::to_string(model_shape.size()));
    int64_t elements = 1;
    for (size_t d = 0; d < t.shape.size(); ++d) {
      int64_t dim = t.shape[d];
      if (dim < 0) return bad(where + ".shape[" + std::to_string(d) + "]", "negative dimension " + std::to_string(dim));
      if (model_shape[d] >= 0 && dim != model_shape[d])
        return bad(where + ".shape[" + std::to_string(d) + "]", std::to_string(dim) + " given, input '" + t.name + "' needs " +
                                                                  std::to_string(model_shape[d]));
      if (dim != 0 && elements > kMaxElements / dim) return bad(where + ".shape", "too many elements");
      elements *= dim;
    }
    if (static_cast<size_t>(elements) != data_length(t))
      return bad(where + ".data", std::to_string(data_length(t)) + " values for shape of " + std::to_string(elements) + " elements");
    if (auto st = check_range(t, type, where); !st) return st.error();
    given[k] = &t;
    shapes[k] = t.shape;
    where_index[k] = i;
  }
  std::string missing;
  for (size_t j = 0; j < n_in; ++j)
    if (!given[j]) missing += (missing.empty() ? "'" : ", '") + m.inputs.names[j] + "'";
  if (!missing.empty()) return unprocessable("missing_input", "inputs: missing " + missing);

  std::vector<RawTensor> result;
  try {
    Ort::AllocatorWithDefaultOptions alloc;
    std::vector<Ort::Value> values;
    values.reserve(n_in);
    for (size_t j = 0; j < n_in; ++j) {
      const RawTensor& t = *given[j];
      const size_t n = data_length(t);
      switch (m.inputs.types[j]) {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: values.push_back(numeric_tensor<float>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: values.push_back(numeric_tensor<double>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: values.push_back(numeric_tensor<int64_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: values.push_back(numeric_tensor<int32_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: values.push_back(numeric_tensor<int16_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: values.push_back(numeric_tensor<int8_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: values.push_back(numeric_tensor<uint8_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: values.push_back(numeric_tensor<uint16_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: values.push_back(numeric_tensor<uint32_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: values.push_back(numeric_tensor<uint64_t>(alloc, t, shapes[j], n)); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: {
          Ort::Value v = Ort::Value::CreateTensor<bool>(alloc, shapes[j].data(), shapes[j].size());
          bool* d = v.GetTensorMutableData<bool>();
          for (size_t i = 0; i < n; ++i) d[i] = t.numbers[i] != 0;
          values.push_back(std::move(v));
          break;
        }
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: {
          Ort::Value v = Ort::Value::CreateTensor(alloc, shapes[j].data(), shapes[j].size(), ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING);
          std::vector<const char*> ptrs(n);
          for (size_t i = 0; i < n; ++i) ptrs[i] = t.strings[i].c_str();
          if (n) v.FillStringTensor(ptrs.data(), n);
          values.push_back(std::move(v));
          break;
        }
        default: return internal_error("unsupported input type");
      }
    }
    auto out = m.session.Run(m.run_options, m.inputs.c_names.data(), values.data(), values.size(),
                             m.tensor_outputs.c_names.data(), m.tensor_outputs.c_names.size());
    result.resize(out.size());
    for (size_t o = 0; o < out.size(); ++o) {
      RawTensor& t = result[o];
      auto info = out[o].GetTensorTypeAndShapeInfo();
      auto type = info.GetElementType();
      t.name = m.tensor_outputs.names[o];
      t.datatype = std::string(oip_datatype(type));
      t.shape = info.GetShape();
      size_t n = info.GetElementCount();
      switch (type) {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: copy_out<float>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: copy_out<double>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: copy_out<int64_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: copy_out<int32_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: copy_out<int16_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: copy_out<int8_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: copy_out<uint8_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: copy_out<uint16_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: copy_out<uint32_t>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: {
          const uint64_t* d = out[o].GetTensorData<uint64_t>();
          for (size_t i = 0; i < n; ++i) t.integers.push_back(static_cast<int64_t>(std::min<uint64_t>(d[i], INT64_MAX)));
          break;
        }
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: copy_out<bool>(out[o], n, t); break;
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING:
          t.strings.reserve(n);
          for (size_t i = 0; i < n; ++i) t.strings.push_back(out[o].GetStringTensorElement(i));
          break;
        default: return internal_error("output '" + t.name + "' has a type mlgate cannot return");
      }
    }
  } catch (const Ort::Exception& e) {
    return unprocessable("inference_failed", ort_message(e));
  }
  return result;
}

}  // namespace mlgate::inference
