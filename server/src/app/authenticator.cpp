#include "app/authenticator.hpp"

#include <openssl/rand.h>

#include <mutex>

#include "app/launch_token.hpp"
#include "core/sha256.hpp"

namespace mlgate::app {

std::string Authenticator::new_secret() {
  unsigned char buf[32];
  if (RAND_bytes(buf, sizeof buf) != 1) std::abort();  // no entropy: nothing safe to do
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : buf) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

Result<http::Identity> Authenticator::authenticate(std::string_view bearer) {
  if (bearer.empty()) return unauthorized("missing bearer token (Authorization: Bearer <token>)");
  if (bearer.size() > 512) return unauthorized("invalid token");
  if (bearer.starts_with(LaunchToken::kPrefix))  // it only ever opens a session (POST /api/v1/launch)
    return unauthorized(LaunchToken::kSpentMessage);
  std::string key = sha256_hex(bearer);
  auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.expires > now) return it->second.identity;
  }
  auto found = store_.find_token(key);
  if (!found) return found.error();
  if (!found.value()) return unauthorized("invalid token");
  http::Identity id{found.value()->name, http::parse_role(found.value()->role).value_or(http::Role::none), found.value()->session,
                    key};
  std::unique_lock lock(mu_);
  if (cache_.size() > 10000) cache_.clear();
  cache_[key] = {id, now + std::chrono::seconds(5)};
  return id;
}

void Authenticator::invalidate() {
  std::unique_lock lock(mu_);
  cache_.clear();
}

}  // namespace mlgate::app
