// The models being served: production versions loaded at start and swapped atomically on
// promotion or rollback (the new one is loaded before the swap, so no request fails during
// it), and other versions loaded on demand for tests and explicit `version=` requests.
#pragma once
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "inference/model.hpp"
#include "registry/artifact_store.hpp"
#include "registry/metadata_store.hpp"

namespace mlgate::app {

struct Served {
  api::VersionInfo info;
  std::shared_ptr<const inference::LoadedModel> model;
};

class Serving {
 public:
  Serving(registry::MetadataStore& store, registry::ArtifactStore& artifacts) : store_(store), artifacts_(artifacts) {}

  // Loads every production version; failures are remembered for /readyz, not fatal.
  void load_production();
  // 404 no_production_version when the model has none.
  Result<std::shared_ptr<const Served>> production(const std::string& model);
  Result<std::shared_ptr<const Served>> version(const std::string& model, int64_t version);
  // Re-reads the model's production version from the store and swaps it in.
  Status refresh(const std::string& model);
  void forget(const std::string& model, int64_t version);

  bool ready() const;
  nlohmann::json readiness() const;
  std::size_t loaded_count() const;

 private:
  Result<std::shared_ptr<const Served>> load(const api::VersionInfo& info);
  void record_corrupt(const api::VersionInfo& v, const std::string& message);

  registry::MetadataStore& store_;
  registry::ArtifactStore& artifacts_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const Served>> production_;
  std::map<std::pair<std::string, int64_t>, std::shared_ptr<const Served>> loaded_;
  std::map<std::string, std::string> failures_;  // model → why its production version is not served
};

}  // namespace mlgate::app
