// Opening the store, the audit log and tokens. Versions and promotions live in
// versions.cpp and promotions.cpp.
#include "registry/sqlite_store.hpp"

#include "core/clock.hpp"
#include "registry/audit_origin.hpp"
#include "registry/schema.hpp"
#include "registry/sqlite_store_impl.hpp"

namespace mlgate::registry {

using nlohmann::json;

Result<std::unique_ptr<MetadataStore>> open_sqlite_store(const std::filesystem::path& db_file) {
  auto db = sql::open_migrated(db_file);
  if (!db) return db.error();
  auto reader = sql::Db::open(db_file);
  if (!reader) return reader.error();
  try {
    reader.value()->exec("PRAGMA query_only=1");
  } catch (const sql::SqlFailure& f) {
    return f.error;
  }
  return std::unique_ptr<MetadataStore>(new SqliteStore(std::move(db.value()), std::move(reader.value())));
}

// [SECTION] row readers

api::VersionInfo read_version(const sql::Stmt& s) {
  api::VersionInfo v;
  v.model = s.text(0);
  v.version = s.i64(1);
  v.stage = s.text(2);
  v.sha256 = s.text(3);
  v.web_sha256 = s.text(4);
  v.size_bytes = s.i64(5);
  v.created_at = s.text(6);
  v.created_by = s.text(7);
  v.description = s.text(8);
  v.signature = json::parse(s.text(9)).get<api::Signature>();
  v.producer = s.text(10);
  v.opset = s.i64(11);
  v.lineage = json::parse(s.text(12));
  return v;
}

api::Promotion read_promotion(const sql::Stmt& s) {
  api::Promotion p;
  p.id = s.i64(0);
  p.model = s.text(1);
  p.version = s.i64(2);
  p.status = s.text(3);
  p.requested_by = s.text(4);
  p.requested_at = s.text(5);
  p.reason = s.text(6);
  p.decided_by = s.text(7);
  p.decided_at = s.text(8);
  p.decision_reason = s.text(9);
  return p;
}

api::AuditEvent audit_event(std::string actor, std::string action, std::string model, std::optional<int64_t> version,
                            std::string from_stage, std::string to_stage, json detail) {
  api::AuditEvent e;
  e.actor = std::move(actor);
  e.action = std::move(action);
  e.model = std::move(model);
  e.version = version;
  e.from_stage = std::move(from_stage);
  e.to_stage = std::move(to_stage);
  e.detail = detail.is_null() ? json::object() : std::move(detail);
  return e;
}

// [SECTION] helpers used inside transactions

int64_t SqliteStore::insert_audit(const api::AuditEvent& e) {
  json detail = e.detail;
  if (const json* origin = AuditOrigin::current(); origin && detail.is_object()) detail.update(*origin);
  db_->prepare(
         "INSERT INTO audit (at, actor, action, model, version, from_stage, to_stage, detail) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(e.at.empty() ? now_rfc3339() : e.at, e.actor, e.action, e.model, e.version, e.from_stage, e.to_stage,
            detail.dump())
      .run();
  return db_->last_insert_id();
}

std::optional<api::VersionInfo> SqliteStore::find_version(sql::Db& db, const std::string& model, int64_t version) {
  static const std::string q =
      std::string("SELECT ") + kVersionColumns + " FROM versions WHERE model = ? AND version = ?";
  std::optional<api::VersionInfo> v;
  {
    auto s = db.prepare(q.c_str());
    s.bind(model, version);
    if (s.step()) v = read_version(s);
  }
  if (v) v->tests = test_ids(db, model, version);
  return v;
}

bool SqliteStore::model_exists(sql::Db& db, const std::string& model) {
  auto s = db.prepare("SELECT 1 FROM versions WHERE model = ? LIMIT 1");
  return s.bind(model).step();
}

Result<api::VersionInfo> SqliteStore::require_version(sql::Db& db, const std::string& model, int64_t version) {
  if (auto v = find_version(db, model, version)) return *v;
  if (!model_exists(db, model)) return not_found("model_not_found", "model '" + model + "' does not exist");
  return not_found("version_not_found",
                   "model '" + model + "' has no version " + std::to_string(version));
}

std::vector<int64_t> SqliteStore::test_ids(sql::Db& db, const std::string& model, int64_t version) {
  std::vector<int64_t> ids;
  auto s = db.prepare("SELECT id FROM tests WHERE model = ? AND version = ? ORDER BY id");
  s.bind(model, version);
  while (s.step()) ids.push_back(s.i64(0));
  return ids;
}

bool SqliteStore::has_passing_test(const std::string& model, int64_t version) {
  auto s = db_->prepare("SELECT 1 FROM tests WHERE model = ? AND version = ? AND passed = 1 LIMIT 1");
  return s.bind(model, version).step();
}

std::optional<api::Promotion> SqliteStore::find_promotion(sql::Db& db, int64_t id) {
  static const std::string q = std::string("SELECT ") + kPromotionColumns + " FROM promotions WHERE id = ?";
  auto s = db.prepare(q.c_str());
  if (s.bind(id).step()) return read_promotion(s);
  return std::nullopt;
}

void SqliteStore::set_stage(const std::string& model, int64_t version, const std::string& stage) {
  db_->prepare("UPDATE versions SET stage = ? WHERE model = ? AND version = ?").bind(stage, model, version).run();
}

void SqliteStore::touch_model(const std::string& model, const std::string& at) {
  db_->prepare("UPDATE models SET updated_at = ? WHERE name = ?").bind(at, model).run();
}

// [SECTION] audit

Result<std::vector<api::AuditEvent>> SqliteStore::audit(const AuditFilter& f) {
  int64_t limit = std::clamp<int64_t>(f.limit, 0, 1000);
  return reader().transaction<std::vector<api::AuditEvent>>(
      false, [&, &db = reader()]() -> Result<std::vector<api::AuditEvent>> {
        auto s = db.prepare(
            "SELECT id, at, actor, action, model, version, from_stage, to_stage, detail FROM audit "
            "WHERE (?1 IS NULL OR model = ?1) AND id > ?2 ORDER BY id LIMIT ?3");
        s.bind(f.model, f.after.value_or(0), limit);
        std::vector<api::AuditEvent> out;
        while (s.step()) {
          api::AuditEvent e;
          e.id = s.i64(0);
          e.at = s.text(1);
          e.actor = s.text(2);
          e.action = s.text(3);
          e.model = s.text(4);
          e.version = s.opt_i64(5);
          e.from_stage = s.text(6);
          e.to_stage = s.text(7);
          e.detail = json::parse(s.text(8));
          out.push_back(std::move(e));
        }
        return out;
      });
}

Status SqliteStore::append_audit(const api::AuditEvent& e) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    insert_audit(e);
    return Unit{};
  });
}

// [SECTION] tokens

Status SqliteStore::create_token(const std::string& name, const std::string& role, const std::string& secret_sha256,
                                 const std::string& actor) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    if (db.prepare("SELECT 1 FROM tokens WHERE name = ?").bind(name).step())
      return conflict("token_exists", "a token named '" + name + "' already exists");
    if (db.prepare("SELECT 1 FROM tokens WHERE secret_sha256 = ?").bind(secret_sha256).step())
      return conflict("token_exists", "a token with this secret already exists");
    auto at = now_rfc3339();
    db.prepare("INSERT INTO tokens (name, role, secret_sha256, created_at) VALUES (?, ?, ?, ?)")
        .bind(name, role, secret_sha256, at)
        .run();
    // Never the secret nor its hash in the audit log.
    insert_audit(audit_event(actor, "token.created", "", std::nullopt, "", "", {{"name", name}, {"role", role}}));
    return Unit{};
  });
}

Result<std::vector<StoredToken>> SqliteStore::list_tokens() {
  return reader().transaction<std::vector<StoredToken>>(
      false, [&, &db = reader()]() -> Result<std::vector<StoredToken>> {
        auto s = db.prepare("SELECT name, role, created_at FROM tokens ORDER BY name");
        std::vector<StoredToken> out;
        while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2)});
        return out;
      });
}

Status SqliteStore::revoke_token(const std::string& name, const std::string& actor) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    std::string role;
    {
      auto s = db.prepare("SELECT role FROM tokens WHERE name = ?");
      if (!s.bind(name).step()) return not_found("token_not_found", "no token named '" + name + "'");
      role = s.text(0);
    }
    db.prepare("DELETE FROM tokens WHERE name = ?").bind(name).run();
    db.prepare("DELETE FROM sessions WHERE token_name = ?").bind(name).run();
    insert_audit(audit_event(actor, "token.revoked", "", std::nullopt, "", "", {{"name", name}, {"role", role}}));
    return Unit{};
  });
}

Result<std::optional<StoredToken>> SqliteStore::find_token(const std::string& secret_sha256) {
  return reader().transaction<std::optional<StoredToken>>(
      false, [&, &db = reader()]() -> Result<std::optional<StoredToken>> {
        auto s = db.prepare("SELECT name, role, created_at FROM tokens WHERE secret_sha256 = ?");
        if (s.bind(secret_sha256).step())
          return std::optional<StoredToken>(StoredToken{s.text(0), s.text(1), s.text(2)});
        auto ses = db.prepare(
            "SELECT t.name, t.role, s.created_at FROM sessions s JOIN tokens t ON t.name = s.token_name "
            "WHERE s.secret_sha256 = ? AND s.expires_at > ?");
        if (ses.bind(secret_sha256, now_rfc3339()).step())
          return std::optional<StoredToken>(StoredToken{ses.text(0), ses.text(1), ses.text(2), true});
        return std::optional<StoredToken>();
      });
}

Status SqliteStore::create_session(const std::string& token_name, const std::string& secret_sha256, const std::string& expires_at) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    if (!db.prepare("SELECT 1 FROM tokens WHERE name = ?").bind(token_name).step())
      return not_found("token_not_found", "no token named '" + token_name + "'");
    auto at = now_rfc3339();
    // Expired sessions go as new ones come: the table holds only live ones and a day's worth.
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(at).run();
    db.prepare("INSERT INTO sessions (secret_sha256, token_name, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(secret_sha256, token_name, at, expires_at)
        .run();
    insert_audit(audit_event(token_name, "session.created", "", std::nullopt, "", "", {{"name", token_name}, {"expires_at", expires_at}}));
    return Unit{};
  });
}

Status SqliteStore::end_session(const std::string& secret_sha256, const std::string& actor) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    db.prepare("DELETE FROM sessions WHERE secret_sha256 = ?").bind(secret_sha256).run();
    if (db.changes() == 0) return not_found("session_not_found", "this credential is not a session");
    insert_audit(audit_event(actor, "session.ended", "", std::nullopt, "", "", {{"name", actor}}));
    return Unit{};
  });
}

}  // namespace mlgate::registry
