// Offline planner latency per message (not a test): every conversation of the utterance
// table, with the table's models plus synthetic ones up to 100 in the Context, timed per
// planner step. Prints p50/p99/max in microseconds.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include "agent/offline_planner.hpp"
#include "agent/utterance_table.hpp"

using namespace mlgate;

namespace {
// Plausible names and features, so fuzzy matching works as hard as in a real registry.
void fill_to(agent::Context& ctx, size_t models) {
  const char* domains[] = {"fraud", "credit", "loan", "spam", "sales", "demand", "price", "risk", "claims", "ads"};
  const char* words[] = {"amount", "balance", "count", "ratio", "score", "days", "rate", "length", "weight", "income"};
  for (size_t i = ctx.models.size(); i < models; ++i) {
    agent::ModelView m;
    m.name = std::string(domains[i % 10]) + "_" + words[(i / 10) % 10] + "_" + std::to_string(i);
    m.task = i % 3 ? "classification" : "regression";
    for (size_t f = 0; f < 8; ++f) m.features.push_back(std::string(words[(i + f) % 10]) + "_" + words[(i + 3 * f) % 10]);
    m.classes = {"no", "yes"};
    m.versions = {{1, "archived"}, {2, "production"}, {3, "staging"}};
    ctx.models.push_back(std::move(m));
  }
}

double percentile(std::vector<double>& v, double p) {
  size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}
}  // namespace

int main(int argc, char** argv) {
  const std::string table_path = argc > 1 ? argv[1] : std::string(MLGATE_TESTS_DIR) + "/agent/utterances.json";
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 20;
  auto table = test::load_utterance_table(table_path);
  fill_to(table.context, 100);
  auto planner = agent::make_offline_planner();
  // Wall time, and this thread's CPU time: on a shared machine the first includes waiting
  // for a core, the second is the planner's own cost.
  std::vector<double> us, cpu_us;
  auto thread_cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
  };
  auto timed = [&](auto f) {
    double c0 = thread_cpu();
    auto t0 = std::chrono::steady_clock::now();
    auto r = f();
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    cpu_us.push_back(thread_cpu() - c0);
    return r;
  };
  size_t right = 0;
  for (int round = 0; round < rounds; ++round)
    for (const auto& c : table.cases) {
      nlohmann::json state = nlohmann::json::object();
      auto step = test::converse(*planner, table.context, c.say, state, timed);
      // The same check as the test, to see whether 95 more names confuse the matching.
      if (round == 0 && (c.call ? step.tool_calls.size() == 1 && step.tool_calls[0].name == c.call->name &&
                                      step.tool_calls[0].arguments == c.call->arguments
                                : step.tool_calls.empty() && step.reply.find(c.ask) != std::string::npos))
        ++right;
    }
  std::vector<double> all = us;
  double max = *std::max_element(all.begin(), all.end());
  double cpu_max = *std::max_element(cpu_us.begin(), cpu_us.end());
  std::printf("offline planner: %zu models, %zu steps (%zu conversations x %d rounds)\n", table.context.models.size(), us.size(),
              table.cases.size(), rounds);
  std::printf("  p50 %.1f us   p99 %.1f us   max %.1f us wall clock per step\n", percentile(all, 0.50), percentile(all, 0.99), max);
  std::printf("  p50 %.1f us   p99 %.1f us   max %.1f us thread CPU per step\n", percentile(cpu_us, 0.50), percentile(cpu_us, 0.99),
              cpu_max);
  std::printf("  table accuracy with these models: %zu/%zu\n", right, table.cases.size());
  return 0;
}
