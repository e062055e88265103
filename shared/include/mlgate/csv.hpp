// CSV test uploads (RFC 4180), read the same way on the server and in the browser.
//
// Policy, decided once so both sides agree (BAD-INPUTS.md 2.2):
// - Quoted fields, doubled quotes, CR/LF inside quotes; CRLF, LF and lone CR end a record;
//   a final newline is optional; a UTF-8 BOM at the very start is dropped.
// - An empty cell is a missing value, quoted ("") or not: the fixture pack writes a missing
//   value in a one-column file as "" and means NaN.
// - Blank lines: any number of them at the end of the input are ignored. A blank line in the
//   middle is a record with one empty field, as RFC 4180 reads it: in a one-column file a missing
//   value, in a wider file a csv_ragged error. Skipping it silently (as pandas does) would shift
//   row numbers between what the user sees and what we report.
// - Everything must be strict UTF-8 (no overlongs, surrogates, lone continuation bytes,
//   Latin-1); a NUL byte is refused too. Positions in errors count physical lines (header =
//   line 1, a CR/LF inside quotes starts a new line), fields from 1, and bytes within the
//   line from 1 (after the BOM).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlgate/result.hpp"

namespace mlgate::csv {

// Exceeding any of these is a 413 `csv_limit` naming the limit.
struct Limits {
  std::size_t max_rows = 10'000'000;           // data rows, header excluded
  std::size_t max_columns = 10'000;
  std::size_t max_field_bytes = 16u << 20;     // 16 MiB, after unquoting
};

// Receives the header once, then each data row. `fields` may be moved from; the parser
// reuses the vector. Returning an error stops the parse with that error.
struct Handlers {
  std::function<Status(std::vector<std::string>& names)> on_header;
  std::function<Status(std::size_t line, std::vector<std::string>& fields)> on_row;
};

// Push parser: feed() chunks of any size (even one byte), then finish(). Memory is bounded
// by the widest record, whatever the input size. After the first error every call returns it.
class Parser {
 public:
  explicit Parser(Handlers handlers, Limits limits = {});
  Status feed(std::string_view chunk);
  Status finish();
  std::size_t rows() const { return rows_; }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };
  Status consume(unsigned char byte);
  Status check_utf8(unsigned char byte);
  Status append(char c);
  Status end_field();
  Status end_record();
  Status deliver_record();
  Status flush_blank_lines();
  Status emit_row(std::size_t line, std::vector<std::string>& fields);
  Status fail(Error e);
  void new_line();

  Handlers handlers_;
  Limits limits_;
  std::optional<Error> failed_;

  // BOM detection, which may straddle chunks.
  std::string bom_prefix_;
  bool bom_done_ = false;

  // UTF-8 validation state: bytes still expected, allowed range of the next one, and
  // where the current sequence started (that is where an error is reported).
  int utf8_need_ = 0;
  unsigned char utf8_lo_ = 0x80, utf8_hi_ = 0xBF;
  std::size_t seq_line_ = 1, seq_byte_ = 1;

  std::size_t line_ = 1;       // physical line of the next byte
  std::size_t line_byte_ = 0;  // bytes of it consumed so far
  bool after_cr_ = false;      // an LF right after a CR belongs to the same line end

  State state_ = State::field_start;
  std::string field_;
  std::vector<std::string> fields_;
  std::size_t record_line_ = 1;
  std::size_t quote_line_ = 1;    // where the open quoted field started
  bool record_has_bytes_ = false;  // false for a blank line

  bool header_seen_ = false;
  std::size_t header_size_ = 0;
  std::size_t first_blank_line_ = 0;  // deferred blank lines: they only count if data follows
  std::size_t blank_lines_ = 0;
  std::size_t rows_ = 0;
};

enum class ColumnType { number, text };
const char* to_string(ColumnType t);

struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
  std::vector<std::string> cells;  // "" = missing
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::size_t> lines;  // physical line where each data row starts

  std::size_t rows() const { return lines.size(); }
  // Index of the column named `name`, if any.
  std::optional<std::size_t> find(std::string_view name) const;
  // NaN for missing cells and for cells that are not numbers: for model inputs already
  // validated by type, or plots.
  std::vector<double> doubles(std::size_t column) const;
  // Strict: a cell that is not a number (or overflows) is a 422 `not_a_number` naming its
  // line and column; missing and NaN cells become NaN.
  Result<std::vector<double>> numbers(std::size_t column) const;
};

bool is_missing(std::string_view cell);

enum class NumberKind { finite, infinite, missing, overflow, invalid };
// Reads a cell as a double without locale or exceptions. Surrounding spaces/tabs are allowed;
// "inf"/"-inf"/"infinity" are infinite; "", "NaN", "nan" are missing; hex floats, "nan(...)",
// trailing text are invalid; a finite literal beyond double range (1e309) is overflow.
NumberKind parse_number(std::string_view cell, double& out);

// The whole text in one go, header and column types included; at least one data row.
Result<Table> read_table(std::string_view text, const Limits& limits = {});

}  // namespace mlgate::csv
