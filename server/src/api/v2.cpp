// Open Inference Protocol v2 (KServe / Triton), JSON form.
#include "api/json_body.hpp"
#include "api/routes.hpp"
#include "api/v2_decode.hpp"
#include "api/validation.hpp"
#include "app/monitoring_ops.hpp"

namespace mlgate::api {
using http::Request;
using boost::beast::http::verb;
using nlohmann::json;

namespace {

std::string oip_datatype(const std::string& onnx_type) {
  static const std::pair<const char*, const char*> map[] = {
      {"float", "FP32"}, {"double", "FP64"}, {"int64", "INT64"}, {"int32", "INT32"}, {"int16", "INT16"},
      {"int8", "INT8"},  {"uint8", "UINT8"}, {"uint16", "UINT16"}, {"uint32", "UINT32"}, {"uint64", "UINT64"},
      {"bool", "BOOL"},  {"string", "BYTES"}, {"float16", "FP16"}};
  for (auto [o, d] : map)
    if (onnx_type == o) return d;
  return onnx_type;
}

json tensor_meta(const std::vector<TensorInfo>& ts) {
  json out = json::array();
  for (const auto& t : ts) out.push_back({{"name", t.name}, {"datatype", oip_datatype(t.type)}, {"shape", t.shape}});
  return out;
}

json encode_output(const inference::RawTensor& t) {
  json data = json::array();
  if (t.datatype == "BYTES") data = t.strings;
  else if (!t.integers.empty() || t.datatype.rfind("INT", 0) == 0 || t.datatype.rfind("UINT", 0) == 0) data = t.integers;
  else if (t.datatype == "BOOL") for (double v : t.numbers) data.push_back(v != 0);
  else for (double v : t.numbers) data.push_back(std::isfinite(v) ? json(v) : json(nullptr));
  return {{"name", t.name}, {"datatype", t.datatype}, {"shape", t.shape}, {"data", std::move(data)}};
}

Result<std::shared_ptr<const app::Served>> target(app::App& app, const Request& req) {
  auto name = model_param(req);
  if (!name) return name.error();
  if (req.params.count("v")) {
    auto v = version_param(req);
    if (!v) return v.error();
    auto s = app.serving().version(name.value(), v.value());
    if (s && s.value()->info.stage != "production" && req.identity.role < http::Role::deployer)
      return forbidden("forbidden", "inference with a non-production version needs the deployer role");
    return s;
  }
  return app.serving().production(name.value());
}

http::Response infer(app::App& app, Request& req) {
  auto served = target(app, req);
  if (!served) return http::error_response(served.error());
  auto body = parse_json_body(req.body);
  if (!body) return http::error_response(body.error());
  const auto& info = served.value()->info;
  metrics::Stopwatch server_time;
  auto fail = [&](const Error& e) {
    app::prediction_failed(app, info.model, info.version, e.status, server_time.seconds() * 1000);
    return http::error_response(e);
  };
  auto inputs = decode_v2_inputs(body.value());
  if (!inputs) return fail(inputs.error());
  metrics::Stopwatch inference;
  auto outputs = served.value()->model->infer_raw(inputs.value());
  if (!outputs) return fail(outputs.error());
  const auto& first = inputs.value();
  const int64_t rows = first.empty() || first[0].shape.empty() ? 0 : first[0].shape[0];
  app.ops().observe_prediction(info.model, info.version, rows, inference.seconds());
  app::log_request(app, info.model, info.version, rows, 200, server_time.seconds() * 1000);
  json outs = json::array();
  for (const auto& t : outputs.value()) outs.push_back(encode_output(t));
  json res = {{"model_name", served.value()->info.model}, {"model_version", std::to_string(served.value()->info.version)},
              {"outputs", std::move(outs)}};
  if (body->contains("id") && (*body)["id"].is_string()) res["id"] = (*body)["id"];
  return http::json_response(200, res);
}

http::Response metadata(app::App& app, Request& req) {
  auto served = target(app, req);
  if (!served) return http::error_response(served.error());
  const auto& info = served.value()->info;
  return http::json_response(200, {{"name", info.model}, {"versions", {std::to_string(info.version)}},
                                   {"platform", "onnxruntime_onnx"}, {"inputs", tensor_meta(info.signature.inputs)},
                                   {"outputs", tensor_meta(info.signature.outputs)}});
}

}  // namespace

void add_v2_routes(http::Router& r, app::App& app) {
  auto infer_h = [&app](Request& req) { return infer(app, req); };
  auto meta_h = [&app](Request& req) { return metadata(app, req); };
  auto ready_h = [&app](Request& req) {
    auto served = target(app, req);
    if (!served) return http::error_response(served.error());
    return http::json_response(200, {{"name", served.value()->info.model}, {"ready", true}});
  };
  uint64_t limit = app.config().max_json_bytes;
  r.add({verb::get, "/v2/models/{name}", http::Role::viewer, http::BodyKind::none, 0, meta_h});
  r.add({verb::get, "/v2/models/{name}/versions/{v}", http::Role::viewer, http::BodyKind::none, 0, meta_h});
  r.add({verb::get, "/v2/models/{name}/ready", http::Role::viewer, http::BodyKind::none, 0, ready_h});
  r.add({verb::get, "/v2/models/{name}/versions/{v}/ready", http::Role::viewer, http::BodyKind::none, 0, ready_h});
  r.add({verb::post, "/v2/models/{name}/infer", http::Role::viewer, http::BodyKind::memory, limit, infer_h});
  r.add({verb::post, "/v2/models/{name}/versions/{v}/infer", http::Role::viewer, http::BodyKind::memory, limit, infer_h});
}

}  // namespace mlgate::api
