#include "agent/offline/numbers.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>

namespace mlgate::agent::offline {
namespace {
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

size_t digits_from(std::string_view s, size_t i) {
  size_t n = 0;
  while (i + n < s.size() && digit(s[i + n])) ++n;
  return n;
}
}  // namespace

std::optional<Number> scan_number(std::string_view s, size_t pos) {
  size_t i = pos;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+' || s[i] == '\xe2')) {
    // '\xe2' starts a Unicode minus (U+2212, e2 88 92), pasted from documents.
    size_t sign_len = s[i] == '\xe2' ? 3 : 1;
    if (sign_len == 3 && s.substr(i, 3) != "\xe2\x88\x92") return std::nullopt;
    if (i > 0 && alnum(s[i - 1])) return std::nullopt;
    negative = s[i] != '+';
    i += sign_len;
  }
  std::string literal;
  size_t whole = digits_from(s, i);
  literal.append(s.substr(i, whole));
  i += whole;
  // Thousands separators: "1,200" and "12,345,678" but not "5,3" (a list) nor "1,2345".
  while (whole > 0 && whole <= 3 && i < s.size() && s[i] == ',' && digits_from(s, i + 1) == 3) {
    literal.append(s.substr(i + 1, 3));
    i += 4;
  }
  bool integral = true;
  if (i + 1 < s.size() && s[i] == '.' && digit(s[i + 1])) {
    size_t frac = digits_from(s, i + 1);
    literal += '.';
    literal.append(s.substr(i + 1, frac));
    i += 1 + frac;
    integral = false;
  }
  if (literal.empty() || literal == ".") return std::nullopt;
  if (literal[0] == '.') literal.insert(literal.begin(), '0');
  double value = 0;
  auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
  if (ec != std::errc{} || end != literal.data() + literal.size()) return std::nullopt;
  return Number{negative ? -value : value, integral, i - pos};
}

std::optional<int> number_word(std::string_view w) {
  static constexpr std::array<std::string_view, 21> kWords = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  for (size_t i = 0; i < kWords.size(); ++i)
    if (kWords[i] == w) return static_cast<int>(i);
  return std::nullopt;
}

std::optional<Number> parse_number(std::string_view s) {
  if (auto n = scan_number(s, 0); n && n->length == s.size()) return n;
  if (auto w = number_word(s)) return Number{static_cast<double>(*w), true, s.size()};
  return std::nullopt;
}

}  // namespace mlgate::agent::offline
