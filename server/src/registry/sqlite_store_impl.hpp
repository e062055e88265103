// SqliteStore's declaration, shared by the files that implement it by concern:
// sqlite_store.cpp (opening, audit, tokens), versions.cpp (versions, tests),
// promotions.cpp (promotion workflow, rollback).
#pragma once
#include <memory>

#include "registry/metadata_store.hpp"
#include "registry/sqlite_db.hpp"

namespace mlgate::registry {

class SqliteStore final : public MetadataStore {
 public:
  // `reader`, when given, serves the read-only calls so that they never queue behind a
  // write's fsync (WAL lets it read the last committed state meanwhile).
  explicit SqliteStore(std::unique_ptr<sql::Db> db, std::unique_ptr<sql::Db> reader = nullptr)
      : db_(std::move(db)), rdb_(std::move(reader)) {}

  Result<CreatedVersion> create_version(const NewVersion& v, const std::string& actor) override;
  Result<api::VersionInfo> get_version(const std::string& model, int64_t version) override;
  Result<std::vector<api::VersionInfo>> list_versions(const std::string& model) override;
  Result<std::vector<api::ModelSummary>> list_models() override;
  Result<std::vector<api::VersionInfo>> production_versions() override;
  Status delete_version(const std::string& model, int64_t version, const std::string& actor) override;
  Result<api::VersionInfo> archive_version(const std::string& model, int64_t version,
                                           const std::string& actor) override;
  Result<std::vector<std::string>> referenced_artifacts() override;

  Result<api::TestRecord> add_test(const api::TestRecord& t) override;
  Result<std::vector<api::TestRecord>> list_tests(const std::string& model, int64_t version) override;

  Result<api::Promotion> request_promotion(const std::string& model, int64_t version, const std::string& reason,
                                           const std::string& actor) override;
  Result<std::vector<api::Promotion>> list_promotions(const std::optional<std::string>& status) override;
  Result<api::Promotion> get_promotion(int64_t id) override;
  Result<api::Promotion> decide_promotion(int64_t id, bool approve, const std::string& reason, const std::string& actor,
                                          bool allow_self_approval) override;
  Result<api::VersionInfo> rollback(const std::string& model, const std::string& reason,
                                    const std::string& actor) override;

  Result<std::vector<api::AuditEvent>> audit(const AuditFilter& filter) override;
  Status append_audit(const api::AuditEvent& e) override;

  Status create_token(const std::string& name, const std::string& role, const std::string& secret_sha256,
                      const std::string& actor) override;
  Result<std::vector<StoredToken>> list_tokens() override;
  Status revoke_token(const std::string& name, const std::string& actor) override;
  Result<std::optional<StoredToken>> find_token(const std::string& secret_sha256) override;
  Status create_session(const std::string& token_name, const std::string& secret_sha256, const std::string& expires_at) override;
  Status end_session(const std::string& secret_sha256, const std::string& actor) override;

 private:
  sql::Db& reader() { return rdb_ ? *rdb_ : *db_; }

  // Helpers run inside a transaction on `db`; SQLite failures throw sql::SqlFailure.
  int64_t insert_audit(const api::AuditEvent& e);
  static std::optional<api::VersionInfo> find_version(sql::Db& db, const std::string& model, int64_t version);
  static Result<api::VersionInfo> require_version(sql::Db& db, const std::string& model, int64_t version);
  static bool model_exists(sql::Db& db, const std::string& model);
  static std::vector<int64_t> test_ids(sql::Db& db, const std::string& model, int64_t version);
  bool has_passing_test(const std::string& model, int64_t version);
  static std::optional<api::Promotion> find_promotion(sql::Db& db, int64_t id);
  void set_stage(const std::string& model, int64_t version, const std::string& stage);
  void touch_model(const std::string& model, const std::string& at);

  std::unique_ptr<sql::Db> db_;   // every write, and reads when there is no reader
  std::unique_ptr<sql::Db> rdb_;  // query_only
};

// Row readers shared by the implementation files.
inline constexpr const char* kVersionColumns =
    "model, version, stage, sha256, web_sha256, size_bytes, created_at, created_by, description, signature, "
    "producer, opset, lineage";
api::VersionInfo read_version(const sql::Stmt& s);
inline constexpr const char* kPromotionColumns =
    "id, model, version, status, requested_by, requested_at, reason, decided_by, decided_at, decision_reason";
api::Promotion read_promotion(const sql::Stmt& s);
api::AuditEvent audit_event(std::string actor, std::string action, std::string model, std::optional<int64_t> version,
                            std::string from_stage, std::string to_stage, nlohmann::json detail);

}  // namespace mlgate::registry
