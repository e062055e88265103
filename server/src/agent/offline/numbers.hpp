// Numbers as people type them: "1,200", "-3", "5.1", ".5", "#12", "two". Units and
// suffixes ("5.1cm", "40-year-old") are left to the tokenizer, which splits them off.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace mlgate::agent::offline {

struct Number {
  double value = 0;
  bool integral = false;  // typed without a decimal point: sent as a JSON integer
  size_t length = 0;      // characters consumed from the scan position
};

// A number starting exactly at `pos` of `text`, or nothing. A sign counts only when it does
// not follow a letter or digit ("40-year-old" is 40, "x -3" is -3).
std::optional<Number> scan_number(std::string_view text, size_t pos);
// The whole string as one number ("1,200" → 1200, "-0.5", "twelve"), or nothing.
std::optional<Number> parse_number(std::string_view text);
// "one" … "twenty" (lower case), or nothing.
std::optional<int> number_word(std::string_view word);

}  // namespace mlgate::agent::offline
