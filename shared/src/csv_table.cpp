// A whole CSV as a column-wise table with inferred column types, built on the push parser.
#include <cerrno>
#include <cmath>
#include <cstdint>
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

// A decimal with at most 19 significant digits and a power of ten within ±22 (most numbers
// in a CSV: "13.54", "-0.0012", "2.5e-3") as the double strtod gives, without strtod:
// digits and 10^k are both exact doubles, so one division or multiplication rounds correctly
// (Clinger's fast path). In WebAssembly strtod works in emulated 128-bit long double, about
// 1 µs a cell: the browser spent 3 s of 100,000 rows × 30 features there. False: use strtod.
bool fast_decimal(std::string_view s, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) ++i;
  uint64_t mantissa = 0;
  int significant = 0, exponent = 0, digits = 0;
  bool dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (dot) --exponent;
      if (mantissa == 0 && c == '0') continue;  // leading zeros are not significant
      if (++significant > 19) return false;
      mantissa = mantissa * 10 + uint64_t(c - '0');
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits == 0) return false;
  if (i < s.size()) {  // an exponent: e or E, a sign, one to three digits, nothing after
    if (s[i] != 'e' && s[i] != 'E') return false;
    ++i;
    const bool minus = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    int e = 0, n = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 4; ++i, ++n) e = e * 10 + (s[i] - '0');
    if (n == 0 || n > 3 || i != s.size()) return false;
    exponent += minus ? -e : e;
  }
  if (mantissa > (uint64_t(1) << 53) || exponent < -22 || exponent > 22) return false;
  double v = static_cast<double>(mantissa);
  v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
  out = negative ? -v : v;
  return true;
}

}  // namespace

const char* to_string(ColumnType t) { return t == ColumnType::number ? "number" : "text"; }

bool is_missing(std::string_view cell) { return cell.empty(); }

NumberKind parse_number(std::string_view cell, double& out) {
  out = std::numeric_limits<double>::quiet_NaN();
  std::string_view s = trim(cell);
  if (s.empty()) return NumberKind::missing;
  if (fast_decimal(s, out)) return NumberKind::finite;
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
      // Every cell is read as a number until one is not; parse_number's fast path keeps this
      // cheap for the plain decimals most numeric columns hold.
      if (col.type == ColumnType::number) {
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
