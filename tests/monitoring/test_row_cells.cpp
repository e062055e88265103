#include <catch2/catch.hpp>

#include "monitoring/row_cells.hpp"

using namespace mlgate::monitoring;

TEST_CASE("a row's cells round-trip, missing cells stay empty, a separator inside a cell is neutralised") {
  std::string row;
  append_cell(row, "5.1", true);
  append_cell(row, "", false);
  append_cell(row, "a\x1f" "b", false);
  auto cells = split_cells(row, 3);
  REQUIRE(cells == std::vector<std::string>{"5.1", "", "a b"});
  REQUIRE(split_cells(row, 5) == std::vector<std::string>{"5.1", "", "a b", "", ""});
  REQUIRE(split_cells("", 2) == std::vector<std::string>{"", ""});
  REQUIRE(split_cells(row, 1) == std::vector<std::string>{"5.1"});
}
