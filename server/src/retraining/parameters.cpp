#include "retraining/parameters.hpp"

#include <charconv>
#include <cmath>

namespace mlgate::retraining {
namespace {

Error invalid(const std::string& trainer, const std::string& name, const std::string& why) {
  return bad_request("invalid_parameter", "parameter '" + name + "' of trainer " + trainer + ": " + why);
}

std::string range_text(const ParamDef& d) {
  const bool unbounded = std::isinf(d.max);
  if (unbounded) return std::string(d.min_open ? "greater than " : "at least ") + format_number(d.min);
  return std::string(d.min_open ? "in (" : "in [") + format_number(d.min) + ", " + format_number(d.max) + (d.max_open ? ")" : "]");
}

Status parse_value(const std::string& trainer, const ParamDef& d, const std::string& text, double& number) {
  if (d.kind == ParamDef::Kind::choice) {
    for (const auto& c : d.choices)
      if (c == text) return ok_status();
    std::string list;
    for (const auto& c : d.choices) list += (list.empty() ? "" : ", ") + c;
    return invalid(trainer, d.name, "'" + text.substr(0, 64) + "' is not one of " + list);
  }
  const char* b = text.data();
  const char* e = b + text.size();
  if (b != e && *b == '+') ++b;
  if (d.kind == ParamDef::Kind::integer) {
    long long v = 0;
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || p != e || b == e) return invalid(trainer, d.name, "'" + text.substr(0, 64) + "' is not an integer");
    number = static_cast<double>(v);
  } else {
    auto [p, ec] = std::from_chars(b, e, number);
    if (ec != std::errc() || p != e || b == e || !std::isfinite(number))
      return invalid(trainer, d.name, "'" + text.substr(0, 64) + "' is not a number");
  }
  const bool low = d.min_open ? !(number > d.min) : !(number >= d.min);
  const bool high = d.max_open ? !(number < d.max) : !(number <= d.max);
  if (low || high) return invalid(trainer, d.name, format_number(number) + " is out of range: it must be " + range_text(d));
  return ok_status();
}

}  // namespace

std::string format_number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

bool Params::given(const std::string& name) const { return values_.at(name).given; }
double Params::real(const std::string& name) const { return values_.at(name).number; }
long long Params::integer(const std::string& name) const { return static_cast<long long>(values_.at(name).number); }
const std::string& Params::text(const std::string& name) const { return values_.at(name).text; }

void Params::set_real(const std::string& name, double value) {
  auto& v = values_.at(name);
  v.number = value;
  v.text = format_number(value);
}

nlohmann::json Params::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : values_) {
    if (v.kind == ParamDef::Kind::choice) out[name] = v.text;
    else if (v.kind == ParamDef::Kind::integer) out[name] = static_cast<long long>(v.number);
    else out[name] = v.number;
  }
  return out;
}

Result<Params> parse_params(const std::string& trainer, const std::vector<ParamDef>& defs, const std::map<std::string, std::string>& given) {
  Params out;
  std::map<std::string, std::string> seen_as;  // canonical name → the name it was given as
  for (const auto& [key, text] : given) {
    const ParamDef* def = nullptr;
    for (const auto& d : defs) {
      if (d.name == key) def = &d;
      for (const auto& a : d.aliases)
        if (a == key) def = &d;
    }
    if (!def) {
      std::string known;
      for (const auto& d : defs) {
        known += (known.empty() ? "" : ", ") + d.name;
        for (const auto& a : d.aliases) known += " (" + a + ")";
      }
      return bad_request("invalid_parameter", "unknown parameter '" + key.substr(0, 64) + "' for trainer " + trainer + "; known: " + known);
    }
    if (auto it = seen_as.find(def->name); it != seen_as.end())
      return invalid(trainer, def->name, "given twice, as '" + it->second + "' and '" + key + "'");
    seen_as.emplace(def->name, key);
    Params::Value v{def->kind, 0, text, true};
    if (auto st = parse_value(trainer, *def, text, v.number); !st) return st.error();
    out.values_[def->name] = std::move(v);
  }
  for (const auto& d : defs) {
    if (out.values_.count(d.name)) continue;
    Params::Value v{d.kind, 0, d.default_value, false};
    if (!d.default_value.empty() && d.kind != ParamDef::Kind::choice) std::from_chars(d.default_value.data(), d.default_value.data() + d.default_value.size(), v.number);
    out.values_[d.name] = std::move(v);
  }
  return out;
}

}  // namespace mlgate::retraining
