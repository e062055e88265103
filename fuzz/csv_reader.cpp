// The CSV reader (shared/src/csv_*.cpp). The first byte picks a chunk size and whether small
// limits apply; the rest is the file. Properties beyond "no crash":
// - chunking never changes the outcome: the push parser fed in chunks of k bytes gives the
//   same error (code and message) or the same rows as read_table on the whole text;
// - every line, column and byte an error names lies within the input;
// - a table read has a unique, non-empty header, one cell per column per row, rows starting
//   on increasing lines, and "number" columns that numbers() reads without an error.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "check.hpp"
#include "mlgate/csv.hpp"

using namespace mlgate;

namespace {

// Physical lines as the reader counts them: CRLF, LF and lone CR each end one.
std::size_t physical_lines(std::string_view s) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    if (s[i] == '\r' || s[i] == '\n') ++lines;
  }
  return lines;
}

// The number after `word` in `msg`, or -1.
long long number_after(const std::string& msg, const std::string& word) {
  auto at = msg.find(word);
  if (at == std::string::npos) return -1;
  std::size_t i = at + word.size();
  if (i >= msg.size() || msg[i] < '0' || msg[i] > '9') return -1;
  long long n = 0;
  while (i < msg.size() && msg[i] >= '0' && msg[i] <= '9' && n < (1LL << 50)) n = n * 10 + (msg[i++] - '0');
  return n;
}

// The message without the input's own text it quotes (a header name may read "line 31").
std::string own_words(const std::string& msg) {
  auto first = msg.find('"'), last = msg.rfind('"');
  return first == last ? msg : msg.substr(0, first) + msg.substr(last + 1);
}

void check_error_position(const Error& e, std::string_view text) {
  fuzz::check_rejection(e);
  // A quoted name is at most 64 bytes, each at most 4 characters (\xNN) when escaped.
  MLGATE_CHECK(e.message.size() <= 400, e.message.substr(0, 400));
  const std::string words = own_words(e.message);
  const auto lines = static_cast<long long>(physical_lines(text));
  if (auto l = number_after(words, "line "); l >= 0)
    MLGATE_CHECK(l >= 1 && l <= lines, e.message + " (input has " + std::to_string(lines) + " lines)");
  if (auto b = number_after(words, "byte "); b >= 0)
    MLGATE_CHECK(b >= 1 && b <= static_cast<long long>(text.size()), e.message);
  if (e.code == "csv_syntax") {
    auto c = number_after(words, "column ");
    MLGATE_CHECK(c >= 1 && c <= static_cast<long long>(text.size()) + 1, e.message);
  }
}

struct Chunked {
  std::size_t rows = 0;
  std::size_t cells = 0;
};

Result<Chunked> read_in_chunks(std::string_view text, std::size_t chunk, const csv::Limits& limits) {
  Chunked out;
  csv::Handlers h;
  h.on_row = [&](std::size_t, std::vector<std::string>& fields) {
    ++out.rows;
    out.cells += fields.size();
    return ok_status();
  };
  csv::Parser p(std::move(h), limits);
  for (std::size_t at = 0; at < text.size(); at += chunk)
    if (auto st = p.feed(text.substr(at, chunk)); !st) return st.error();
  if (auto st = p.finish(); !st) return st.error();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t chunk = 1 + (mode & 0x3F);  // 1..64 bytes
  csv::Limits limits;
  if (mode & 0x80) limits = csv::Limits{4, 6, 12};  // reach every limit with small inputs

  auto whole = csv::read_table(text, limits);
  auto parts = read_in_chunks(text, chunk, limits);
  MLGATE_CHECK(whole.ok() == parts.ok(), "chunk " + std::to_string(chunk) + ": whole " +
                                             (whole.ok() ? "ok" : whole.error().message) + ", chunked " +
                                             (parts.ok() ? "ok" : parts.error().message));
  if (!whole) {
    check_error_position(whole.error(), text);
    MLGATE_CHECK(whole.error().code == parts.error().code && whole.error().message == parts.error().message,
                 whole.error().message + " vs " + parts.error().message);
    return 0;
  }

  const csv::Table& t = whole.value();
  MLGATE_CHECK(t.rows() >= 1 && t.rows() == parts->rows, std::to_string(t.rows()));
  MLGATE_CHECK(parts->cells == t.rows() * t.columns.size(), "cells");
  std::set<std::string> names;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const auto& col = t.columns[c];
    MLGATE_CHECK(!col.name.empty() && names.insert(col.name).second, col.name);
    MLGATE_CHECK(col.cells.size() == t.rows(), col.name);
    for (const auto& cell : col.cells) MLGATE_CHECK(cell.find('\0') == std::string::npos, col.name);
    if (col.type == csv::ColumnType::number) {
      auto nums = t.numbers(c);
      MLGATE_CHECK(nums.ok(), nums.ok() ? "" : nums.error().message);
    }
  }
  const std::size_t lines = physical_lines(text);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    MLGATE_CHECK(t.lines[r] >= 2 && t.lines[r] <= lines, std::to_string(t.lines[r]));
    if (r > 0) MLGATE_CHECK(t.lines[r] > t.lines[r - 1], std::to_string(t.lines[r]));
  }
  if (mode & 0x80) MLGATE_CHECK(t.rows() <= 4 && t.columns.size() <= 6, "limits");
  return 0;
}
