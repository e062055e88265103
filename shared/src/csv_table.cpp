// A whole CSV as a column-wise table with inferred column types, built on the push parser.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "mlgate/csv.hpp"

namespace mlgate::csv {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// [+-]digits[.digits] (or .digits): certainly a finite number, known without strtod. Most
// cells of a numeric CSV are like this, and inferring a column's type reads every cell.
bool plain_decimal(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  std::size_t digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digits > 0 && digits < 300;  // far below the range of a double
}

}  // namespace

const char* to_string(ColumnType t) { return t == ColumnType::number ? "number" : "text"; }

bool is_missing(std::string_view cell) { return cell.empty(); }

NumberKind parse_number(std::string_view cell, double& out) {
  out = std::numeric_limits<double>::quiet_NaN();
  std::string_view s = trim(cell);
  if (s.empty()) return NumberKind::missing;
  std::string_view unsigned_part = (s[0] == '+' || s[0] == '-') ? s.substr(1) : s;
  if (iequals(unsigned_part, "nan")) return NumberKind::missing;
  // strtod would also take hex floats and "nan(...)": not numbers in a CSV.
  for (char c : s)
    if (c == 'x' || c == 'X' || c == '(') return NumberKind::invalid;
  // strtod needs a terminated string: cells are short, so copy, on the stack when they fit
  // (std::from_chars for doubles is missing from Emscripten's libc++).
  char small[64];
  std::string big;
  const char* z = small;
  if (s.size() < sizeof small) {
    s.copy(small, s.size());
    small[s.size()] = '\0';
  } else {
    big.assign(s);
    z = big.c_str();
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(z, &end);
  if (end != z + s.size()) return NumberKind::invalid;
  if (std::isnan(v)) return NumberKind::invalid;
  if (std::isinf(v)) {
    if (errno == ERANGE) return NumberKind::overflow;  // 1e309; "inf" itself sets no errno
    out = v;
    return NumberKind::infinite;
  }
  out = v;  // an underflow (1e-400) is a fine, tiny number
  return NumberKind::finite;
}

std::optional<std::size_t> Table::find(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return i;
  return std::nullopt;
}

std::vector<double> Table::doubles(std::size_t column) const {
  const auto& cells = columns.at(column).cells;
  std::vector<double> out(cells.size());
  for (std::size_t r = 0; r < cells.size(); ++r) {
    NumberKind k = parse_number(cells[r], out[r]);
    if (k != NumberKind::finite && k != NumberKind::infinite) out[r] = std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

Result<std::vector<double>> Table::numbers(std::size_t column) const {
  const auto& col = columns.at(column);
  std::vector<double> out(col.cells.size());
  for (std::size_t r = 0; r < col.cells.size(); ++r) {
    NumberKind k = parse_number(col.cells[r], out[r]);
    if (k == NumberKind::invalid || k == NumberKind::overflow)
      return unprocessable("not_a_number", "line " + std::to_string(lines[r]) + ", column " +
                                               std::to_string(column + 1) + " (\"" + col.name + "\"): " +
                                               (k == NumberKind::overflow ? "number out of range" : "not a number"));
  }
  return out;
}

Result<Table> read_table(std::string_view text, const Limits& limits) {
  Table table;
  Handlers handlers;
  handlers.on_header = [&](std::vector<std::string>& names) {
    table.columns.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      table.columns[i].name = std::move(names[i]);
      table.columns[i].type = ColumnType::number;  // until a cell says otherwise
    }
    return ok_status();
  };
  handlers.on_row = [&](std::size_t line, std::vector<std::string>& fields) {
    table.lines.push_back(line);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      Column& col = table.columns[i];
      if (col.type == ColumnType::number && !plain_decimal(fields[i])) {
        double ignored;
        NumberKind k = parse_number(fields[i], ignored);
        if (k == NumberKind::invalid || k == NumberKind::overflow) col.type = ColumnType::text;
      }
      col.cells.push_back(std::move(fields[i]));
    }
    return ok_status();
  };
  Parser parser(std::move(handlers), limits);
  if (auto st = parser.feed(text); !st) return st.error();
  if (auto st = parser.finish(); !st) return st.error();
  return table;
}

}  // namespace mlgate::csv
