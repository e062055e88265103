// Where the LLM planner talks to and how patiently: read once from the environment at start.
// OPENAI_BASE_URL makes any OpenAI-compatible server work (OpenAI, Ollama, vLLM, llama.cpp).
#pragma once
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

#include "mlgate/result.hpp"

namespace mlgate::agent {

// The base URL split into what a connection needs.
struct LlmEndpoint {
  bool tls = true;
  std::string host;       // without brackets for IPv6 literals
  std::string port;       // "443" / "80" when the URL gives none
  std::string base_path;  // "/v1": requests go to base_path + "/chat/completions"
  std::string host_header() const;  // host[:port] as the Host header wants it
};
Result<LlmEndpoint> parse_base_url(const std::string& url);

struct LlmConfig {
  std::string api_key;  // empty: not configured, the offline planner answers
  std::string base_url = "https://api.openai.com/v1";
  LlmEndpoint endpoint;  // parsed base_url
  std::string model = "gpt-4o-mini";
  std::string ca_file;  // extra trust anchors for private endpoints (PEM), besides the system store
  std::chrono::milliseconds timeout{60000};         // whole request, retries and waits included
  std::chrono::milliseconds connect_timeout{10000};  // each connect + TLS handshake
  int max_attempts = 4;
  std::chrono::milliseconds backoff_initial{500};  // doubled per retry, with jitter
  std::chrono::milliseconds backoff_max{8000};
  std::chrono::milliseconds retry_after_cap{20000};  // a provider's Retry-After is honoured up to this

  bool configured() const { return !api_key.empty(); }
};

using Getenv = std::function<const char*(const char*)>;
// OPENAI_API_KEY, OPENAI_BASE_URL, MLGATE_LLM_MODEL, MLGATE_LLM_CA_FILE, MLGATE_LLM_TIMEOUT_MS.
// A malformed value is an error naming the variable (never echoing the key).
Result<LlmConfig> llm_config_from_env(const Getenv& getenv = [](const char* name) { return std::getenv(name); });

}  // namespace mlgate::agent
