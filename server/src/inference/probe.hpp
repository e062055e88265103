// A new model's first load by ONNX Runtime happens in a child process with a time and a
// memory limit: some graphs crash ONNX Runtime 1.21 at session creation (a Conv with zero
// strides divides by zero), hang it (a MatMul of large constants folded at load) or make it
// allocate many gigabytes (a huge ConstantOfShape folded). In the child those cost a 422
// `model_rejected`; in the server they would cost the server.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "inference/intake.hpp"
#include "mlgate/result.hpp"

namespace mlgate::inference {

struct ProbeLimits {
  std::filesystem::path executable;  // the mlgate binary (it has the `probe-model` command)
  std::chrono::milliseconds timeout{60'000};
  uint64_t memory_bytes = 2ull << 30;  // address space of the child (RLIMIT_AS)
};

// Runs the whole intake (pre-check, session, web variant, signature) on `file` in a child.
// ok: the server may load it itself. Otherwise the child's own error (e.g. 422
// model_load_failed with ONNX Runtime's message), or 422 model_rejected saying how the child
// ended: "crashed ONNX Runtime while loading (SIGFPE)", "took longer than 60 s", "needed more
// than 2048 MiB". A child that cannot be started is a 500: nothing unprobed is loaded.
Status probe_model(const std::filesystem::path& file, const IntakeOptions& options, const ProbeLimits& limits);

// The child's side, `mlgate probe-model --memory-bytes N [--features a,b] FILE`: applies the
// limit, runs intake_model and reports on stdout. Returns the process exit code.
int run_probe_child(const std::vector<std::string>& args);

}  // namespace mlgate::inference
