// A thin RAII layer over one SQLite connection: cached prepared statements, one error
// mapping (SQLITE_FULL -> 507, busy -> 503, constraint -> 409, the rest -> 500), and a
// transaction helper. Inside a transaction SQLite failures travel as SqlFailure and are
// turned back into an Error at the transaction boundary, so store code reads straight.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mlgate/result.hpp"

namespace mlgate::registry::sql {

// The Error a failed SQLite call maps to; `what` says which operation failed.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// Carries an Error out of a transaction body; never escapes this module.
struct SqlFailure {
  Error error;
};

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  template <class... Args>
  Stmt& bind(const Args&... args) {
    int i = 1;
    (bind_one(i++, args), ...);
    return *this;
  }
  // Steps once: true while there is a row to read.
  bool step();
  // Steps to completion (for statements that return no rows).
  void run() {
    while (step()) {
    }
  }

  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  std::string text(int col) const;
  double f64(int col) const { return sqlite3_column_double(s_, col); }
  std::optional<double> opt_f64(int col) const { return is_null(col) ? std::nullopt : std::optional<double>(f64(col)); }
  std::optional<int64_t> opt_i64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int64_t>(i64(col));
  }

 private:
  void bind_one(int i, int64_t v);
  void bind_one(int i, int v) { bind_one(i, int64_t(v)); }
  void bind_one(int i, bool v) { bind_one(i, int64_t(v ? 1 : 0)); }
  void bind_one(int i, double v);
  void bind_one(int i, std::string_view v);
  void bind_one(int i, const std::string& v) { bind_one(i, std::string_view(v)); }
  void bind_one(int i, const char* v) { bind_one(i, std::string_view(v)); }
  void bind_one(int i, std::nullopt_t);
  template <class T>
  void bind_one(int i, const std::optional<T>& v) {
    if (v) bind_one(i, *v);
    else bind_one(i, std::nullopt);
  }

  sqlite3* db_;
  sqlite3_stmt* s_;
};

class Db {
 public:
  static Result<std::unique_ptr<Db>> open(const std::filesystem::path& file);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // A cached prepared statement (reset when the Stmt goes out of scope). Throws SqlFailure.
  Stmt prepare(const char* sql);
  // Runs SQL text without results (schema, pragmas). Throws SqlFailure.
  void exec(const char* sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

  // Runs `body` inside BEGIN IMMEDIATE (writes) or BEGIN (consistent reads), under the
  // connection's mutex. Commits when it returns a value, rolls back on an Error or failure.
  template <class T, class F>
  Result<T> transaction(bool write, F&& body) {
    std::lock_guard lock(mu_);
    if (auto st = begin(write); !st) return st.error();
    try {
      Result<T> r = body();
      if (!r) {
        rollback();
        return r;
      }
      if (auto st = commit(); !st) return st.error();
      return r;
    } catch (const SqlFailure& f) {
      rollback();
      return f.error;
    } catch (const std::exception& e) {  // nlohmann on a stored JSON column, bad_alloc
      rollback();
      return internal_error(std::string("registry: ") + e.what());
    }
  }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  Status begin(bool write);
  Status commit();
  void rollback();

  sqlite3* db_;
  std::mutex mu_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;  // prepared once per SQL text
};

}  // namespace mlgate::registry::sql
