#include "core/random_id.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>

namespace mlgate {

std::string random_id(std::string_view prefix) {
  unsigned char buf[16];
  if (RAND_bytes(buf, sizeof buf) != 1) std::abort();  // no entropy: nothing safe to do
  static const char* digits = "0123456789abcdef";
  std::string id(prefix);
  for (unsigned char b : buf) {
    id.push_back(digits[b >> 4]);
    id.push_back(digits[b & 15]);
  }
  return id;
}

bool is_random_id(std::string_view id, std::string_view prefix) {
  return id.size() == prefix.size() + 32 && id.substr(0, prefix.size()) == prefix &&
         std::all_of(id.begin() + prefix.size(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace mlgate
