// The application core the HTTP handlers reach: stores, serving, identity, configuration.
#pragma once
#include <memory>
#include <string>

#include "app/authenticator.hpp"
#include "app/config.hpp"
#include "app/ops_metrics.hpp"
#include "app/serving.hpp"
#include "registry/artifact_store.hpp"
#include "registry/metadata_store.hpp"

namespace mlgate::app {

class App {
 public:
  // Opens (or creates) the data directory: SQLite store, artifact store, temp sweep,
  // orphan-artifact GC, the first admin token, production models.
  static Result<std::unique_ptr<App>> open(const Config& config);

  const Config& config() const { return config_; }
  registry::MetadataStore& store() { return *store_; }
  registry::ArtifactStore& artifacts() { return *artifacts_; }
  Serving& serving() { return *serving_; }
  Authenticator& auth() { return *auth_; }
  OpsMetrics& ops() { return ops_; }
  // Set when this start created the first admin token (printed once, never again).
  const std::string& first_admin_token() const { return first_admin_token_; }

 private:
  App() = default;
  Status ensure_admin_token();

  Config config_;
  std::unique_ptr<registry::MetadataStore> store_;
  std::unique_ptr<registry::ArtifactStore> artifacts_;
  std::unique_ptr<Serving> serving_;
  std::unique_ptr<Authenticator> auth_;
  std::string first_admin_token_;
  OpsMetrics ops_;
};

}  // namespace mlgate::app
