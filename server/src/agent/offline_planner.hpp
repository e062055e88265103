// The planner that needs no network: a deterministic reader of the tools' closed domain
// (the default when no LLM is configured). See offline/ for its parts.
//
// Its `state` (stored with the conversation) is a JSON object:
//   {"next_call": 4,                                   next id: "call_4"
//    "focus": {"model": "churn", "version": 3},        what "it" means
//    "pending": {"tool": "predict", "arguments": {...}, a request waiting for one answer
//                "missing": "features", "texts": ["predict iris 5.1"]}}
// Anything else in it is left alone; a malformed state is treated as empty.
#pragma once
#include <memory>

#include "agent/planner.hpp"

namespace mlgate::agent {

std::unique_ptr<Planner> make_offline_planner();

}  // namespace mlgate::agent
