// What mlgate adds around one LLM round trip (not a test): planner.next() against a fake
// OpenAI-compatible provider on loopback, next to a bare HTTP POST of the same request body
// to the same fake. The difference is mlgate's own cost: building the prompt and messages,
// JSON both ways, the client's machinery. The provider's own latency is not in either.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "agent/llm_planner.hpp"
#include "fake_openai.hpp"

using namespace mlgate;
using namespace mlgate::agent;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kRounds = 2000, kWarmup = 100;

// A registry of 100 models with 3 versions and 8 features each: the prompt's DATA block.
Context big_context() {
  Context ctx{"dana", "deployer", {}, {}};
  for (int i = 0; i < 100; ++i) {
    ModelView m{"model_" + std::to_string(i), "classification", {}, {"no", "yes"}, {{1, "archived"}, {2, "production"}, {3, "staging"}}};
    for (int f = 0; f < 8; ++f) m.features.push_back("feature_" + std::to_string(f));
    ctx.models.push_back(std::move(m));
  }
  ctx.uploads.push_back({"up_1", "churn.csv", "csv", {"age", "plan", "churned"}});
  return ctx;
}

struct Figures {
  double p50, p99, mean;
};
template <class F>
Figures measure(F&& once) {
  for (int i = 0; i < kWarmup; ++i) once();
  std::vector<double> us;
  us.reserve(kRounds);
  for (int i = 0; i < kRounds; ++i) {
    auto t0 = Clock::now();
    once();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double u : us) sum += u;
  return {us[us.size() / 2], us[us.size() * 99 / 100], sum / us.size()};
}

void raw_post(boost::asio::io_context& ioc, unsigned short port, const std::string& body) {
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::verb::post, "/v1/chat/completions", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::authorization, "Bearer bench");
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(socket, buf, res);
  beast::error_code ec;
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
}
}  // namespace

int main() {
  test::FakeOpenAi fake;
  fake.always(test::ok(test::completion_tool_calls({{"call_1", "describe_model", R"({"model":"model_7","version":3})"}})));
  LlmConfig cfg;
  cfg.api_key = "bench";
  cfg.base_url = fake.base_url();
  cfg.endpoint = parse_base_url(cfg.base_url).value();
  auto planner = make_llm_planner(cfg);
  if (!planner) {
    std::fprintf(stderr, "%s\n", planner.error().message.c_str());
    return 1;
  }
  const Context ctx = big_context();
  std::vector<Message> history = {{Message::Role::user, "describe the staging version of model_7", {}, ""}};
  nlohmann::json state = nlohmann::json::object();
  auto step = planner.value()->next(history, ctx, state);
  if (!step || step->tool_calls.size() != 1) {
    std::fprintf(stderr, "planner failed against the fake\n");
    return 1;
  }
  const std::string body = fake.requests().at(0).body;

  boost::asio::io_context ioc;
  auto raw = measure([&] { raw_post(ioc, fake.port(), body); });
  auto full = measure([&] { (void)planner.value()->next(history, ctx, state); });
  std::printf("LLM round trip on loopback (fake provider, %d rounds, request body %zu bytes, 100 models in the prompt)\n", kRounds,
              body.size());
  std::printf("%-28s %9s %9s %9s\n", "", "p50(us)", "p99(us)", "mean(us)");
  std::printf("%-28s %9.1f %9.1f %9.1f\n", "bare POST, same body", raw.p50, raw.p99, raw.mean);
  std::printf("%-28s %9.1f %9.1f %9.1f\n", "planner.next()", full.p50, full.p99, full.mean);
  std::printf("%-28s %9.1f %9.1f %9.1f\n", "mlgate's overhead", full.p50 - raw.p50, full.p99 - raw.p99, full.mean - raw.mean);
}
