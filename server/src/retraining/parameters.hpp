// Trainer parameters: given as text (a query string's or a JSON body's values, as the caller
// got them), checked against each trainer's table, defaults filled in, reported for lineage.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mlgate/result.hpp"

namespace mlgate::retraining {

struct ParamDef {
  enum class Kind { integer, real, choice };
  std::string name;                  // the canonical name, as reported
  std::vector<std::string> aliases;  // accepted too (XGBoost's native names, ...)
  Kind kind = Kind::real;
  double min = 0, max = 0;           // inclusive bounds, unless open
  bool min_open = false, max_open = false;
  std::vector<std::string> choices;  // Kind::choice
  std::string default_value;         // as text; empty: derived from the data by the trainer
  std::string help;
};

class Params {
 public:
  bool given(const std::string& name) const;
  double real(const std::string& name) const;
  long long integer(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  // A default the trainer derives from the data (when the caller gave none).
  void set_real(const std::string& name, double value);
  // Canonical name → value (numbers as numbers).
  nlohmann::json to_json() const;

 private:
  friend Result<Params> parse_params(const std::string&, const std::vector<ParamDef>&, const std::map<std::string, std::string>&);
  struct Value {
    ParamDef::Kind kind = ParamDef::Kind::real;
    double number = 0;
    std::string text;
    bool given = false;
  };
  std::map<std::string, Value> values_;
};

// Errors (400 invalid_parameter), each naming the parameter: an unknown name (listing the
// known ones), a name given twice through aliases, a value that is not a number / integer /
// one of the choices, a value out of range.
Result<Params> parse_params(const std::string& trainer, const std::vector<ParamDef>& defs, const std::map<std::string, std::string>& given);

// Shortest text that reads back as the same double.
std::string format_number(double v);

}  // namespace mlgate::retraining
