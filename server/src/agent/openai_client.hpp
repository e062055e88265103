// OpenAI Chat Completions over HTTP(S): one call = POST {base_url}/chat/completions, with
// retries (exponential backoff with jitter, Retry-After honoured) on 429, 5xx and broken
// connections, all inside one deadline. Errors carry the status mlgate answers with:
// 502 (the provider failed or refused), 503 (rate limit, quota), 504 (timeout).
// The API key goes into the Authorization header and nowhere else.
#pragma once
#include <memory>

#include <nlohmann/json.hpp>

#include "agent/llm_config.hpp"
#include "mlgate/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace mlgate::agent {

class OpenAiClient {
 public:
  // Fails when the CA file cannot be loaded: better at start than at the first chat.
  static Result<OpenAiClient> create(LlmConfig config);

  // Sends `request` (model, messages, tools...) and returns the provider's JSON reply, as is.
  // Safe to call from several threads at once.
  Result<nlohmann::json> complete(const nlohmann::json& request) const;

  const LlmConfig& config() const { return config_; }

 private:
  OpenAiClient(LlmConfig config, std::shared_ptr<boost::asio::ssl::context> tls);
  LlmConfig config_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace mlgate::agent
