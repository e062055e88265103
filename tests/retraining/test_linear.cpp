// Trainer "linear": its ONNX model gives the trainer's own predictions (from the model it
// reports) to 1e-5, least squares is the normal-equations solution, and logistic regression
// stops at the optimum.
#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "datasets.hpp"
#include "retraining/linear_model.hpp"
#include "retraining_support.hpp"

using namespace mlgate;
using nlohmann::json;
using retraining::Task;

namespace {

retraining::TrainedModel train_linear(const retraining::TrainingSet& set, std::map<std::string, std::string> params = {}) {
  auto m = retraining::train(set, {.trainer = "linear", .test_size = 0.25, .seed = 1, .params = std::move(params)});
  INFO((m ? "" : m.error().code + ": " + m.error().message));
  REQUIRE(m.ok());
  return std::move(m.value());
}

// The reported model (standardisation, coefficients on standardised features), evaluated
// here in double: its margins for one row.
std::vector<double> margins(const json& native, const float* x) {
  const auto mean = native["standardization"]["mean"].get<std::vector<double>>();
  const auto scale = native["standardization"]["scale"].get<std::vector<double>>();
  const auto& coef = native["standardized"]["coefficients"];
  const auto icpt = native["standardized"]["intercepts"].get<std::vector<double>>();
  std::vector<double> out;
  for (std::size_t k = 0; k < icpt.size(); ++k) {
    double m = icpt[k];
    for (std::size_t j = 0; j < mean.size(); ++j) m += coef[k][j].get<double>() * (std::isnan(x[j]) ? 0.0 : (x[j] - mean[j]) * scale[j]);
    out.push_back(m);
  }
  return out;
}

std::vector<double> outputs(const json& native, Task task, std::size_t classes, const float* x) {
  auto m = margins(native, x);
  if (task == Task::regression) return m;
  if (classes == 2) {
    const double p = 1 / (1 + std::exp(-m[0]));
    return {1 - p, p};
  }
  double top = m[0], sum = 0;
  for (double v : m) top = std::max(top, v);
  for (double& v : m) sum += (v = std::exp(v - top));
  for (double& v : m) v /= sum;
  return m;
}

double check_reproduces_model(const retraining::TrainingSet& set, const retraining::TrainedModel& m) {
  const json native = json::parse(m.native_model);
  std::vector<double> expected;
  for (std::size_t r = 0; r < set.rows(); ++r) {
    auto o = outputs(native, set.task, set.classes.size(), set.row(r));
    expected.insert(expected.end(), o.begin(), o.end());
  }
  const auto got = test::run_onnx(m.onnx, set.x, set.rows(), set.features.size());
  const double gap = set.task == Task::regression ? test::max_rel_diff(got.values, expected) : test::max_abs_diff(got.values, expected);
  CHECK(gap <= 1e-5);
  return gap;
}

// Gaussian elimination with partial pivoting, for the normal equations in the test.
std::vector<double> solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  const std::size_t n = b.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t p = i;
    for (std::size_t r = i + 1; r < n; ++r)
      if (std::fabs(a[r][i]) > std::fabs(a[p][i])) p = r;
    std::swap(a[i], a[p]);
    std::swap(b[i], b[p]);
    for (std::size_t r = i + 1; r < n; ++r) {
      const double f = a[r][i] / a[i][i];
      for (std::size_t c = i; c < n; ++c) a[r][c] -= f * a[i][c];
      b[r] -= f * b[i];
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = n; i-- > 0;) {
    double t = b[i];
    for (std::size_t c = i + 1; c < n; ++c) t -= a[i][c] * x[c];
    x[i] = t / a[i][i];
  }
  return x;
}

// y = 256/713 + 987/1426 x1 + 1134/713 x2 in least squares: the normal equations
// XᵀX = [[12, 78, 52], [78, 650, 388], [52, 388, 296]], Xᵀy = [141, 1095, 758], solved by hand
// in fractions (check: 12·256/713 + 78·987/1426 + 52·1134/713 = 100533/713 = 141).
const char* kHandChecked =
    "x1,x2,y\n1,3,4\n2,1,3\n3,4,9\n4,1,7\n5,5,12\n6,9,20\n7,2,8\n8,6,15\n9,5,14\n10,3,12\n11,5,16\n12,8,21\n";

}  // namespace

TEST_CASE("a linear model's ONNX export gives the trainer's own predictions on every row", "[retraining][linear]") {
  for (const auto& named : test::all_sets()) {
    INFO(named.name);
    auto m = train_linear(named.set);
    const double gap = check_reproduces_model(named.set, m);
    SUCCEED("max gap " << gap);
  }
}

TEST_CASE("a feature with a large offset keeps the export within 1e-5 (the standardisation is a Scaler, not folded)", "[retraining][linear]") {
  for (int classes : {2, 0}) {
    CAPTURE(classes);
    auto set = test::set_of(test::synthetic_csv(600, 4, 0.2, classes, 17, false, 1e6), {.label = "y"});
    check_reproduces_model(set, train_linear(set));
  }
}

TEST_CASE("linear regression finds the normal-equations solution of a hand-checked data set", "[retraining][linear]") {
  auto set = test::set_of(kHandChecked, {.label = "y", .task = Task::regression});
  std::vector<std::size_t> all(set.rows());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  auto m = retraining::linear::fit_least_squares(set, all, 0.0);
  REQUIRE(m.ok());
  // Back to the original units: w_j · scale_j, and the intercept without the offsets.
  const auto& s = m->standardization;
  const double w1 = m->coefficients[0] * s.scale[0], w2 = m->coefficients[1] * s.scale[1];
  const double b = m->intercepts[0] - w1 * s.mean[0] - w2 * s.mean[1];
  CHECK_THAT(b, Catch::Matchers::WithinAbs(256.0 / 713, 1e-12));
  CHECK_THAT(w1, Catch::Matchers::WithinAbs(987.0 / 1426, 1e-12));
  CHECK_THAT(w2, Catch::Matchers::WithinAbs(1134.0 / 713, 1e-12));

  SECTION("through train(): the normal equations of the training rows, in the reported original-unit coefficients") {
    auto trained = train_linear(set, {{"l2", "0"}});
    auto split = retraining::holdout_split(set, 0.25, 1);
    REQUIRE(split.ok());
    std::vector<std::vector<double>> xtx(3, std::vector<double>(3, 0.0));
    std::vector<double> xty(3, 0.0);
    for (std::size_t r : split->train) {
      const double row[3] = {1, set.row(r)[0], set.row(r)[1]};
      for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) xtx[i][j] += row[i] * row[j];
        xty[i] += row[i] * set.y_value[r];
      }
    }
    const auto expected = solve(xtx, xty);
    const json native = json::parse(trained.native_model);
    CHECK_THAT(native["intercepts"][0].get<double>(), Catch::Matchers::WithinAbs(expected[0], 1e-10));
    CHECK_THAT(native["coefficients"][0][0].get<double>(), Catch::Matchers::WithinAbs(expected[1], 1e-10));
    CHECK_THAT(native["coefficients"][0][1].get<double>(), Catch::Matchers::WithinAbs(expected[2], 1e-10));
    check_reproduces_model(set, trained);
  }
}

TEST_CASE("logistic regression stops at the optimum and classifies sensibly", "[retraining][linear]") {
  for (const auto& named : {test::iris(), test::breast_cancer(), test::breast_cancer_missing(), test::wine()}) {
    INFO(named.name);
    const auto& set = named.set;
    auto m = train_linear(set);
    const json native = json::parse(m.native_model);
    auto split = retraining::holdout_split(set, 0.25, 1);
    REQUIRE(split.ok());

    // The gradient of Σ log-loss + l2/2 ||w||² on the standardised features, computed here.
    const std::size_t c = set.classes.size(), f = set.features.size();
    const std::size_t blocks = c == 2 ? 1 : c;
    const double l2 = m.parameters["l2"].get<double>();
    std::vector<double> g(blocks * (f + 1), 0.0);
    const auto mean = native["standardization"]["mean"].get<std::vector<double>>();
    const auto scale = native["standardization"]["scale"].get<std::vector<double>>();
    for (std::size_t r : split->train) {
      const auto p = outputs(native, set.task, c, set.row(r));
      for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t k = c == 2 ? 1 : b;
        const double resid = p[k] - (static_cast<std::size_t>(set.y_class[r]) == k ? 1.0 : 0.0);
        g[b * (f + 1)] += resid;
        for (std::size_t j = 0; j < f; ++j) {
          const float x = set.row(r)[j];
          g[b * (f + 1) + 1 + j] += resid * (std::isnan(x) ? 0.0 : (x - mean[j]) * scale[j]);
        }
      }
    }
    double worst = 0;
    for (std::size_t b = 0; b < blocks; ++b)
      for (std::size_t j = 0; j < f; ++j) {
        const double v = g[b * (f + 1) + 1 + j] + l2 * native["standardized"]["coefficients"][b][j].get<double>();
        worst = std::max(worst, std::fabs(v));
      }
    for (std::size_t b = 0; b < blocks; ++b) worst = std::max(worst, std::fabs(g[b * (f + 1)]));
    CHECK(worst / static_cast<double>(split->train.size()) < 1e-8);
    CHECK(native["gradient_max_abs"].get<double>() <= 1e-9);
    CHECK(m.metrics["accuracy"].get<double>() >= 0.9);
  }
}

TEST_CASE("the linear trainer is deterministic", "[retraining][linear]") {
  auto named = test::breast_cancer_blanked();
  CHECK(train_linear(named.set).onnx == train_linear(named.set).onnx);
}
