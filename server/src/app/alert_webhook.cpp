#include "app/alert_webhook.hpp"

#include "agent/http_post.hpp"
#include "agent/llm_config.hpp"
#include "core/clock.hpp"
#include "core/sha256.hpp"

namespace mlgate::app {

std::string webhook_signature(const std::string& secret, const std::string& timestamp, const std::string& body) {
  return "sha256=" + hmac_sha256_hex(secret, timestamp + "." + body);
}

std::string deliver_alert(const std::string& url, const std::string& secret, const nlohmann::json& payload) {
  auto ep = agent::parse_base_url(url);
  if (!ep) return "failed: " + ep.error().message;
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (ep->tls) {
    auto ctx = agent::make_client_tls_context("");
    if (!ctx) return "failed: " + ctx.error().message;
    tls = ctx.value();
  }
  agent::HttpPost post;
  post.target = ep->base_path.empty() ? "/" : ep->base_path;
  post.body = payload.dump();
  const std::string ts = std::to_string(now_epoch_seconds());
  post.headers = {{"Content-Type", "application/json"}, {"User-Agent", "mlgate-alerts"}, {"X-Mlgate-Timestamp", ts}};
  if (!secret.empty()) post.headers.push_back({"X-Mlgate-Signature", webhook_signature(secret, ts, post.body)});
  auto reply = agent::http_post(ep.value(), tls.get(), post, agent::Clock::now() + std::chrono::seconds(10), std::chrono::seconds(5));
  if (!reply) return "failed: " + reply.error().message;
  if (reply->status < 200 || reply->status >= 300) return "failed: HTTP " + std::to_string(reply->status);
  return "delivered";
}

}  // namespace mlgate::app
