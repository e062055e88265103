// Crash safety: a child process works the registry the way the server does (artifact
// first, then the version row, tests, promotions, approvals, rollbacks, archives) and
// reports every acknowledged write through a pipe; the parent SIGKILLs it at random
// moments, reopens the registry and checks that nothing acknowledged was lost and the
// invariants of DESIGN.md hold.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "registry_fixtures.hpp"

using namespace mlgate;
using namespace mlgate::registry;
using namespace mlgate::registry::testing;
namespace stdfs = std::filesystem;

namespace {

void ack(int fd, const std::string& line) {
  std::string l = line + "\n";  // shorter than PIPE_BUF: written whole or not at all
  if (::write(fd, l.data(), l.size()) != ssize_t(l.size())) ::_exit(3);
}

bool write_upload(const stdfs::path& p, const std::string& content) {
  FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) return false;
  // In pieces, so that a kill can leave a half-written upload behind.
  for (size_t off = 0; off < content.size(); off += 4096)
    std::fwrite(content.data() + off, 1, std::min<size_t>(4096, content.size() - off), f);
  return std::fclose(f) == 0;
}

[[noreturn]] void child_main(const stdfs::path& dir, int fd, int round) {
  auto store = open_sqlite_store(dir / "r.db");
  auto arts = open_file_artifact_store(dir / "artifacts");
  if (!store || !arts) ::_exit(2);
  auto& s = *store.value();
  auto& a = *arts.value();
  for (int i = 0; i < 5000; ++i) {
    std::string model = i % 2 ? "m1" : "m0";
    std::string content = "model r" + std::to_string(round) + " i" + std::to_string(i) + " " +
                          std::string(size_t(1000 + (i * 7919) % 20000), char('a' + i % 26));
    Result<std::string> hash = std::string();
    if (i % 2) {
      hash = a.put(content);
    } else {
      auto t = a.new_temp_path();
      if (!write_upload(t, content)) ::_exit(2);
      hash = a.adopt(t);
    }
    if (!hash) ::_exit(2);
    auto cv = s.create_version(new_version(model, content), "dep");
    if (!cv) ::_exit(4);
    int64_t v = cv->version.version;
    ack(fd, "V " + model + " " + std::to_string(v) + " " + hash.value());

    bool passes = i % 5 != 4;
    auto t = s.add_test(test_record(model, v, passes));
    if (!t) ::_exit(5);
    ack(fd, "T " + std::to_string(t->id) + " " + model + " " + std::to_string(v));
    if (!passes) {
      if (!s.archive_version(model, v, "dep")) ::_exit(6);
      ack(fd, "X " + model + " " + std::to_string(v));
      continue;
    }
    auto p = s.request_promotion(model, v, "", "dep");
    if (!p) ::_exit(7);
    ack(fd, "P " + std::to_string(p->id) + " " + model + " " + std::to_string(v));
    auto d = s.decide_promotion(p->id, true, "", "appr", false);
    if (!d) ::_exit(8);
    ack(fd, "A " + std::to_string(p->id) + " " + model + " " + std::to_string(v));
    if (i % 4 == 3) {
      auto r = s.rollback(model, "", "appr");
      if (r) ack(fd, "R " + model + " " + std::to_string(r->version));
      else if (r.error().code != "no_previous_production") ::_exit(9);
    }
  }
  ::_exit(0);
}

struct Acks {
  std::map<std::pair<std::string, int64_t>, std::string> versions;  // -> sha256
  std::map<int64_t, std::pair<std::string, int64_t>> tests, promotions;
  std::set<int64_t> approvals;
  std::set<std::pair<std::string, int64_t>> rollbacks, archives;
  std::set<std::string> models_with_production;
  size_t lines = 0;

  void parse(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof()) break;  // no newline: not a whole acknowledgement
      std::istringstream l(line);
      std::string kind, model, sha;
      int64_t id = 0, v = 0;
      l >> kind;
      ++lines;
      if (kind == "V") {
        l >> model >> v >> sha;
        versions[{model, v}] = sha;
      } else if (kind == "T") {
        l >> id >> model >> v;
        tests[id] = {model, v};
      } else if (kind == "P") {
        l >> id >> model >> v;
        promotions[id] = {model, v};
      } else if (kind == "A") {
        l >> id >> model >> v;
        approvals.insert(id);
        models_with_production.insert(model);
      } else if (kind == "R") {
        l >> model >> v;
        rollbacks.insert({model, v});
      } else if (kind == "X") {
        l >> model >> v;
        archives.insert({model, v});
      }
    }
  }
};

std::vector<api::AuditEvent> whole_audit(MetadataStore& s) {
  std::vector<api::AuditEvent> all;
  std::optional<int64_t> after;
  for (;;) {
    auto page = s.audit({std::nullopt, after, 1000});
    REQUIRE(page.ok());
    if (page->empty()) return all;
    after = page->back().id;
    all.insert(all.end(), page->begin(), page->end());
  }
}

void check_invariants(const stdfs::path& dir, const Acks& acks) {
  auto store = open_store(dir / "r.db");
  auto arts = open_file_artifact_store(dir / "artifacts");
  REQUIRE(arts.ok());
  auto& s = *store;
  auto& a = *arts.value();

  // Start-up housekeeping, as the server does it.
  REQUIRE(a.sweep_temp().ok());
  REQUIRE(stdfs::is_empty(dir / "artifacts" / "tmp"));
  REQUIRE(a.collect_garbage(s.referenced_artifacts().value()).ok());

  for (const auto& [key, sha] : acks.versions) {
    auto v = s.get_version(key.first, key.second);
    INFO(key.first << " v" << key.second);
    REQUIRE(v.ok());
    REQUIRE(v->sha256 == sha);
  }
  for (const auto& [id, mv] : acks.tests) {
    auto ids = s.get_version(mv.first, mv.second)->tests;
    REQUIRE(std::find(ids.begin(), ids.end(), id) != ids.end());
  }
  for (const auto& [id, mv] : acks.promotions) REQUIRE(s.get_promotion(id).ok());
  for (auto id : acks.approvals) REQUIRE(s.get_promotion(id)->status == "approved");

  // Never two production versions; never none once one was acknowledged.
  std::map<std::string, int> production;
  auto prod = s.production_versions().value();  // a local: value() of a temporary would dangle
  for (const auto& v : prod) ++production[v.model];
  for (const auto& [model, n] : production) REQUIRE(n == 1);
  for (const auto& model : acks.models_with_production) REQUIRE(production[model] == 1);

  // Every version the registry shows, acknowledged or not, has its artifact, intact.
  auto models = s.list_models().value();
  for (const auto& m : models) {
    auto versions = s.list_versions(m.name).value();
    for (const auto& v : versions) {
      INFO(v.model << " v" << v.version);
      auto bytes = a.get(v.sha256);
      REQUIRE(bytes.ok());
      REQUIRE(sha256_hex(bytes.value()) == v.sha256);
    }
  }

  // Every acknowledged change has its audit event.
  std::set<std::tuple<std::string, std::string, int64_t>> by_version;
  std::set<std::pair<std::string, int64_t>> by_id;
  for (const auto& e : whole_audit(s)) {
    by_version.insert({e.action, e.model, e.version.value_or(0)});
    if (e.detail.contains("test_id")) by_id.insert({e.action, e.detail["test_id"].get<int64_t>()});
    if (e.detail.contains("promotion_id")) by_id.insert({e.action, e.detail["promotion_id"].get<int64_t>()});
  }
  for (const auto& [key, sha] : acks.versions) REQUIRE(by_version.count({"version.created", key.first, key.second}));
  for (const auto& [id, mv] : acks.tests) REQUIRE(by_id.count({"test.recorded", id}));
  for (const auto& [id, mv] : acks.promotions) REQUIRE(by_id.count({"promotion.requested", id}));
  for (auto id : acks.approvals) REQUIRE(by_id.count({"promotion.approved", id}));
  for (const auto& [m, v] : acks.rollbacks) REQUIRE(by_version.count({"version.rolled_back", m, v}));
  for (const auto& [m, v] : acks.archives) REQUIRE(by_version.count({"version.archived", m, v}));
}

}  // namespace

TEST_CASE("a registry process killed at random moments loses no acknowledged write and keeps its invariants") {
  TempDir dir;
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  Acks acks;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  int rounds = 0;
  for (; rounds < 40 && std::chrono::steady_clock::now() < deadline; ++rounds) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      child_main(dir.path, fds[1], rounds);
    }
    ::close(fds[1]);
    // Killed after a random number of acknowledgements plus a few milliseconds, so that the
    // kill lands anywhere in the sequence (rollbacks included) however slow the machine is,
    // and often in the middle of an operation.
    std::string text;
    char buf[4096];
    const long wanted = std::uniform_int_distribution<long>(0, 40)(rng);
    while (std::count(text.begin(), text.end(), '\n') < wanted) {
      ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(buf, size_t(n));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 20000)(rng)));
    ::kill(pid, SIGKILL);
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      REQUIRE(n > 0);
      text.append(buf, size_t(n));
    }
    ::close(fds[0]);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    // Killed by us, not failed on its own (an exit code names the call that failed).
    INFO("child exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    REQUIRE(WIFSIGNALED(status));
    acks.parse(text);
    check_invariants(dir.path, acks);
  }
  INFO(rounds << " rounds, " << acks.lines << " acknowledgements");
  REQUIRE(rounds >= 10);
  REQUIRE(acks.approvals.size() > 0);
  REQUIRE(acks.rollbacks.size() > 0);
}
