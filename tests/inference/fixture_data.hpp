// Test-only readers for the fixture pack (tests/fixtures/README.md conventions): a plain CSV
// with a header row, no quoting except `""` for an empty field; an empty field is missing.
#pragma once
#include <string>
#include <vector>

#include "inference/model.hpp"

namespace mlgate::test {

struct CsvFile {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  long column(const std::string& name) const;
  std::vector<std::string> cells(const std::string& name) const;
  std::vector<double> numbers(const std::string& name) const;  // empty cell -> NaN
};

std::string fixture_path(const std::string& relative);
std::string read_file(const std::string& path);
CsvFile read_csv(const std::string& path);

// Every column (label included: extras are ignored by predict): numeric when every
// non-empty cell parses as a number, else text.
inference::FeatureTable feature_table(const CsvFile& csv);

}  // namespace mlgate::test
