#include "agent/offline/request.hpp"

#include <algorithm>
#include <cctype>

#include "agent/offline/fuzzy.hpp"
#include "agent/offline/reply.hpp"
#include "agent/tool_specs.hpp"

namespace mlgate::agent::offline {
using nlohmann::json;
namespace {

// Longer messages are not commands; reading only the start keeps the cost bounded.
constexpr size_t kMaxMessage = 2000;

const ModelView* model_named(const Context& ctx, const std::string& name) {
  for (const auto& m : ctx.models)
    if (m.name == name) return &m;
  return nullptr;
}

bool has_version(const ModelView& m, int64_t v) {
  return std::any_of(m.versions.begin(), m.versions.end(), [&](const VersionView& x) { return x.number == v; });
}

std::vector<std::string> model_names(const Context& ctx) {
  std::vector<std::string> out;
  for (const auto& m : ctx.models) out.push_back(m.name);
  return out;
}

bool is_file_word(const Token& t) {
  return t.is("file") || t.is("upload") || t.is("uploaded") || t.is("csv") || t.is("data") || t.is("dataset") || t.is("onnx");
}

// Something the message names that is not part of the registry ("the database").

// Whether a word is part of a model or feature name (ASCII, case-insensitive).
bool in_some_name(std::string_view w, const Context& ctx) {
  auto contains = [&](std::string_view name) {
    if (name.size() < w.size()) return false;
    for (size_t i = 0; i + w.size() <= name.size(); ++i) {
      size_t k = 0;
      while (k < w.size() && std::tolower(static_cast<unsigned char>(name[i + k])) == w[k]) ++k;
      if (k == w.size()) return true;
    }
    return false;
  };
  for (const auto& m : ctx.models) {
    if (contains(m.name)) return true;
    for (const auto& f : m.features)
      if (contains(f)) return true;
  }
  return false;
}

// A reason ("because v2 is misbehaving") or a quoted description is the person's text:
// its words name no model, version or feature.
void hide_free_text(std::vector<Token>& t) {
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i].is("because") || t[i].is("since") || t[i].is("reason") || t[i].is("description")) {
      for (size_t k = i + 1; k < t.size(); ++k) t[k].used = true;
      return;
    }
}

bool names_other_object(const std::vector<Token>& t, const Context& ctx) {
  for (const auto& tok : t)
    if (tok.kind == Token::Kind::word && !tok.used && !tok.cue && !is_filler(tok.text) && tok.text.size() >= 3 && !is_file_word(tok) &&
        !in_some_name(tok.text, ctx))
      return true;
  return false;
}

std::string missing_version_note(const VersionRef& ref, const ModelView& m) {
  switch (ref.kind) {
    case VersionRef::Kind::number: return m.name + " has no version " + std::to_string(ref.number) + ". ";
    case VersionRef::Kind::staging: return m.name + " has no version in staging. ";
    case VersionRef::Kind::production: return m.name + " has no version in production. ";
    case VersionRef::Kind::archived: return m.name + " has no archived version. ";
    case VersionRef::Kind::latest: return m.name + " has no versions. ";
  }
  return {};
}

// The lone positive whole number of a message that answers "which version?" or "which id?".
std::optional<int64_t> bare_number(std::vector<Token>& t) {
  std::optional<int64_t> n;
  for (auto& tok : t) {
    if (tok.used || !tok.is_number()) continue;
    if (n || !tok.integral || tok.value < 1) return std::nullopt;
    n = static_cast<int64_t>(tok.value);
  }
  return n;
}

struct Filler {
  const std::string& tool;
  json& args;
  Reading& r;
  const Context& ctx;
  const Focus& focus;
  const std::string& answering;
  const std::vector<std::string>& earlier;
  const json& props;
  const json& required;
  const ModelView* model = nullptr;
  std::string note;  // says why an answer was not taken ("churn has no version 9. ")

  bool needs(const char* slot) const { return std::find(required.begin(), required.end(), slot) != required.end(); }
  bool takes(const char* slot) const { return props.contains(slot); }
  bool focus_applies() const { return model && focus.model == model->name && focus.version && has_version(*model, *focus.version); }

  std::optional<std::string> fill_model() {
    if (tool == "register_model") {
      if (r.model) args["model"] = r.model->name;
      else if (auto n = find_new_model_name(r.tokens)) args["model"] = *n;
      else if (answering == "model")
        for (auto& t : r.tokens)
          if (t.kind == Token::Kind::word && !t.used && !t.cue && !is_filler(t.text) && valid_model_name(t.original)) {
            args["model"] = t.original, t.used = true;
            break;
          }
      if (!args.contains("model")) return "What should the model be called? Existing models: " + name_list(model_names(ctx)) + ".";
      model = model_named(ctx, args["model"].get<std::string>());
      return std::nullopt;
    }
    if (r.model) {
      if (args.contains("model") && args["model"] != r.model->name) args.erase("version");
      args["model"] = r.model->name;
    } else if (!args.contains("model")) {
      bool audit = tool == "audit_trail";
      if (!focus.model.empty() && model_named(ctx, focus.model) && (!audit || r.pronoun)) args["model"] = focus.model;
      else if (ctx.models.size() == 1 && !audit) args["model"] = ctx.models[0].name;
    }
    if (args.contains("model")) model = model_named(ctx, args["model"].get<std::string>());
    if (args.contains("model") && !model) args.erase("model");  // gone since the question was asked
    if (!model && needs("model"))
      return ctx.models.empty() ? std::string("No models are registered yet: upload an .onnx file and ask me to register it.")
                                : "Which model? " + name_list(model_names(ctx)) + ".";
    return std::nullopt;
  }

  std::vector<VersionRef> version_refs() {
    std::vector<VersionRef> refs;
    for (const auto& ref : r.versions)
      if (!(ref.kind == VersionRef::Kind::production && (tool == "request_promotion" || tool == "rollback"))) refs.push_back(ref);
    if (r.hash_id) refs.push_back({VersionRef::Kind::number, *r.hash_id});
    // Named before the model was known ("delete v1" ... "churn"): read those messages again.
    if (refs.empty() && !args.contains("version") && !args.contains("version_a"))
      for (auto text = earlier.rbegin(); text != earlier.rend() && refs.empty(); ++text) {
        auto tokens = tokenize(*text);
        hide_free_text(tokens);
        for (const auto& ref : find_versions(tokens))
          if (!(ref.kind == VersionRef::Kind::production && (tool == "request_promotion" || tool == "rollback"))) refs.push_back(ref);
      }
    if (refs.empty() && (answering == "version" || answering == "version_a"))
      if (auto n = bare_number(r.tokens)) refs.push_back({VersionRef::Kind::number, *n});
    return refs;
  }

  std::optional<int64_t> resolve(const VersionRef& ref) {
    auto v = resolve_version(ref, *model);
    if (!v) note += missing_version_note(ref, *model);
    return v;
  }

  std::optional<std::string> fill_version() {
    if (!takes("version") || !model) return std::nullopt;
    auto refs = version_refs();
    if (!refs.empty()) {
      if (auto v = resolve(refs[0])) args["version"] = *v;
      else args.erase("version");
    } else if (!args.contains("version") && needs("version")) {
      if (!r.model && focus_applies()) args["version"] = *focus.version;
      else if (model->versions.size() == 1) args["version"] = model->versions[0].number;
    }
    std::string which = "Which version of " + model->name + "? " + version_list(*model) + ".";
    if (model->versions.empty()) return model->name + " has no versions yet.";
    if (!args.contains("version") && (needs("version") || !note.empty())) return note + which;
    if (tool == "predict" && !args.contains("version") && !production_version(*model))
      return model->name + " has nothing in production, so name a version. " + which;
    return std::nullopt;
  }

  std::optional<std::string> fill_compared() {
    if (tool != "compare_versions" || !model) return std::nullopt;
    std::vector<int64_t> vs;
    for (const auto& ref : version_refs())
      if (auto v = resolve(ref); v && std::find(vs.begin(), vs.end(), *v) == vs.end()) vs.push_back(*v);
    if (!note.empty()) return note + "Which versions of " + model->name + "? " + version_list(*model) + ".";
    if (vs.empty() && !args.contains("version_a") && r.pronoun && focus_applies()) vs.push_back(*focus.version);
    if (vs.empty()) return std::nullopt;  // the tool's default: production against the newest staging
    auto prod = production_version(*model);
    if (vs.size() == 1) {
      // The other side: the one in focus, else production, else the newest staging.
      std::optional<int64_t> other;
      if (r.pronoun && focus_applies() && *focus.version != vs[0]) other = focus.version;
      else if (prod && *prod != vs[0]) other = prod;
      else if (auto s = newest_in_stage(*model, "staging"); s && *s != vs[0]) other = s;
      // Production, when it is one of the two, is the baseline (version_a), as in the default.
      if (other && other == prod) vs.insert(vs.begin(), *other);
      else if (other) vs.push_back(*other);
    }
    args["version_a"] = vs[0];
    if (vs.size() > 1) args["version_b"] = vs[1];
    else args.erase("version_b");
    return std::nullopt;
  }

  std::optional<std::string> fill_upload() {
    if (!takes("upload_id")) return std::nullopt;
    const std::string kind = tool == "register_model" ? "onnx" : "csv";
    auto all = uploads_of_kind(ctx, kind);
    auto ref = find_upload(r.tokens, ctx, kind);
    if (ref.upload) args["upload_id"] = ref.upload->id;
    else if (!args.contains("upload_id") && all.size() == 1) args["upload_id"] = all[0]->id;
    if (args.contains("upload_id")) return std::nullopt;
    if (all.empty()) return "Which file? You have no uploaded ." + kind + " file yet: upload one, then ask again.";
    std::vector<std::string> names;
    for (const auto* u : all) names.push_back(u->filename + " (" + u->id + ")");
    return "Which file? " + name_list(names) + ".";
  }

  std::optional<std::string> fill_label() {
    if (!takes("label") || !args.contains("upload_id")) return std::nullopt;
    const UploadView* upload = nullptr;
    for (const auto& u : ctx.uploads)
      if (u.id == args["upload_id"]) upload = &u;
    if (!upload) return std::nullopt;
    // The label is never one of the model's features.
    std::vector<std::string> candidates;
    for (const auto& c : upload->columns)
      if (!model || std::find(model->features.begin(), model->features.end(), c) == model->features.end()) candidates.push_back(c);
    const auto& pool = candidates.empty() ? upload->columns : candidates;
    if (auto c = find_column(r.tokens, pool)) args["label"] = *c;
    else if (answering == "label") {
      std::vector<std::string> lowered;
      for (const auto& c : pool) lowered.push_back(lower(c));
      for (const auto& t : r.tokens)
        if (!t.used && t.kind == Token::Kind::word)
          if (auto m = best_match(t.text, lowered)) {
            args["label"] = pool[m->index];
            break;
          }
    }
    if (!args.contains("label") && candidates.size() == 1) args["label"] = candidates[0];
    if (args.contains("label")) return std::nullopt;
    return "Which column of " + upload->filename + " holds the true label? " + name_list(pool) + ".";
  }

  std::optional<std::string> fill_promotion() {
    if (!takes("promotion_id")) return std::nullopt;
    auto id = r.hash_id ? r.hash_id : find_promotion_id(r.tokens, true);
    if (id) args["promotion_id"] = *id;
    if (args.contains("promotion_id")) return std::nullopt;
    // No number: the pending requests the message can mean, narrowed by the model and the
    // version it names; one left is the one meant, several are listed to choose from.
    const ModelView* named = r.model ? r.model : (r.pronoun ? model : nullptr);
    std::vector<const PromotionView*> candidates;
    for (const auto& p : ctx.pending_promotions) {
      if (named && p.model != named->name) continue;
      bool version_fits = true;
      if (named)
        for (const auto& ref : r.versions)
          if (auto v = resolve_version(ref, *named); v && *v != p.version) version_fits = false;
      if (version_fits) candidates.push_back(&p);
    }
    if (candidates.size() == 1) {
      args["promotion_id"] = candidates[0]->id;
      return std::nullopt;
    }
    const std::string verb = tool == "reject_promotion" ? "reject" : "approve";
    if (candidates.empty())
      return "There is no pending promotion request" + (named ? " for " + named->name : std::string()) + " to " + verb + ".";
    std::vector<std::string> listed;
    for (const auto* p : candidates)
      listed.push_back("#" + std::to_string(p->id) + " (" + p->model + " v" + std::to_string(p->version) + ", asked by " + p->requested_by + ")");
    return "Which promotion request? " + name_list(listed) + ". Say, for example, \"" + verb + " promotion " +
           std::to_string(candidates[0]->id) + "\".";
  }

  std::optional<std::string> fill_features() {
    if (tool != "predict" || !model) return std::nullopt;
    json features = args.value("features", json::object());
    // Values typed before the model was known are read again now that it is.
    if (!args.contains("features"))
      for (const auto& text : earlier) {
        Reading before = read_message(text, ctx, model);
        auto found = find_feature_values(before.tokens, model->features);
        for (auto& [k, v] : features.items()) found.named.emplace(k, v);
        features = place_unnamed(found, model->features);
      }
    auto found = find_feature_values(r.tokens, model->features);
    for (auto& [k, v] : found.named.items()) features[k] = v;
    found.named = features;
    features = place_unnamed(found, model->features);
    args["features"] = features;
    std::vector<std::string> missing;
    for (const auto& f : model->features)
      if (!features.contains(f)) missing.push_back(f);
    if (model->features.empty() && features.empty()) return "Which feature values should " + model->name + " predict from?";
    if (missing.empty()) return std::nullopt;
    return "Which values for " + model->name + "? Missing: " + name_list(missing, 40) + ".";
  }

  // "with test size 0.3", "a 30% holdout", "using xgboost" for a retrain.
  std::optional<std::string> fill_training() {
    if (tool != "retrain") return std::nullopt;
    auto& t = r.tokens;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i].is("xgboost") || t[i].is("boosted") || t[i].is("gbm")) args["trainer"] = "xgboost";
      if (t[i].is("linear") || t[i].is("logistic")) args["trainer"] = "linear";
      if (!t[i].is_number() || t[i].hash) continue;
      bool near_split = false;
      for (size_t k = i >= 3 ? i - 3 : 0; k < std::min(t.size(), i + 3); ++k)
        near_split = near_split || t[k].is("size") || t[k].is("test_size") || t[k].is("holdout") || t[k].is("split") ||
                     t[k].is("held") || t[k].is("test");
      if (!near_split) continue;
      double v = t[i].value;
      const bool percent = (t[i].end < r.message.size() && r.message[t[i].end] == '%') || (i + 1 < t.size() && t[i + 1].is("percent"));
      if (percent || v >= 1) v /= 100;
      if (v > 0 && v < 1) {
        args["test_size"] = v;
        t[i].used = true;
      }
    }
    return std::nullopt;
  }

  // "over the last 7 days", "in the past hour", "24h" for the monitoring reports.
  std::optional<std::string> fill_window() {
    if (!takes("window")) return std::nullopt;
    auto& t = r.tokens;
    auto unit_of = [](const Token& w) -> const char* {
      if (w.is("h") || w.is("hour") || w.is("hours") || w.is("hr") || w.is("hrs")) return "h";
      if (w.is("d") || w.is("day") || w.is("days")) return "d";
      if (w.is("m") || w.is("min") || w.is("mins") || w.is("minute") || w.is("minutes")) return "m";
      if (w.is("w") || w.is("week") || w.is("weeks")) return "w";
      return nullptr;
    };
    for (size_t i = 0; i < t.size(); ++i) {
      const char* unit = unit_of(t[i]);
      if (!unit) continue;
      int64_t n = 1;
      if (i > 0 && t[i - 1].is_number() && t[i - 1].integral && t[i - 1].value >= 1 && t[i - 1].value <= 10000) n = int64_t(t[i - 1].value);
      else if (!(i > 0 && (t[i - 1].is("last") || t[i - 1].is("past") || t[i - 1].is("an") || t[i - 1].is("a") || t[i - 1].is("this"))))
        continue;
      args["window"] = std::string(unit) == "w" ? std::to_string(n * 7) + "d" : std::to_string(n) + unit;
    }
    for (const auto& w : t) {
      if (w.is("today")) args["window"] = "24h";
      if (w.is("month")) args["window"] = "30d";
    }
    return std::nullopt;
  }

  void fill_text() {
    if (takes("reason") && !args.contains("reason"))
      if (auto s = find_reason(r.message, r.tokens)) args["reason"] = *s;
    if (takes("description") && !args.contains("description"))
      if (auto s = find_description(r.message, r.tokens)) args["description"] = *s;
  }
};
}  // namespace

Reading read_message(std::string_view message, const Context& ctx, const ModelView* focus_model) {
  Reading r;
  r.message = std::string(message.substr(0, kMaxMessage));
  r.tokens = tokenize(r.message);
  hide_free_text(r.tokens);
  r.cues = find_cues(r.tokens, [&](std::string_view w) { return in_some_name(w, ctx); });
  r.model = find_model(r.tokens, ctx);
  r.pronoun = mentions_pronoun(r.tokens);
  r.versions = find_versions(r.tokens);
  r.hash_id = find_promotion_id(r.tokens, false);
  Signals s;
  s.model = r.model != nullptr;
  s.version = !r.versions.empty();
  s.promotion_id = r.hash_id.has_value();
  s.pronoun = r.pronoun && focus_model;
  const ModelView* reading_for = r.model ? r.model : focus_model;
  auto copy = r.tokens;
  if (reading_for && !reading_for->features.empty()) {
    auto fv = find_feature_values(copy, reading_for->features);
    s.features = !fv.named.empty() || fv.unnamed.size() == reading_for->features.size();
  }
  for (const auto& kind : {"onnx", "csv"}) s.upload = s.upload || find_upload(copy, ctx, kind).upload != nullptr;
  // Feature names and file names are registry words, not other objects.
  s.other_object = r.other_object = names_other_object(copy, ctx);
  r.intent = choose_intent(r.cues, s);
  return r;
}

Outcome complete(const std::string& tool, json args, Reading& r, const Context& ctx, const Focus& focus, const std::string& answering,
                 const std::vector<std::string>& earlier) {
  const ToolSpec* spec = find_tool_spec(tool);
  Outcome o;
  if (!spec) return o;
  const json& props = spec->parameters["properties"];
  static const json kNone = json::array();
  const json& required = spec->parameters.contains("required") ? spec->parameters["required"] : kNone;
  if (!args.is_object()) args = json::object();
  // A partial request comes back from stored state: keep only arguments of the right type.
  for (auto it = args.begin(); it != args.end();) {
    const json* p = props.contains(it.key()) ? &props[it.key()] : nullptr;
    const std::string type = p ? p->value("type", "") : "";
    bool fits = (type == "string" && it->is_string()) || (type == "integer" && it->is_number_integer()) ||
                (type == "number" && it->is_number()) || (type == "object" && it->is_object());
    it = fits ? std::next(it) : args.erase(it);
  }
  Filler f{tool, args, r, ctx, focus, answering, earlier, props, required, nullptr, {}};
  // The reason and description are free text: cut them before the slots read the words.
  f.fill_text();
  // One question at a time, in the order a form would ask.
  std::pair<const char*, std::optional<std::string> (Filler::*)()> steps[] = {
      {"model", &Filler::fill_model},           {"version", &Filler::fill_version},   {"version_a", &Filler::fill_compared},
      {"promotion_id", &Filler::fill_promotion}, {"upload_id", &Filler::fill_upload}, {"label", &Filler::fill_label},
      {"features", &Filler::fill_features},        {"test_size", &Filler::fill_training}, {"window", &Filler::fill_window}};
  // Every slot is filled from what this message says; the first one missing is asked for.
  for (auto& [slot, step] : steps) {
    auto question = (f.*step)();
    if (question && o.missing.empty()) {
      o.missing = slot;
      o.question = *question;
    }
  }
  // The model helps find a promotion request but is not an argument of the approval itself.
  for (auto it = args.begin(); it != args.end();) it = props.contains(it.key()) ? std::next(it) : args.erase(it);
  o.arguments = args;
  return o;
}

}  // namespace mlgate::agent::offline
