// The first start, killed at each of its durable calls. It creates the databases and the
// admin token, whose secret exists in two places, the token file and (hashed) the token row.
// Strace cannot attach to a server before it runs, so here it launches the server. A dry run
// lists the calls that come before the ready banner. Then, for each one, an empty data
// directory is served, SIGKILL is injected at that call, and the server is started again on
// what is left. The restarted server must start, with exactly one admin token. That token's
// secret must be whole in a 0600 file, must sign in, and must equal the one printed if the
// restart prints one. No temp file may be left.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "integration/http_client.hpp"
#include "integration/server_process.hpp"
#include "integration/strace_attach.hpp"

using namespace mlgate::testing;
namespace stdfs = std::filesystem;

namespace {

std::map<std::string, std::string> first_start_env() {
  auto env = traced_server_env();
  env["MLGATE_ADMIN_TOKEN"] = "";  // as a user starts it: the server makes up the secret
  return env;
}

// The server strace started: the child of the strace process.
int child_of(int parent) {
  for (auto& e : stdfs::directory_iterator("/proc")) {
    const auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");  // gone if the process just ended: no match
    std::string pid, comm, state;
    int ppid = 0;
    // comm is in parentheses and has no spaces for mlgate.
    if (stat >> pid >> comm >> state >> ppid && ppid == parent) return std::stoi(pid);
  }
  return -1;
}

// Stops a server running under strace: SIGTERM to the server itself (strace would detach),
// then strace ends with it.
void stop_traced(ServerProcess& s) {
  const int server = child_of(s.pid());
  REQUIRE(server > 0);
  ::kill(server, SIGTERM);
  s.wait_killed(std::chrono::seconds(20));
  REQUIRE(!s.running());
}

// The admin token line's secret in a banner, or "" when the banner says it is in the file.
std::string printed_secret(const std::string& banner) {
  const std::string mark = "mode 0600): ";
  auto at = banner.find(mark);
  if (at == std::string::npos) return "";
  auto end = banner.find('\n', at);
  return banner.substr(at + mark.size(), end == std::string::npos ? std::string::npos : end - at - mark.size());
}

std::vector<std::string> temp_files(const stdfs::path& dir) {
  std::vector<std::string> out;
  for (auto& e : stdfs::recursive_directory_iterator(dir))
    if (e.path().filename().string().rfind(".tmp-", 0) == 0) out.push_back(e.path().string());
  return out;
}

// What a restart on `dir` must find, whatever point the first start was killed at.
void require_one_whole_admin_token(const stdfs::path& dir) {
  ServerProcess s({}, {{"MLGATE_ADMIN_TOKEN", ""}}, dir);
  const auto file = dir / "admin.token";
  REQUIRE(stdfs::exists(file));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string text = read_file(file.string());
  REQUIRE(text.size() > 16);
  REQUIRE(text.back() == '\n');
  const std::string secret = text.substr(0, text.size() - 1);
  REQUIRE(secret.find('\n') == std::string::npos);
  // A restart that made the token prints it; one that found it says where it is.
  INFO("banner: " << s.banner());
  const std::string printed = printed_secret(s.banner());
  if (!printed.empty()) CHECK(printed == secret);
  else CHECK(s.banner().find("admin token for the API: in " + file.string()) != std::string::npos);

  auto tokens = HttpClient(s.port(), secret).get("/api/v1/tokens");
  REQUIRE(tokens.status == 200);
  auto list = tokens.json()["tokens"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["name"] == "admin");
  CHECK(list[0]["role"] == "admin");
  CHECK(temp_files(dir).empty());
}

}  // namespace

TEST_CASE("a first start killed at any write or fsync or rename starts again with one admin token, whole in its file") {
  REQUIRE(strace_usable());
  const auto root = make_temp_dir("mlgate-first-start");

  // The dry run: every durable call of a first start, up to the banner that prints the token.
  std::vector<TracedCall> calls;
  {
    const auto dir = root / "dry" / "data";
    stdfs::create_directories(dir.parent_path());
    ServerProcess s({}, first_start_env(), dir, strace_launcher(kDurableSyscalls, "", root / "dry" / "trace"));
    REQUIRE(!printed_secret(s.banner()).empty());
    stop_traced(s);
    for (auto& c : read_trace(root / "dry" / "trace")) {
      if (c.line.find("write(1, \"mlgate is ready") != std::string::npos) break;
      calls.push_back(c);
    }
    // The token it printed is the one a restart finds.
    const std::string printed = printed_secret(s.banner());
    require_one_whole_admin_token(dir);
    CHECK(read_file((dir / "admin.token").string()) == printed + "\n");
  }
  std::set<std::pair<std::string, int>> points;
  for (auto& c : calls) points.insert({c.syscall, c.ordinal});
  REQUIRE(points.size() > 10);

  size_t killed = 0, run = 0;
  for (auto& [syscall, n] : points) {
    INFO("kill at " << syscall << " #" << n);
    const auto dir = root / ("run-" + std::to_string(run++)) / "data";
    const auto trace = dir.parent_path() / "trace";
    stdfs::create_directories(dir.parent_path());  // for the server's log and the trace
    try {
      ServerProcess s({}, first_start_env(), dir,
                      strace_launcher(kDurableSyscalls, syscall + ":signal=SIGKILL:when=" + std::to_string(n), trace));
      stop_traced(s);  // ready: another thread reached that ordinal later than in the dry run
    } catch (const std::runtime_error& e) {
      // Never ready: only because the kill came.
      INFO(e.what());
      REQUIRE(std::string(e.what()).find("(killed by signal 9)") != std::string::npos);
      ++killed;
    }
    require_one_whole_admin_token(dir);
  }
  WARN("first start: " << calls.size() << " calls before the banner, " << points.size() << " kill points, " << killed
                       << " killed");
  CHECK(killed * 10 >= points.size() * 8);
  std::error_code ec;
  stdfs::remove_all(root, ec);
}
