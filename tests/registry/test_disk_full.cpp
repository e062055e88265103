// A full disk: SQLite's SQLITE_FULL becomes 507 insufficient_storage, the transaction is
// rolled back whole (no version without its audit event) and reads keep working.
// The store is built on a connection capped with max_page_count, which fails exactly as
// a full file system does.
#include "registry/schema.hpp"
#include "registry/sqlite_store_impl.hpp"
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

TEST_CASE("a full disk gives 507 insufficient_storage and rolls the whole transaction back") {
  TempDir dir;
  auto db = sql::Db::open(dir.path / "r.db");
  REQUIRE(db.ok());
  REQUIRE(sql::migrate(*db.value()).ok());
  db.value()->exec("PRAGMA max_page_count = 40");
  sqlite3* raw = db.value()->handle();  // kept to give the space back later
  SqliteStore s(std::move(db.value()));

  Result<CreatedVersion> last = Error{};
  int created = 0;
  for (int i = 0; i < 1000; ++i) {
    auto nv = new_version("iris", "bytes " + std::to_string(i));
    nv.description = std::string(2000, 'd');
    last = s.create_version(nv, "dep");
    if (!last) break;
    ++created;
  }
  REQUIRE_FALSE(last.ok());
  REQUIRE(last.error().status == 507);
  REQUIRE(last.error().code == "insufficient_storage");
  REQUIRE(created > 0);

  // Nothing half-done: as many versions as creation events, and reads still answer.
  REQUIRE(s.list_versions("iris")->size() == size_t(created));
  int events = 0;
  auto audit = s.audit({"iris", std::nullopt, 1000}).value();
  for (const auto& e : audit) events += e.action == "version.created";
  REQUIRE(events == created);
  REQUIRE(s.get_version("iris", 1).ok());

  // Space comes back (the cap is raised): writes succeed again without a restart.
  REQUIRE(sqlite3_exec(raw, "PRAGMA max_page_count = 1000000", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto again = s.create_version(new_version("iris", "after"), "dep");
  REQUIRE(again.ok());
  REQUIRE(again->version.version == created + 1);
}
