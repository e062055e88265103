// A logged row's inputs as one text: the cells in the version's feature order, separated by
// the ASCII unit separator (0x1f). Cheaper than JSON to write on the predict path and to
// split for a drift report over a million rows; a cell's own 0x1f becomes a space.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate::monitoring {

inline constexpr char kCellSeparator = '\x1f';

void append_cell(std::string& row, std::string_view cell, bool first);
// Calls fn(index, cell) for exactly `n` cells, without building a vector per row.
template <class F>
void for_each_cell(std::string_view row, std::size_t n, F&& fn) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (at > row.size()) {
      fn(i, std::string_view());
      continue;
    }
    std::size_t end = row.find(kCellSeparator, at);
    if (end == std::string_view::npos) end = row.size();
    fn(i, row.substr(at, end - at));
    at = end + 1;
  }
}

// Exactly `n` cells: missing trailing cells are "" (a row logged before a column existed).
std::vector<std::string> split_cells(std::string_view row, std::size_t n);

}  // namespace mlgate::monitoring
