#include "app/launch_token.hpp"

#include <openssl/crypto.h>

#include <utility>

#include "app/authenticator.hpp"
#include "core/sha256.hpp"

namespace mlgate::app {

LaunchToken::LaunchToken() : secret_(std::string(kPrefix) + Authenticator::new_secret()), sha256_(sha256_hex(secret_)) {}

std::string LaunchToken::take_secret() {
  std::lock_guard lock(mu_);
  return std::exchange(secret_, std::string());
}

bool LaunchToken::redeem(std::string_view secret) {
  std::string hash = sha256_hex(secret);  // equal lengths, so the comparison below is constant-time
  std::lock_guard lock(mu_);
  if (used_ || CRYPTO_memcmp(hash.data(), sha256_.data(), hash.size()) != 0) return false;
  used_ = true;
  return true;
}

}  // namespace mlgate::app
