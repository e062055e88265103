#include "registry/file_artifact_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <random>
#include <unordered_set>

#include "core/fs.hpp"
#include "core/sha256.hpp"

namespace mlgate::registry {

namespace stdfs = std::filesystem;

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

Status check_hash(std::string_view s) {
  if (is_sha256_hex(s)) return ok_status();
  std::string shown(s.substr(0, 80));
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  return bad_request("invalid_sha256", "artifact hash must be 64 lowercase hex characters, got '" + shown + "'" +
                                           (s.size() > 80 ? "..." : ""));
}

// Streams a file through SHA-256 without holding it in memory.
Result<std::string> hash_file(const stdfs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fs::errno_error(errno, "open " + path.filename().string());
  Sha256 h;
  std::string buf(1 << 16, '\0');
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fs::errno_error(err, "read " + path.filename().string());
    }
    if (n == 0) break;
    h.update(std::string_view(buf.data(), size_t(n)));
  }
  ::close(fd);
  return h.hex();
}

class FileArtifactStore final : public ArtifactStore {
 public:
  explicit FileArtifactStore(stdfs::path dir) : blobs_(dir / "sha256"), tmp_(dir / "tmp") {}

  stdfs::path new_temp_path() override {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    char name[64];
    std::snprintf(name, sizeof name, "upload-%d-%016llx.part", int(::getpid()),
                  static_cast<unsigned long long>(rng()));
    return tmp_ / name;
  }

  Result<std::string> adopt(const stdfs::path& temp_file) override {
    auto hash = hash_file(temp_file);
    if (!hash) return hash.error();
    if (auto st = fs::fsync_file(temp_file); !st) return st.error();
    // Renaming over an existing blob is atomic and leaves the same verified bytes, so a
    // retry is idempotent and even replaces a blob that rotted on disk.
    if (auto st = fs::commit_rename(temp_file, blobs_ / hash.value()); !st) return st.error();
    return hash;
  }

  Result<std::string> put(std::string_view bytes) override {
    auto hash = sha256_hex(bytes);
    if (auto st = fs::write_file_atomic(blobs_ / hash, bytes); !st) return st.error();
    return hash;
  }

  Result<std::string> get(const std::string& sha256) override {
    if (auto st = check_hash(sha256); !st) return st.error();
    auto path = blobs_ / sha256;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return not_found("artifact_not_found", "artifact " + sha256 + " is not in the store");
      return fs::errno_error(errno, "open artifact " + sha256);
    }
    ::close(fd);
    auto bytes = fs::read_file(path);
    if (!bytes) return bytes.error();
    if (sha256_hex(bytes.value()) != sha256)
      return Error{500, "artifact_corrupt", "artifact " + sha256 + " failed its SHA-256 check"};
    return bytes;
  }

  bool exists(const std::string& sha256) override {
    std::error_code ec;
    return is_sha256_hex(sha256) && stdfs::is_regular_file(blobs_ / sha256, ec);
  }

  Result<size_t> sweep_temp() override {
    size_t removed = 0;
    std::error_code ec;
    for (auto it = stdfs::directory_iterator(tmp_, ec); !ec && it != stdfs::directory_iterator(); it.increment(ec)) {
      std::error_code rm;
      if (stdfs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
    }
    if (ec) return internal_error("cannot list " + tmp_.string() + ": " + ec.message());
    return removed;
  }

  // Removes blobs no version refers to (a kill between the blob's rename and the version's
  // commit leaves one) and half-written temp files of put(). Run it at start-up, before
  // uploads are accepted: a blob being adopted right now is not yet referenced.
  Result<size_t> collect_garbage(const std::vector<std::string>& keep) override {
    std::unordered_set<std::string> kept(keep.begin(), keep.end());
    size_t removed = 0;
    std::error_code ec;
    for (auto it = stdfs::directory_iterator(blobs_, ec); !ec && it != stdfs::directory_iterator(); it.increment(ec)) {
      if (kept.count(it->path().filename().string())) continue;
      std::error_code rm;
      if (stdfs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
    }
    if (ec) return internal_error("cannot list " + blobs_.string() + ": " + ec.message());
    if (removed > 0)
      if (auto st = fs::fsync_dir(blobs_); !st) return st.error();
    return removed;
  }

 private:
  stdfs::path blobs_;
  stdfs::path tmp_;
};

}  // namespace

Result<std::unique_ptr<ArtifactStore>> open_file_artifact_store(const stdfs::path& dir) {
  std::error_code ec;
  for (const auto& sub : {dir / "sha256", dir / "tmp"}) {
    stdfs::create_directories(sub, ec);
    if (ec) {
      if (ec.value() == ENOSPC) return insufficient_storage("cannot create " + sub.string() + ": " + ec.message());
      return internal_error("cannot create " + sub.string() + ": " + ec.message());
    }
  }
  return std::unique_ptr<ArtifactStore>(new FileArtifactStore(dir));
}

}  // namespace mlgate::registry
