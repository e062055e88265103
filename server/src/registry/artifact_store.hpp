// Content-addressed artifact storage behind a narrow interface (a later issue adds an
// S3-compatible store). Files are named by their SHA-256, written atomically (temp file,
// fsync, rename, fsync folder) and checked against their hash whenever they are read.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate::registry {

class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;
  // A fresh path in the store's temp area for streaming an upload to disk.
  virtual std::filesystem::path new_temp_path() = 0;
  // Moves a fully written temp file into the store under its SHA-256 (fsync, rename,
  // fsync folder) and returns the hash. Idempotent: if the blob exists the temp is removed.
  virtual Result<std::string> adopt(const std::filesystem::path& temp_file) = 0;
  virtual Result<std::string> put(std::string_view bytes) = 0;
  // Reads a blob and verifies its hash: 500 artifact_corrupt on mismatch, 404 when absent.
  virtual Result<std::string> get(const std::string& sha256) = 0;
  virtual bool exists(const std::string& sha256) = 0;
  // Start-up housekeeping: removes leftover temp files; removes blobs not in `keep`.
  virtual Result<size_t> sweep_temp() = 0;
  virtual Result<size_t> collect_garbage(const std::vector<std::string>& keep) = 0;
};

}  // namespace mlgate::registry
