#include "agent/openai_client.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

#include "agent/http_post.hpp"
#include "core/json_depth.hpp"
#include "core/log.hpp"

namespace mlgate::agent {
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// Whatever the provider says is quoted back only after this: some echo part of the key.
std::string redact(std::string text, const std::string& key) {
  if (!key.empty())
    for (auto pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos)) text.replace(pos, key.size(), "[redacted]");
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text;
}

struct ProviderError {
  std::string message, type, code;
};
ProviderError provider_error(const std::string& body) {
  ProviderError e;
  if (json_depth(body, kMaxJsonDepth) > kMaxJsonDepth) return e;  // not an error object; never parsed
  auto j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const auto& err = j["error"];
    auto text = [&](const char* field) { return err.contains(field) && err[field].is_string() ? err[field].get<std::string>() : ""; };
    e.message = text("message");
    e.type = text("type");
    e.code = text("code");
  }
  return e;
}

std::optional<milliseconds> parse_number(const std::string& s, int scale) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
  return milliseconds(static_cast<long long>(v * scale));
}

// The wait the provider asked for (retry-after-ms, else Retry-After in seconds; HTTP dates
// are not worth a parser here: they fall back to our own backoff).
std::optional<milliseconds> provider_wait(const HttpReply& r) {
  if (!r.retry_after_ms.empty())
    if (auto ms = parse_number(r.retry_after_ms, 1)) return ms;
  if (!r.retry_after.empty()) return parse_number(r.retry_after, 1000);
  return std::nullopt;
}

milliseconds backoff(const LlmConfig& cfg, int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  auto base = cfg.backoff_initial * (1LL << std::min(attempt - 1, 16));
  base = std::min<milliseconds>(base, cfg.backoff_max);
  std::uniform_int_distribution<long long> jitter(base.count() / 2, std::max<long long>(base.count(), 1));
  return milliseconds(jitter(rng));
}

bool retryable_status(int status) { return status == 408 || status == 409 || status == 429 || status >= 500; }

// The error mlgate reports for a reply that was not 200, once retries are over (or pointless).
Error status_error(int status, const std::string& body, const LlmConfig& cfg, int attempts) {
  auto pe = provider_error(body);
  std::string said = pe.message.empty() ? "" : ": " + redact(pe.message, cfg.api_key);
  std::string tries = attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : "";
  if (status == 401 || status == 403)
    return {502, "llm_auth",
            "the LLM provider refused the API key (HTTP " + std::to_string(status) + "); check OPENAI_API_KEY and OPENAI_BASE_URL"};
  if (status == 429 && (pe.code == "insufficient_quota" || pe.type == "insufficient_quota"))
    return {503, "llm_quota", "the LLM provider's quota for this API key is used up (HTTP 429 insufficient_quota); check the plan and billing"};
  if (status == 429) return {503, "llm_rate_limited", "the LLM provider is rate limiting mlgate (HTTP 429)" + tries + "; try again shortly"};
  if (status == 404)
    return {502, "llm_rejected", "the LLM provider has no such model or endpoint (HTTP 404, model '" + cfg.model + "')" + said};
  if (status >= 500) return {502, "llm_unavailable", "the LLM provider failed (HTTP " + std::to_string(status) + ")" + tries + said};
  return {502, "llm_rejected", "the LLM provider refused the request (HTTP " + std::to_string(status) + ")" + said};
}

bool is_quota(const std::string& body) {
  auto pe = provider_error(body);
  return pe.code == "insufficient_quota" || pe.type == "insufficient_quota";
}
}  // namespace

OpenAiClient::OpenAiClient(LlmConfig config, std::shared_ptr<boost::asio::ssl::context> tls)
    : config_(std::move(config)), tls_(std::move(tls)) {}

Result<OpenAiClient> OpenAiClient::create(LlmConfig config) {
  if (!config.configured()) return Error{500, "bad_llm_config", "the LLM planner needs OPENAI_API_KEY"};
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (config.endpoint.tls || !config.ca_file.empty()) {
    auto ctx = make_client_tls_context(config.ca_file);
    if (!ctx) return ctx.error();
    tls = std::move(ctx).value();
  }
  return OpenAiClient(std::move(config), std::move(tls));
}

Result<json> OpenAiClient::complete(const json& request) const {
  const auto start = Clock::now();
  const auto deadline = start + config_.timeout;
  HttpPost post{config_.endpoint.base_path + "/chat/completions",
                {{"Authorization", "Bearer " + config_.api_key}, {"Content-Type", "application/json"}, {"Accept", "application/json"}},
                request.dump()};
  std::optional<Error> last;
  for (int attempt = 1; attempt <= config_.max_attempts; ++attempt) {
    auto reply = http_post(config_.endpoint, tls_.get(), post, deadline, config_.connect_timeout);
    std::optional<milliseconds> asked;
    if (!reply) {
      if (reply.error().code != "llm_unreachable") return reply.error();  // timeout, TLS: retrying cannot help
      last = reply.error();
      last->message = redact(last->message, config_.api_key);
    } else if (reply->status == 200) {
      if (json_depth(reply->body, kMaxJsonDepth) > kMaxJsonDepth)
        return Error{502, "llm_bad_reply", "the LLM provider's reply nests deeper than " + std::to_string(kMaxJsonDepth) +
                                               " levels (HTTP 200, " + std::to_string(reply->body.size()) + " bytes); it was not parsed"};
      auto body = json::parse(reply->body, nullptr, false);
      if (body.is_discarded() || !body.is_object())
        return Error{502, "llm_bad_reply", "the LLM provider's reply is not a JSON object (HTTP 200, " + std::to_string(reply->body.size()) + " bytes)"};
      if (log::enabled(log::Level::debug))
        log::debug("llm", "chat completion: attempt " + std::to_string(attempt) + ", " +
                            std::to_string(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count()) + " ms");
      return body;
    } else {
      if (!retryable_status(reply->status) || is_quota(reply->body)) return status_error(reply->status, reply->body, config_, attempt);
      last = status_error(reply->status, reply->body, config_, attempt);
      asked = provider_wait(*reply);
    }
    if (attempt == config_.max_attempts) break;
    milliseconds wait = asked ? std::min(*asked, config_.retry_after_cap) : backoff(config_, attempt);
    if (Clock::now() + wait >= deadline) break;  // the wait alone would blow the deadline
    log::warn("llm", "attempt " + std::to_string(attempt) + " of " + std::to_string(config_.max_attempts) + " failed (" + last->code +
                         "); retrying in " + std::to_string(wait.count()) + " ms");
    std::this_thread::sleep_for(wait);
  }
  return *last;
}

}  // namespace mlgate::agent
