#include "registry/schema.hpp"

namespace mlgate::registry::sql {
namespace {

// Version 1. AUTOINCREMENT keeps ids monotonic and never reused (ordering is by id, never
// by timestamp). models.next_version keeps version numbers unique even after deletes.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE models (
  name          TEXT PRIMARY KEY,
  next_version  INTEGER NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE TABLE versions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  model        TEXT NOT NULL REFERENCES models(name),
  version      INTEGER NOT NULL CHECK (version > 0),
  stage        TEXT NOT NULL CHECK (stage IN ('staging', 'production', 'archived')),
  sha256       TEXT NOT NULL,
  web_sha256   TEXT NOT NULL,
  size_bytes   INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  description  TEXT NOT NULL,
  signature    TEXT NOT NULL,
  producer     TEXT NOT NULL,
  opset        INTEGER NOT NULL,
  lineage      TEXT NOT NULL,
  UNIQUE (model, version)
);
-- The lifecycle's central rule, held by the database itself so that no code path, and
-- no second process on the same file, can ever leave two production versions.
CREATE UNIQUE INDEX versions_one_production ON versions(model) WHERE stage = 'production';
CREATE INDEX versions_by_sha ON versions(model, sha256);

CREATE TABLE tests (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  model         TEXT NOT NULL,
  version       INTEGER NOT NULL,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  source        TEXT NOT NULL,
  rows          INTEGER NOT NULL,
  label_column  TEXT NOT NULL,
  data_sha256   TEXT NOT NULL,
  passed        INTEGER NOT NULL,
  thresholds    TEXT NOT NULL,
  metrics       TEXT NOT NULL,
  FOREIGN KEY (model, version) REFERENCES versions(model, version) ON DELETE CASCADE
);
CREATE INDEX tests_by_version ON tests(model, version, id);

CREATE TABLE promotions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  model            TEXT NOT NULL,
  version          INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  requested_by     TEXT NOT NULL,
  requested_at     TEXT NOT NULL,
  reason           TEXT NOT NULL,
  decided_by       TEXT NOT NULL DEFAULT '',
  decided_at       TEXT NOT NULL DEFAULT '',
  decision_reason  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX promotions_one_pending ON promotions(model, version) WHERE status = 'pending';
CREATE INDEX promotions_by_status ON promotions(status, id);

-- Every version that entered production, in order, so rollback can walk back.
-- A rollback marks the entries it steps over as popped.
CREATE TABLE production_history (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  model    TEXT NOT NULL,
  version  INTEGER NOT NULL,
  at       TEXT NOT NULL,
  popped   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX production_history_by_model ON production_history(model, popped, id);

-- Append-only: nothing in mlgate deletes or updates audit rows.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  model       TEXT NOT NULL,
  version     INTEGER,
  from_stage  TEXT NOT NULL,
  to_stage    TEXT NOT NULL,
  detail      TEXT NOT NULL
);
CREATE INDEX audit_by_model ON audit(model, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE tokens (
  name           TEXT PRIMARY KEY,
  role           TEXT NOT NULL,
  secret_sha256  TEXT NOT NULL UNIQUE,
  created_at     TEXT NOT NULL
);
)sql";

// Version 2: the deployment agent. Uploads are files a person handed to the agent (kept for
// a day); conversations, their messages and the actions waiting for the person's confirmation.
// Every row names its owner: nothing here is shared between identities.
constexpr const char* kMigrationV2 = R"sql(
CREATE TABLE uploads (
  id          TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  filename    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('onnx', 'csv')),
  size_bytes  INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  columns     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX uploads_by_owner ON uploads(owner, created_at);

CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,
  owner       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  planner     TEXT NOT NULL,
  state       TEXT NOT NULL
);
CREATE TABLE chat_messages (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id  TEXT NOT NULL REFERENCES conversations(id),
  at               TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
  content          TEXT NOT NULL,
  tool_calls       TEXT NOT NULL,
  tool_call_id     TEXT NOT NULL
);
CREATE INDEX chat_messages_by_conversation ON chat_messages(conversation_id, id);
CREATE TABLE chat_actions (
  id               TEXT PRIMARY KEY,
  conversation_id  TEXT NOT NULL REFERENCES conversations(id),
  owner            TEXT NOT NULL,
  tool             TEXT NOT NULL,
  arguments        TEXT NOT NULL,
  summary          TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  result           TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  decided_at       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX chat_actions_by_conversation ON chat_actions(conversation_id);
)sql";

// Version 3: training and retraining. Jobs are rows so that they survive restarts; a model's
// retraining policy (schedule, trainer, external hook, alert trigger) is one JSON document.
constexpr const char* kMigrationV3 = R"sql(
CREATE TABLE jobs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  model           TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('train', 'retrain')),
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  trigger         TEXT NOT NULL,
  actor           TEXT NOT NULL,
  params          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  started_at      TEXT NOT NULL DEFAULT '',
  finished_at     TEXT NOT NULL DEFAULT '',
  log             TEXT NOT NULL DEFAULT '',
  error           TEXT NOT NULL DEFAULT '',
  result_version  INTEGER,
  result          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX jobs_by_model ON jobs(model, id);
CREATE INDEX jobs_by_status ON jobs(status, id);
-- Browser sessions: the launch URL's token is exchanged for one of these, so that the
-- long-lived token does not stay in the page. A session is its token's identity (role
-- included) until it expires or the token is revoked.
CREATE TABLE sessions (
  secret_sha256  TEXT PRIMARY KEY,
  token_name     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL
);
CREATE INDEX sessions_by_token ON sessions(token_name);
-- Alerts: a model's rules, and every alert that fired (never updated but for its delivery).
CREATE TABLE alert_rules (
  model       TEXT PRIMARY KEY,
  rules       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
CREATE TABLE alerts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  model      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  rule       TEXT NOT NULL,
  value      TEXT NOT NULL,
  threshold  TEXT NOT NULL,
  message    TEXT NOT NULL,
  detail     TEXT NOT NULL,
  fired_at   TEXT NOT NULL,
  delivery   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_by_model ON alerts(model, rule, id);
CREATE TABLE retrain_policies (
  model              TEXT PRIMARY KEY,
  policy             TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  updated_by         TEXT NOT NULL,
  last_scheduled_at  TEXT NOT NULL DEFAULT ''
);
)sql";

// Version 4: a pending chat action not confirmed in time is settled as 'expired'. SQLite
// cannot change a CHECK constraint in place, so the table is rebuilt with its rows.
constexpr const char* kMigrationV4 = R"sql(
CREATE TABLE chat_actions_v4 (
  id               TEXT PRIMARY KEY,
  conversation_id  TEXT NOT NULL REFERENCES conversations(id),
  owner            TEXT NOT NULL,
  tool             TEXT NOT NULL,
  arguments        TEXT NOT NULL,
  summary          TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled', 'expired')),
  result           TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  decided_at       TEXT NOT NULL DEFAULT ''
);
INSERT INTO chat_actions_v4 (id, conversation_id, owner, tool, arguments, summary, status, result, created_at, decided_at)
  SELECT id, conversation_id, owner, tool, arguments, summary, status, result, created_at, decided_at FROM chat_actions;
DROP TABLE chat_actions;
ALTER TABLE chat_actions_v4 RENAME TO chat_actions;
CREATE INDEX chat_actions_by_conversation ON chat_actions(conversation_id);
)sql";

int user_version(Db& db) {
  auto s = db.prepare("PRAGMA user_version");
  return s.step() ? int(s.i64(0)) : 0;
}

}  // namespace

Status migrate(Db& db) {
  return db.transaction<Unit>(true, [&]() -> Result<Unit> {
    int v = user_version(db);
    if (v > kSchemaVersion)
      return internal_error("registry database has schema version " + std::to_string(v) +
                            ", newer than this mlgate understands (" + std::to_string(kSchemaVersion) + ")");
    if (v < 1) db.exec(kSchemaV1);
    if (v < 2) db.exec(kMigrationV2);
    if (v < 3) db.exec(kMigrationV3);
    if (v < 4) db.exec(kMigrationV4);
    if (v != kSchemaVersion) db.exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    return Unit{};
  });
}

Result<std::unique_ptr<Db>> open_migrated(const std::filesystem::path& file) {
  auto db = Db::open(file);
  if (!db) return db.error();
  if (auto st = migrate(*db.value()); !st) return st.error();
  return std::move(db.value());
}

}  // namespace mlgate::registry::sql
