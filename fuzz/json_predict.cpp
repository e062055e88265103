// The predict body decoder (server/src/api/predict_decode.cpp), SAX straight into columns.
// The first byte picks one of the signatures below. Properties: a decoded table has exactly
// the signature's columns, at least one row and one value per row in each column, numbers
// for numeric features and texts for text ones, and only for a text nlohmann accepts as
// JSON; a rejection is a 4xx with a code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/predict_codec.hpp"
#include "check.hpp"

using namespace mlgate;
using mlgate::api::Signature;

namespace {

Signature tensor_signature() {  // one [N, 3] float tensor, as most fixtures
  Signature s;
  s.input_layout = "tensor";
  s.inputs = {{"input", "float", {-1, 3}}};
  s.features = {"a", "b", "c"};
  return s;
}

Signature column_signature() {  // one input per column, one of them text (titanic-like)
  Signature s;
  s.input_layout = "columns";
  s.inputs = {{"age", "float", {-1, 1}}, {"sex", "string", {-1, 1}}, {"fare", "double", {-1, 1}}};
  s.features = {"age", "sex", "fare"};
  return s;
}

Signature text_signature() {  // one string tensor: every feature text
  Signature s;
  s.input_layout = "tensor";
  s.inputs = {{"input", "string", {-1, 2}}};
  s.features = {"x", "y"};
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const Signature sigs[] = {tensor_signature(), column_signature(), text_signature()};
  const Signature& sig = sigs[data[0] % 3];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

  auto decoded = api::decode_predict_body(body, sig);
  if (!decoded) {
    fuzz::check_rejection(decoded.error());
    return 0;
  }
  MLGATE_CHECK(nlohmann::json::accept(body), "ok for a body that is not JSON");
  const inference::FeatureTable& t = decoded.value();
  MLGATE_CHECK(t.rows >= 1, "ok with zero rows");
  MLGATE_CHECK(t.columns.size() == sig.features.size(), std::to_string(t.columns.size()));
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const auto& col = t.columns[c];
    MLGATE_CHECK(col.name == sig.features[c], col.name);
    MLGATE_CHECK(col.is_text == api::feature_is_text(sig, col.name), col.name);
    const std::size_t n = col.is_text ? col.texts.size() : col.numbers.size();
    const std::size_t other = col.is_text ? col.numbers.size() : col.texts.size();
    MLGATE_CHECK(n == t.rows && other == 0, col.name + ": " + std::to_string(n) + " values for " + std::to_string(t.rows) + " rows");
  }
  return 0;
}
