// The promotion workflow and rollback: the only code that moves a version into or out of
// production. Each decision is one transaction with its audit events, so a kill leaves
// either the old or the new state, never two production versions and never none.
#include "core/clock.hpp"
#include "registry/sqlite_store_impl.hpp"

namespace mlgate::registry {

using nlohmann::json;

namespace {
std::string version_name(const std::string& model, int64_t version) {
  return "version " + std::to_string(version) + " of '" + model + "'";
}
}  // namespace

Result<api::Promotion> SqliteStore::request_promotion(const std::string& model, int64_t version,
                                                      const std::string& reason, const std::string& actor) {
  return db_->transaction<api::Promotion>(true, [&, &db = *db_]() -> Result<api::Promotion> {
    auto v = require_version(db, model, version);
    if (!v) return v.error();
    if (v->stage == "production")
      return conflict("already_in_production", version_name(model, version) + " is already in production");
    if (!has_passing_test(model, version))
      return conflict(
          "no_passing_test",
          version_name(model, version) + " has no passing test record; test this exact version before promoting it");
    {
      auto s = db.prepare("SELECT id FROM promotions WHERE model = ? AND version = ? AND status = 'pending'");
      if (s.bind(model, version).step())
        return conflict("promotion_pending", "promotion request " + std::to_string(s.i64(0)) + " for " +
                                                 version_name(model, version) + " is already pending");
    }
    api::Promotion p;
    p.model = model;
    p.version = version;
    p.status = "pending";
    p.requested_by = actor;
    p.requested_at = now_rfc3339();
    p.reason = reason;
    db.prepare(
           "INSERT INTO promotions (model, version, status, requested_by, requested_at, reason) "
           "VALUES (?, ?, 'pending', ?, ?, ?)")
        .bind(model, version, actor, p.requested_at, reason)
        .run();
    p.id = db.last_insert_id();
    auto e = audit_event(actor, "promotion.requested", model, version, v->stage, v->stage,
                         {{"promotion_id", p.id}, {"reason", reason}});
    e.at = p.requested_at;
    insert_audit(e);
    return p;
  });
}

Result<std::vector<api::Promotion>> SqliteStore::list_promotions(const std::optional<std::string>& status) {
  using Out = std::vector<api::Promotion>;
  return reader().transaction<Out>(false, [&, &db = reader()]() -> Result<Out> {
    static const std::string q =
        std::string("SELECT ") + kPromotionColumns + " FROM promotions WHERE (?1 IS NULL OR status = ?1) ORDER BY id";
    auto s = db.prepare(q.c_str());
    s.bind(status);
    Out out;
    while (s.step()) out.push_back(read_promotion(s));
    return out;
  });
}

Result<api::Promotion> SqliteStore::get_promotion(int64_t id) {
  return reader().transaction<api::Promotion>(false, [&, &db = reader()]() -> Result<api::Promotion> {
    if (auto p = find_promotion(db, id)) return *p;
    return not_found("promotion_not_found", "no promotion request " + std::to_string(id));
  });
}

Result<api::Promotion> SqliteStore::decide_promotion(int64_t id, bool approve, const std::string& reason,
                                                     const std::string& actor, bool allow_self_approval) {
  return db_->transaction<api::Promotion>(true, [&, &db = *db_]() -> Result<api::Promotion> {
    auto found = find_promotion(db, id);
    if (!found) return not_found("promotion_not_found", "no promotion request " + std::to_string(id));
    api::Promotion p = *found;
    if (p.status != "pending")
      return conflict("already_decided", "promotion request " + std::to_string(id) + " is already " + p.status);
    if (approve && !allow_self_approval && actor == p.requested_by)
      return forbidden("separation_of_duties", "promotion request " + std::to_string(id) + " was requested by '" +
                                                   actor + "'; another approver must approve it");
    auto at = now_rfc3339();
    p.status = approve ? "approved" : "rejected";
    p.decided_by = actor;
    p.decided_at = at;
    p.decision_reason = reason;

    if (!approve) {
      db.prepare(
             "UPDATE promotions SET status = 'rejected', decided_by = ?, decided_at = ?, decision_reason = ? "
             "WHERE id = ?")
          .bind(actor, at, reason, id)
          .run();
      auto e = audit_event(actor, "promotion.rejected", p.model, p.version, "", "",
                           {{"promotion_id", id}, {"reason", reason}});
      e.at = at;
      insert_audit(e);
      return p;
    }

    // The request may be old: check again what it was checked for when it was made.
    auto v = find_version(db, p.model, p.version);
    if (!v) return conflict("version_not_found", version_name(p.model, p.version) + " no longer exists");
    if (v->stage == "production")
      return conflict("already_in_production", version_name(p.model, p.version) + " is already in production");
    if (!has_passing_test(p.model, p.version))
      return conflict("no_passing_test", version_name(p.model, p.version) + " has no passing test record");

    std::optional<int64_t> previous;
    {
      auto s = db.prepare("SELECT version FROM versions WHERE model = ? AND stage = 'production'");
      if (s.bind(p.model).step()) previous = s.i64(0);
    }
    // Archive first: the partial unique index allows one production row at any moment.
    if (previous) {
      set_stage(p.model, *previous, "archived");
      auto e = audit_event(actor, "version.archived", p.model, *previous, "production", "archived",
                           {{"reason", "superseded"}, {"by_version", p.version}, {"promotion_id", id}});
      e.at = at;
      insert_audit(e);
    }
    set_stage(p.model, p.version, "production");
    db.prepare("INSERT INTO production_history (model, version, at) VALUES (?, ?, ?)")
        .bind(p.model, p.version, at)
        .run();
    db.prepare(
           "UPDATE promotions SET status = 'approved', decided_by = ?, decided_at = ?, decision_reason = ? "
           "WHERE id = ?")
        .bind(actor, at, reason, id)
        .run();
    touch_model(p.model, at);
    json detail = {{"promotion_id", id}, {"reason", reason}, {"requested_by", p.requested_by}};
    if (previous) detail["previous_version"] = *previous;
    auto e = audit_event(actor, "promotion.approved", p.model, p.version, v->stage, "production", detail);
    e.at = at;
    insert_audit(e);
    return p;
  });
}

Result<api::VersionInfo> SqliteStore::rollback(const std::string& model, const std::string& reason,
                                               const std::string& actor) {
  return db_->transaction<api::VersionInfo>(true, [&, &db = *db_]() -> Result<api::VersionInfo> {
    std::optional<int64_t> current;
    {
      auto s = db.prepare("SELECT version FROM versions WHERE model = ? AND stage = 'production'");
      if (s.bind(model).step()) current = s.i64(0);
    }
    if (!current) {
      if (!model_exists(db, model)) return not_found("model_not_found", "model '" + model + "' does not exist");
      return conflict("no_previous_production", "model '" + model + "' has no production version to roll back");
    }
    // production_history is a stack: pop the current version (and versions deleted since)
    // until the most recent earlier production version that still exists.
    struct Entry {
      int64_t id, version;
      bool exists;
    };
    std::vector<Entry> entries;
    {
      auto s = db.prepare(
          "SELECT h.id, h.version, v.version IS NOT NULL FROM production_history h "
          "LEFT JOIN versions v ON v.model = h.model AND v.version = h.version "
          "WHERE h.model = ? AND h.popped = 0 ORDER BY h.id DESC");
      s.bind(model);
      while (s.step()) entries.push_back({s.i64(0), s.i64(1), s.i64(2) != 0});
    }
    std::optional<int64_t> target;
    std::vector<int64_t> popped;
    for (const auto& e : entries) {
      if (e.version == *current || !e.exists) {
        popped.push_back(e.id);
        continue;
      }
      target = e.version;
      break;
    }
    if (!target)
      return conflict("no_previous_production",
                      "model '" + model + "' has no earlier production version to roll back to");
    for (int64_t hid : popped) db.prepare("UPDATE production_history SET popped = 1 WHERE id = ?").bind(hid).run();

    auto v = find_version(db, model, *target);
    auto at = now_rfc3339();
    set_stage(model, *current, "archived");
    set_stage(model, *target, "production");
    touch_model(model, at);
    auto archived = audit_event(actor, "version.archived", model, *current, "production", "archived",
                                {{"reason", "rolled_back"}, {"by_version", *target}});
    archived.at = at;
    insert_audit(archived);
    auto restored = audit_event(actor, "version.rolled_back", model, *target, v->stage, "production",
                                {{"from_version", *current}, {"reason", reason}});
    restored.at = at;
    insert_audit(restored);
    v->stage = "production";
    return *v;
  });
}

}  // namespace mlgate::registry
