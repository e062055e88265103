// Durable file operations: what "no acknowledged write is ever lost" rests on.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "mlgate/result.hpp"

namespace mlgate::fs {
// Writes data to `path` atomically: temp file in the same folder, fsync, rename, fsync folder.
// ENOSPC/EDQUOT map to 507 insufficient_storage, other errors to 500.
Status write_file_atomic(const std::filesystem::path& path, std::string_view data, int mode = 0644);
// Removes the temp files write_file_atomic leaves in `dir` when the process dies before its
// rename; returns how many. Only at start-up, when no write can be under way.
Result<size_t> remove_temp_files(const std::filesystem::path& dir);
// Renames a fully written (and fsynced) file into place and fsyncs the target folder.
Status commit_rename(const std::filesystem::path& from, const std::filesystem::path& to);
Status fsync_file(const std::filesystem::path& path);
Status fsync_dir(const std::filesystem::path& dir);
Result<std::string> read_file(const std::filesystem::path& path);
// An Error for a failed system call, 507 for a full disk.
Error errno_error(int err, std::string_view what);
}  // namespace mlgate::fs
