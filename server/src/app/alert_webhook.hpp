// Sends a fired alert to the configured webhook as JSON, signed so the receiver can tell it
// came from this mlgate and is fresh: X-Mlgate-Timestamp (epoch seconds) and
// X-Mlgate-Signature: sha256=HMAC-SHA256(secret, timestamp + "." + body), hex — the scheme
// Stripe and GitHub use, so receivers already know how to check it.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::app {

std::string webhook_signature(const std::string& secret, const std::string& timestamp, const std::string& body);

// "delivered", or "failed: <why>" (never the secret). Blocks up to ~10 s.
std::string deliver_alert(const std::string& url, const std::string& secret, const nlohmann::json& payload);

}  // namespace mlgate::app
