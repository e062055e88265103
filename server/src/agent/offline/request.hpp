// A request being put together: the message read against the Context, then the tool's
// arguments filled slot by slot (model, versions, upload, label, features, ids, free
// text). What cannot be filled becomes one question naming the valid answers.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/offline/features.hpp"
#include "agent/offline/intents.hpp"
#include "agent/offline/references.hpp"
#include "agent/offline/text.hpp"
#include "agent/planner.hpp"

namespace mlgate::agent::offline {

// What the conversation is about: the model (and version) of the last call.
struct Focus {
  std::string model;
  std::optional<int64_t> version;
  std::string tool;  // the last call's tool
};

struct Reading {
  std::string message;
  std::vector<Token> tokens;
  Cues cues;
  const ModelView* model = nullptr;  // named in this message
  bool pronoun = false;
  std::vector<VersionRef> versions;
  std::optional<int64_t> hash_id;    // "#7", "promotion 7"
  bool other_object = false;         // names something outside the registry ("the weather")
  IntentChoice intent;
};
// `focus_model` (may be null) is the model in focus, whose features "predict age 40" names.
Reading read_message(std::string_view message, const Context& ctx, const ModelView* focus_model);

struct Outcome {
  nlohmann::json arguments = nlohmann::json::object();
  std::string missing;   // empty when the call is complete
  std::string question;  // when something is missing
};

// Fills `tool`'s arguments (starting from `arguments`, a partial request kept from earlier
// messages, whose texts are `earlier`) from this message. `answering` names the slot the
// last question asked for, so a bare "2" or "5.1" is read as its answer.
Outcome complete(const std::string& tool, nlohmann::json arguments, Reading& reading, const Context& ctx, const Focus& focus,
                 const std::string& answering, const std::vector<std::string>& earlier);

}  // namespace mlgate::agent::offline
