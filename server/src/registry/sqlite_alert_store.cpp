// Alert rules and fired alerts in the registry database.
#include "core/clock.hpp"
#include "registry/alert_store.hpp"
#include "registry/schema.hpp"
#include "registry/sqlite_db.hpp"

namespace mlgate::registry {
using nlohmann::json;

namespace {

constexpr const char* kSelectAlerts =
    "SELECT id, model, version, rule, value, threshold, message, detail, fired_at, delivery FROM alerts ";

Alert read_alert(const sql::Stmt& s) {
  Alert a;
  a.id = s.i64(0);
  a.model = s.text(1);
  a.version = s.i64(2);
  a.rule = s.text(3);
  a.value = std::stod(s.text(4));
  a.threshold = std::stod(s.text(5));
  a.message = s.text(6);
  a.detail = json::parse(s.text(7));
  a.fired_at = s.text(8);
  a.delivery = s.text(9);
  return a;
}

class SqliteAlertStore final : public AlertStore {
 public:
  explicit SqliteAlertStore(std::unique_ptr<sql::Db> db) : db_(std::move(db)) {}

  Result<std::optional<json>> get_rules(const std::string& model) override {
    using Out = std::optional<json>;
    return db_->transaction<Out>(false, [&]() -> Result<Out> {
      auto s = db_->prepare("SELECT rules FROM alert_rules WHERE model = ?");
      if (!s.bind(model).step()) return Out{};
      return Out{json::parse(s.text(0))};
    });
  }

  Status put_rules(const std::string& model, const json& rules, const std::string& actor) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      std::string now = now_rfc3339();
      db_->prepare("INSERT INTO alert_rules (model, rules, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(model) DO UPDATE "
                   "SET rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
          .bind(model, rules.dump(), now, actor)
          .run();
      db_->prepare("INSERT INTO audit (at, actor, action, model, version, from_stage, to_stage, detail) "
                   "VALUES (?, ?, 'alert_rules.set', ?, NULL, '', '', ?)")
          .bind(now, actor, model, json{{"rules", rules}}.dump())
          .run();
      return Unit{};
    });
  }

  Result<std::optional<Alert>> fire(const NewAlert& a, const std::string& cooldown_since) override {
    using Out = std::optional<Alert>;
    return db_->transaction<Out>(true, [&]() -> Result<Out> {
      auto recent = db_->prepare("SELECT 1 FROM alerts WHERE model = ? AND rule = ? AND fired_at > ? LIMIT 1");
      if (recent.bind(a.model, a.rule, cooldown_since).step()) return Out{};
      std::string now = now_rfc3339();
      db_->prepare("INSERT INTO alerts (model, version, rule, value, threshold, message, detail, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(a.model, a.version, a.rule, number(a.value), number(a.threshold), a.message, a.detail.dump(), now)
          .run();
      int64_t id = db_->last_insert_id();
      db_->prepare("INSERT INTO audit (at, actor, action, model, version, from_stage, to_stage, detail) "
                   "VALUES (?, 'mlgate', 'alert.fired', ?, ?, '', '', ?)")
          .bind(now, a.model, a.version, json{{"alert", id}, {"rule", a.rule}, {"value", a.value}, {"threshold", a.threshold},
                                              {"message", a.message}}.dump())
          .run();
      auto s = db_->prepare((std::string(kSelectAlerts) + "WHERE id = ?").c_str());
      s.bind(id).step();
      return Out{read_alert(s)};
    });
  }

  Status set_delivery(int64_t id, const std::string& delivery) override {
    return db_->transaction<Unit>(true, [&]() -> Result<Unit> {
      db_->prepare("UPDATE alerts SET delivery = ? WHERE id = ?").bind(delivery, id).run();
      return Unit{};
    });
  }

  Result<std::vector<Alert>> list_alerts(const std::optional<std::string>& model, int64_t limit) override {
    using Out = std::vector<Alert>;
    return db_->transaction<Out>(false, [&]() -> Result<Out> {
      Out out;
      if (model) {
        auto s = db_->prepare((std::string(kSelectAlerts) + "WHERE model = ? ORDER BY id DESC LIMIT ?").c_str());
        s.bind(*model, limit);
        while (s.step()) out.push_back(read_alert(s));
      } else {
        auto s = db_->prepare((std::string(kSelectAlerts) + "ORDER BY id DESC LIMIT ?").c_str());
        s.bind(limit);
        while (s.step()) out.push_back(read_alert(s));
      }
      return out;
    });
  }

 private:
  // Numbers as their shortest exact text; NaN and infinities never reach an alert.
  static std::string number(double v) { return json(v).dump(); }

  std::unique_ptr<sql::Db> db_;
};

}  // namespace

Result<std::unique_ptr<AlertStore>> open_sqlite_alert_store(const std::filesystem::path& db_file) {
  auto db = sql::open_migrated(db_file);
  if (!db) return db.error();
  return std::unique_ptr<AlertStore>(new SqliteAlertStore(std::move(db.value())));
}

}  // namespace mlgate::registry
