#include "api/v2_decode.hpp"

#include <limits>
#include <string>

namespace mlgate::api {
using nlohmann::json;

namespace {

// Nested arrays are accepted as well as flat ones (row-major either way).
Status flatten(const json& data, inference::RawTensor& t, const std::string& path, int depth) {
  if (depth > 32) return unprocessable("invalid_tensor", path + ": nested too deeply");
  if (data.is_array()) {
    for (size_t i = 0; i < data.size(); ++i)
      if (auto st = flatten(data[i], t, path + "[" + std::to_string(i) + "]", depth + 1); !st) return st;
    return ok_status();
  }
  if (t.datatype == "BYTES") {
    if (!data.is_string()) return unprocessable("invalid_tensor", path + ": BYTES data must be strings");
    t.strings.push_back(data.get<std::string>());
  } else if (t.datatype.rfind("INT", 0) == 0 || t.datatype.rfind("UINT", 0) == 0) {
    if (!data.is_number_integer()) return unprocessable("invalid_tensor", path + ": " + t.datatype + " data must be integers");
    // Integers are held as int64: one at 2^63 or above would wrap to a negative number.
    if (data.is_number_unsigned() && data.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
      return unprocessable("invalid_tensor", path + ": " + std::to_string(data.get<uint64_t>()) + " is out of range for " +
                                                 t.datatype + " (at most " + std::to_string(std::numeric_limits<int64_t>::max()) + ")");
    t.integers.push_back(data.get<int64_t>());
  } else if (t.datatype == "BOOL") {
    if (!data.is_boolean()) return unprocessable("invalid_tensor", path + ": BOOL data must be true/false");
    t.numbers.push_back(data.get<bool>() ? 1.0 : 0.0);
  } else {
    if (data.is_null()) t.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
    else if (!data.is_number()) return unprocessable("invalid_tensor", path + ": " + t.datatype + " data must be numbers");
    else t.numbers.push_back(data.get<double>());
  }
  return ok_status();
}

}  // namespace

Result<std::vector<inference::RawTensor>> decode_v2_inputs(const json& body) {
  if (!body.is_object() || !body.contains("inputs") || !body["inputs"].is_array())
    return unprocessable("invalid_body", "body must be {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
  std::vector<inference::RawTensor> out;
  const json& inputs = body["inputs"];
  for (size_t i = 0; i < inputs.size(); ++i) {
    const json& in = inputs[i];
    std::string p = "inputs[" + std::to_string(i) + "]";
    if (!in.is_object()) return unprocessable("invalid_tensor", p + ": expected an object");
    inference::RawTensor t;
    if (!in.contains("name") || !in["name"].is_string()) return unprocessable("invalid_tensor", p + ".name: missing or not a string");
    if (!in.contains("datatype") || !in["datatype"].is_string()) return unprocessable("invalid_tensor", p + ".datatype: missing or not a string");
    if (!in.contains("shape") || !in["shape"].is_array()) return unprocessable("invalid_tensor", p + ".shape: missing or not an array");
    if (!in.contains("data")) return unprocessable("invalid_tensor", p + ".data: missing");
    t.name = in["name"].get<std::string>();
    t.datatype = in["datatype"].get<std::string>();
    for (const auto& d : in["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0)
        return unprocessable("invalid_tensor", p + ".shape: dimensions must be non-negative integers");
      t.shape.push_back(d.get<int64_t>());
    }
    if (auto st = flatten(in["data"], t, p + ".data", 0); !st) return st.error();
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace mlgate::api
