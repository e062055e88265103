// The process's one Ort::Env and the session settings every mlgate session uses.
#pragma once
#include <string_view>

#include <onnxruntime_cxx_api.h>

#include "mlgate/result.hpp"

namespace mlgate::inference {

// Created on first use, lives until exit (ORT requires the Env to outlive every Session).
Ort::Env& ort_env();

// One intra-op and one inter-op thread, sequential, no spinning: parallelism comes from the
// request threads, and ORT's spinning pool hurt p99 (DESIGN.md, performance).
Ort::SessionOptions session_options();

// Loads a session from bytes already prechecked. 422 model_load_failed with ORT's message.
Result<Ort::Session> load_session(std::string_view bytes);

// ORT's what() without any stack trace it may append.
std::string ort_message(const Ort::Exception& e);

}  // namespace mlgate::inference
