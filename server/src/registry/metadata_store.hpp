// The registry's metadata behind a narrow interface. SQLite implements it today; a later
// issue adds PostgreSQL so several replicas share one registry. Every state change and its
// audit event happen in one transaction; the lifecycle rules of DESIGN.md are enforced here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::registry {

struct NewVersion {
  std::string model;
  std::string sha256;       // the original artifact
  std::string web_sha256;   // browser-ready variant (== sha256 when the original is tensor-only)
  int64_t size_bytes = 0;
  std::string description;
  api::Signature signature;
  std::string producer;
  int64_t opset = 0;
  nlohmann::json lineage = nlohmann::json::object();
};

struct CreatedVersion {
  api::VersionInfo version;
  bool created = true;  // false: same bytes already registered under this model (idempotent retry)
};

struct AuditFilter {
  std::optional<std::string> model;
  std::optional<int64_t> after;  // events with id > after
  int64_t limit = 100;
};

struct StoredToken {
  std::string name;
  std::string role;
  std::string created_at;
  bool session = false;  // found as a session of the token `name`, not as the token itself
};

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // Versions. New versions enter staging with the next number for the model.
  virtual Result<CreatedVersion> create_version(const NewVersion& v, const std::string& actor) = 0;
  virtual Result<api::VersionInfo> get_version(const std::string& model, int64_t version) = 0;
  virtual Result<std::vector<api::VersionInfo>> list_versions(const std::string& model) = 0;  // 404 unknown model
  virtual Result<std::vector<api::ModelSummary>> list_models() = 0;
  virtual Result<std::vector<api::VersionInfo>> production_versions() = 0;
  virtual Status delete_version(const std::string& model, int64_t version, const std::string& actor) = 0;  // 409 if production
  virtual Result<api::VersionInfo> archive_version(const std::string& model, int64_t version, const std::string& actor) = 0;
  // Every sha256 referenced by any version (original and web): what artifact GC must keep.
  virtual Result<std::vector<std::string>> referenced_artifacts() = 0;

  // Test records.
  virtual Result<api::TestRecord> add_test(const api::TestRecord& t) = 0;  // id and at assigned
  virtual Result<std::vector<api::TestRecord>> list_tests(const std::string& model, int64_t version) = 0;

  // Promotion workflow.
  virtual Result<api::Promotion> request_promotion(const std::string& model, int64_t version,
                                                   const std::string& reason, const std::string& actor) = 0;
  virtual Result<std::vector<api::Promotion>> list_promotions(const std::optional<std::string>& status) = 0;
  virtual Result<api::Promotion> get_promotion(int64_t id) = 0;
  virtual Result<api::Promotion> decide_promotion(int64_t id, bool approve, const std::string& reason,
                                                  const std::string& actor, bool allow_self_approval) = 0;
  virtual Result<api::VersionInfo> rollback(const std::string& model, const std::string& reason,
                                            const std::string& actor) = 0;

  virtual Result<std::vector<api::AuditEvent>> audit(const AuditFilter& filter) = 0;
  // For events outside the lifecycle (token created, rejected upload, ...).
  virtual Status append_audit(const api::AuditEvent& e) = 0;

  // Tokens, stored by the SHA-256 of the secret only.
  virtual Status create_token(const std::string& name, const std::string& role, const std::string& secret_sha256,
                              const std::string& actor) = 0;  // 409 token_exists
  virtual Result<std::vector<StoredToken>> list_tokens() = 0;
  virtual Status revoke_token(const std::string& name, const std::string& actor) = 0;  // 404 if unknown
  // A token, or an unexpired session of a token that still exists.
  virtual Result<std::optional<StoredToken>> find_token(const std::string& secret_sha256) = 0;
  // Sessions: created from a token (404 if it is gone), ended by their secret. Revoking a
  // token ends its sessions.
  virtual Status create_session(const std::string& token_name, const std::string& secret_sha256, const std::string& expires_at) = 0;
  virtual Status end_session(const std::string& secret_sha256, const std::string& actor) = 0;
};

}  // namespace mlgate::registry
