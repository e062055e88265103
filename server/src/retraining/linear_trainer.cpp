// Trainer "linear": logistic regression (binary, multinomial) for classification and
// ridge-stabilised least squares for regression, on standardised features.
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "retraining/fitted.hpp"
#include "retraining/linear_export.hpp"
#include "retraining/linear_model.hpp"

namespace mlgate::retraining {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kClassifierL2 = 1.0;    // scikit-learn LogisticRegression's C = 1
constexpr double kRegressionL2 = 1e-6;   // just enough to keep collinear columns solvable

const std::vector<ParamDef>& parameters() {
  using K = ParamDef::Kind;
  static const std::vector<ParamDef> defs = {
      {"l2", {}, K::real, 0, kInf, false, false, {}, "",
       "L2 penalty on the standardised coefficients (objective: sum of losses + l2/2 ||w||^2); default 1 (classification), 1e-6 (regression)"},
      {"max_iter", {}, K::integer, 1, 1000, false, false, {}, "100", "Newton steps at most (logistic regression)"},
      {"tol", {}, K::real, 0, 1, true, true, {}, "1e-9", "convergence: max |gradient| per training row (logistic regression)"},
  };
  return defs;
}

nlohmann::json rows_of(const std::vector<double>& v, std::size_t rows) {
  nlohmann::json out = nlohmann::json::array();
  const std::size_t width = v.size() / rows;
  for (std::size_t k = 0; k < rows; ++k) out.push_back(std::vector<double>(v.begin() + static_cast<long>(k * width), v.begin() + static_cast<long>((k + 1) * width)));
  return out;
}

// The model in its own words, with the coefficients also in the features' original units
// (for present values): what a reader of the lineage wants to see.
std::string native_json(const linear::Model& m, const TrainingSet& set) {
  const auto& s = m.standardization;
  const std::size_t f = set.features.size();
  std::vector<double> coef(m.coefficients.size()), icpt = m.intercepts;
  for (std::size_t k = 0; k < m.rows; ++k)
    for (std::size_t j = 0; j < f; ++j) {
      coef[k * f + j] = m.coefficients[k * f + j] * s.scale[j];
      icpt[k] -= coef[k * f + j] * s.mean[j];
    }
  nlohmann::json j = {
      {"model", set.task == Task::classification ? "logistic_regression" : "linear_regression"},
      {"solver", set.task == Task::classification ? "newton" : "householder_qr"},
      {"features", set.features},
      {"standardization", {{"mean", s.mean}, {"scale", s.scale}}},
      {"standardized", {{"coefficients", rows_of(m.coefficients, m.rows)}, {"intercepts", m.intercepts}}},
      {"coefficients", rows_of(coef, m.rows)},
      {"intercepts", icpt},
      {"iterations", m.iterations},
      {"gradient_max_abs", m.gradient_max_abs},
  };
  if (set.task == Task::classification) j["classes"] = set.classes;
  return j.dump();
}

// Seconds at most, so it does not poll stop_requested.
Result<Fitted> fit(const TrainingSet& set, const Split& split, Params& params, std::uint32_t /*seed: the fit is deterministic*/,
                   const std::function<bool()>& /*stop_requested*/) {
  const bool classify = set.task == Task::classification;
  if (!params.given("l2")) params.set_real("l2", classify ? kClassifierL2 : kRegressionL2);
  if (classify && params.real("l2") == 0 && set.classes.size() > 2)
    return bad_request("invalid_parameter", "parameter 'l2' of trainer linear: multinomial logistic regression needs l2 > 0");
  auto model = classify ? linear::fit_logistic(set, split.train, params.real("l2"), static_cast<int>(params.integer("max_iter")), params.real("tol"))
                        : linear::fit_least_squares(set, split.train, params.real("l2"));
  if (!model) return model.error();

  Fitted out;
  out.parameters = params.to_json();
  if (!classify) {
    out.parameters.erase("max_iter");
    out.parameters.erase("tol");
  }
  out.native_model = native_json(model.value(), set);
  const std::string what = classify ? (set.classes.size() == 2 ? "binary logistic regression" : "multinomial logistic regression")
                                    : "linear regression (least squares)";
  out.onnx = linear::export_onnx(model.value(), set, what + " trained by mlgate on " + std::to_string(split.train.size()) + " rows; label '" + set.label + "'");
  std::vector<double> p;
  for (std::size_t r : split.holdout) {
    linear::predict(model.value(), set.task, set.classes.size(), set.row(r), p);
    out.holdout_outputs.insert(out.holdout_outputs.end(), p.begin(), p.end());
  }
  return out;
}

}  // namespace

const TrainerDef& linear_trainer() {
  static const TrainerDef def{"linear", &parameters, &fit};
  return def;
}

}  // namespace mlgate::retraining
