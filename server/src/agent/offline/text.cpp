#include "agent/offline/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "agent/offline/numbers.hpp"

namespace mlgate::agent::offline {
namespace {
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool word_char(char c) { return alnum(c) || c == '_'; }
bool upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool low(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

bool starts_number(std::string_view s, size_t i) {
  char c = s[i];
  if (std::isdigit(static_cast<unsigned char>(c))) return i == 0 || !(std::isalpha(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
  if (c == '-' || c == '+' || c == '.' || c == '\xe2') return (i == 0 || !word_char(s[i - 1])) && scan_number(s, i).has_value();
  return false;
}
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '#' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      auto n = scan_number(s, i + 1);
      Token t{Token::Kind::number, std::string(s.substr(i, 1 + n->length)), std::string(s.substr(i, 1 + n->length)), n->value, n->integral};
      t.hash = true, t.begin = i, t.end = i + 1 + n->length;
      i = t.end;
      out.push_back(std::move(t));
      continue;
    }
    if (starts_number(s, i)) {
      auto n = scan_number(s, i);
      if (n) {
        std::string lit(s.substr(i, n->length));
        Token t{Token::Kind::number, lit, lit, n->value, n->integral};
        t.begin = i, t.end = i + n->length;
        out.push_back(std::move(t));
        i += n->length;
        continue;
      }
    }
    if (word_char(s[i])) {
      size_t b = i;
      std::string original;
      while (i < s.size()) {
        if (word_char(s[i])) {
          original += s[i++];
        } else if ((s[i] == '\'' || s[i] == '.') && i + 1 < s.size() && alnum(s[i + 1]) && i > b && alnum(s[i - 1])) {
          if (s[i] == '.') original += '.';
          ++i;
        } else if (s.substr(i, 3) == "\xe2\x80\x99" && i + 3 < s.size() && alnum(s[i + 3])) {
          i += 3;  // a typographic apostrophe
        } else {
          break;
        }
      }
      Token t;
      t.original = original;
      t.text = lower(original);
      t.begin = b, t.end = i;
      // "one" is left a word: "the iris one", "the one in staging".
      if (auto w = number_word(t.text); w && t.text != "one") t.kind = Token::Kind::number, t.value = *w, t.integral = true;
      out.push_back(std::move(t));
      continue;
    }
    ++i;
  }
  for (size_t k = 1; k < out.size(); ++k) {
    if (out[k].begin == out[k - 1].end + 1) out[k].joined_by = s[out[k - 1].end];
    auto gap = s.substr(out[k - 1].end, out[k].begin - out[k - 1].end);
    out[k].after_break = gap.find_first_of(",;\n") != std::string_view::npos;
  }
  return out;
}

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(lower(cur));
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!alnum(c)) {
      flush();
      continue;
    }
    // camelCase and PascalCase boundaries: "SibSp", "petalLength", but not "BMI" or "s1".
    if (upper(c) && !cur.empty() && (low(cur.back()) || (i + 1 < name.size() && low(name[i + 1]) && upper(cur.back())))) flush();
    cur += c;
  }
  flush();
  return out;
}

bool is_filler(std::string_view w) {
  static const std::vector<std::string_view> kFiller = {
      "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "and", "or", "is", "are", "be", "was", "its",
      "it", "this", "that", "me", "my", "i", "you", "we", "our", "please", "pls", "can", "could", "would", "will", "do",
      "does", "did", "what", "whats", "how", "which", "one", "from", "as", "so", "then", "now", "just", "some", "equal",
      "equals", "eq", "about", "around", "approximately", "roughly", "hey", "hi", "ok", "okay", "thanks", "also", "value",
      "have", "has", "there", "got", "like", "want", "need", "let", "lets", "us", "give", "get", "go", "ahead", "kindly",
      "quick", "quickly", "currently", "right", "should", "shall", "may", "might", "up", "out", "into", "if", "whether",
      "any", "something", "thing", "here", "these", "those", "where", "when", "whose", "were", "been", "being", "im",
      "id", "ive", "youre", "hello", "yes", "yeah", "sure", "same", "them", "they", "he", "she", "his", "her", "their",
      "values", "set", "using", "use", "vs", "but", "not", "no", "very", "much", "more", "less", "ever", "again", "too",
      "only", "both", "each", "other", "another", "new", "all", "version", "model", "see", "tell", "know", "am", "per"};
  return std::find(kFiller.begin(), kFiller.end(), w) != kFiller.end();
}

}  // namespace mlgate::agent::offline
