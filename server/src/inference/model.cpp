// LoadedModel: creation (plan read once) and predict(), the server's hot path.
#include "inference/model.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "inference/model_impl.hpp"
#include "inference/ort_env.hpp"

namespace mlgate::inference {
namespace {

Status fit_error(const std::string& why) {
  return unprocessable("model_load_failed", "the signature does not fit the model: " + why);
}

void read_io(const Ort::Session& s, bool inputs, IoInfo& io) {
  Ort::AllocatorWithDefaultOptions alloc;
  size_t n = inputs ? s.GetInputCount() : s.GetOutputCount();
  for (size_t i = 0; i < n; ++i) {
    Ort::TypeInfo info = inputs ? s.GetInputTypeInfo(i) : s.GetOutputTypeInfo(i);
    bool tensor = info.GetONNXType() == ONNX_TYPE_TENSOR;
    if (!inputs && !tensor) continue;  // only tensors are returned (and the serving graph has only tensors)
    io.names.push_back(inputs ? s.GetInputNameAllocated(i, alloc).get() : s.GetOutputNameAllocated(i, alloc).get());
    io.types.push_back(tensor ? info.GetTensorTypeAndShapeInfo().GetElementType() : ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED);
    io.shapes.push_back(tensor ? info.GetTensorTypeAndShapeInfo().GetShape() : std::vector<int64_t>{});
  }
  for (const auto& n : io.names) io.c_names.push_back(n.c_str());
}

long find(const IoInfo& io, const std::string& name) {
  for (size_t i = 0; i < io.names.size(); ++i)
    if (io.names[i] == name) return static_cast<long>(i);
  return -1;
}

bool numeric_feature_type(ONNXTensorElementDataType t) {
  return t == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || t == ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE ||
         t == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 || t == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32;
}

Status plan(LoadedModel::Impl& m) {
  const api::Signature& sig = m.signature;
  for (size_t i = 0; i < sig.features.size(); ++i) m.feature_index.emplace(sig.features[i], i);
  if (sig.input_layout == "tensor") {
    if (m.inputs.names.size() != 1 || m.inputs.shapes[0].size() != 2 || !numeric_feature_type(m.inputs.types[0]))
      return fit_error("layout 'tensor' needs one numeric [N,F] input");
    int64_t f = m.inputs.shapes[0][1];
    if (f >= 0 && static_cast<size_t>(f) != sig.features.size())
      return fit_error(std::to_string(sig.features.size()) + " features for an input of width " + std::to_string(f));
    m.layout = LoadedModel::Impl::Layout::tensor;
    m.tensor_type = m.inputs.types[0];
  } else if (sig.input_layout == "columns") {
    if (sig.features.size() != m.inputs.names.size()) return fit_error("layout 'columns' needs one feature per input");
    for (const auto& f : sig.features) {
      long i = find(m.inputs, f);
      if (i < 0) return fit_error("feature '" + f + "' is not an input");
      auto t = m.inputs.types[static_cast<size_t>(i)];
      if (!numeric_feature_type(t) && t != ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING) return fit_error("input '" + f + "' has an unsupported type");
      m.feature_input.push_back(static_cast<size_t>(i));
    }
    m.layout = LoadedModel::Impl::Layout::columns;
  }
  using Read = LoadedModel::Impl::Read;
  auto want = [&](const std::string& name, Read r) -> Status {
    long i = find(m.tensor_outputs, name);
    if (i < 0) return fit_error("output '" + name + "' is not a tensor output of the serving graph");
    m.predict_outputs = {m.tensor_outputs.c_names[static_cast<size_t>(i)]};
    m.read = r;
    return ok_status();
  };
  if (sig.task == "classification") {
    if (!sig.probability_output.empty()) return want(sig.probability_output, Read::probabilities);
    if (!sig.label_output.empty()) return want(sig.label_output, Read::label);
    return fit_error("a classifier without label or probability output");
  }
  if (sig.task == "regression") return want(sig.value_output, Read::value);
  return ok_status();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A text cell read as a number: empty (or marked missing) is NaN.
bool text_number(const Column& c, size_t r, double& v) {
  if (!c.text_missing.empty() && c.text_missing[r]) {
    v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::string_view s = trim(c.texts[r]);
  if (s.empty()) {
    v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

std::string format_number(double v) {
  if (std::isnan(v)) return "";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

Error bad_value(const std::string& feature, size_t r, const std::string& what) {
  return unprocessable("invalid_feature", "feature '" + feature + "' row " + std::to_string(r) + ": " + what);
}

template <class T>
Status fill_numbers(const Column& c, const std::string& feature, size_t rows, T* dst, size_t stride) {
  for (size_t r = 0; r < rows; ++r) {
    double v;
    if (!c.is_text) v = c.numbers[r];
    else if (!text_number(c, r, v)) return bad_value(feature, r, "'" + c.texts[r].substr(0, 64) + "' is not a number");
    if constexpr (std::is_integral_v<T>) {
      if (std::isnan(v)) return bad_value(feature, r, "missing value, the model reads integers here");
      if (v != std::floor(v) || v < static_cast<double>(std::numeric_limits<T>::min()) ||
          v > static_cast<double>(std::numeric_limits<T>::max()))
        return bad_value(feature, r, "'" + format_number(v) + "' is not an integer the model can read");
    }
    dst[r * stride] = static_cast<T>(v);
  }
  return ok_status();
}

// Input buffers that must outlive Run.
struct Buffers {
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<int64_t> i64;
  std::vector<int32_t> i32;
};

template <class T>
std::vector<T>& buffer_for(Buffers& b) {
  if constexpr (std::is_same_v<T, float>) return b.f32;
  else if constexpr (std::is_same_v<T, double>) return b.f64;
  else if constexpr (std::is_same_v<T, int64_t>) return b.i64;
  else return b.i32;
}

template <class F>
Status with_type(ONNXTensorElementDataType t, F&& f) {
  switch (t) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return f(float{});
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return f(double{});
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return f(int64_t{});
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return f(int32_t{});
    default: return internal_error("unsupported input type");
  }
}

template <class T>
void read_values(const Ort::Value& v, size_t n, std::vector<double>& out) {
  const T* p = v.GetTensorData<T>();
  out.assign(p, p + n);
}

}  // namespace

LoadedModel::LoadedModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LoadedModel::~LoadedModel() = default;

const api::Signature& LoadedModel::signature() const { return impl_->signature; }

Result<std::shared_ptr<const LoadedModel>> LoadedModel::create(std::string_view serving_bytes, api::Signature signature) {
  auto session = load_session(serving_bytes);
  if (!session) return session.error();
  auto impl = std::make_unique<Impl>(std::move(session.value()));
  try {
    read_io(impl->session, true, impl->inputs);
    read_io(impl->session, false, impl->tensor_outputs);
  } catch (const Ort::Exception& e) {
    return unprocessable("model_load_failed", ort_message(e));
  }
  impl->signature = std::move(signature);
  if (auto st = plan(*impl); !st) return st.error();
  return std::shared_ptr<const LoadedModel>(new LoadedModel(std::move(impl)));
}

Result<Predictions> LoadedModel::predict(const FeatureTable& table) const {
  const Impl& m = *impl_;
  const api::Signature& sig = m.signature;
  if (sig.task.empty() || m.layout == Impl::Layout::none)
    return unprocessable("not_predictable", "this model is neither a classifier nor a regressor over table columns: use the /v2 infer endpoint");
  const size_t rows = table.rows, nf = sig.features.size();

  // Columns by feature position; extras ignored, the first column of a name wins.
  std::vector<const Column*> cols(nf, nullptr);
  for (const auto& c : table.columns)
    if (auto it = m.feature_index.find(c.name); it != m.feature_index.end() && !cols[it->second]) cols[it->second] = &c;
  std::string missing;
  for (size_t i = 0; i < nf; ++i)
    if (!cols[i]) missing += (missing.empty() ? "'" : ", '") + sig.features[i] + "'";
  if (!missing.empty()) return unprocessable("missing_feature", "missing feature columns: " + missing);
  for (size_t i = 0; i < nf; ++i) {
    const Column& c = *cols[i];
    size_t n = c.is_text ? c.texts.size() : c.numbers.size();
    if (n != rows || (c.is_text && !c.text_missing.empty() && c.text_missing.size() != rows))
      return unprocessable("invalid_feature", "feature '" + sig.features[i] + "' has " + std::to_string(n) + " values for " +
                                                  std::to_string(rows) + " rows");
  }

  Predictions p;
  p.rows = rows;
  p.task = sig.task;
  if (sig.task == "classification") p.classes = sig.classes;
  if (rows == 0) return p;

  Buffers buf;
  std::vector<Ort::Value> inputs;
  inputs.reserve(m.inputs.names.size());
  if (m.layout == Impl::Layout::tensor) {
    const int64_t shape[2] = {static_cast<int64_t>(rows), static_cast<int64_t>(nf)};
    auto st = with_type(m.tensor_type, [&](auto zero) -> Status {
      using T = decltype(zero);
      auto& b = buffer_for<T>(buf);
      b.resize(rows * nf);
      for (size_t f = 0; f < nf; ++f)
        if (auto s = fill_numbers<T>(*cols[f], sig.features[f], rows, b.data() + f, nf); !s) return s;
      inputs.push_back(Ort::Value::CreateTensor<T>(m.cpu, b.data(), b.size(), shape, 2));
      return ok_status();
    });
    if (!st) return st.error();
  } else {
    // One input per feature, in session input order; numeric buffers are reserved up front
    // so that the tensors' pointers stay valid.
    size_t total = rows * nf;
    buf.f32.reserve(total), buf.f64.reserve(total), buf.i64.reserve(total), buf.i32.reserve(total);
    std::vector<Ort::Value> by_input(m.inputs.names.size());
    Ort::AllocatorWithDefaultOptions alloc;
    std::vector<std::string> formatted;
    std::vector<const char*> ptrs(rows);
    for (size_t f = 0; f < nf; ++f) {
      size_t in = m.feature_input[f];
      const Column& c = *cols[f];
      const auto& ishape = m.inputs.shapes[in];
      const int64_t shape[2] = {static_cast<int64_t>(rows), 1};
      const size_t rank = ishape.size() == 1 ? 1 : 2;
      auto type = m.inputs.types[in];
      if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING) {
        if (c.is_text) {
          for (size_t r = 0; r < rows; ++r)
            ptrs[r] = (!c.text_missing.empty() && c.text_missing[r]) ? "" : c.texts[r].c_str();
        } else {
          formatted.resize(rows);
          for (size_t r = 0; r < rows; ++r) formatted[r] = format_number(c.numbers[r]), ptrs[r] = formatted[r].c_str();
        }
        by_input[in] = Ort::Value::CreateTensor(alloc, shape, rank, ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING);
        by_input[in].FillStringTensor(ptrs.data(), rows);
        continue;
      }
      auto st = with_type(type, [&](auto zero) -> Status {
        using T = decltype(zero);
        auto& b = buffer_for<T>(buf);
        size_t at = b.size();
        b.resize(at + rows);
        if (auto s = fill_numbers<T>(c, sig.features[f], rows, b.data() + at, 1); !s) return s;
        by_input[in] = Ort::Value::CreateTensor<T>(m.cpu, b.data() + at, rows, shape, rank);
        return ok_status();
      });
      if (!st) return st.error();
    }
    inputs = std::move(by_input);
  }

  std::vector<Ort::Value> out;
  try {
    out = m.session.Run(m.run_options, m.inputs.c_names.data(), inputs.data(), inputs.size(),
                        m.predict_outputs.data(), m.predict_outputs.size());
  } catch (const Ort::Exception& e) {
    return unprocessable("inference_failed", ort_message(e));
  }
  const Ort::Value& v = out[0];
  auto info = v.GetTensorTypeAndShapeInfo();
  auto type = info.GetElementType();
  auto shape = info.GetShape();
  size_t count = info.GetElementCount();

  if (m.read == Impl::Read::probabilities) {
    size_t nc = sig.classes.size();
    if (shape.size() != 2 || static_cast<size_t>(shape[0]) != rows || static_cast<size_t>(shape[1]) != nc)
      return internal_error("probability output '" + sig.probability_output + "' does not have shape [rows, " + std::to_string(nc) + "]");
    p.probabilities.resize(count);
    if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
      const float* d = v.GetTensorData<float>();
      std::copy(d, d + count, p.probabilities.begin());
    } else if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE) {
      const double* d = v.GetTensorData<double>();
      for (size_t i = 0; i < count; ++i) p.probabilities[i] = static_cast<float>(d[i]);
    } else {
      return internal_error("probability output is not float");
    }
    // Label = argmax, first class on ties: ORT 1.21 mislabels binary tree ensembles that
    // carry weights for both classes (DESIGN.md, traps); the browser does the same.
    p.labels.reserve(rows);
    for (size_t r = 0; r < rows; ++r) {
      const float* row = p.probabilities.data() + r * nc;
      size_t best = 0;
      for (size_t k = 1; k < nc; ++k)
        if (row[k] > row[best]) best = k;
      p.labels.push_back(sig.classes[best]);
    }
  } else if (m.read == Impl::Read::label) {
    if (count != rows) return internal_error("label output does not have one value per row");
    p.labels.reserve(rows);
    if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING) {
      for (size_t r = 0; r < rows; ++r) p.labels.push_back(v.GetStringTensorElement(r));
    } else if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64) {
      const int64_t* d = v.GetTensorData<int64_t>();
      for (size_t r = 0; r < rows; ++r) p.labels.push_back(std::to_string(d[r]));
    } else if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32) {
      const int32_t* d = v.GetTensorData<int32_t>();
      for (size_t r = 0; r < rows; ++r) p.labels.push_back(std::to_string(d[r]));
    } else {
      return internal_error("label output is neither text nor integer");
    }
  } else {
    if (count != rows) return internal_error("regression output does not have one value per row");
    if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) read_values<float>(v, rows, p.values);
    else if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE) read_values<double>(v, rows, p.values);
    else return internal_error("regression output is not float");
  }
  return p;
}

}  // namespace mlgate::inference
