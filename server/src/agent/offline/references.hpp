// The things a message points at, resolved against the Context: which model ("the chrun
// model", "it"), which versions ("v3", "the staging one", "the latest"), which upload ("the
// file I just uploaded"), which promotion request ("#7"), which label column, and free text
// (a reason, a description). Each finder marks the tokens it takes as used.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/offline/text.hpp"
#include "agent/planner.hpp"

namespace mlgate::agent::offline {

// A registered model named in the message, exactly, by a word of a multi-word name, or
// with a typo. Exact names win over typos; the first mention wins among equals.
const ModelView* find_model(std::vector<Token>& tokens, const Context& ctx);
// "it", "this", "that", "same": the model the conversation is about.
bool mentions_pronoun(const std::vector<Token>& tokens);

// A version as named, before it is resolved against one model.
struct VersionRef {
  enum class Kind { number, staging, production, latest, archived };
  Kind kind = Kind::number;
  int64_t number = 0;
};
// In the order written. "production" may name a destination ("promote v3 to production"):
// the caller drops such references for the tools where it does.
std::vector<VersionRef> find_versions(std::vector<Token>& tokens);
// The version number a reference means for this model, or nothing when it has none such.
std::optional<int64_t> resolve_version(const VersionRef& ref, const ModelView& model);
std::optional<int64_t> production_version(const ModelView& model);
std::optional<int64_t> newest_in_stage(const ModelView& model, std::string_view stage);

// "promotion 7", "request #7", "#7"; with `bare_number_ok`, also a lone "7".
std::optional<int64_t> find_promotion_id(std::vector<Token>& tokens, bool bare_number_ok);

// An upload of `kind` ("onnx" or "csv") named by id or file name, or by "the file I just
// uploaded" (the newest). `named_generically` says whether any file was mentioned at all.
struct UploadRef {
  const UploadView* upload = nullptr;
  bool mentioned = false;
};
UploadRef find_upload(std::vector<Token>& tokens, const Context& ctx, std::string_view kind);
std::vector<const UploadView*> uploads_of_kind(const Context& ctx, std::string_view kind);

// A column of `columns` the message names as the label ("label species", "against survived").
std::optional<std::string> find_column(std::vector<Token>& tokens, const std::vector<std::string>& columns);

// Free text after "because"/"since"/"reason:" (a reason) or "description"/quotes (a
// description), cut from the message as typed.
std::optional<std::string> find_reason(std::string_view message, const std::vector<Token>& tokens);
std::optional<std::string> find_description(std::string_view message, const std::vector<Token>& tokens);

// A name for a new model: "as fraud", "called fraud", "the fraud model".
std::optional<std::string> find_new_model_name(std::vector<Token>& tokens);
bool valid_model_name(std::string_view name);

}  // namespace mlgate::agent::offline
