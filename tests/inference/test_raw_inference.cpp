// Open Inference Protocol v2: the ONNX backend operator tests give exactly their outputs,
// and malformed tensors are refused with the field at fault.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixture_data.hpp"
#include "inference/intake.hpp"
#include "inference/model.hpp"

using namespace mlgate;
using nlohmann::json;

namespace {

std::string oip(const std::string& dtype) {
  if (dtype == "float32") return "FP32";
  if (dtype == "float64") return "FP64";
  if (dtype == "string") return "BYTES";
  if (dtype == "bool") return "BOOL";
  std::string up = dtype;
  for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return up;  // int64 -> INT64, int16 -> INT16, ...
}

inference::RawTensor raw(const json& j) {
  inference::RawTensor t;
  t.name = j["name"];
  t.datatype = oip(j["dtype"]);
  t.shape = j["shape"].get<std::vector<int64_t>>();
  for (const auto& v : j["data"]) {
    if (t.datatype == "BYTES") t.strings.push_back(v);
    else if (t.datatype.rfind("INT", 0) == 0 || t.datatype.rfind("UINT", 0) == 0) t.integers.push_back(v);
    else t.numbers.push_back(v.is_null() ? std::nan("") : v.get<double>());
  }
  return t;
}

std::shared_ptr<const inference::LoadedModel> load(const std::string& dir) {
  std::string bytes = test::read_file(test::fixture_path(dir + "/model.onnx"));
  auto intake = inference::intake_model(bytes, {});
  INFO((intake ? "" : intake.error().message));
  REQUIRE(intake.ok());
  auto model = inference::LoadedModel::create(intake->web_bytes.empty() ? bytes : intake->web_bytes, intake->signature);
  REQUIRE(model.ok());
  return model.value();
}

}  // namespace

TEST_CASE("ONNX backend operator tests give exactly expected.json through infer_raw", "[v2]") {
  std::string test_name = GENERATE(as<std::string>{}, "test_ai_onnx_ml_array_feature_extractor", "test_ai_onnx_ml_binarizer",
                                   "test_ai_onnx_ml_label_encoder_string_int", "test_ai_onnx_ml_label_encoder_tensor_mapping",
                                   "test_ai_onnx_ml_tree_ensemble_single_tree");
  CAPTURE(test_name);
  std::string dir = "s08_onnx_backend_ai_onnx_ml/" + test_name;
  auto model = load(dir);
  json inputs = json::parse(test::read_file(test::fixture_path(dir + "/inputs.json")));
  json expected = json::parse(test::read_file(test::fixture_path(dir + "/expected.json")));
  std::vector<inference::RawTensor> in;
  for (const auto& j : inputs["inputs"]) in.push_back(raw(j));
  auto out = model->infer_raw(in);
  INFO((out ? "" : out.error().message));
  REQUIRE(out.ok());
  REQUIRE(out->size() == expected["outputs"].size());
  for (size_t i = 0; i < out->size(); ++i) {
    auto want = raw(expected["outputs"][i]);
    const auto& got = (*out)[i];
    CHECK(got.name == want.name);
    CHECK(got.datatype == want.datatype);
    CHECK(got.shape == want.shape);
    CHECK(got.integers == want.integers);
    CHECK(got.strings == want.strings);
    REQUIRE(got.numbers.size() == want.numbers.size());
    for (size_t k = 0; k < got.numbers.size(); ++k) {
      // FP32 outputs widen to double exactly; the reference wrote the same float32 values.
      if (got.datatype == "FP32") CHECK(static_cast<float>(got.numbers[k]) == static_cast<float>(want.numbers[k]));
      else CHECK(got.numbers[k] == want.numbers[k]);
    }
  }
}

TEST_CASE("malformed v2 tensors are refused naming the field", "[v2]") {
  auto model = load("s02_iris_logreg_tensor");
  inference::RawTensor t;
  t.name = "float_input";
  t.datatype = "FP32";
  t.shape = {1, 4};
  t.numbers = {5.1, 3.5, 1.4, 0.2};

  SECTION("a valid request returns every tensor output") {
    auto r = model->infer_raw({t});
    REQUIRE(r.ok());
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].name == "label");
    CHECK((*r)[0].datatype == "INT64");
    CHECK((*r)[0].integers == std::vector<int64_t>{0});
    CHECK((*r)[1].name == "probabilities");
    CHECK((*r)[1].shape == std::vector<int64_t>{1, 3});
  }
  SECTION("unknown input") {
    t.name = "x";
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "unknown_input");
    CHECK(r.error().message == "inputs[0].name: 'x' is not an input of the model (inputs: 'float_input')");
  }
  SECTION("missing input") {
    auto r = model->infer_raw({});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "missing_input");
    CHECK(r.error().message == "inputs: missing 'float_input'");
  }
  SECTION("wrong datatype") {
    t.datatype = "FP64";
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "inputs[0].datatype: FP64 given, input 'float_input' is FP32");
  }
  SECTION("shape that does not match the data") {
    t.shape = {2, 4};
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "invalid_tensor");
    CHECK(r.error().message == "inputs[0].data: 4 values for shape of 8 elements");
  }
  SECTION("fixed dimension violated") {
    t.shape = {2, 2};
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "inputs[0].shape[1]: 2 given, input 'float_input' needs 4");
  }
  SECTION("negative dimension") {
    t.shape = {-1, 4};
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "inputs[0].shape[0]: negative dimension -1");
  }
  SECTION("a shape whose product overflows is refused before allocating") {
    t.shape = {int64_t{1} << 40, 4};
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "inputs[0].shape: too many elements");
  }
  SECTION("wrong rank") {
    t.shape = {4};
    auto r = model->infer_raw({t});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "inputs[0].shape: rank 1 given, input 'float_input' has rank 2");
  }
}
