#include "app/agent_uploads.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/fs.hpp"
#include "core/random_id.hpp"
#include "core/sha256.hpp"
#include "inference/intake.hpp"
#include "mlgate/csv.hpp"

namespace mlgate::app {
namespace stdfs = std::filesystem;

namespace {

bool ends_with_ci(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower((unsigned char)a) == std::tolower((unsigned char)b); });
}

Status validate_filename(const std::string& name) {
  if (name.empty() || name.size() > 255)
    return bad_request("invalid_filename", "query parameter 'filename' must be 1 to 255 bytes");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\')
      return bad_request("invalid_filename", "filename must not contain slashes or control characters");
  return ok_status();
}

// The extension decides; without one, a NUL byte in the first 4 KiB means binary (ONNX).
std::string kind_of(const std::string& filename, const std::string& bytes) {
  if (ends_with_ci(filename, ".onnx")) return "onnx";
  if (ends_with_ci(filename, ".csv")) return "csv";
  return bytes.substr(0, 4096).find('\0') != std::string::npos ? "onnx" : "csv";
}

// The header of a CSV, read with the same parser as tests use; stops after the first row.
Result<std::vector<std::string>> csv_header(const std::string& bytes) {
  std::vector<std::string> header;
  bool has_row = false;
  const Error stop{0, "stop", ""};
  csv::Parser parser({[&](std::vector<std::string>& names) {
                        header = names;
                        return ok_status();
                      },
                      [&](std::size_t, std::vector<std::string>&) -> Status {
                        has_row = true;
                        return stop;
                      }});
  auto fed = parser.feed(bytes);
  if (fed) fed = parser.finish();
  if (!fed && fed.error().code != "stop") return fed.error();
  if (header.empty() || !has_row)
    return unprocessable("invalid_csv", "the CSV needs a header row and at least one data row");
  return header;
}

std::string rfc3339_hours_ago(std::chrono::hours h) {
  std::time_t t = std::time(nullptr) - std::time_t(h.count()) * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

}  // namespace

Status validate_upload_id(const std::string& id) {
  if (!is_random_id(id, "up_")) return bad_request("invalid_upload_id", "upload id must be 'up_' followed by 32 hex digits");
  return ok_status();
}

stdfs::path upload_path(App& app, const std::string& id) { return app.uploads_dir() / id; }

Result<registry::UploadRecord> store_upload(App& app, const std::string& owner, const std::string& filename,
                                            const stdfs::path& body_file) {
  if (auto st = validate_filename(filename); !st) return st.error();
  auto bytes = fs::read_file(body_file);
  if (!bytes) return bytes.error();
  if (bytes->empty()) return unprocessable("empty_upload", "the uploaded file is empty");

  registry::UploadRecord u;
  u.kind = kind_of(filename, bytes.value());
  if (u.kind == "onnx") {
    if (auto st = inference::precheck_onnx(bytes.value()); !st) return st.error();
  } else {
    auto header = csv_header(bytes.value());
    if (!header) return header.error();
    u.columns = std::move(header.value());
  }
  u.id = random_id("up_");
  u.owner = owner;
  u.filename = filename;
  u.size_bytes = int64_t(bytes->size());
  u.sha256 = sha256_hex(bytes.value());
  u.created_at = now_rfc3339();

  std::error_code ec;
  stdfs::create_directories(app.uploads_dir(), ec);
  if (ec) return internal_error("cannot create the uploads folder: " + ec.message());
  // File first, then the row: a kill in between leaves a file the start-up sweep removes.
  if (auto st = fs::fsync_file(body_file); !st) return st.error();
  if (auto st = fs::commit_rename(body_file, upload_path(app, u.id)); !st) return st.error();
  if (auto st = app.agent_store().add_upload(u); !st) {
    stdfs::remove(upload_path(app, u.id), ec);
    return st.error();
  }
  return u;
}

Result<std::string> read_upload(App& app, const registry::UploadRecord& upload) {
  auto bytes = fs::read_file(upload_path(app, upload.id));
  if (!bytes) return not_found("upload_not_found", "the file of upload '" + upload.id + "' is gone; upload it again");
  return bytes;
}

Result<size_t> sweep_uploads(App& app, std::chrono::hours retention) {
  auto ids = app.agent_store().remove_uploads_before(rfc3339_hours_ago(retention));
  if (!ids) return ids.error();
  size_t removed = 0;
  std::error_code ec;
  for (const auto& id : ids.value()) removed += stdfs::remove(upload_path(app, id), ec) ? 1 : 0;
  // Files whose row never committed: old enough, and no row claims them any more.
  auto cutoff = stdfs::file_time_type::clock::now() - retention;
  for (auto it = stdfs::directory_iterator(app.uploads_dir(), ec); !ec && it != stdfs::directory_iterator(); it.increment(ec)) {
    std::error_code e2;
    if (it->last_write_time(e2) < cutoff && !e2 && stdfs::remove(it->path(), e2)) ++removed;
  }
  return removed;
}

nlohmann::json upload_json(const registry::UploadRecord& u) {
  return {{"upload_id", u.id},           {"filename", u.filename}, {"kind", u.kind},      {"size_bytes", u.size_bytes},
          {"sha256", u.sha256},          {"columns", u.columns},   {"created_at", u.created_at}};
}

}  // namespace mlgate::app
