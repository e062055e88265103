#include "inference/probe.hpp"

#include <sys/resource.h>

#include <cstdlib>
#include <iostream>
#include <new>

#include <nlohmann/json.hpp>

#include "core/fs.hpp"
#include "core/subprocess.hpp"

// AddressSanitizer and ThreadSanitizer reserve terabytes of address space for their shadow
// memory at start-up, so a sanitizer build's child cannot run under RLIMIT_AS at all. There the
// limit is the sanitizer's own: no single allocation above it (that fails as under RLIMIT_AS,
// and ONNX Runtime reports bad_alloc), and the child is ended when its resident memory passes
// it. The crash signals of a hostile model reach the parent as in a release build instead of
// ending in the sanitizer's report.
#if defined(__SANITIZE_ADDRESS__)
#define MLGATE_SANITIZER_OPTIONS "ASAN_OPTIONS"
#elif defined(__SANITIZE_THREAD__)
#define MLGATE_SANITIZER_OPTIONS "TSAN_OPTIONS"
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLGATE_SANITIZER_OPTIONS "ASAN_OPTIONS"
#elif __has_feature(thread_sanitizer)
#define MLGATE_SANITIZER_OPTIONS "TSAN_OPTIONS"
#endif
#endif

namespace mlgate::inference {
namespace {

using nlohmann::json;

Error rejected(const std::string& why) { return unprocessable("model_rejected", "the model was refused: " + why); }

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string duration_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

Status probe_model(const std::filesystem::path& file, const IntakeOptions& options, const ProbeLimits& limits) {
  std::vector<std::string> argv{limits.executable.string(), "probe-model", "--memory-bytes", std::to_string(limits.memory_bytes)};
  if (!options.features.empty()) {
    std::string joined;
    for (const auto& f : options.features) joined += (joined.empty() ? "" : ",") + f;
    argv.insert(argv.end(), {"--features", joined});
  }
  argv.push_back(file.string());
  ProcessOptions po;
  po.argv = std::move(argv);
  po.timeout = limits.timeout;
#ifdef MLGATE_SANITIZER_OPTIONS
  const char* inherited = std::getenv(MLGATE_SANITIZER_OPTIONS);
  const std::string mb = std::to_string(limits.memory_bytes >> 20);
  po.environment.push_back(std::string(MLGATE_SANITIZER_OPTIONS "=") + (inherited ? std::string(inherited) + ":" : "") +
                           "allocator_may_return_null=1:max_allocation_size_mb=" + mb + ":hard_rss_limit_mb=" + mb +
                           ":handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0");
#endif
  auto child = run_process(po);
  if (!child) return child.error();
  if (child->timed_out) return rejected("loading it took longer than " + duration_text(limits.timeout));
  if (child->signal) return rejected("it crashed ONNX Runtime while loading (" + signal_name(child->signal) + ")");
  json r = json::parse(child->output, nullptr, false);
  if (child->exit_code == 0 && r.is_object()) {
    if (r.value("ok", false)) return ok_status();
    if (r.value("out_of_memory", false)) return rejected("loading it needed more than " + mib(limits.memory_bytes));
    if (r.contains("error") && r["error"].is_object()) {
      const json& e = r["error"];
      return Error{e.value("status", 422), e.value("code", "model_load_failed"), e.value("message", "")};
    }
  }
  return rejected("the loading process ended without a verdict (exit " + std::to_string(child->exit_code) + ")");
}

int run_probe_child(const std::vector<std::string>& args) {
  uint64_t memory = 0;
  IntakeOptions options;
  std::string file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--memory-bytes" && i + 1 < args.size()) {
      memory = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else if (args[i] == "--features" && i + 1 < args.size()) {
      std::string list = args[++i];
      for (size_t at = 0; at <= list.size();) {
        size_t comma = std::min(list.find(',', at), list.size());
        options.features.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
    } else {
      file = args[i];
    }
  }
  if (file.empty()) {
    std::cerr << "usage: mlgate probe-model [--memory-bytes N] [--features a,b] FILE\n";
    return 2;
  }
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
#ifdef MLGATE_SANITIZER_OPTIONS
  memory = 0;  // the parent set the sanitizer's allocation limit instead (see the top of this file)
#endif
  if (memory > 0) {
    rlimit as{memory, memory};
    setrlimit(RLIMIT_AS, &as);
  }
  json report;
  try {
    auto bytes = fs::read_file(file);
    auto intake = bytes ? intake_model(bytes.value(), options) : Result<Intake>(bytes.error());
    if (intake) {
      report = {{"ok", true}};
    } else if (intake.error().message.find("bad_alloc") != std::string::npos) {
      report = {{"out_of_memory", true}};  // ONNX Runtime rethrows it as its own exception
    } else {
      const Error& e = intake.error();
      report = {{"error", {{"status", e.status}, {"code", e.code}, {"message", e.message}}}};
    }
  } catch (const std::bad_alloc&) {
    report = {{"out_of_memory", true}};
  }
  std::cout << report.dump() << std::endl;
  return 0;
}

}  // namespace mlgate::inference
