// Everything a rejected request could have changed, for "a rejection changes nothing":
// the registry as the API shows it, and the files under the data directory's artifacts/
// (a refused upload must leave no blob and no temp file behind).
#pragma once
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "integration/http_client.hpp"
#include "integration/server_process.hpp"

namespace mlgate::testing {

inline size_t files_under(const std::filesystem::path& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec))
    n += it->is_regular_file() ? 1 : 0;
  return n;
}

// Temp files of uploads in flight. A refusal that closes the connection removes its temp file
// on the server's I/O thread, a moment after the client saw the reply: wait a little for that.
inline size_t temp_files(const ServerProcess& server, std::chrono::milliseconds settle = std::chrono::seconds(5)) {
  auto until = std::chrono::steady_clock::now() + settle;
  size_t n = files_under(server.data_dir() / "artifacts" / "tmp");
  while (n > 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    n = files_under(server.data_dir() / "artifacts" / "tmp");
  }
  return n;
}

inline nlohmann::json snapshot(const ServerProcess& server, const HttpClient& admin) {
  return {{"models", admin.get("/api/v1/models").json()},
          {"iris", admin.get("/api/v1/models/iris").json()},
          {"audit", admin.get("/api/v1/audit?limit=1000").json()},
          {"promotions", admin.get("/api/v1/promotions").json()},
          {"blobs", files_under(server.data_dir() / "artifacts" / "sha256")},
          {"temp_files", temp_files(server)}};
}

}  // namespace mlgate::testing
