// SHA-256 (OpenSSL EVP), incremental for streamed uploads.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace mlgate {
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // finishes; call once
 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 (RFC 2104) as lower-case hex: what signs the alert webhooks.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
}  // namespace mlgate
