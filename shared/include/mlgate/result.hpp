// Errors as values at module boundaries (no exceptions cross them). An Error carries
// the HTTP status it maps to, a snake_case code and a message saying what and where,
// exactly what API.md puts in {"error": {"code", "message"}}.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace mlgate {

struct Error {
  int status = 500;
  std::string code;
  std::string message;
};

inline Error bad_request(std::string code, std::string msg) { return {400, std::move(code), std::move(msg)}; }
inline Error unauthorized(std::string msg) { return {401, "unauthorized", std::move(msg)}; }
inline Error forbidden(std::string code, std::string msg) { return {403, std::move(code), std::move(msg)}; }
inline Error not_found(std::string code, std::string msg) { return {404, std::move(code), std::move(msg)}; }
inline Error conflict(std::string code, std::string msg) { return {409, std::move(code), std::move(msg)}; }
inline Error too_large(std::string msg) { return {413, "payload_too_large", std::move(msg)}; }
inline Error unprocessable(std::string code, std::string msg) { return {422, std::move(code), std::move(msg)}; }
inline Error insufficient_storage(std::string msg) { return {507, "insufficient_storage", std::move(msg)}; }
inline Error internal_error(std::string msg) { return {500, "internal", std::move(msg)}; }

struct Unit {};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  // By value: `for (auto& x : f().value())` must not dangle.
  T value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace mlgate
