#include "inference/ort_env.hpp"

#include <onnxruntime_session_options_config_keys.h>

namespace mlgate::inference {

Ort::Env& ort_env() {
  static Ort::Env env(ORT_LOGGING_LEVEL_ERROR, "mlgate");
  return env;
}

Ort::SessionOptions session_options() {
  Ort::SessionOptions so;
  so.SetIntraOpNumThreads(1);
  so.SetInterOpNumThreads(1);
  so.SetExecutionMode(ExecutionMode::ORT_SEQUENTIAL);
  so.AddConfigEntry(kOrtSessionOptionsConfigAllowIntraOpSpinning, "0");
  so.AddConfigEntry(kOrtSessionOptionsConfigAllowInterOpSpinning, "0");
  so.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
  return so;
}

std::string ort_message(const Ort::Exception& e) {
  std::string msg = e.what();
  if (auto pos = msg.find("Stacktrace:"); pos != std::string::npos) msg.erase(pos);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

Result<Ort::Session> load_session(std::string_view bytes) {
  try {
    Ort::SessionOptions so = session_options();
    return Ort::Session(ort_env(), bytes.data(), bytes.size(), so);
  } catch (const Ort::Exception& e) {
    return unprocessable("model_load_failed", ort_message(e));
  }
}

}  // namespace mlgate::inference
