#include "agent/offline/features.hpp"

#include <algorithm>
#include <optional>

#include "agent/offline/fuzzy.hpp"

namespace mlgate::agent::offline {
using nlohmann::json;
namespace {

struct Feature {
  std::string name;
  std::string joined;               // "sepallength": typed without the separator
  std::vector<std::string> words;   // "sepal", "length"
};

struct Item {
  enum class Kind { mention, value } kind;
  std::vector<size_t> candidates;  // mention: features it may mean (one when unambiguous)
  json value;
  bool paired = false;
  size_t last_token = 0;  // mention: its last token
  size_t segment = 0;     // items between commas (or "and", "with") belong together
};

bool any_of(std::string_view w, std::initializer_list<std::string_view> set) { return std::find(set.begin(), set.end(), w) != set.end(); }

bool is_unit(std::string_view w) {
  return any_of(w, {"cm", "mm", "m", "km", "kg", "g", "lb", "lbs", "usd", "dollars", "dollar", "eur", "euros", "percent",
                    "pct", "units", "mg", "dl", "mmhg", "in", "inches"});
}

json number_json(const Token& t) {
  if (t.integral && t.value > -9e15 && t.value < 9e15) return static_cast<int64_t>(t.value);
  return t.value;
}

// The feature of this model that a human word for it means, if the model has one.
std::optional<size_t> feature_with_word(const std::vector<Feature>& fs, std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < fs.size(); ++i)
    for (const auto& w : fs[i].words)
      if (any_of(w, names)) return i;
  return std::nullopt;
}

std::optional<int> ordinal_value(std::string_view w) {
  if (w == "first" || w == "1st") return 1;
  if (w == "second" || w == "2nd") return 2;
  if (w == "third" || w == "3rd") return 3;
  return std::nullopt;
}

// Whether token i comes right after token `mention_end`, but for "is", ":", "at" and the like.
bool follows(const std::vector<Token>& t, size_t mention_end, size_t i) {
  for (size_t k = mention_end + 1; k < i; ++k)
    if (!any_of(t[k].text, {"is", "of", "at", "from", "was", "equals", "equal", "eq", "be", "in", "as"})) return false;
  return true;
}

// A mention starting at token i: returns how many tokens it spans and the candidates.
size_t mention_at(const std::vector<Token>& t, size_t i, const std::vector<Feature>& fs, std::vector<size_t>& cands) {
  const Token& tok = t[i];
  size_t best_len = 0;
  // Whole names, spelt in words ("sepal length") or as one token ("sepal_length", "pclass").
  for (size_t f = 0; f < fs.size(); ++f) {
    const auto& ws = fs[f].words;
    if (ws.size() > 1 && i + ws.size() <= t.size()) {
      bool all = true;
      for (size_t k = 0; k < ws.size() && all; ++k) all = t[i + k].kind == Token::Kind::word && !t[i + k].used && same_word(t[i + k].text, ws[k]);
      if (all && ws.size() > best_len) best_len = ws.size(), cands = {f};
    }
    if (best_len <= 1 && (same_word(tok.text, lower(fs[f].name)) || same_word(tok.text, fs[f].joined))) {
      if (best_len == 1 && !cands.empty() && tok.text == lower(fs[cands[0]].name)) continue;  // an exact one already
      best_len = 1, cands = {f};
    }
  }
  if (best_len > 0 || tok.cue || is_filler(tok.text) || tok.text.size() < 3) return best_len;
  // One word of several names ("width" after "sepal length 5.1"): resolved later by context.
  for (size_t f = 0; f < fs.size(); ++f) {
    // "class" for pclass: the name ends with the word.
    const auto& j = fs[f].joined;
    bool suffix = tok.text.size() >= 4 && j.size() > tok.text.size() && j.compare(j.size() - tok.text.size(), tok.text.size(), tok.text) == 0;
    if (suffix) {
      cands.push_back(f);
      continue;
    }
    for (const auto& w : fs[f].words)
      if (w.size() >= 3 && same_word(tok.text, w)) {
        cands.push_back(f);
        break;
      }
  }
  return cands.empty() ? 0 : 1;
}
}  // namespace

FeatureValues find_feature_values(std::vector<Token>& t, const std::vector<std::string>& names) {
  std::vector<Feature> fs;
  for (const auto& n : names) {
    Feature f{n, {}, name_words(n)};
    for (const auto& w : f.words) f.joined += w;
    fs.push_back(std::move(f));
  }
  const auto age = feature_with_word(fs, {"age"});
  const auto sex = feature_with_word(fs, {"sex", "gender"});

  FeatureValues out;
  std::vector<Item> items;
  // "age 30, sibsp 0, fare 8.05": a comma, "and" or "with" closes a name-value group.
  std::vector<size_t> segment(t.size(), 0);
  for (size_t i = 1; i < t.size(); ++i)
    segment[i] = segment[i - 1] + ((t[i].after_break || t[i - 1].is("and") || t[i - 1].is("with") || t[i - 1].is("plus")) ? 1 : 0);
  auto push = [&](Item it, size_t at) {
    it.segment = segment[at];
    items.push_back(std::move(it));
  };
  auto bind = [&](size_t f, json v) {
    if (!out.named.contains(fs[f].name)) out.named[fs[f].name] = std::move(v);
  };
  for (size_t i = 0; i < t.size(); ++i) {
    Token& tok = t[i];
    if (tok.used) continue;
    if (tok.is_number() && !tok.hash) {
      // "40-year-old", "40 years old", "40yo": the number is an age, whatever follows.
      if (age && i + 1 < t.size() && any_of(t[i + 1].text, {"year", "years", "yr", "yrs", "yo", "y"})) {
        bind(*age, number_json(tok));
        tok.used = t[i + 1].used = true;
        if (i + 2 < t.size() && t[i + 2].is("old")) t[i + 2].used = true;
        i += 1;
        continue;
      }
      push({Item::Kind::value, {}, number_json(tok)}, i);
      tok.used = true;
      continue;
    }
    if (tok.kind != Token::Kind::word) continue;
    if (sex) {
      if (any_of(tok.text, {"male", "man", "boy", "men", "gentleman"})) {
        bind(*sex, "male"), tok.used = true;
        continue;
      }
      if (any_of(tok.text, {"female", "woman", "girl", "women", "lady"})) {
        bind(*sex, "female"), tok.used = true;
        continue;
      }
    }
    if (auto o = ordinal_value(tok.text)) {
      push({Item::Kind::value, {}, *o}, i);
      tok.used = true;
      continue;
    }
    std::vector<size_t> cands;
    if (size_t len = mention_at(t, i, fs, cands)) {
      push({Item::Kind::mention, cands, nullptr, false, i + len - 1}, i);
      for (size_t k = 0; k < len; ++k) t[i + k].used = true;
      i += len - 1;
      continue;
    }
    if (age && tok.is("aged")) {
      push({Item::Kind::mention, {*age}, nullptr, false, i}, i);
      tok.used = true;
      continue;
    }
    // A word right after a mention is its value when it is not a number ("embarked S").
    if (!items.empty() && items.back().kind == Item::Kind::mention && !tok.cue && !is_filler(tok.text) && !is_unit(tok.text) &&
        follows(t, items.back().last_token, i)) {
      // Hyphenated values stay whole: "month-to-month".
      std::string value = tok.original;
      tok.used = true;
      while (i + 1 < t.size() && t[i + 1].joined_by == '-' && !t[i + 1].used) value += "-" + t[++i].original, t[i].used = true;
      push({Item::Kind::value, {}, value}, i);
    }
  }

  // Ambiguous mentions take the reading closest to the previous one ("sepal length 5.1,
  // width 3.5" → sepal_width), else the first such feature not given yet.
  std::optional<size_t> last;
  for (auto& it : items) {
    if (it.kind != Item::Kind::mention) continue;
    if (it.candidates.size() > 1) {
      size_t pick = it.candidates[0];
      int best = -1;
      for (size_t c : it.candidates) {
        int shared = 0;
        if (last)
          for (const auto& w : fs[c].words) shared += std::count(fs[*last].words.begin(), fs[*last].words.end(), w) > 0;
        bool given = out.named.contains(fs[c].name);
        int score = shared * 2 + (given ? 0 : 1);
        if (score > best) best = score, pick = c;
      }
      it.candidates = {pick};
    }
    last = it.candidates[0];
  }

  // Pair mentions and values group by group, in the direction the person wrote them:
  // "name value" or "value name", whichever explains more of the group.
  for (size_t from = 0; from < items.size();) {
    size_t to = from;
    while (to < items.size() && items[to].segment == items[from].segment) ++to;
    auto pairs = [&](bool name_first) {
      size_t n = 0;
      for (size_t i = from; i + 1 < to; ++i)
        if (items[i].kind == (name_first ? Item::Kind::mention : Item::Kind::value) && items[i + 1].kind != items[i].kind) ++n, ++i;
      return n;
    };
    // On a tie, the first item tells: "sepal length 5.1 ..." or "5.1 sepal length ...".
    const size_t by_name = pairs(true), by_value = pairs(false);
    const bool name_first = by_name != by_value ? by_name > by_value : items[from].kind == Item::Kind::mention;
    for (size_t i = from; i + 1 < to; ++i) {
      Item &a = items[i], &b = items[i + 1];
      if (a.kind != (name_first ? Item::Kind::mention : Item::Kind::value) || b.kind == a.kind) continue;
      bind((name_first ? a : b).candidates[0], (name_first ? b : a).value);
      a.paired = b.paired = true;
      ++i;
    }
    from = to;
  }
  for (const auto& it : items)
    if (it.kind == Item::Kind::value && !it.paired) out.unnamed.push_back(it.value);
  return out;
}

json place_unnamed(const FeatureValues& found, const std::vector<std::string>& order) {
  json all = found.named;
  std::vector<std::string> open;
  for (const auto& f : order)
    if (!all.contains(f)) open.push_back(f);
  if (!found.unnamed.empty() && found.unnamed.size() <= open.size())
    for (size_t i = 0; i < found.unnamed.size(); ++i) all[open[i]] = found.unnamed[i];
  return all;
}

}  // namespace mlgate::agent::offline
