// A small synchronous HTTP/1.1 client over a real loopback socket (Beast), for tests.
#pragma once
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace mlgate::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string error_code() const {
    auto j = json();
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
  }
  std::string error_message() const {
    auto j = json();
    return j.is_object() && j.contains("error") ? j["error"].value("message", "") : "";
  }
};

class HttpClient {
 public:
  HttpClient(unsigned short port, std::string token = {}) : port_(port), token_(std::move(token)) {}
  void set_token(std::string t) { token_ = std::move(t); }
  const std::string& token() const { return token_; }
  HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                     const std::string& content_type = "application/json",
                     const std::map<std::string, std::string>& headers = {}) const;
  HttpResult get(const std::string& target) const { return request("GET", target); }
  HttpResult post(const std::string& target, const std::string& body = {}, const std::string& ct = "application/json") const {
    return request("POST", target, body, ct);
  }
  HttpResult post_json(const std::string& target, const nlohmann::json& body) const { return request("POST", target, body.dump()); }
  HttpResult del(const std::string& target) const { return request("DELETE", target); }
  // Sends raw bytes and returns whatever comes back (for malformed-HTTP tests).
  std::string raw(const std::string& bytes) const;

 private:
  unsigned short port_;
  std::string token_;
};

std::string read_file(const std::string& path);

}  // namespace mlgate::testing
