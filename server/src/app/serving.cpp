#include "app/serving.hpp"

#include <mutex>

#include "core/log.hpp"

namespace mlgate::app {
namespace {
constexpr size_t kMaxLoadedVersions = 64;
}

Result<std::shared_ptr<const Served>> Serving::load(const api::VersionInfo& info) {
  {
    std::shared_lock lock(mu_);
    auto it = loaded_.find({info.model, info.version});
    if (it != loaded_.end()) return it->second;
  }
  // Serve the browser-ready graph when there is one, so server and browser agree.
  const std::string& sha = info.web_sha256.empty() ? info.sha256 : info.web_sha256;
  auto bytes = artifacts_.get(sha);  // verifies the SHA-256
  if (!bytes) return bytes.error();
  auto model = inference::LoadedModel::create(bytes.value(), info.signature);
  if (!model) return model.error();
  auto served = std::make_shared<const Served>(Served{info, std::move(model.value())});
  std::unique_lock lock(mu_);
  if (loaded_.size() >= kMaxLoadedVersions) {
    // Evict one that is not in production; production ones stay pinned via production_.
    loaded_.erase(loaded_.begin());
  }
  loaded_[{info.model, info.version}] = served;
  return std::shared_ptr<const Served>(served);
}

void Serving::load_production() {
  auto versions = store_.production_versions();
  if (!versions) {
    log::error("serving", "cannot list production versions: " + versions.error().message);
    return;
  }
  for (const auto& v : versions.value()) {
    // The original's hash is checked too: a corrupt original must not be served either.
    auto original = artifacts_.get(v.sha256);
    auto served = original ? load(v) : Result<std::shared_ptr<const Served>>(original.error());
    std::unique_lock lock(mu_);
    if (served) {
      production_[v.model] = served.value();
      failures_.erase(v.model);
      log::info("serving", "loaded " + v.model + " v" + std::to_string(v.version) + " (production)");
    } else {
      failures_[v.model] = served.error().message;
      log::error("serving", "not serving " + v.model + " v" + std::to_string(v.version) + ": " + served.error().message);
      if (served.error().code == "artifact_corrupt") record_corrupt(v, served.error().message);
    }
  }
}

// A blob that fails its hash was changed behind the registry's back (disk fault, tampering):
// that belongs in the audit log, where people look for who changed what, not only in the log.
void Serving::record_corrupt(const api::VersionInfo& v, const std::string& message) {
  api::AuditEvent e;
  e.actor = "mlgate";
  e.action = "artifact.corrupt";
  e.model = v.model;
  e.version = v.version;
  e.detail = {{"sha256", v.sha256}, {"error", message}};
  if (auto st = store_.append_audit(e); !st) log::error("serving", "cannot record the corrupt artifact in the audit log: " + st.error().message);
}

Result<std::shared_ptr<const Served>> Serving::production(const std::string& model) {
  std::shared_lock lock(mu_);
  auto it = production_.find(model);
  if (it != production_.end()) return it->second;
  auto f = failures_.find(model);
  if (f != failures_.end()) return Error{503, "model_unavailable", "the production version of '" + model + "' could not be loaded: " + f->second};
  return not_found("no_production_version", "model '" + model + "' has no production version");
}

Result<std::shared_ptr<const Served>> Serving::version(const std::string& model, int64_t version) {
  auto info = store_.get_version(model, version);
  if (!info) return info.error();
  return load(info.value());
}

Status Serving::refresh(const std::string& model) {
  auto versions = store_.list_versions(model);
  std::shared_ptr<const Served> next;
  if (versions) {
    for (const auto& v : versions.value()) {
      if (v.stage != "production") continue;
      auto served = load(v);
      if (!served) {
        std::unique_lock lock(mu_);
        failures_[model] = served.error().message;
        production_.erase(model);
        return served.error();
      }
      next = served.value();
    }
  }
  std::unique_lock lock(mu_);
  if (next) {
    production_[model] = next;
    failures_.erase(model);
  } else {
    production_.erase(model);
  }
  return ok_status();
}

void Serving::forget(const std::string& model, int64_t version) {
  std::unique_lock lock(mu_);
  loaded_.erase({model, version});
}

bool Serving::ready() const {
  std::shared_lock lock(mu_);
  return failures_.empty();
}

std::size_t Serving::loaded_count() const {
  std::shared_lock lock(mu_);
  std::size_t n = loaded_.size();
  for (const auto& [name, s] : production_)
    if (!loaded_.count({name, s->info.version})) ++n;
  return n;
}

nlohmann::json Serving::readiness() const {
  std::shared_lock lock(mu_);
  nlohmann::json models = nlohmann::json::object();
  for (const auto& [name, s] : production_) models[name] = {{"version", s->info.version}, {"status", "loaded"}};
  for (const auto& [name, why] : failures_) models[name] = {{"status", "failed"}, {"error", why}};
  return models;
}

}  // namespace mlgate::app
