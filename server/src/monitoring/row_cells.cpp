#include "monitoring/row_cells.hpp"

namespace mlgate::monitoring {

void append_cell(std::string& row, std::string_view cell, bool first) {
  if (!first) row += kCellSeparator;
  for (char c : cell) row += c == kCellSeparator ? ' ' : c;
}

std::vector<std::string> split_cells(std::string_view row, std::size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for_each_cell(row, n, [&](std::size_t, std::string_view cell) { out.emplace_back(cell); });
  return out;
}

}  // namespace mlgate::monitoring
