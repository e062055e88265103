// Checking a tool call's arguments against the tool's JSON Schema (the subset tool_specs
// uses: object, required, additionalProperties false, string / integer / object, minimum)
// and resolving versions named by stage or recency to numbers.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/tool_specs.hpp"
#include "registry/metadata_store.hpp"

namespace mlgate::app {

// The arguments with explicit nulls dropped (an LLM's way of leaving an optional out), or
// 400 invalid_arguments naming the tool and the argument.
Result<nlohmann::json> check_tool_arguments(const agent::ToolSpec& spec, const nlohmann::json& arguments);

// Whether an argument holds a version (an integer in the schema; a word is accepted too).
bool is_version_argument(const std::string& key);

// 3, "3", "v3", "version 3", "production", "staging" (the newest staging version), "latest".
// 404 for a model without such a version, 400 for words it does not understand.
Result<int64_t> resolve_version(registry::MetadataStore& store, const std::string& model, const nlohmann::json& version);

}  // namespace mlgate::app
