// One blocking HTTP(S) POST with a deadline per stage: the LLM client's only way out.
// Blocking is fine here: the agent loop already runs on a request thread of its own.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "agent/llm_config.hpp"
#include "mlgate/result.hpp"

namespace mlgate::agent {

using Clock = std::chrono::steady_clock;

struct HttpReply {
  int status = 0;
  std::string body;
  std::string retry_after;     // Retry-After, verbatim
  std::string retry_after_ms;  // retry-after-ms (OpenAI's finer hint), verbatim
};

struct HttpPost {
  std::string target;  // path
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Error codes, so the caller can decide on retries: "llm_unreachable" (resolve, connect or
// I/O failed: retryable), "llm_timeout" (the deadline passed), "llm_tls" (the certificate
// was refused: never retried). `tls` must be set for https endpoints.
Result<HttpReply> http_post(const LlmEndpoint& ep, boost::asio::ssl::context* tls, const HttpPost& post,
                            Clock::time_point deadline, std::chrono::milliseconds connect_timeout);

// A client TLS context: peer verification on, the system's trust store plus `ca_file` if given.
Result<std::shared_ptr<boost::asio::ssl::context>> make_client_tls_context(const std::string& ca_file);

}  // namespace mlgate::agent
