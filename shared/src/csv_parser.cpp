// The CSV push parser: one byte at a time through a small state machine, so chunk boundaries
// (inside a quote, a CRLF, a UTF-8 sequence or the BOM) need no special cases.
#include <string>
#include <unordered_map>
#include <utility>

#include "mlgate/csv.hpp"

namespace mlgate::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Error syntax(std::size_t line, std::size_t column, const char* what) {
  return bad_request("csv_syntax",
                     "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
}

Error limit(std::string msg) { return {413, "csv_limit", std::move(msg)}; }

// A header name as an error message quotes it: a field may be 16 MiB and hold any byte, so at
// most 64 bytes (cut on a UTF-8 boundary) and control bytes written as \xNN.
std::string shown(std::string_view name) {
  constexpr std::size_t kMax = 64;
  std::size_t end = name.size();
  if (end > kMax) {
    end = kMax;
    while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name.substr(0, end)) {
    if (c < 0x20 || c == 0x7F) out += {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
    else out += static_cast<char>(c);
  }
  if (end < name.size()) out += "… (" + std::to_string(name.size()) + " bytes)";
  return out;
}

Status check_header(const std::vector<std::string>& names) {
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty())
      return bad_request("csv_header", "header column " + std::to_string(i + 1) + " is empty");
    auto [it, fresh] = seen.emplace(names[i], i + 1);
    if (!fresh)
      return bad_request("csv_header", "duplicate header name \"" + shown(names[i]) + "\" in columns " +
                                           std::to_string(it->second) + " and " + std::to_string(i + 1));
  }
  return ok_status();
}

}  // namespace

Parser::Parser(Handlers handlers, Limits limits) : handlers_(std::move(handlers)), limits_(limits) {}

Status Parser::fail(Error e) {
  failed_ = e;
  return e;
}

namespace {
// A byte that, inside an unquoted field, only extends it: printable ASCII but the separator
// and the quote. Runs of them are most of a numeric CSV.
bool plain(char c) {
  auto b = static_cast<unsigned char>(c);
  return b >= 0x20 && b < 0x80 && c != ',' && c != '"';
}
}  // namespace

Status Parser::feed(std::string_view chunk) {
  if (failed_) return *failed_;
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    // Fast path: a run of plain bytes in an unquoted field is appended at once, with the
    // same effect as consume() byte by byte (so a run that would cross the field limit
    // goes the slow way, which reports it).
    if (bom_done_ && utf8_need_ == 0 && (state_ == State::unquoted || state_ == State::field_start) && plain(chunk[i])) {
      std::size_t j = i + 1;
      while (j < chunk.size() && plain(chunk[j])) ++j;
      const std::size_t n = j - i;
      if (field_.size() + n <= limits_.max_field_bytes) {
        field_.append(chunk.data() + i, n);
        line_byte_ += n;
        after_cr_ = false;
        record_has_bytes_ = true;
        state_ = State::unquoted;
        i = j - 1;
        continue;
      }
    }
    const char c = chunk[i];
    auto byte = static_cast<unsigned char>(c);
    if (!bom_done_) {
      // Hold back bytes while they could still be a BOM; replay them once they cannot.
      bom_prefix_.push_back(c);
      if (kBom.substr(0, bom_prefix_.size()) == bom_prefix_) {
        if (bom_prefix_.size() == kBom.size()) bom_done_ = true;
        continue;
      }
      bom_done_ = true;
      for (char held : bom_prefix_)
        if (auto st = consume(static_cast<unsigned char>(held)); !st) return st;
      continue;
    }
    if (auto st = consume(byte); !st) return st;
  }
  return ok_status();
}

Status Parser::finish() {
  if (failed_) return *failed_;
  if (!bom_done_) {
    bom_done_ = true;
    if (bom_prefix_ != kBom)
      for (char held : bom_prefix_)
        if (auto st = consume(static_cast<unsigned char>(held)); !st) return st;
  }
  if (utf8_need_ > 0)
    return fail(bad_request("csv_encoding", "invalid UTF-8 at line " + std::to_string(seq_line_) +
                                                ", byte " + std::to_string(seq_byte_)));
  if (state_ == State::quoted) return fail(syntax(quote_line_, fields_.size() + 1, "unterminated quoted field"));
  if (record_has_bytes_)
    if (auto st = end_record(); !st) return st;
  // Blank lines still pending here are trailing ones: ignored.
  if (!header_seen_) return fail(bad_request("csv_empty", "no header row"));
  if (rows_ == 0) return fail(bad_request("csv_empty", "no data rows"));
  return ok_status();
}

Status Parser::check_utf8(unsigned char b) {
  ++line_byte_;
  if (utf8_need_ > 0) {
    if (b < utf8_lo_ || b > utf8_hi_)
      return fail(bad_request("csv_encoding", "invalid UTF-8 at line " + std::to_string(seq_line_) +
                                                  ", byte " + std::to_string(seq_byte_)));
    --utf8_need_;
    utf8_lo_ = 0x80;
    utf8_hi_ = 0xBF;
    return ok_status();
  }
  seq_line_ = line_;
  seq_byte_ = line_byte_;
  if (b == 0)
    return fail(bad_request("csv_encoding", "NUL byte at line " + std::to_string(line_) + ", byte " +
                                                std::to_string(line_byte_)));
  if (b < 0x80) return ok_status();
  // The lead byte fixes the length and, for E0/ED/F0/F4, a narrower range for the second byte
  // (this is what rules out overlongs, surrogates and code points above U+10FFFF).
  utf8_lo_ = 0x80;
  utf8_hi_ = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    utf8_need_ = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    utf8_need_ = 2;
    if (b == 0xE0) utf8_lo_ = 0xA0;
    if (b == 0xED) utf8_hi_ = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    utf8_need_ = 3;
    if (b == 0xF0) utf8_lo_ = 0x90;
    if (b == 0xF4) utf8_hi_ = 0x8F;
  } else {
    return fail(bad_request("csv_encoding", "invalid UTF-8 at line " + std::to_string(line_) + ", byte " +
                                                std::to_string(line_byte_)));
  }
  return ok_status();
}

void Parser::new_line() {
  ++line_;
  line_byte_ = 0;
}

Status Parser::append(char c) {
  if (field_.size() >= limits_.max_field_bytes)
    return fail(limit("max_field_bytes exceeded: line " + std::to_string(line_) + ", column " +
                      std::to_string(fields_.size() + 1) + " is longer than " +
                      std::to_string(limits_.max_field_bytes) + " bytes"));
  field_.push_back(c);
  return ok_status();
}

Status Parser::consume(unsigned char b) {
  if (auto st = check_utf8(b); !st) return st;
  const char c = static_cast<char>(b);
  const bool lf_after_cr = (c == '\n' && after_cr_);
  after_cr_ = (c == '\r');
  if (lf_after_cr) {
    // Second half of a CRLF: the line (and any record) already ended at the CR.
    line_byte_ = 0;
    if (state_ == State::quoted) return append(c);
    return ok_status();
  }
  const bool eol = (c == '\r' || c == '\n');

  switch (state_) {
    case State::quoted:
      if (c == '"') {
        state_ = State::quote_in_quoted;
        return ok_status();
      }
      if (eol) new_line();
      return append(c);

    case State::quote_in_quoted:
      if (c == '"') {  // doubled quote
        state_ = State::quoted;
        return append(c);
      }
      if (c == ',') return end_field();
      if (eol) {
        auto st = end_record();
        new_line();
        return st;
      }
      return fail(syntax(line_, fields_.size() + 1, "text after closing quote"));

    case State::field_start:
    case State::unquoted:
      if (eol) {
        auto st = end_record();
        new_line();
        return st;
      }
      record_has_bytes_ = true;
      if (c == ',') return end_field();
      if (c == '"') {
        if (state_ == State::unquoted)
          return fail(syntax(line_, fields_.size() + 1, "quote inside unquoted field"));
        state_ = State::quoted;
        quote_line_ = line_;
        return ok_status();
      }
      state_ = State::unquoted;
      return append(c);
  }
  return ok_status();
}

Status Parser::end_field() {
  if (fields_.size() >= limits_.max_columns)
    return fail(limit("max_columns exceeded: line " + std::to_string(record_line_) + " has more than " +
                      std::to_string(limits_.max_columns) + " fields"));
  fields_.push_back(std::move(field_));
  field_.clear();
  state_ = State::field_start;
  return ok_status();
}

Status Parser::end_record() {
  if (!record_has_bytes_) {
    // A blank line: deferred until we know whether data follows it.
    if (blank_lines_++ == 0) first_blank_line_ = record_line_;
    record_line_ = line_ + 1;
    return ok_status();
  }
  if (auto st = end_field(); !st) return st;
  auto st = deliver_record();
  fields_.clear();
  record_has_bytes_ = false;
  record_line_ = line_ + 1;
  return st;
}

Status Parser::deliver_record() {
  if (!header_seen_) {
    if (blank_lines_ > 0)
      return fail(bad_request("csv_header", "line " + std::to_string(first_blank_line_) +
                                                " is blank; the header must be the first line"));
    header_seen_ = true;
    header_size_ = fields_.size();
    if (auto st = check_header(fields_); !st) return fail(st.error());
    if (handlers_.on_header)
      if (auto st = handlers_.on_header(fields_); !st) return fail(st.error());
    return ok_status();
  }
  if (auto st = flush_blank_lines(); !st) return st;
  if (fields_.size() != header_size_)
    return fail(bad_request("csv_ragged", "line " + std::to_string(record_line_) + " has " +
                                              std::to_string(fields_.size()) + " fields, header has " +
                                              std::to_string(header_size_)));
  return emit_row(record_line_, fields_);
}

Status Parser::flush_blank_lines() {
  if (blank_lines_ == 0) return ok_status();
  if (header_size_ != 1)
    return fail(bad_request("csv_ragged", "line " + std::to_string(first_blank_line_) +
                                              " has 1 fields, header has " + std::to_string(header_size_)));
  for (std::size_t i = 0; i < blank_lines_; ++i) {
    std::vector<std::string> missing(1);
    if (auto st = emit_row(first_blank_line_ + i, missing); !st) return st;
  }
  blank_lines_ = 0;
  return ok_status();
}

Status Parser::emit_row(std::size_t line, std::vector<std::string>& fields) {
  if (rows_ >= limits_.max_rows)
    return fail(limit("max_rows exceeded: more than " + std::to_string(limits_.max_rows) +
                      " data rows (line " + std::to_string(line) + ")"));
  ++rows_;
  if (handlers_.on_row)
    if (auto st = handlers_.on_row(line, fields); !st) return fail(st.error());
  return ok_status();
}

}  // namespace mlgate::csv
