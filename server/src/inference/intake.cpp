#include "inference/intake.hpp"

#include <optional>

#include "inference/onnx_precheck.hpp"
#include "inference/ort_env.hpp"
#include "inference/signature.hpp"
#include "inference/web_variant.hpp"

namespace mlgate::inference {

Result<Intake> intake_model(std::string_view bytes, const IntakeOptions& options) {
  auto model = parse_checked_model(bytes);
  if (!model) return model.error();
  auto session = load_session(bytes);
  if (!session) return session.error();

  auto web = build_web_variant(model.value());
  if (!web) return web.error();
  Intake intake;
  const Ort::Session* serving = &session.value();
  std::optional<Ort::Session> web_session;
  if (!web->bytes.empty()) {
    // Loaded here so that a variant ONNX Runtime (and so the browser) cannot run is never stored.
    auto loaded = load_session(web->bytes);
    if (!loaded) return unprocessable("model_load_failed", "browser variant (ZipMap removed): " + loaded.error().message);
    web_session.emplace(std::move(loaded.value()));
    serving = &*web_session;
    intake.web_bytes = std::move(web->bytes);
  }

  auto sig = extract_signature(*serving, model.value(), options, web->probability_output);
  if (!sig) return sig.error();
  intake.signature = std::move(sig.value());

  const auto& m = model.value();
  intake.producer = m.producer_name();
  if (!m.producer_version().empty()) intake.producer += (intake.producer.empty() ? "" : " ") + m.producer_version();
  for (const auto& op : m.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx") intake.opset = op.version();
  return intake;
}

}  // namespace mlgate::inference
