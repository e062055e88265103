// A message cut into words and numbers. Words keep their typed form (model names are
// case-sensitive) beside a lower-case form for matching; numbers keep their value.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate::agent::offline {

struct Token {
  enum class Kind { word, number };
  Kind kind = Kind::word;
  std::string text;      // lower case ("sepal_length", "v3", "churn_v4.onnx"); numbers: as typed
  std::string original;  // as typed
  double value = 0;      // numbers
  bool integral = false;
  bool hash = false;     // "#12": an id, never a feature value
  size_t begin = 0, end = 0;  // byte range in the message, to cut free text ("because ...")
  bool used = false;     // taken by a slot (model name, "version 3") so nothing else reads it
  bool cue = false;      // a word that says what is wanted ("promote", "compare")
  char joined_by = 0;    // the one character between this token and the previous ('-' in "month-to-month")
  bool after_break = false;  // a ',' ';' or line break came between this token and the previous
  bool is_number() const { return kind == Kind::number; }
  bool is(std::string_view w) const { return kind == Kind::word && text == w; }
};

std::string lower(std::string_view s);
// Words: letters, digits and '_' (a '.' between two letters or digits stays inside:
// "churn_v4.onnx"); apostrophes vanish ("what's" → "whats"); anything else separates.
// Numbers are cut first where one starts, so "5.1cm" is 5.1 then "cm" and "40-year-old" is
// 40, "year", "old". Number words ("two") become numbers.
std::vector<Token> tokenize(std::string_view message);
// A feature or model name as the words a person would say: "monthly_charges" → monthly,
// charges; "SibSp" → sib, sp; "petalLength" → petal, length.
std::vector<std::string> name_words(std::string_view name);
// Words that carry no meaning of their own here ("the", "of", "please" ...).
bool is_filler(std::string_view lower_word);

}  // namespace mlgate::agent::offline
