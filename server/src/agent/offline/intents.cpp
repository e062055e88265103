#include "agent/offline/intents.hpp"

#include <string_view>

#include "agent/offline/fuzzy.hpp"

namespace mlgate::agent::offline {
namespace {

struct Phrase {
  Cue cue;
  std::vector<std::string_view> words;
};

// Typed as people write, not as the tools are named. Multi-word phrases match first.
const std::vector<Phrase>& lexicon() {
  static const std::vector<Phrase> p = {
      {Cue::help, {"what", "can", "you", "do"}}, {Cue::help, {"how", "does", "this", "work"}},
      {Cue::results, {"how", "did"}}, {Cue::results, {"how", "well"}}, {Cue::results, {"how", "good"}},
      {Cue::describe, {"tell", "me", "about"}}, {Cue::describe, {"more", "about"}}, {Cue::describe, {"look", "like"}},
      {Cue::describe, {"looks", "like"}},
      {Cue::audit, {"what", "happened"}}, {Cue::audit, {"what", "changed"}},
      {Cue::cancel, {"never", "mind"}}, {Cue::cancel, {"forget", "it"}},
      {Cue::remove, {"get", "rid", "of"}}, {Cue::remove, {"throw", "away"}},
      {Cue::rollback, {"roll", "back"}}, {Cue::rollback, {"go", "back"}}, {Cue::rollback, {"switch", "back"}},
      {Cue::rollback, {"put", "back"}}, {Cue::rollback, {"roll", "it", "back"}}, {Cue::rollback, {"roll", "that", "back"}},
      {Cue::move, {"roll", "out"}}, {Cue::promote, {"go", "live"}}, {Cue::promote, {"goes", "live"}},
      {Cue::approve, {"sign", "off"}}, {Cue::approve, {"green", "light"}}, {Cue::reject, {"turn", "down"}},
      {Cue::compare, {"side", "by", "side"}}, {Cue::compare, {"stack", "up"}}, {Cue::compare, {"better", "than"}},
      {Cue::compare, {"worse", "than"}},
      {Cue::predict, {"what", "would"}}, {Cue::predict, {"would", "a"}}, {Cue::predict, {"would", "an"}},
      {Cue::list, {"do", "we", "have"}},
      {Cue::list, {"list"}}, {Cue::list, {"show"}}, {Cue::list, {"display"}}, {Cue::list, {"enumerate"}},
      {Cue::list, {"available"}}, {Cue::list, {"all"}}, {Cue::list, {"every"}}, {Cue::list, {"which"}},
      {Cue::models, {"models"}}, {Cue::models, {"registry"}}, {Cue::models, {"catalog"}}, {Cue::models, {"catalogue"}},
      {Cue::models, {"deployed"}},
      {Cue::describe, {"describe"}}, {Cue::describe, {"details"}}, {Cue::describe, {"detail"}}, {Cue::describe, {"info"}},
      {Cue::describe, {"information"}}, {Cue::weak_describe, {"status"}}, {Cue::weak_describe, {"stage"}}, {Cue::weak_describe, {"stages"}},
      {Cue::weak_describe, {"features"}}, {Cue::weak_describe, {"inputs"}}, {Cue::weak_describe, {"signature"}}, {Cue::describe, {"explain"}},
      {Cue::describe, {"summary"}}, {Cue::describe, {"summarize"}}, {Cue::describe, {"summarise"}}, {Cue::describe, {"overview"}},
      {Cue::describe, {"inspect"}}, {Cue::weak_describe, {"metadata"}}, {Cue::weak_describe, {"versions"}}, {Cue::weak_describe, {"classes"}},
      {Cue::compare, {"compare"}}, {Cue::compare, {"comparison"}}, {Cue::compare, {"vs"}}, {Cue::compare, {"versus"}},
      {Cue::compare, {"difference"}}, {Cue::compare, {"differences"}}, {Cue::compare, {"diff"}}, {Cue::against, {"against"}},
      {Cue::compare, {"compared"}}, {Cue::compare, {"differ"}},
      {Cue::register_, {"register"}}, {Cue::register_, {"registration"}}, {Cue::register_, {"import"}},
      {Cue::register_, {"onboard"}}, {Cue::register_, {"add"}}, {Cue::register_, {"create"}}, {Cue::register_, {"save"}},
      {Cue::register_, {"publish"}},
      {Cue::deploy, {"deploy"}}, {Cue::deploy, {"deployment"}},
      {Cue::test, {"test"}}, {Cue::test, {"evaluate"}}, {Cue::test, {"eval"}}, {Cue::test, {"validate"}},
      {Cue::test, {"benchmark"}}, {Cue::test, {"check"}}, {Cue::test, {"run"}}, {Cue::test, {"try"}},
      {Cue::results, {"tests"}}, {Cue::results, {"results"}}, {Cue::results, {"result"}}, {Cue::results, {"metrics"}},
      {Cue::results, {"accuracy"}}, {Cue::results, {"performance"}}, {Cue::results, {"scores"}}, {Cue::results, {"f1"}},
      {Cue::results, {"precision"}}, {Cue::results, {"recall"}}, {Cue::results, {"r2"}}, {Cue::results, {"rmse"}},
      {Cue::results, {"mae"}}, {Cue::results, {"evaluations"}}, {Cue::results, {"tested"}}, {Cue::results, {"perform"}},
      {Cue::results, {"performed"}}, {Cue::results, {"doing"}},
      {Cue::promote, {"promote"}}, {Cue::promotion_noun, {"promotion"}}, {Cue::promote, {"ship"}}, {Cue::promote, {"release"}},
      {Cue::move, {"push"}}, {Cue::move, {"put"}}, {Cue::move, {"move"}}, {Cue::move, {"send"}}, {Cue::move, {"make"}},
      {Cue::move, {"take"}}, {Cue::move, {"rollout"}}, {Cue::move, {"upgrade"}}, {Cue::move, {"bump"}}, {Cue::move, {"want"}}, {Cue::move, {"like"}},
      {Cue::production, {"production"}}, {Cue::production, {"prod"}}, {Cue::production, {"live"}},
      {Cue::approve, {"approve"}}, {Cue::approve, {"accept"}}, {Cue::approve, {"greenlight"}}, {Cue::approve, {"lgtm"}},
      {Cue::approve, {"authorize"}}, {Cue::approve, {"authorise"}}, {Cue::approve, {"allow"}}, {Cue::approve, {"signoff"}},
      {Cue::reject, {"reject"}}, {Cue::reject, {"deny"}}, {Cue::reject, {"decline"}}, {Cue::reject, {"refuse"}},
      {Cue::reject, {"veto"}}, {Cue::reject, {"disapprove"}}, {Cue::reject, {"block"}},
      {Cue::archive, {"archive"}}, {Cue::archive, {"retire"}}, {Cue::archive, {"shelve"}}, {Cue::archive, {"deprecate"}},
      {Cue::archive, {"decommission"}}, {Cue::archive, {"mothball"}},
      {Cue::remove, {"delete"}}, {Cue::remove, {"remove"}}, {Cue::remove, {"drop"}}, {Cue::remove, {"erase"}},
      {Cue::remove, {"destroy"}}, {Cue::remove, {"purge"}}, {Cue::remove, {"trash"}}, {Cue::remove, {"wipe"}},
      {Cue::remove, {"discard"}}, {Cue::remove, {"nuke"}},
      {Cue::rollback, {"rollback"}}, {Cue::rollback, {"revert"}}, {Cue::rollback, {"undo"}}, {Cue::rollback, {"restore"}},
      {Cue::predict, {"predict"}}, {Cue::predict, {"prediction"}}, {Cue::predict, {"predictions"}}, {Cue::predict, {"classify"}},
      {Cue::predict, {"infer"}}, {Cue::predict, {"inference"}}, {Cue::predict, {"estimate"}}, {Cue::predict, {"forecast"}},
      {Cue::predict, {"score"}}, {Cue::predict, {"guess"}}, {Cue::predict, {"outcome"}}, {Cue::predict, {"probability"}},
      {Cue::predict, {"likely"}}, {Cue::predict, {"chance"}}, {Cue::predict, {"chances"}}, {Cue::predict, {"survive"}},
      {Cue::predict, {"expect"}},
      {Cue::audit, {"audit"}}, {Cue::audit, {"log"}}, {Cue::audit, {"logs"}}, {Cue::audit, {"history"}}, {Cue::audit, {"trail"}},
      {Cue::audit, {"activity"}}, {Cue::audit, {"changes"}}, {Cue::audit, {"events"}},
      {Cue::who, {"who"}},
      {Cue::help, {"help"}}, {Cue::help, {"hello"}}, {Cue::help, {"hi"}}, {Cue::help, {"hey"}}, {Cue::help, {"capabilities"}},
      {Cue::help, {"commands"}},
      {Cue::cancel, {"cancel"}}, {Cue::cancel, {"nevermind"}}, {Cue::cancel, {"abort"}}, {Cue::cancel, {"stop"}},
      {Cue::file, {"file"}}, {Cue::file, {"upload"}}, {Cue::file, {"uploaded"}}, {Cue::file, {"csv"}}, {Cue::file, {"dataset"}},
      {Cue::file, {"data"}}, {Cue::file, {"holdout"}}, {Cue::file, {"onnx"}}, {Cue::file, {"spreadsheet"}},
      {Cue::file, {"sheet"}}, {Cue::file, {"uploads"}}, {Cue::file, {"files"}},
      {Cue::drift, {"drift"}}, {Cue::drift, {"drifting"}}, {Cue::drift, {"drifted"}}, {Cue::drift, {"shift"}},
      {Cue::drift, {"shifted"}}, {Cue::drift, {"distribution"}}, {Cue::drift, {"distributions"}},
      {Cue::monitor, {"monitoring"}}, {Cue::monitor, {"monitor"}}, {Cue::monitor, {"latency"}}, {Cue::monitor, {"traffic"}},
      {Cue::monitor, {"errors"}}, {Cue::monitor, {"health"}}, {Cue::monitor, {"healthy"}}, {Cue::monitor, {"requests"}},
      {Cue::monitor, {"uptime"}}, {Cue::monitor, {"p99"}},
      {Cue::monitor, {"error", "rate"}}, {Cue::monitor, {"throughput"}}, {Cue::monitor, {"lately"}},
      {Cue::retrain, {"retrain"}}, {Cue::retrain, {"retraining"}}, {Cue::retrain, {"retrained"}}, {Cue::retrain, {"train", "again"}},
      {Cue::retrain, {"train", "a", "new"}}, {Cue::retrain, {"refit"}}, {Cue::retrain, {"refresh"}},
      {Cue::jobs, {"jobs"}}, {Cue::jobs, {"job"}},
      {Cue::version_word, {"version"}}, {Cue::version_word, {"ver"}}, {Cue::version_word, {"release"}},
      {Cue::model_word, {"model"}},
  };
  return p;
}

bool matches_at(const std::vector<Token>& t, size_t i, const Phrase& p, bool fuzzy) {
  if (i + p.words.size() > t.size()) return false;
  for (size_t k = 0; k < p.words.size(); ++k) {
    const Token& tok = t[i + k];
    if (tok.kind != Token::Kind::word || tok.used) return false;
    if (tok.text == p.words[k]) continue;
    if (!fuzzy || p.words.size() > 1 || p.words[k].size() < 5 || !same_word(tok.text, p.words[k])) return false;
  }
  return true;
}
}  // namespace

Cues find_cues(std::vector<Token>& tokens, const std::function<bool(std::string_view)>& is_name) {
  Cues cues;
  auto mark = [&](size_t i, const Phrase& p) {
    cues.bits.set(static_cast<size_t>(p.cue));
    for (size_t k = 0; k < p.words.size(); ++k) tokens[i + k].cue = true;
  };
  // Exact words first, so "models" is never taken for a typo of "model".
  for (size_t i = 0; i < tokens.size(); ++i)
    for (const auto& p : lexicon())
      if (!(p.words.size() == 1 && tokens[i].cue) && matches_at(tokens, i, p, false)) mark(i, p);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].cue || tokens[i].used || tokens[i].text.size() < 5 || is_filler(tokens[i].text) || is_name(tokens[i].text)) continue;
    // Stage words are versions, not typos of verbs ("archived" is not "archive").
    if (tokens[i].is("archived") || tokens[i].is("staging") || tokens[i].is("staged") || tokens[i].is("latest") ||
        tokens[i].is("newest") || tokens[i].is("previous") || tokens[i].is("older"))
      continue;
    for (const auto& p : lexicon())
      if (matches_at(tokens, i, p, true)) {
        mark(i, p);
        break;
      }
  }
  // A file named by its name ("iris_holdout.csv") is a file mention.
  for (auto& t : tokens) {
    auto ends = [&](std::string_view suffix) { return t.text.size() > suffix.size() && t.text.compare(t.text.size() - suffix.size(), suffix.size(), suffix) == 0; };
    if (t.kind == Token::Kind::word && (ends(".csv") || ends(".onnx"))) cues.bits.set(static_cast<size_t>(Cue::file));
  }
  return cues;
}

IntentChoice choose_intent(const Cues& c, const Signals& s) {
  auto tool = [](const char* name) { return IntentChoice{Intent::tool, name, true}; };
  const bool about_registry =
      s.model || s.version || s.promotion_id || s.pronoun || s.upload || c.has(Cue::model_word) || c.has(Cue::version_word);
  // A verb aimed at something that is not a model ("delete the database") is out of scope.
  const bool aimed_elsewhere = s.other_object && !about_registry;
  const bool any_tool_cue = c.has(Cue::describe) || c.has(Cue::compare) || c.has(Cue::register_) || c.has(Cue::test) ||
                            c.has(Cue::results) || c.has(Cue::promote) || c.has(Cue::approve) || c.has(Cue::reject) ||
                            c.has(Cue::archive) || c.has(Cue::remove) || c.has(Cue::rollback) || c.has(Cue::predict) ||
                            c.has(Cue::audit) || c.has(Cue::models) || c.has(Cue::deploy) || c.has(Cue::promotion_noun);

  if (c.has(Cue::cancel) && !any_tool_cue) return {Intent::cancel, {}};
  if (c.has(Cue::who) || (c.has(Cue::audit) && !c.has(Cue::results) && !c.has(Cue::remove)))
    return aimed_elsewhere && !c.has(Cue::audit) ? IntentChoice{} : tool("audit_trail");
  if (c.has(Cue::approve) || c.has(Cue::reject)) {
    if (aimed_elsewhere) return {};
    return tool(c.has(Cue::reject) ? "reject_promotion" : "approve_promotion");
  }
  if (c.has(Cue::rollback)) return aimed_elsewhere ? IntentChoice{} : tool("rollback");
  // "retrain ... with test size 0.3" is not a test; "retraining jobs" are jobs.
  if (c.has(Cue::jobs)) return tool("list_jobs");
  if (c.has(Cue::retrain)) return aimed_elsewhere ? IntentChoice{} : tool("retrain");
  if (c.has(Cue::drift)) return aimed_elsewhere ? IntentChoice{} : tool("drift_report");
  if (c.has(Cue::remove)) return aimed_elsewhere ? IntentChoice{} : tool("delete_version");
  if (c.has(Cue::archive)) return aimed_elsewhere ? IntentChoice{} : tool("archive_version");
  // "against" compares, unless it is a test against a file.
  if (c.has(Cue::compare) || (c.has(Cue::against) && !c.has(Cue::test) && !c.has(Cue::file))) return tool("compare_versions");
  // A new model's name is not a registry word yet: a file mention is enough.
  if (c.has(Cue::register_) || (c.has(Cue::deploy) && c.has(Cue::file) && !c.has(Cue::production)))
    return aimed_elsewhere && !c.has(Cue::file) ? IntentChoice{} : tool("register_model");
  if (c.has(Cue::promote) || c.has(Cue::deploy) || (c.has(Cue::move) && c.has(Cue::production)))
    return aimed_elsewhere ? IntentChoice{} : tool("request_promotion");
  // "promotion" alone is a noun: often the answer to "which promotion request?".
  if (c.has(Cue::promotion_noun) && !aimed_elsewhere) return {Intent::tool, "request_promotion", false};
  // Scoring a file is a test; scoring values typed in the message is a prediction.
  if ((c.has(Cue::test) || c.has(Cue::predict)) && c.has(Cue::file) && !s.features) return tool("test_model");
  // Live figures ("latency", "errors", "how is churn doing in production") before test results.
  if (c.has(Cue::monitor) && !c.has(Cue::test))
    return aimed_elsewhere ? IntentChoice{} : tool("monitoring_report");
  if (c.has(Cue::results)) return tool("list_tests");
  if (c.has(Cue::predict)) return aimed_elsewhere && !s.model && !s.features ? IntentChoice{} : tool("predict");
  if (s.features && s.model) return {Intent::tool, "predict", false};
  if (c.has(Cue::test)) return aimed_elsewhere ? IntentChoice{} : tool("test_model");
  if ((c.has(Cue::models) || (c.has(Cue::list) && c.has(Cue::model_word))) && !s.model) return tool("list_models");
  // "describe" is a request; "features", "stage" may be part of an answer ("features: ...").
  if ((c.has(Cue::describe) || c.has(Cue::weak_describe)) && !aimed_elsewhere)
    return {Intent::tool, "describe_model", c.has(Cue::describe)};
  if (s.model) return {Intent::tool, "describe_model", false};
  if (c.has(Cue::models)) return tool("list_models");
  if (c.has(Cue::help)) return {Intent::help, {}};
  return {};
}

}  // namespace mlgate::agent::offline
