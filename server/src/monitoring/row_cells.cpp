#include "monitoring/row_cells.hpp"

namespace mlgate::monitoring {

void append_cell(std::string& row, std::string_view cell, bool first) {
  if (!first) row += kCellSeparator;
  for (char c : cell) row += c == kCellSeparator ? ' ' : c;
}

std::vector<std::string> split_cells(std::string_view row, std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  std::size_t at = 0;
  while (out.size() < n) {
    if (at > row.size()) {
      out.emplace_back();
      continue;
    }
    std::size_t end = row.find(kCellSeparator, at);
    if (end == std::string_view::npos) end = row.size();
    out.emplace_back(row.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

}  // namespace mlgate::monitoring
