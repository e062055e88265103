#include "core/fs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace mlgate::fs {

Error errno_error(int err, std::string_view what) {
  std::string msg = std::string(what) + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return insufficient_storage(msg);
  return internal_error(msg);
}

Status fsync_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error(errno, "open " + path.filename().string());
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return errno_error(err, "fsync " + path.filename().string());
  return ok_status();
}

Status fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error(errno, "open dir");
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return errno_error(err, "fsync dir");
  return ok_status();
}

Status commit_rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return errno_error(errno, "rename");
  return fsync_dir(to.parent_path());
}

namespace {
constexpr std::string_view kTempPrefix = ".tmp-";
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data, int mode) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  auto tmp = path.parent_path() / (std::string(kTempPrefix) + path.filename().string() + "-" + std::to_string(rng()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return errno_error(errno, "create temp file");
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return errno_error(err, "write");
    }
    off += size_t(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return errno_error(err, "fsync");
  }
  ::close(fd);
  auto st = commit_rename(tmp, path);
  if (!st) ::unlink(tmp.c_str());
  return st;
}

Result<size_t> remove_temp_files(const std::filesystem::path& dir) {
  size_t removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec)) {
    if (it->path().filename().string().rfind(kTempPrefix, 0) != 0) continue;
    std::error_code rm;
    if (std::filesystem::remove(it->path(), rm) && !rm) ++removed;
  }
  if (ec) return internal_error("cannot list " + dir.string() + ": " + ec.message());
  return removed;
}

Result<std::string> read_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error(errno, "open " + path.filename().string());
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return errno_error(err, "read");
    }
    if (n == 0) break;
    out.append(buf, size_t(n));
  }
  ::close(fd);
  return out;
}
}  // namespace mlgate::fs
