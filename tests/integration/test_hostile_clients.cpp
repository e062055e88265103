// Hostile clients under load: 1,000 slowloris connections (a header byte every 250 ms)
// and 1,000 idle ones are held open while wrk drives predictions. No legitimate request
// fails and every hostile socket is closed by the server within the read deadline plus
// one second. The latency of the legitimate requests with and without them is reported
// (a figure, not an assertion: this machine is shared).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <thread>

#include "integration/people.hpp"
#include "integration/server_process.hpp"
#include "integration/ship.hpp"

using namespace mlgate::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kDeadlineSeconds = 3;

struct WrkResult {
  long requests = 0, errors = 0;
  double p99_ms = 0;
  std::string output;
};

// wrk with the bench's Lua script (one prediction per request, non-2xx counted as errors).
WrkResult wrk(unsigned short port, const std::string& token, const std::string& body_file, int seconds) {
  std::string cmd = "BODY_FILE=" + body_file + " TOKEN=" + token + " wrk -t2 -c8 -d" + std::to_string(seconds) +
                    "s --timeout 20s -s " + MLGATE_TESTS_DIR "/../bench/predict.lua http://127.0.0.1:" + std::to_string(port) +
                    "/api/v1/models/iris/predict 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  REQUIRE(pclose(p) == 0);
  std::smatch m;
  INFO(out);
  REQUIRE(std::regex_search(out, m, std::regex(R"(RESULT requests=(\d+) .* p99_us=(\d+) errors=(\d+))")));
  return {std::stol(m[1]), std::stol(m[3]), std::stod(m[2]) / 1000.0, out};
}

int connect_to(unsigned short port) {
  // Close-on-exec: wrk, started later, sizes its event loop for low descriptor numbers.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

struct Hostile {
  int fd;
  bool slow;  // slowloris (else idle)
  Clock::time_point opened;
  std::optional<Clock::time_point> closed;
  size_t sent = 0;
};

const std::string kSlowHeader =
    "POST /api/v1/models/iris/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

// Trickles slowloris bytes and notes when the server closes each socket, until all are
// closed or `until`.
void tend(std::vector<Hostile>& hs, Clock::time_point until) {
  auto next_byte = Clock::now();
  while (Clock::now() < until) {
    std::vector<pollfd> fds;
    std::vector<size_t> idx;
    for (size_t i = 0; i < hs.size(); ++i)
      if (!hs[i].closed) {
        fds.push_back({hs[i].fd, POLLIN, 0});
        idx.push_back(i);
      }
    if (fds.empty()) return;
    ::poll(fds.data(), fds.size(), 20);
    const auto now = Clock::now();
    for (size_t k = 0; k < fds.size(); ++k) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char c[512];
      ssize_t n = ::recv(fds[k].fd, c, sizeof c, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN)) hs[idx[k]].closed = now;
    }
    if (now >= next_byte) {
      for (auto& h : hs)
        if (h.slow && !h.closed && h.sent < kSlowHeader.size())
          if (::send(h.fd, kSlowHeader.data() + h.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) ++h.sent;
      next_byte = now + std::chrono::milliseconds(250);
    }
  }
}

}  // namespace

TEST_CASE("a thousand slowloris and a thousand idle connections fail no legitimate request and are closed at the read deadline") {
  ServerProcess s({"--read-timeout", std::to_string(kDeadlineSeconds)});
  auto dep = person(s, "dana", "deployer");
  auto app = person(s, "avery", "approver");
  ship(dep, app, "iris", "s01_iris_logreg_zipmap");
  const auto body = s.data_dir().parent_path() / "predict.json";
  std::ofstream(body) << R"({"rows":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]})";

  const auto quiet = wrk(s.port(), s.admin_token(), body.string(), 3);
  REQUIRE(quiet.errors == 0);
  REQUIRE(quiet.requests > 0);

  std::vector<Hostile> hs;
  for (int i = 0; i < 2000; ++i) hs.push_back({connect_to(s.port()), i % 2 == 0, Clock::now()});
  // wrk runs in a thread while this one keeps the slowloris sockets trickling.
  WrkResult loaded;
  std::thread load([&] { loaded = wrk(s.port(), s.admin_token(), body.string(), kDeadlineSeconds); });
  tend(hs, Clock::now() + std::chrono::seconds(kDeadlineSeconds + 5));
  load.join();

  INFO(loaded.output);
  REQUIRE(loaded.errors == 0);
  REQUIRE(loaded.requests > 0);
  size_t slow_closed = 0, idle_closed = 0;
  double worst = 0;
  for (auto& h : hs) {
    INFO((h.slow ? "slowloris" : "idle") << " socket " << h.fd << " sent " << h.sent << " bytes");
    REQUIRE(h.closed.has_value());
    const double lived = std::chrono::duration<double>(*h.closed - h.opened).count();
    worst = std::max(worst, lived);
    REQUIRE(lived <= kDeadlineSeconds + 1.0);
    (h.slow ? slow_closed : idle_closed)++;
    ::close(h.fd);
  }
  REQUIRE(slow_closed == 1000);
  REQUIRE(idle_closed == 1000);
  // The server is still itself afterwards.
  REQUIRE(HttpClient(s.port(), s.admin_token()).get("/livez").status == 200);
  WARN("p99 without hostile clients " << quiet.p99_ms << " ms, with 2,000 of them " << loaded.p99_ms << " ms (ratio "
                                       << loaded.p99_ms / quiet.p99_ms << "); " << quiet.requests / 3 << " vs "
                                       << loaded.requests / kDeadlineSeconds << " requests/s; hostile sockets closed after at most "
                                       << worst << " s (deadline " << kDeadlineSeconds << " s)");
}
