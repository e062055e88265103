// CSV reader: RFC 4180 shapes, the error messages users see, chunking, and the fixtures.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "mlgate/csv.hpp"

using namespace mlgate;

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  std::vector<std::string> header;
  Rows rows;
  std::vector<std::size_t> lines;
  Status status = ok_status();
};

// Feeds `text` in pieces of `chunk` bytes (0 = all at once).
Parsed parse(std::string_view text, std::size_t chunk = 0, csv::Limits limits = {}) {
  Parsed out;
  csv::Handlers h;
  h.on_header = [&](std::vector<std::string>& names) {
    out.header = names;
    return ok_status();
  };
  h.on_row = [&](std::size_t line, std::vector<std::string>& fields) {
    out.rows.push_back(fields);
    out.lines.push_back(line);
    return ok_status();
  };
  csv::Parser p(std::move(h), limits);
  if (chunk == 0) chunk = text.size() + 1;
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    out.status = p.feed(text.substr(at, chunk));
    if (!out.status) return out;
  }
  out.status = p.finish();
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("well-formed CSV shapes give the same rows", "[csv]") {
  struct Case {
    const char* name;
    std::string text;
    Rows rows;
    std::vector<std::size_t> lines;
  };
  auto c = GENERATE(values<Case>({
      {"LF with final newline", "a,b\n1,2\n3,4\n", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"no final newline", "a,b\n1,2\n3,4", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"CRLF", "a,b\r\n1,2\r\n3,4\r\n", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"lone CR", "a,b\r1,2\r3,4", {{"1", "2"}, {"3", "4"}}, {2, 3}},
      {"BOM stripped", "\xEF\xBB\xBF" "a,b\n1,2\n", {{"1", "2"}}, {2}},
      {"quoted comma and doubled quote", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", {{"x,y", "say \"hi\""}}, {2}},
      {"embedded CRLF counts lines", "a,b\n\"1\r\n2\",3\n4,5\n", {{"1\r\n2", "3"}, {"4", "5"}}, {2, 4}},
      {"embedded LF and CR", "a\n\"x\ny\rz\"\nw\n", {{"x\ny\rz"}, {"w"}}, {2, 5}},
      {"empty cells are kept empty", "a,b,c\n,,\n1,,\"\"\n", {{"", "", ""}, {"1", "", ""}}, {2, 3}},
      {"trailing blank lines ignored", "a,b\n1,2\n\n\n", {{"1", "2"}}, {2}},
      {"blank line mid one-column file is a missing value", "a\n1\n\n2\n", {{"1"}, {""}, {"2"}}, {2, 3, 4}},
      {"quoted empty in one-column file", "a\n\"\"\n1\n", {{""}, {"1"}}, {2, 3}},
      {"formula-looking cells are data", "a\n=cmd|' /C calc'!A0\n", {{"=cmd|' /C calc'!A0"}}, {2}},
      {"multi-byte UTF-8", "name\nZo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80\n", {{"Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80"}}, {2}},
  }));
  CAPTURE(c.name);
  auto p = parse(c.text);
  REQUIRE(p.status.ok());
  CHECK(p.rows == c.rows);
  CHECK(p.lines == c.lines);
}

TEST_CASE("malformed CSV is refused with the exact message", "[csv]") {
  struct Case {
    std::string text;
    int status;
    const char* code;
    const char* message;
  };
  auto c = GENERATE(values<Case>({
      {"a,b\n1,\"2\n3,4\n", 400, "csv_syntax", "line 2, column 2: unterminated quoted field"},
      {"a,b\n\"1\"x,2\n", 400, "csv_syntax", "line 2, column 1: text after closing quote"},
      {"a,b\n1,2\"3\n", 400, "csv_syntax", "line 2, column 2: quote inside unquoted field"},
      {"a,b\n\"x\ny\",1\n1,\"2\"  \n", 400, "csv_syntax", "line 4, column 2: text after closing quote"},
      {"a,b\n1,2\n3\n", 400, "csv_ragged", "line 3 has 1 fields, header has 2"},
      {"a,b\n1,2,3\n", 400, "csv_ragged", "line 2 has 3 fields, header has 2"},
      {"a,b\n1,2\n\n3,4\n", 400, "csv_ragged", "line 3 has 1 fields, header has 2"},
      {"a,b\n\"1\n\n\",2\n3\n", 400, "csv_ragged", "line 5 has 1 fields, header has 2"},
      {"a\ncaf\xE9\n", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 4"},
      {"a\nx\n\x80\n", 400, "csv_encoding", "invalid UTF-8 at line 3, byte 1"},
      {"a\n\xC0\xAF\n", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 1"},
      {"a\n\xE0\x80\xAF\n", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 1"},
      {"a\n\xED\xA0\x80\n", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 1"},
      {"a\n\xF4\x90\x80\x80\n", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 1"},
      {"a\nok\xE2\x82", 400, "csv_encoding", "invalid UTF-8 at line 2, byte 3"},
      {"\xFF\xFE" "a\0\n\0", 400, "csv_encoding", "invalid UTF-8 at line 1, byte 1"},
      {std::string("a\nx\0y\n", 6), 400, "csv_encoding", "NUL byte at line 2, byte 2"},
      {"a,a\n1,2\n", 400, "csv_header", "duplicate header name \"a\" in columns 1 and 2"},
      {"a,,c\n1,2,3\n", 400, "csv_header", "header column 2 is empty"},
      {"\na\n1\n", 400, "csv_header", "line 1 is blank; the header must be the first line"},
      {"a,b\n", 400, "csv_empty", "no data rows"},
      {"a,b\n\n\n", 400, "csv_empty", "no data rows"},
      {"", 400, "csv_empty", "no header row"},
      {"\xEF\xBB\xBF", 400, "csv_empty", "no header row"},
  }));
  CAPTURE(c.text);
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
    CAPTURE(chunk);
    auto p = parse(c.text, chunk);
    REQUIRE_FALSE(p.status.ok());
    CHECK(p.status.error().status == c.status);
    CHECK(p.status.error().code == c.code);
    CHECK(p.status.error().message == c.message);
  }
}

TEST_CASE("a header name quoted in an error is cut to 64 bytes and shows control bytes escaped", "[csv]") {
  auto message = [](const std::string& name) {
    auto p = parse(name + "," + name + "\n1,2\n");
    REQUIRE_FALSE(p.status.ok());
    return p.status.error().message;
  };
  // Found by the csv_reader fuzzer: raw bytes of the name went into the message verbatim.
  CHECK(message("a\x06(line 31") == "duplicate header name \"a\\x06(line 31\" in columns 1 and 2");
  CHECK(message(std::string(70, 'n')) ==
        "duplicate header name \"" + std::string(64, 'n') + "\u2026 (70 bytes)\" in columns 1 and 2");
  // "x" then 40 two-byte characters: byte 64 is inside a character, so the cut is at 63.
  std::string accents = "x";
  for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";
  std::string cut = "x";
  for (int i = 0; i < 31; ++i) cut += "\xC3\xA9";
  CHECK(message(accents) == "duplicate header name \"" + cut + "\u2026 (81 bytes)\" in columns 1 and 2");
  CHECK(message(std::string(1 << 20, 'w')).size() < 160);
}

TEST_CASE("limits are enforced as 413 csv_limit naming the limit", "[csv]") {
  csv::Limits limits;
  limits.max_rows = 2;
  limits.max_columns = 3;
  limits.max_field_bytes = 5;
  struct Case {
    std::string text;
    const char* message;
  };
  auto c = GENERATE(values<Case>({
      {"a\n1\n2\n3\n", "max_rows exceeded: more than 2 data rows (line 4)"},
      {"a,b,c,d\n1,2,3,4\n", "max_columns exceeded: line 1 has more than 3 fields"},
      {"a\n123456\n", "max_field_bytes exceeded: line 2, column 1 is longer than 5 bytes"},
      {"a\n\"12\"\"456\"\n", "max_field_bytes exceeded: line 2, column 1 is longer than 5 bytes"},
  }));
  CAPTURE(c.text);
  auto p = parse(c.text, 0, limits);
  REQUIRE_FALSE(p.status.ok());
  CHECK(p.status.error().status == 413);
  CHECK(p.status.error().code == "csv_limit");
  CHECK(p.status.error().message == c.message);
  // Exactly at the limits is fine.
  CHECK(parse("a,b,c\n12345,2,3\n1,2,3\n", 0, limits).status.ok());
}

TEST_CASE("splitting the input at every byte offset gives the same rows", "[csv]") {
  const std::string text =
      "\xEF\xBB\xBF" "id,\"na,me\",note\r\n"
      "1,\"Zo\xC3\xAB\",\"line1\r\nline2\"\r\n"
      "2,,\"say \"\"hi\"\"\"\r"
      "3,\xE2\x82\xAC,x\n"
      "4,\"\",\"\"\n\n";
  const auto whole = parse(text);
  REQUIRE(whole.status.ok());
  REQUIRE(whole.rows.size() == 4);
  CHECK(whole.header == std::vector<std::string>{"id", "na,me", "note"});
  CHECK(whole.lines == std::vector<std::size_t>{2, 4, 5, 6});
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    CAPTURE(cut);
    Parsed p;
    csv::Handlers h;
    h.on_header = [&](std::vector<std::string>& names) {
      p.header = names;
      return ok_status();
    };
    h.on_row = [&](std::size_t line, std::vector<std::string>& fields) {
      p.rows.push_back(fields);
      p.lines.push_back(line);
      return ok_status();
    };
    csv::Parser parser(std::move(h));
    REQUIRE(parser.feed(std::string_view(text).substr(0, cut)).ok());
    REQUIRE(parser.feed(std::string_view(text).substr(cut)).ok());
    REQUIRE(parser.finish().ok());
    CHECK(p.header == whole.header);
    CHECK(p.rows == whole.rows);
    CHECK(p.lines == whole.lines);
  }
  auto bytewise = parse(text, 1);
  REQUIRE(bytewise.status.ok());
  CHECK(bytewise.rows == whole.rows);
}

TEST_CASE("a handler error stops the parse and sticks", "[csv]") {
  csv::Handlers h;
  int seen = 0;
  h.on_row = [&](std::size_t, std::vector<std::string>&) -> Status {
    if (++seen == 2) return bad_request("stop", "enough");
    return ok_status();
  };
  csv::Parser p(std::move(h));
  auto st = p.feed("a\n1\n2\n3\n");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == "stop");
  CHECK(seen == 2);
  CHECK(p.finish().error().code == "stop");
}

TEST_CASE("streaming many rows keeps only one record in memory", "[csv]") {
  std::size_t rows = 0;
  double sum = 0;
  csv::Handlers h;
  h.on_row = [&](std::size_t, std::vector<std::string>& f) {
    ++rows;
    double v;
    REQUIRE(csv::parse_number(f[0], v) == csv::NumberKind::finite);
    sum += v;
    return ok_status();
  };
  csv::Parser p(std::move(h));
  REQUIRE(p.feed("x,y\n").ok());
  std::string chunk;
  for (int i = 0; i < 1000; ++i) chunk += std::to_string(i) + ",\"a\"\n";
  for (int k = 0; k < 200; ++k) REQUIRE(p.feed(chunk).ok());
  REQUIRE(p.finish().ok());
  CHECK(rows == 200'000);
  CHECK(sum == 200.0 * 999 * 1000 / 2);
}

TEST_CASE("numbers are parsed strictly and without locale", "[csv]") {
  struct Case {
    const char* cell;
    csv::NumberKind kind;
  };
  auto c = GENERATE(values<Case>({
      {"1.5", csv::NumberKind::finite},     {" -2e3 ", csv::NumberKind::finite},
      {"1e-400", csv::NumberKind::finite},  {"inf", csv::NumberKind::infinite},
      {"-inf", csv::NumberKind::infinite},  {"Infinity", csv::NumberKind::infinite},
      {"", csv::NumberKind::missing},       {"NaN", csv::NumberKind::missing},
      {"nan", csv::NumberKind::missing},    {"1e309", csv::NumberKind::overflow},
      {"-1e309", csv::NumberKind::overflow}, {"abc", csv::NumberKind::invalid},
      {"1,5", csv::NumberKind::invalid},    {"0x10", csv::NumberKind::invalid},
      {"nan(1)", csv::NumberKind::invalid}, {"1.5x", csv::NumberKind::invalid},
  }));
  CAPTURE(c.cell);
  double v;
  CHECK(csv::parse_number(c.cell, v) == c.kind);
}

// parse_number reads most decimals without strtod (Clinger's fast path): it must give the very
// double strtod gives, bit for bit, or browser and server metrics could differ.
TEST_CASE("numbers read without strtod are strtod's doubles, bit for bit", "[csv]") {
  std::mt19937_64 rng(20261207);
  auto pick = [&](int n) { return int(rng() % uint64_t(n)); };
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string cell;
    if (pick(3) == 0) cell += pick(2) ? "-" : "+";
    const int digits = 1 + pick(22);  // past 19 significant digits and 2^53: strtod's turn
    const int dot = pick(digits + 2) - 1;  // -1: no point
    for (int d = 0; d < digits; ++d) {
      if (d == dot) cell += '.';
      cell += char('0' + (d == 0 && pick(4) == 0 ? 0 : pick(10)));
    }
    if (pick(4) == 0) cell += (pick(2) ? "e" : "E") + std::string(pick(2) ? "-" : "") + std::to_string(pick(40));
    double fast = 0;
    REQUIRE(csv::parse_number(cell, fast) == csv::NumberKind::finite);
    const double slow = std::strtod(cell.c_str(), nullptr);
    uint64_t a, b;
    std::memcpy(&a, &fast, 8);
    std::memcpy(&b, &slow, 8);
    if (a != b) FAIL_CHECK(cell << ": " << fast << " vs strtod " << slow);
    ++checked;
  }
  REQUIRE(checked == 200000);
  for (const char* cell : {"0.1", "0.3", "-0.0", "9007199254740993", "1.7976931348623157e308", "4.9e-324", ".5", "5.", "1e22",
                           "1e23", "123456789012345678901234567890", "0.000000000000000000000000001"}) {
    double v = 0;
    REQUIRE(csv::parse_number(cell, v) == csv::NumberKind::finite);
    REQUIRE(std::signbit(v) == std::signbit(std::strtod(cell, nullptr)));
    REQUIRE(v == std::strtod(cell, nullptr));
  }
}

TEST_CASE("read_table stores columns, lines and inferred types", "[csv]") {
  auto t = csv::read_table("num,txt,inf,nan,empty,big\n1,a,inf,NaN,,1e309\n2.5,3,-inf,,,1\n");
  REQUIRE(t.ok());
  REQUIRE(t->rows() == 2);
  CHECK(t->lines == std::vector<std::size_t>{2, 3});
  std::vector<std::string> types;
  for (const auto& col : t->columns) types.push_back(csv::to_string(col.type));
  // An all-missing column is vacuously numeric: every non-missing cell is a number.
  CHECK(types == std::vector<std::string>{"number", "text", "number", "number", "number", "text"});
  CHECK(t->find("txt") == std::optional<std::size_t>{1});
  CHECK_FALSE(t->find("nope").has_value());
  auto d = t->doubles(0);
  CHECK(d == std::vector<double>{1.0, 2.5});
  CHECK(std::isnan(t->doubles(3)[0]));
  CHECK(std::isnan(t->doubles(1)[0]));
  CHECK(t->doubles(1)[1] == 3.0);
  auto strict = t->numbers(5);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().status == 422);
  CHECK(strict.error().message == "line 2, column 6 (\"big\"): number out of range");
  CHECK(t->numbers(1).error().message == "line 2, column 2 (\"txt\"): not a number");
}

TEST_CASE("every fixture data.csv parses with its row count and column types", "[csv][fixtures]") {
  namespace fs = std::filesystem;
  struct Case {
    const char* path;
    std::size_t rows, columns;
    std::vector<std::string> text_columns;
  };
  auto c = GENERATE(values<Case>({
      {"s01_iris_logreg_zipmap/data.csv", 45, 5, {}},
      {"s02_iris_logreg_tensor/data.csv", 45, 5, {}},
      {"s03_breast_cancer_logreg_binary_zipmap/data.csv", 171, 31, {}},
      {"s04_wine_random_forest_tensor/data.csv", 63, 14, {}},
      {"s05_diabetes_linear_regressor/data.csv", 133, 11, {}},
      {"s06_titanic_logreg_multi_input_zipmap/data.csv", 393, 4, {"survived", "sex", "passengerClass"}},
      {"s07_breast_cancer_xgboost_missing_tensor/data.csv", 171, 31, {}},
      {"s08_onnx_backend_ai_onnx_ml/test_ai_onnx_ml_label_encoder_string_int/data.csv", 5, 1, {"X"}},
      {"s08_onnx_backend_ai_onnx_ml/test_ai_onnx_ml_label_encoder_tensor_mapping/data.csv", 5, 1, {"X"}},
      {"s08_onnx_backend_ai_onnx_ml/test_ai_onnx_ml_tree_ensemble_single_tree/data.csv", 3, 2, {}},
      {"s09_onnxextended_rf_regressor/data.csv", 200, 10, {}},
  }));
  CAPTURE(c.path);
  auto t = csv::read_table(read_file(fs::path(MLGATE_FIXTURES_DIR) / c.path));
  REQUIRE(t.ok());
  CHECK(t->rows() == c.rows);
  REQUIRE(t->columns.size() == c.columns);
  for (const auto& col : t->columns) {
    CAPTURE(col.name);
    bool text = std::find(c.text_columns.begin(), c.text_columns.end(), col.name) != c.text_columns.end();
    CHECK(col.type == (text ? csv::ColumnType::text : csv::ColumnType::number));
    CHECK(col.cells.size() == c.rows);
  }
}

TEST_CASE("the fixtures' missing cells stay missing", "[csv][fixtures]") {
  auto t = csv::read_table(
      read_file(std::filesystem::path(MLGATE_FIXTURES_DIR) / "s07_breast_cancer_xgboost_missing_tensor/data.csv"));
  REQUIRE(t.ok());
  std::size_t missing = 0;
  for (const auto& col : t->columns)
    for (const auto& cell : col.cells) missing += csv::is_missing(cell) ? 1 : 0;
  CHECK(missing == 612);
}
