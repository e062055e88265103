// Transport limits and the services a session needs from the application.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "http/origin_policy.hpp"
#include "http/request.hpp"
#include "mlgate/result.hpp"

namespace mlgate::http {

struct ServerOptions {
  uint32_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};     // headers and in-memory bodies
  std::chrono::seconds upload_timeout{600};  // streamed uploads
  std::chrono::seconds write_timeout{60};
  int max_connections = 4096;
  int threads = 2;
  int blocking_threads = 2;  // uploads, server-side tests: kept off the I/O threads
  OriginPolicy origins;
};

struct SessionServices {
  // Bearer token (may be empty) → identity, or 401.
  std::function<Result<Identity>(std::string_view bearer)> authenticate;
  // A fresh temp path for a streamed upload body.
  std::function<std::filesystem::path()> new_temp_path;
  // Called once per response: the route's pattern ("other" when none matched), the method,
  // the status and the seconds since the request's header arrived. Optional.
  std::function<void(const std::string& route, std::string_view method, int status, double seconds)> observe;
};

}  // namespace mlgate::http
