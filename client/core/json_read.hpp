// Lenient field readers for the monitor pane's replies: a figure the server leaves null
// (no data in that window) or omits reads as "none", never as an exception or a zero.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mlgate::client::json_read {

inline const nlohmann::json* field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

inline std::optional<double> number(const nlohmann::json& j, const char* key) {
  const auto* f = field(j, key);
  if (!f || !f->is_number()) return std::nullopt;
  return f->get<double>();
}

inline std::optional<int64_t> integer(const nlohmann::json& j, const char* key) {
  const auto* f = field(j, key);
  if (!f || !f->is_number()) return std::nullopt;
  return f->is_number_float() ? static_cast<int64_t>(f->get<double>()) : f->get<int64_t>();
}

inline std::string text(const nlohmann::json& j, const char* key) {
  const auto* f = field(j, key);
  return f && f->is_string() ? f->get<std::string>() : std::string();
}

inline bool flag(const nlohmann::json& j, const char* key) {
  const auto* f = field(j, key);
  return f && f->is_boolean() && f->get<bool>();
}

}  // namespace mlgate::client::json_read
