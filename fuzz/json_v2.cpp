// The Open Inference Protocol v2 request decoder (server/src/api/v2_decode.cpp) behind the
// same JSON parsing as the route (parse_json_body). Properties: one tensor per input, in
// order, with the given name; non-negative dimensions; values only in the vector the
// datatype selects; a rejection is a 4xx with a code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/json_body.hpp"
#include "api/v2_decode.hpp"
#include "check.hpp"

using namespace mlgate;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = api::parse_json_body(body);
  if (!parsed) {
    fuzz::check_rejection(parsed.error());
    return 0;
  }
  auto decoded = api::decode_v2_inputs(parsed.value());
  if (!decoded) {
    fuzz::check_rejection(decoded.error());
    return 0;
  }
  const nlohmann::json& inputs = parsed.value().at("inputs");
  MLGATE_CHECK(decoded->size() == inputs.size(), std::to_string(decoded->size()));
  for (std::size_t i = 0; i < decoded->size(); ++i) {
    const inference::RawTensor& t = (*decoded)[i];
    MLGATE_CHECK(t.name == inputs[i].at("name").get<std::string>(), t.name);
    MLGATE_CHECK(t.shape.size() == inputs[i].at("shape").size(), t.name);
    for (int64_t d : t.shape) MLGATE_CHECK(d >= 0, t.name);
    const bool bytes = t.datatype == "BYTES";
    const bool ints = t.datatype.rfind("INT", 0) == 0 || t.datatype.rfind("UINT", 0) == 0;
    if (bytes) MLGATE_CHECK(t.numbers.empty() && t.integers.empty(), t.datatype);
    else if (ints) MLGATE_CHECK(t.numbers.empty() && t.strings.empty(), t.datatype);
    else MLGATE_CHECK(t.integers.empty() && t.strings.empty(), t.datatype);
  }
  return 0;
}
