#include "registry/sqlite_db.hpp"

#include <chrono>
#include <thread>

namespace mlgate::registry::sql {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = "registry database: " + std::string(what) + ": " +
                    (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_FULL: return insufficient_storage(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return {503, "registry_busy", msg};
    case SQLITE_CONSTRAINT: return conflict("constraint", msg);
    default: return internal_error(msg);
  }
}

bool Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SqlFailure{sqlite_error(db_, rc, sqlite3_sql(s_))};
}

std::string Stmt::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, size_t(sqlite3_column_bytes(s_, col))) : std::string();
}

void Stmt::bind_one(int i, int64_t v) {
  if (int rc = sqlite3_bind_int64(s_, i, v); rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, "bind")};
}
void Stmt::bind_one(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, "bind")};
}
void Stmt::bind_one(int i, double v) {
  if (int rc = sqlite3_bind_double(s_, i, v); rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, "bind")};
}
void Stmt::bind_one(int i, std::nullopt_t) {
  if (int rc = sqlite3_bind_null(s_, i); rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, "bind")};
}

Result<std::unique_ptr<Db>> Db::open(const std::filesystem::path& file) {
  sqlite3* h = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(h, rc, "open " + file.string());
    sqlite3_close_v2(h);
    return e;
  }
  std::unique_ptr<Db> db(new Db(h));
  sqlite3_extended_result_codes(h, 1);
  // Waits for another connection (another replica on the same file) instead of failing.
  sqlite3_busy_timeout(h, 10000);
  try {
    // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL at every
    // commit, so an acknowledged write survives power loss, not only a process crash.
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA foreign_keys=ON");
  } catch (const SqlFailure& f) {
    return f.error;
  }
  return db;
}

Db::~Db() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

Stmt Db::prepare(const char* sql) {
  auto it = cache_.find(std::string_view(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, std::string("prepare ") + sql)};
    it = cache_.emplace(sql, s).first;
  }
  return Stmt(db_, it->second);
}

void Db::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) throw SqlFailure{sqlite_error(db_, rc, sql)};
}

Status Db::begin(bool write) {
  // busy_timeout already waits; a few extra attempts cover the cases where SQLite
  // reports SQLITE_BUSY without consulting the busy handler (e.g. WAL recovery).
  for (int attempt = 0;; ++attempt) {
    int rc = sqlite3_exec(db_, write ? "BEGIN IMMEDIATE" : "BEGIN", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return ok_status();
    if ((rc & 0xff) != SQLITE_BUSY || attempt >= 20) return sqlite_error(db_, rc, "begin transaction");
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + attempt * 5));
  }
}

Status Db::commit() {
  int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return ok_status();
  Error e = sqlite_error(db_, rc, "commit");
  rollback();
  return e;
}

void Db::rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace mlgate::registry::sql
