// ArtifactStore on a local folder: blobs in <dir>/sha256/<hash>, uploads in progress in
// <dir>/tmp. Every hash is checked to be 64 lowercase hex characters before it becomes a path.
#pragma once
#include <filesystem>
#include <memory>

#include "registry/artifact_store.hpp"

namespace mlgate::registry {

// Creates the folders as needed.
Result<std::unique_ptr<ArtifactStore>> open_file_artifact_store(const std::filesystem::path& dir);

// True for exactly 64 lowercase hex characters: the only strings that may name a blob.
bool is_sha256_hex(std::string_view s);

}  // namespace mlgate::registry
