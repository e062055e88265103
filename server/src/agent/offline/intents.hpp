// What the person wants, from the words they used: cue words and phrases (with typos) per
// kind of request, then a fixed order of precedence so "who promoted churn" is the audit
// log and "delete the database" is not a version deletion.
#pragma once
#include <bitset>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

#include "agent/offline/text.hpp"

namespace mlgate::agent::offline {

enum class Cue {
  list, models, describe, weak_describe, compare, against, register_, deploy, test, results, promote, promotion_noun, move, production, approve, reject,
  archive, remove, rollback, predict, audit, who, help, cancel, file, version_word, model_word, drift, monitor, retrain, jobs, count_
};

struct Cues {
  std::bitset<static_cast<size_t>(Cue::count_)> bits;
  bool has(Cue c) const { return bits.test(static_cast<size_t>(c)); }
};

// Marks the tokens that are cue words (Token::cue) and returns which cues appear.
// `is_name(word)` says whether a word is part of a model or feature name: such words are
// never read as a typo of a cue word ("churn" is not "churns", "charges" not "changes").
Cues find_cues(std::vector<Token>& tokens, const std::function<bool(std::string_view)>& is_name);

// What else the message holds, found before the intent is chosen.
struct Signals {
  bool model = false;         // a registered model is named (or "it" with a model in focus)
  bool version = false;       // a version is named: "v3", "the staging one"
  bool promotion_id = false;  // "#7", "promotion 7"
  bool features = false;      // feature values for the named model (or the one in focus)
  bool pronoun = false;       // "it", "that": the model in focus
  bool upload = false;        // an uploaded file named by its name
  bool other_object = false;  // names something that is not a model ("the database", "the weather")
};

enum class Intent { none, help, cancel, tool };
struct IntentChoice {
  Intent kind = Intent::none;
  std::string tool;       // when kind == tool
  bool by_verb = false;   // said with a verb ("promote"), not guessed from a bare model name
};
IntentChoice choose_intent(const Cues& cues, const Signals& signals);

}  // namespace mlgate::agent::offline
