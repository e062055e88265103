// What a model looks like through the API after a restart, and the invariants every crash
// must leave true: at most one production version (exactly one when there was one), every
// version's artifact present with its SHA-256, an audit event for every state, no temp file.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "integration/http_client.hpp"

namespace mlgate::testing {

struct RegistryState {
  std::map<int64_t, std::string> stages;  // version -> stage
  std::map<int64_t, std::string> shas;    // version -> sha256
  std::map<int64_t, size_t> tests;        // version -> number of test records
  size_t pending_promotions = 0;
  size_t audit_events = 0;
  size_t blobs = 0;      // files in artifacts/sha256
  size_t temp_files = 0; // files in artifacts/tmp

  // The registry's content, without the counters that a crash may legitimately leave
  // different (blobs are swept, temp files removed, at start).
  std::string summary() const;
  int production_count() const;
};

RegistryState read_state(const HttpClient& admin, const std::string& model, const std::filesystem::path& data_dir);

// REQUIREs the invariants of DESIGN.md on a state read after a restart; `had_production`
// says whether a production version existed before the interrupted operation.
void require_invariants(const HttpClient& admin, const std::string& model, const RegistryState& s, bool had_production);

}  // namespace mlgate::testing
