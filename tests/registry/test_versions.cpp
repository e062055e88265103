// Versions and test records in the SQLite store: numbering, idempotent retries, reading,
// archiving, deleting, and the errors each refusal carries.
#include <sqlite3.h>

#include <algorithm>

#include "registry_fixtures.hpp"
#include "registry/schema.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

TEST_CASE("a new version enters staging with the next number and is audited") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");

  auto v1 = s->create_version(new_version("iris", "bytes-1"), "alice");
  REQUIRE(v1.ok());
  REQUIRE(v1->created);
  REQUIRE(v1->version.version == 1);
  REQUIRE(v1->version.stage == "staging");
  REQUIRE(v1->version.created_by == "alice");
  auto v2 = s->create_version(new_version("iris", "bytes-2"), "alice");
  REQUIRE(v2->version.version == 2);
  REQUIRE(s->create_version(new_version("other", "bytes-1"), "alice")->version.version == 1);

  auto got = s->get_version("iris", 1);
  REQUIRE(got.ok());
  REQUIRE(got->sha256 == sha256_hex("bytes-1"));
  REQUIRE(got->signature.features == std::vector<std::string>{"a", "b"});
  REQUIRE(got->signature.inputs.at(0).shape == std::vector<int64_t>{-1, 2});
  REQUIRE(got->lineage == nlohmann::json{{"dataset", "iris"}});
  REQUIRE(got->opset == 17);

  auto events = s->audit({"iris", std::nullopt, 100});
  REQUIRE(events->size() == 2);
  REQUIRE(events->at(0).action == "version.created");
  REQUIRE(events->at(0).to_stage == "staging");
  REQUIRE(events->at(0).version == 1);
  REQUIRE(events->at(0).actor == "alice");
  REQUIRE(events->at(0).id < events->at(1).id);
}

TEST_CASE("uploading the same bytes again returns the existing version instead of a duplicate") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  auto first = s->create_version(new_version("iris", "same"), "alice");
  auto again = s->create_version(new_version("iris", "same"), "alice");
  REQUIRE(again.ok());
  REQUIRE_FALSE(again->created);
  REQUIRE(again->version.version == first->version.version);
  REQUIRE(s->list_versions("iris")->size() == 1);
  REQUIRE(s->audit({"iris", std::nullopt, 100})->size() == 1);
}

TEST_CASE("version numbers are never reused, even after the newest version is deleted") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  s->create_version(new_version("iris", "a"), "alice");
  s->create_version(new_version("iris", "b"), "alice");
  REQUIRE(s->delete_version("iris", 2, "alice").ok());
  REQUIRE(s->create_version(new_version("iris", "c"), "alice")->version.version == 3);
  // Re-uploading deleted bytes makes a new version, since no live version holds them.
  REQUIRE(s->create_version(new_version("iris", "b"), "alice")->version.version == 4);
}

TEST_CASE("reading unknown models and versions gives 404 with the right code") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  s->create_version(new_version("iris", "a"), "alice");

  auto no_model = s->get_version("nope", 1);
  REQUIRE(no_model.error().status == 404);
  REQUIRE(no_model.error().code == "model_not_found");
  REQUIRE(no_model.error().message == "model 'nope' does not exist");
  auto no_version = s->get_version("iris", 9);
  REQUIRE(no_version.error().code == "version_not_found");
  REQUIRE(no_version.error().message == "model 'iris' has no version 9");
  REQUIRE(error_code_of(s->list_versions("nope")) == "model_not_found");
  REQUIRE(error_code_of(s->list_tests("iris", 9)) == "version_not_found");
  REQUIRE(error_code_of(s->add_test(test_record("iris", 9, true))) == "version_not_found");
  REQUIRE(error_code_of(s->archive_version("iris", 9, "a")) == "version_not_found");
  REQUIRE(error_code_of(s->delete_version("nope", 1, "a")) == "model_not_found");
}

TEST_CASE("list_models summarises each model") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  REQUIRE(s->list_models()->empty());
  promoted_version(*s, "iris", "a");
  tested_version(*s, "iris", "b");
  s->create_version(new_version("wine", "w"), "alice");

  auto models = s->list_models();
  REQUIRE(models->size() == 2);
  const auto& iris = models->at(0);
  REQUIRE(iris.name == "iris");
  REQUIRE(iris.latest_version == 2);
  REQUIRE(iris.production_version == 1);
  REQUIRE(iris.versions_count == 2);
  REQUIRE_FALSE(iris.updated_at.empty());
  REQUIRE(models->at(1).name == "wine");
  REQUIRE_FALSE(models->at(1).production_version.has_value());

  auto prod = s->production_versions();
  REQUIRE(prod->size() == 1);
  REQUIRE(prod->at(0).model == "iris");
  REQUIRE(prod->at(0).tests.size() == 1);
}

TEST_CASE("test records are stored with ids, listed per version and audited") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  s->create_version(new_version("iris", "a"), "alice");
  auto t1 = s->add_test(test_record("iris", 1, false));
  auto t2 = s->add_test(test_record("iris", 1, true));
  REQUIRE(t1.ok());
  REQUIRE(t2->id > t1->id);
  REQUIRE_FALSE(t2->at.empty());

  auto tests = s->list_tests("iris", 1);
  REQUIRE(tests->size() == 2);
  REQUIRE(tests->at(1).passed);
  REQUIRE(tests->at(1).metrics == nlohmann::json{{"accuracy", 0.9}});
  REQUIRE(tests->at(0).label_column == "y");
  REQUIRE(s->get_version("iris", 1)->tests == std::vector<int64_t>{t1->id, t2->id});

  auto events = s->audit({"iris", std::nullopt, 100});
  REQUIRE(events->back().action == "test.recorded");
  REQUIRE(events->back().detail.at("passed") == true);
  REQUIRE(events->back().detail.at("test_id") == t2->id);
}

TEST_CASE("archiving moves staging to archived, is idempotent and refuses production") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");

  SECTION("a staging version is archived and audited") {
    s->create_version(new_version("iris", "a"), "alice");
    auto a = s->archive_version("iris", 1, "bob");
    REQUIRE(a->stage == "archived");
    REQUIRE(s->get_version("iris", 1)->stage == "archived");
    auto ev = s->audit({"iris", std::nullopt, 100})->back();
    REQUIRE(ev.action == "version.archived");
    REQUIRE(ev.from_stage == "staging");
    REQUIRE(ev.to_stage == "archived");

    SECTION("archiving again returns it unchanged without a new event") {
      auto n = s->audit({"iris", std::nullopt, 100})->size();
      REQUIRE(s->archive_version("iris", 1, "bob")->stage == "archived");
      REQUIRE(s->audit({"iris", std::nullopt, 100})->size() == n);
    }
  }
  SECTION("the production version is refused with 409 version_in_production") {
    promoted_version(*s, "iris", "a");
    auto r = s->archive_version("iris", 1, "bob");
    REQUIRE(r.error().status == 409);
    REQUIRE(r.error().code == "version_in_production");
    REQUIRE(r.error().message == "version 1 of 'iris' is in production; use rollback or promote another version");
  }
}

TEST_CASE("deleting a version removes it, its tests and pending promotions, but never its audit") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");

  SECTION("a staging version with a pending promotion") {
    auto n = tested_version(*s, "iris", "a");
    s->create_version(new_version("iris", "keep"), "alice");
    auto p = s->request_promotion("iris", n, "", "dep");
    auto before = s->audit({"iris", std::nullopt, 100})->size();
    REQUIRE(s->delete_version("iris", n, "alice").ok());

    REQUIRE(error_code_of(s->get_version("iris", n)) == "version_not_found");
    REQUIRE(s->get_promotion(p->id)->status == "cancelled");
    REQUIRE(s->list_promotions(std::string("pending"))->empty());
    REQUIRE(error_code_of(s->decide_promotion(p->id, true, "", "appr", false)) == "already_decided");
    auto events = s->audit({"iris", std::nullopt, 100});
    REQUIRE(events->size() == before + 1);
    REQUIRE(events->back().action == "version.deleted");
    REQUIRE(events->back().from_stage == "staging");
    REQUIRE(s->referenced_artifacts().value() == std::vector<std::string>{sha256_hex("keep")});
  }
  SECTION("the production version is refused") {
    promoted_version(*s, "iris", "a");
    auto r = s->delete_version("iris", 1, "alice");
    REQUIRE(r.error().status == 409);
    REQUIRE(r.error().code == "version_in_production");
    REQUIRE(s->get_version("iris", 1)->stage == "production");
  }
  SECTION("deleting the last version makes the model unknown") {
    s->create_version(new_version("iris", "a"), "alice");
    REQUIRE(s->delete_version("iris", 1, "alice").ok());
    REQUIRE(error_code_of(s->list_versions("iris")) == "model_not_found");
    REQUIRE(s->list_models()->empty());
    REQUIRE(s->audit({"iris", std::nullopt, 100})->size() == 2);
  }
}

TEST_CASE("referenced_artifacts lists original and web variants once each") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  auto nv = new_version("iris", "orig");
  nv.web_sha256 = sha256_hex("web");
  s->create_version(nv, "alice");
  s->create_version(new_version("wine", "orig"), "alice");
  auto refs = s->referenced_artifacts().value();
  std::sort(refs.begin(), refs.end());
  auto want = std::vector<std::string>{sha256_hex("orig"), sha256_hex("web")};
  std::sort(want.begin(), want.end());
  REQUIRE(refs == want);
}

TEST_CASE("data survives closing and reopening the database") {
  TempDir dir;
  {
    auto s = open_store(dir.path / "r.db");
    promoted_version(*s, "iris", "a");
  }
  auto s = open_store(dir.path / "r.db");
  REQUIRE(s->get_version("iris", 1)->stage == "production");
  REQUIRE(s->create_version(new_version("iris", "b"), "alice")->version.version == 2);
}

TEST_CASE("the schema itself refuses a second production version for a model") {
  TempDir dir;
  {
    auto s = open_store(dir.path / "r.db");
    promoted_version(*s, "iris", "a");
    s->create_version(new_version("iris", "b"), "alice");
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.path.string().append("/r.db").c_str(), &db) == SQLITE_OK);
  int rc = sqlite3_exec(db, "UPDATE versions SET stage = 'production' WHERE version = 2", nullptr, nullptr, nullptr);
  REQUIRE((rc & 0xff) == SQLITE_CONSTRAINT);
  rc = sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr);
  REQUIRE((rc & 0xff) == SQLITE_CONSTRAINT);
  sqlite3_close(db);
}

TEST_CASE("the schema carries a user_version and a database from a newer mlgate is refused") {
  TempDir dir;
  auto file = dir.path / "r.db";
  { open_store(file); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  REQUIRE(sqlite3_column_int(st, 0) == sql::kSchemaVersion);
  sqlite3_finalize(st);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);

  auto newer = open_sqlite_store(file);
  REQUIRE_FALSE(newer.ok());
  REQUIRE(newer.error().status == 500);
  REQUIRE(newer.error().message ==
          "registry database has schema version 99, newer than this mlgate understands (" + std::to_string(sql::kSchemaVersion) + ")");
}
