// Versions and their test records.
#include <map>

#include "core/clock.hpp"
#include "registry/sqlite_store_impl.hpp"

namespace mlgate::registry {

using nlohmann::json;

namespace {
const std::string& select_versions(const char* where) {
  static std::map<std::string, std::string> cache;  // callers pass literals; built once each
  static std::mutex mu;
  std::lock_guard lock(mu);
  auto [it, fresh] = cache.try_emplace(where);
  if (fresh) it->second = std::string("SELECT ") + kVersionColumns + " FROM versions " + where;
  return it->second;
}
}  // namespace

Result<CreatedVersion> SqliteStore::create_version(const NewVersion& nv, const std::string& actor) {
  return db_->transaction<CreatedVersion>(true, [&, &db = *db_]() -> Result<CreatedVersion> {
    // A retried upload of the same bytes (the client never saw our answer) gets the
    // version it already created instead of a duplicate.
    {
      auto s = db.prepare(select_versions("WHERE model = ? AND sha256 = ? ORDER BY version LIMIT 1").c_str());
      if (s.bind(nv.model, nv.sha256).step()) {
        CreatedVersion existing{read_version(s), false};
        existing.version.tests = test_ids(db, nv.model, existing.version.version);
        return existing;
      }
    }
    auto at = now_rfc3339();
    db.prepare("INSERT INTO models (name, next_version, updated_at) VALUES (?, 1, ?) ON CONFLICT(name) DO NOTHING")
        .bind(nv.model, at)
        .run();
    int64_t number = 0;
    {
      auto s = db.prepare("SELECT next_version FROM models WHERE name = ?");
      s.bind(nv.model).step();
      number = s.i64(0);
    }
    db.prepare("UPDATE models SET next_version = ?, updated_at = ? WHERE name = ?")
        .bind(number + 1, at, nv.model)
        .run();

    api::VersionInfo v;
    v.model = nv.model;
    v.version = number;
    v.stage = "staging";
    v.sha256 = nv.sha256;
    v.web_sha256 = nv.web_sha256.empty() ? nv.sha256 : nv.web_sha256;
    v.size_bytes = nv.size_bytes;
    v.created_at = at;
    v.created_by = actor;
    v.description = nv.description;
    v.signature = nv.signature;
    v.producer = nv.producer;
    v.opset = nv.opset;
    v.lineage = nv.lineage.is_null() ? json::object() : nv.lineage;
    db.prepare(
           "INSERT INTO versions (model, version, stage, sha256, web_sha256, size_bytes, created_at, created_by, "
           "description, signature, producer, opset, lineage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(v.model, v.version, v.stage, v.sha256, v.web_sha256, v.size_bytes, v.created_at, v.created_by,
              v.description, json(v.signature).dump(), v.producer, v.opset, v.lineage.dump())
        .run();
    auto e = audit_event(actor, "version.created", v.model, v.version, "", "staging",
                         {{"sha256", v.sha256}, {"size_bytes", v.size_bytes}});
    e.at = at;
    insert_audit(e);
    return CreatedVersion{std::move(v), true};
  });
}

Result<api::VersionInfo> SqliteStore::get_version(const std::string& model, int64_t version) {
  return reader().transaction<api::VersionInfo>(false,
                                                [&, &db = reader()] { return require_version(db, model, version); });
}

Result<std::vector<api::VersionInfo>> SqliteStore::list_versions(const std::string& model) {
  using Out = std::vector<api::VersionInfo>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    Out out;
    {
      auto s = db.prepare(select_versions("WHERE model = ? ORDER BY version").c_str());
      s.bind(model);
      while (s.step()) out.push_back(read_version(s));
    }
    if (out.empty()) return not_found("model_not_found", "model '" + model + "' does not exist");
    std::map<int64_t, std::vector<int64_t>> tests;
    auto s = db.prepare("SELECT version, id FROM tests WHERE model = ? ORDER BY id");
    s.bind(model);
    while (s.step()) tests[s.i64(0)].push_back(s.i64(1));
    for (auto& v : out) v.tests = tests[v.version];
    return out;
  });
}

Result<std::vector<api::ModelSummary>> SqliteStore::list_models() {
  using Out = std::vector<api::ModelSummary>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    auto s = db.prepare(
        "SELECT v.model, MAX(v.version), "
        "  (SELECT p.version FROM versions p WHERE p.model = v.model AND p.stage = 'production'), "
        "  COUNT(*), m.updated_at "
        "FROM versions v JOIN models m ON m.name = v.model GROUP BY v.model ORDER BY v.model");
    Out out;
    while (s.step()) {
      api::ModelSummary m;
      m.name = s.text(0);
      m.latest_version = s.i64(1);
      m.production_version = s.opt_i64(2);
      m.versions_count = s.i64(3);
      m.updated_at = s.text(4);
      out.push_back(std::move(m));
    }
    return out;
  });
}

Result<std::vector<api::VersionInfo>> SqliteStore::production_versions() {
  using Out = std::vector<api::VersionInfo>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    Out out;
    {
      auto s = db.prepare(select_versions("WHERE stage = 'production' ORDER BY model").c_str());
      while (s.step()) out.push_back(read_version(s));
    }
    for (auto& v : out) v.tests = test_ids(db, v.model, v.version);
    return out;
  });
}

Status SqliteStore::delete_version(const std::string& model, int64_t version, const std::string& actor) {
  return db_->transaction<Unit>(true, [&, &db = *db_]() -> Result<Unit> {
    auto v = require_version(db, model, version);
    if (!v) return v.error();
    if (v->stage == "production")
      return conflict("version_in_production", "version " + std::to_string(version) + " of '" + model +
                                                   "' is in production; roll back or promote another version first");
    auto at = now_rfc3339();
    db.prepare(
           "UPDATE promotions SET status = 'cancelled', decided_at = ?, decision_reason = 'version deleted' "
           "WHERE model = ? AND version = ? AND status = 'pending'")
        .bind(at, model, version)
        .run();
    int cancelled = db.changes();
    db.prepare("DELETE FROM tests WHERE model = ? AND version = ?").bind(model, version).run();
    db.prepare("DELETE FROM versions WHERE model = ? AND version = ?").bind(model, version).run();
    touch_model(model, at);
    auto e = audit_event(actor, "version.deleted", model, version, v->stage, "",
                         {{"sha256", v->sha256}, {"cancelled_promotions", cancelled}});
    e.at = at;
    insert_audit(e);
    return Unit{};
  });
}

Result<api::VersionInfo> SqliteStore::archive_version(const std::string& model, int64_t version,
                                                      const std::string& actor) {
  return db_->transaction<api::VersionInfo>(true, [&, &db = *db_]() -> Result<api::VersionInfo> {
    auto v = require_version(db, model, version);
    if (!v) return v.error();
    if (v->stage == "production")
      return conflict("version_in_production", "version " + std::to_string(version) + " of '" + model +
                                                   "' is in production; use rollback or promote another version");
    if (v->stage == "archived") return v;
    auto at = now_rfc3339();
    set_stage(model, version, "archived");
    touch_model(model, at);
    auto e = audit_event(actor, "version.archived", model, version, v->stage, "archived", {{"reason", "archived"}});
    e.at = at;
    insert_audit(e);
    v->stage = "archived";
    return v;
  });
}

Result<std::vector<std::string>> SqliteStore::referenced_artifacts() {
  using Out = std::vector<std::string>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    // Models, and the data retrains start from: server tests' CSVs, versions' training data,
    // and the CSVs of training jobs not yet done.
    auto s = db.prepare(
        "SELECT sha256 FROM versions UNION SELECT web_sha256 FROM versions "
        "UNION SELECT data_sha256 FROM tests WHERE source = 'server' "
        "UNION SELECT json_extract(lineage, '$.data.sha256') FROM versions WHERE json_extract(lineage, '$.data.sha256') IS NOT NULL "
        "UNION SELECT json_extract(params, '$.data_sha256') FROM jobs "
        "WHERE status IN ('queued', 'running') AND json_extract(params, '$.data_sha256') IS NOT NULL");
    Out out;
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

// [SECTION] test records

Result<api::TestRecord> SqliteStore::add_test(const api::TestRecord& t) {
  return db_->transaction<api::TestRecord>(true, [&, &db = *db_]() -> Result<api::TestRecord> {
    auto v = require_version(db, t.model, t.version);
    if (!v) return v.error();
    api::TestRecord r = t;
    r.at = now_rfc3339();
    db.prepare(
           "INSERT INTO tests (model, version, at, actor, source, rows, label_column, data_sha256, passed, "
           "thresholds, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(r.model, r.version, r.at, r.actor, r.source, r.rows, r.label_column, r.data_sha256, r.passed,
              r.thresholds.dump(), r.metrics.dump())
        .run();
    r.id = db.last_insert_id();
    auto e = audit_event(r.actor, "test.recorded", r.model, r.version, v->stage, v->stage,
                         {{"test_id", r.id}, {"passed", r.passed}, {"source", r.source}, {"rows", r.rows}});
    e.at = r.at;
    insert_audit(e);
    return r;
  });
}

Result<std::vector<api::TestRecord>> SqliteStore::list_tests(const std::string& model, int64_t version) {
  using Out = std::vector<api::TestRecord>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    if (auto v = require_version(db, model, version); !v) return v.error();
    auto s = db.prepare(
        "SELECT id, model, version, at, actor, source, rows, label_column, data_sha256, passed, thresholds, metrics "
        "FROM tests WHERE model = ? AND version = ? ORDER BY id");
    s.bind(model, version);
    Out out;
    while (s.step()) {
      api::TestRecord r;
      r.id = s.i64(0);
      r.model = s.text(1);
      r.version = s.i64(2);
      r.at = s.text(3);
      r.actor = s.text(4);
      r.source = s.text(5);
      r.rows = s.i64(6);
      r.label_column = s.text(7);
      r.data_sha256 = s.text(8);
      r.passed = s.i64(9) != 0;
      r.thresholds = json::parse(s.text(10));
      r.metrics = json::parse(s.text(11));
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace mlgate::registry
