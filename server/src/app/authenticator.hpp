// Bearer tokens → identities. Tokens are stored as SHA-256 only; lookups are cached briefly
// because predict requests come at tens of thousands per second.
#pragma once
#include <chrono>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/request.hpp"
#include "registry/metadata_store.hpp"

namespace mlgate::app {

class Authenticator {
 public:
  explicit Authenticator(registry::MetadataStore& store) : store_(store) {}
  Result<http::Identity> authenticate(std::string_view bearer);
  void invalidate();  // after a token is revoked

  // A new random secret (256 bits, hex).
  static std::string new_secret();

 private:
  struct Cached {
    http::Identity identity;
    std::chrono::steady_clock::time_point expires;
  };
  registry::MetadataStore& store_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // by secret SHA-256
};

}  // namespace mlgate::app
