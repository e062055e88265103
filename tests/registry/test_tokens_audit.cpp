// Tokens (stored by secret hash only) and the audit log's filter, paging and append-only rule.
#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;

TEST_CASE("tokens are created once, found by their secret's hash and revoked") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  auto hash = sha256_hex("s3cret");
  REQUIRE(s->create_token("ci", "deployer", hash, "admin").ok());

  auto dup = s->create_token("ci", "viewer", sha256_hex("other"), "admin");
  REQUIRE(dup.error().status == 409);
  REQUIRE(dup.error().code == "token_exists");

  auto found = s->find_token(hash);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  REQUIRE(found->value().name == "ci");
  REQUIRE(found->value().role == "deployer");
  REQUIRE_FALSE(s->find_token(sha256_hex("wrong"))->has_value());
  REQUIRE(s->list_tokens()->size() == 1);

  REQUIRE(s->revoke_token("ci", "admin").ok());
  REQUIRE_FALSE(s->find_token(hash)->has_value());
  auto missing = s->revoke_token("ci", "admin");
  REQUIRE(missing.error().status == 404);
  REQUIRE(missing.error().code == "token_not_found");

  auto events = s->audit({std::nullopt, std::nullopt, 100}).value();
  REQUIRE(events.size() == 2);
  REQUIRE(events[0].action == "token.created");
  REQUIRE(events[1].action == "token.revoked");
  for (const auto& e : events) {
    auto text = e.detail.dump();
    REQUIRE(text.find(hash) == std::string::npos);
    REQUIRE(text.find("s3cret") == std::string::npos);
  }
}

TEST_CASE("the audit log filters by model, pages by id and caps the limit at 1000") {
  TempDir dir;
  auto s = open_store(dir.path / "r.db");
  for (int i = 0; i < 5; ++i) s->create_version(new_version("iris", "i" + std::to_string(i)), "dep");
  s->create_version(new_version("wine", "w"), "dep");
  api::AuditEvent extra;
  extra.actor = "server";
  extra.action = "upload.rejected";
  extra.model = "iris";
  extra.detail = {{"reason", "not ONNX"}};
  REQUIRE(s->append_audit(extra).ok());

  auto all = s->audit({std::nullopt, std::nullopt, 100}).value();
  REQUIRE(all.size() == 7);
  for (size_t i = 1; i < all.size(); ++i) REQUIRE(all[i - 1].id < all[i].id);
  REQUIRE(all.back().action == "upload.rejected");
  REQUIRE_FALSE(all.back().version.has_value());
  REQUIRE_FALSE(all.back().at.empty());

  auto iris = s->audit({"iris", std::nullopt, 100}).value();
  REQUIRE(iris.size() == 6);
  auto page = s->audit({"iris", iris[1].id, 2}).value();
  REQUIRE(page.size() == 2);
  REQUIRE(page[0].id == iris[2].id);
  REQUIRE(s->audit({std::nullopt, std::nullopt, 0})->empty());

  for (int i = 0; i < 1100; ++i) REQUIRE(s->append_audit(extra).ok());
  REQUIRE(s->audit({std::nullopt, std::nullopt, 5000})->size() == 1000);
}

TEST_CASE("an expired session is no identity, a live one is its token's") {
  TempDir dir;
  auto store = open_store(dir.path / "r.db");
  REQUIRE(store->create_token("dora", "deployer", "tokenhash", "admin").ok());
  REQUIRE(store->create_session("dora", "livehash", "2999-01-01T00:00:00.000Z").ok());
  REQUIRE(store->create_session("dora", "oldhash", "2000-01-01T00:00:00.000Z").ok());
  auto live = store->find_token("livehash");
  REQUIRE(live.ok());
  REQUIRE(live->has_value());
  CHECK((*live)->name == "dora");
  CHECK((*live)->role == "deployer");
  CHECK((*live)->session);
  CHECK_FALSE(store->find_token("oldhash")->has_value());
  CHECK_FALSE((*store->find_token("tokenhash"))->session);
  CHECK(store->create_session("nobody", "h", "2999-01-01T00:00:00.000Z").error().code == "token_not_found");
}
