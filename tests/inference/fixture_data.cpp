#include "fixture_data.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mlgate::test {
namespace {

bool parse_number(const std::string& s, double& v) {
  if (s.empty()) return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell), cell.clear();
    } else {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

}  // namespace

std::string fixture_path(const std::string& relative) { return std::string(MLGATE_FIXTURES_DIR) + "/" + relative; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CsvFile read_csv(const std::string& path) {
  std::istringstream in(read_file(path));
  CsvFile csv;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto cells = split_line(line);
    if (first) csv.header = std::move(cells), first = false;
    else csv.rows.push_back(std::move(cells));
  }
  return csv;
}

long CsvFile::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<long>(i);
  return -1;
}

std::vector<std::string> CsvFile::cells(const std::string& name) const {
  long c = column(name);
  if (c < 0) throw std::runtime_error("no column " + name);
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(static_cast<size_t>(c) < r.size() ? r[static_cast<size_t>(c)] : "");
  return out;
}

std::vector<double> CsvFile::numbers(const std::string& name) const {
  std::vector<double> out;
  for (const auto& s : cells(name)) {
    double v = std::nan("");
    if (!s.empty() && !parse_number(s, v)) throw std::runtime_error("not a number in " + name + ": " + s);
    out.push_back(v);
  }
  return out;
}

inference::FeatureTable feature_table(const CsvFile& csv) {
  inference::FeatureTable t;
  t.rows = csv.rows.size();
  for (const auto& name : csv.header) {
    inference::Column col;
    col.name = name;
    auto cells = csv.cells(name);
    double v;
    for (const auto& s : cells)
      if (!s.empty() && !parse_number(s, v)) col.is_text = true;
    if (col.is_text) col.texts = cells;
    else col.numbers = csv.numbers(name);
    t.columns.push_back(std::move(col));
  }
  return t;
}

}  // namespace mlgate::test
