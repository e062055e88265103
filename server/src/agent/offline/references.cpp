#include "agent/offline/references.hpp"

#include <algorithm>
#include <cctype>

#include "agent/offline/fuzzy.hpp"

namespace mlgate::agent::offline {
namespace {

bool word(const Token& t) { return t.kind == Token::Kind::word; }
bool free_word(const Token& t) { return word(t) && !t.used; }

// The next token after i that is not filler, or tokens.size().
size_t next_content(const std::vector<Token>& t, size_t i) {
  for (size_t k = i + 1; k < t.size(); ++k)
    if (!(word(t[k]) && is_filler(t[k].text))) return k;
  return t.size();
}

std::optional<int64_t> v_number(std::string_view w) {
  // "v3", "v.3" (tokenized "v.3"), "version3"
  for (std::string_view prefix : {std::string_view("version"), std::string_view("ver"), std::string_view("v."), std::string_view("v")}) {
    if (w.size() > prefix.size() && w.substr(0, prefix.size()) == prefix) {
      auto rest = w.substr(prefix.size());
      if (std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) && rest.size() < 10)
        return std::stoll(std::string(rest));
    }
  }
  return std::nullopt;
}

std::optional<int64_t> positive_integer(const Token& t) {
  if (t.is_number() && t.integral && t.value >= 1 && t.value < 1e12) return static_cast<int64_t>(t.value);
  return std::nullopt;
}

std::optional<int64_t> ordinal(std::string_view w) {
  static const std::vector<std::string_view> kOrd = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
  for (size_t i = 0; i < kOrd.size(); ++i)
    if (kOrd[i] == w) return static_cast<int64_t>(i + 1);
  return std::nullopt;
}

bool is_file_word(const Token& t) {
  static const std::vector<std::string_view> kFile = {"file", "upload", "uploaded", "csv", "dataset", "data", "onnx", "spreadsheet", "sheet", "files", "uploads"};
  return word(t) && std::find(kFile.begin(), kFile.end(), t.text) != kFile.end();
}

std::string lower_stem(std::string_view filename) {
  auto dot = filename.rfind('.');
  return lower(dot == std::string_view::npos ? filename : filename.substr(0, dot));
}

std::string trim_text(std::string s) {
  auto junk = [](unsigned char c) { return std::isspace(c) || c == ':' || c == ',' || c == '"' || c == '\'' || c == '.' || c == '-'; };
  while (!s.empty() && junk(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && junk(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}
}  // namespace

const ModelView* find_model(std::vector<Token>& t, const Context& ctx) {
  struct Best {
    const ModelView* model = nullptr;
    double score = 0;
    size_t at = 0, len = 0;
  } best;
  auto offer = [&](const ModelView& m, double score, size_t at, size_t len) {
    if (!best.model || score > best.score || (score == best.score && at < best.at)) best = {&m, score, at, len};
  };
  std::vector<std::string> first_words;
  first_words.reserve(ctx.models.size());
  for (const auto& m : ctx.models) {
    auto words = name_words(m.name);
    first_words.push_back(words.empty() ? std::string() : words[0]);
  }
  for (size_t mi = 0; mi < ctx.models.size(); ++mi) {
    const ModelView& m = ctx.models[mi];
    const std::string name = lower(m.name);
    const auto words = name_words(m.name);
    for (size_t i = 0; i < t.size(); ++i) {
      if (!free_word(t[i])) continue;
      // The whole name as one token, or spelt over several ("breast cancer" for breast_cancer).
      if (t[i].text == name) {
        offer(m, 3, i, 1);
        continue;
      }
      if (words.size() > 1 && i + words.size() <= t.size()) {
        bool all = true;
        for (size_t k = 0; k < words.size() && all; ++k) all = free_word(t[i + k]) && same_word(t[i + k].text, words[k]);
        if (all) {
          offer(m, 2.5, i, words.size());
          continue;
        }
      }
      if (!free_word(t[i]) || t[i].cue || is_filler(t[i].text)) continue;
      // One distinctive word of a longer name: "titanic" for titanic_survival.
      if (words.size() > 1 && t[i].text == words[0] && std::count(first_words.begin(), first_words.end(), words[0]) == 1) {
        offer(m, 2, i, 1);
        continue;
      }
      if (same_word(t[i].text, name)) offer(m, 1 + similarity(t[i].text, name), i, 1);
    }
  }
  if (!best.model) return nullptr;
  for (size_t k = 0; k < best.len; ++k) t[best.at + k].used = true;
  return best.model;
}

bool mentions_pronoun(const std::vector<Token>& t) {
  for (const auto& tok : t)
    if (tok.is("it") || tok.is("this") || tok.is("that") || tok.is("same") || tok.is("its") || tok.is("them")) return true;
  return false;
}

std::vector<VersionRef> find_versions(std::vector<Token>& t) {
  std::vector<VersionRef> out;
  auto number = [&](int64_t n) { out.push_back({VersionRef::Kind::number, n}); };
  for (size_t i = 0; i < t.size(); ++i) {
    Token& tok = t[i];
    if (tok.used) continue;
    if (word(tok)) {
      if (auto n = v_number(tok.text)) {
        number(*n), tok.used = true;
        continue;
      }
      if (tok.text == "version" || tok.text == "versions" || tok.text == "ver") {
        // "version 3", "versions 1 and 3", "version #2"
        size_t k = i + 1;
        bool any = false;
        while (k < t.size()) {
          if (auto n = positive_integer(t[k]); n && !t[k].used) {
            number(*n), t[k].used = true, any = true;
          } else if (!(t[k].is("and") || t[k].is("vs") || t[k].is("versus") || t[k].is("with") || t[k].is("to") || t[k].is("or") || t[k].is("number") || t[k].is("no"))) {
            break;
          }
          ++k;
        }
        if (any) tok.used = true;
        continue;
      }
      if (auto n = ordinal(tok.text); n && i + 1 < t.size() && (t[i + 1].is("version") || t[i + 1].is("one"))) {
        number(*n), tok.used = true;
        continue;
      }
      if (tok.text == "staging" || tok.text == "staged" || tok.text == "candidate") {
        out.push_back({VersionRef::Kind::staging}), tok.used = true;
      } else if (tok.text == "production" || tok.text == "prod" || tok.text == "live" || tok.text == "current") {
        out.push_back({VersionRef::Kind::production}), tok.used = true;
      } else if (tok.text == "latest" || tok.text == "newest" || tok.text == "recent" || tok.text == "new" || tok.text == "last") {
        // "the last upload" is a file, not a version.
        size_t k = next_content(t, i);
        if (k < t.size() && (is_file_word(t[k]) || t[k].is("week") || t[k].is("weeks") || t[k].is("month"))) continue;
        if (k < t.size() && t[k].is("one") && k + 1 < t.size() && is_file_word(t[k + 1])) continue;
        out.push_back({VersionRef::Kind::latest}), tok.used = true;
      } else if (tok.text == "old" && i > 0 && (t[i - 1].is("year") || t[i - 1].is("years") || t[i - 1].is("yr") || t[i - 1].is("yrs"))) {
        continue;  // "40-year-old" is an age
      } else if (tok.text == "archived" || tok.text == "old" || tok.text == "older" || tok.text == "previous") {
        out.push_back({VersionRef::Kind::archived}), tok.used = true;
      }
    }
  }
  return out;
}

std::optional<int64_t> production_version(const ModelView& m) { return newest_in_stage(m, "production"); }

std::optional<int64_t> newest_in_stage(const ModelView& m, std::string_view stage) {
  for (auto it = m.versions.rbegin(); it != m.versions.rend(); ++it)
    if (it->stage == stage) return it->number;
  return std::nullopt;
}

std::optional<int64_t> resolve_version(const VersionRef& ref, const ModelView& m) {
  switch (ref.kind) {
    case VersionRef::Kind::number:
      for (const auto& v : m.versions)
        if (v.number == ref.number) return v.number;
      return std::nullopt;
    case VersionRef::Kind::staging: return newest_in_stage(m, "staging");
    case VersionRef::Kind::production: return production_version(m);
    case VersionRef::Kind::archived: return newest_in_stage(m, "archived");
    case VersionRef::Kind::latest:
      if (m.versions.empty()) return std::nullopt;
      return m.versions.back().number;
  }
  return std::nullopt;
}

std::optional<int64_t> find_promotion_id(std::vector<Token>& t, bool bare_number_ok) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].used) continue;
    if (t[i].hash) {
      if (auto n = positive_integer(t[i])) return t[i].used = true, n;
    }
    if (word(t[i]) && (t[i].text == "promotion" || t[i].text == "request" || t[i].text == "id" || t[i].text == "number" || t[i].text == "no" || t[i].text == "req")) {
      for (size_t k = i + 1; k < t.size() && k <= i + 3; ++k) {
        if (auto n = positive_integer(t[k]); n && !t[k].used) return t[k].used = true, n;
        if (!(word(t[k]) && (is_filler(t[k].text) || t[k].text == "request" || t[k].text == "id" || t[k].text == "number"))) break;
      }
    }
  }
  if (!bare_number_ok) return std::nullopt;
  std::optional<int64_t> only;
  for (auto& tok : t) {
    if (tok.used || !tok.is_number()) continue;
    if (only) return std::nullopt;  // two numbers: not sure which
    only = positive_integer(tok);
    if (!only) return std::nullopt;
  }
  if (only)
    for (auto& tok : t)
      if (!tok.used && tok.is_number()) tok.used = true;
  return only;
}

std::vector<const UploadView*> uploads_of_kind(const Context& ctx, std::string_view kind) {
  std::vector<const UploadView*> out;
  for (const auto& u : ctx.uploads)
    if (u.kind == kind) out.push_back(&u);
  return out;
}

UploadRef find_upload(std::vector<Token>& t, const Context& ctx, std::string_view kind) {
  UploadRef ref;
  auto candidates = uploads_of_kind(ctx, kind);
  for (auto& tok : t) {
    if (tok.used || !word(tok)) continue;
    for (const UploadView* u : candidates) {
      if (tok.text == lower(u->id) || tok.text == lower(u->filename) || tok.text == lower_stem(u->filename)) {
        tok.used = true;
        return {u, true};
      }
    }
  }
  // A word of a file name ("the march data" for churn_march.csv), when one file has most.
  const UploadView* best = nullptr;
  size_t best_hits = 0;
  bool tie = false;
  for (const UploadView* u : candidates) {
    size_t hits = 0;
    for (const auto& w : name_words(lower_stem(u->filename)))
      for (const auto& tok : t)
        if (!tok.used && word(tok) && !is_filler(tok.text) && !is_file_word(tok) && w.size() >= 3 && same_word(tok.text, w)) ++hits;
    if (hits > best_hits) best = u, best_hits = hits, tie = false;
    else if (hits == best_hits && hits > 0) tie = true;
  }
  if (best && !tie) return {best, true};
  // "the file I just uploaded", "the latest csv": the newest of that kind.
  for (auto& tok : t)
    if (!tok.used && is_file_word(tok)) ref.mentioned = true;
  if (ref.mentioned && !candidates.empty()) ref.upload = candidates.front();  // newest first
  return ref;
}

std::optional<std::string> find_column(std::vector<Token>& t, const std::vector<std::string>& columns) {
  std::vector<std::string> lowered;
  for (const auto& c : columns) lowered.push_back(lower(c));
  std::optional<std::string> loose;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].used || !word(t[i]) || is_filler(t[i].text)) continue;
    auto m = best_match(t[i].text, lowered);
    if (!m) continue;
    bool after_cue = false;
    for (size_t k = i; k-- > 0 && k + 4 > i;)
      if (t[k].is("label") || t[k].is("target") || t[k].is("column") || t[k].is("against") || t[k].is("labels") || t[k].is("truth") || t[k].is("y")) after_cue = true;
    bool before_cue = i + 1 < t.size() && (t[i + 1].is("column") || t[i + 1].is("label") || t[i + 1].is("col"));
    if (after_cue || before_cue) {
      t[i].used = true;
      return columns[m->index];
    }
    if (!loose && m->score == 1) loose = columns[m->index];
  }
  return loose;
}

namespace {
std::optional<std::string> text_after(std::string_view message, const std::vector<Token>& t, const std::vector<std::string_view>& cues, bool skip_is) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (!word(t[i]) || std::find(cues.begin(), cues.end(), t[i].text) == cues.end()) continue;
    size_t from = t[i].end;
    // "reason is ...", "reason: ...", "description should be ..."
    if (skip_is && i + 1 < t.size() && (t[i + 1].is("is") || t[i + 1].is("being") || t[i + 1].is("be"))) from = t[i + 1].end;
    std::string s = trim_text(std::string(message.substr(from)));
    if (!s.empty()) return s;
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string> find_reason(std::string_view message, const std::vector<Token>& t) {
  return text_after(message, t, {"because", "since", "reason", "cause", "coz", "bc"}, true);
}

std::optional<std::string> find_description(std::string_view message, const std::vector<Token>& t) {
  auto q = message.find('"');
  if (q != std::string_view::npos) {
    auto e = message.find('"', q + 1);
    if (e != std::string_view::npos && e > q + 1) return std::string(message.substr(q + 1, e - q - 1));
  }
  return text_after(message, t, {"description", "describe", "desc", "described", "saying"}, true);
}

bool valid_model_name(std::string_view n) {
  if (n.empty() || n.size() > 128 || !std::isalnum(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; });
}

std::optional<std::string> find_new_model_name(std::vector<Token>& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    bool cue = t[i].is("as") || t[i].is("named") || t[i].is("called") || t[i].is("name") || (t[i].is("call") && t[i + 1].is("it"));
    if (!cue) continue;
    size_t k = i + 1;
    while (k < t.size() && word(t[k]) &&
           (is_filler(t[k].text) || t[k].is("model") || t[k].is("new") || t[k].is("called") || t[k].is("named") || t[k].is("name")))
      ++k;
    if (k < t.size() && word(t[k]) && !t[k].used && valid_model_name(t[k].original)) return t[k].used = true, t[k].original;
  }
  for (size_t i = 1; i < t.size(); ++i) {
    if (!t[i].is("model")) continue;
    const Token& prev = t[i - 1];
    if (word(prev) && !prev.used && !prev.cue && !is_filler(prev.text) && valid_model_name(prev.original) && !prev.is("new")) {
      t[i - 1].used = true;
      return prev.original;
    }
  }
  return std::nullopt;
}

}  // namespace mlgate::agent::offline
