#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "core/clock.hpp"

namespace mlgate::log {
namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mu;
const char* name(Level l) {
  switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "?";
}
}  // namespace

void set_level(Level level) { g_level = level; }
bool enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view component, std::string_view message) {
  if (level < g_level.load()) return;
  std::string ts = now_rfc3339();
  std::lock_guard lock(g_mu);
  std::fprintf(stderr, "%s %-5s [%.*s] %.*s\n", ts.c_str(), name(level), int(component.size()),
               component.data(), int(message.size()), message.data());
}
}  // namespace mlgate::log
