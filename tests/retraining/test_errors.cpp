// Bad training data and bad trainer settings are refused with the documented error, saying
// what and where.
#include <catch2/catch.hpp>

#include "datasets.hpp"
#include "retraining_support.hpp"

using namespace mlgate;
using Catch::Matchers::Contains;
using retraining::Task;

namespace {

Error data_error(const std::string& csv, const retraining::DataOptions& options) {
  auto s = retraining::make_training_set(test::table_of(csv), options);
  REQUIRE_FALSE(s.ok());
  return s.error();
}

Error train_error(const retraining::TrainingSet& set, const retraining::TrainerSpec& spec) {
  auto m = retraining::train(set, spec);
  REQUIRE_FALSE(m.ok());
  return m.error();
}

std::string rows(int n, const std::string& label_of_row = "") {
  std::string csv = "a,b,y\n";
  for (int i = 0; i < n; ++i) csv += std::to_string(i) + "," + std::to_string(i * i % 7) + "," + (label_of_row.empty() ? std::to_string(i % 2) : label_of_row) + "\n";
  return csv;
}

}  // namespace

TEST_CASE("bad training data is refused, naming the column and line", "[retraining][errors]") {
  auto e = data_error(rows(12), {.label = "nope"});
  CHECK(e.status == 422);
  CHECK(e.code == "missing_label");
  CHECK(e.message == "label column 'nope' is not in the CSV header");

  e = data_error(rows(12, "x"), {.label = "y"});
  CHECK(e.code == "single_class");
  CHECK(e.message == "the label 'y' has the single value 'x': a classifier needs at least two classes");

  e = data_error(test::fixture_text("s06_titanic_logreg_multi_input_zipmap/data.csv"), {.label = "survived"});
  CHECK(e.code == "invalid_feature");
  CHECK_THAT(e.message, Contains("line 2, column 2 ('sex'): 'male' is not a number") && Contains("numeric features only"));

  e = data_error("a,y\n1,0\n2,\n3,1\n", {.label = "y"});
  CHECK(e.code == "missing_label");
  CHECK(e.message == "line 3: the label 'y' is empty");

  e = data_error("a,y\n1,0\ninf,1\n", {.label = "y"});
  CHECK(e.code == "invalid_feature");
  CHECK(e.message == "line 3, column 1 ('a'): 'inf' is not finite");

  e = data_error("a,y\n1,0\n1e39,1\n", {.label = "y"});
  CHECK_THAT(e.message, Contains("beyond the float32 range"));

  e = data_error("\"a,b\",y\n1,0\n2,1\n", {.label = "y"});
  CHECK(e.code == "invalid_column_name");
  CHECK_THAT(e.message, Contains("'a,b' cannot be recorded in the model's feature_names"));

  e = data_error("a,b,y\n1,2,0\n2,3,1\n", {.label = "y", .features = {"a", "b", "a"}});
  CHECK(e.code == "invalid_column_name");
  CHECK(e.message == "column name 'a' appears twice");

  e = data_error("a,b,y\n1,,0\n2,,1\n", {.label = "y"});
  CHECK(e.code == "empty_feature");
  CHECK(e.message == "column 'b' has no value in any row");

  e = data_error("a,y\n1,0\n2,1\n", {.label = "y", .features = {"a", "c", "d"}});
  CHECK(e.code == "missing_column");
  CHECK(e.message == "the CSV lacks the feature column(s) 'c', 'd'");

  e = data_error("a,y\n1,0\n2,high\n", {.label = "y", .task = Task::regression});
  CHECK(e.code == "not_a_number");
  CHECK_THAT(e.message, Contains("line 3"));
}

TEST_CASE("too few rows, and a test_size outside (0, 1), are refused", "[retraining][errors]") {
  auto small = test::set_of(rows(9), {.label = "y"});
  auto e = train_error(small, {});
  CHECK(e.status == 422);
  CHECK(e.code == "too_few_rows");
  CHECK(e.message == "9 data rows: training needs at least 10");

  auto set = test::set_of(rows(12), {.label = "y"});
  for (double ts : {0.0, 1.0, -0.5, 1.5, std::nan("")}) {
    CAPTURE(ts);
    e = train_error(set, {.test_size = ts});
    CHECK(e.status == 400);
    CHECK(e.code == "invalid_parameter");
    CHECK_THAT(e.message, Contains("test_size"));
  }
  e = train_error(set, {.test_size = 0.95});
  CHECK(e.code == "invalid_parameter");
  CHECK(e.message == "test_size 0.95 holds out 12 of 12 rows; at most 10 can be (training keeps at least 2 rows and one per class)");
}

TEST_CASE("an unknown trainer or a bad parameter is refused, naming it", "[retraining][errors]") {
  auto set = test::breast_cancer().set;
  auto e = train_error(set, {.trainer = "random_forest"});
  CHECK(e.status == 400);
  CHECK(e.code == "unknown_trainer");
  CHECK(e.message == "trainer 'random_forest' is not one of xgboost, linear");

  e = train_error(set, {.params = {{"maxdepth", "3"}}});
  CHECK(e.code == "invalid_parameter");
  CHECK_THAT(e.message, Contains("unknown parameter 'maxdepth' for trainer xgboost; known: n_estimators (num_round) (num_boost_round), max_depth"));

  struct Case {
    std::map<std::string, std::string> params;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"max_depth", "0"}}, "parameter 'max_depth' of trainer xgboost: 0 is out of range: it must be in [1, 24]"},
      {{{"max_depth", "4.5"}}, "parameter 'max_depth' of trainer xgboost: '4.5' is not an integer"},
      {{{"eta", "fast"}}, "parameter 'learning_rate' of trainer xgboost: 'fast' is not a number"},
      {{{"eta", "0.1"}, {"learning_rate", "0.2"}}, "parameter 'learning_rate' of trainer xgboost: given twice, as 'eta' and 'learning_rate'"},
      {{{"subsample", "0"}}, "parameter 'subsample' of trainer xgboost: 0 is out of range: it must be in (0, 1]"},
      {{{"reg_lambda", "-1"}}, "parameter 'reg_lambda' of trainer xgboost: -1 is out of range: it must be at least 0"},
      {{{"tree_method", "gpu_hist"}}, "parameter 'tree_method' of trainer xgboost: 'gpu_hist' is not one of hist, approx, exact"},
      {{{"base_score", "1.5"}},
       "parameter 'base_score' of trainer xgboost: 1.5 is out of range: a binary classifier's base_score is a probability in (0, 1)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.params);
    e = train_error(set, {.params = c.params});
    CHECK(e.status == 400);
    CHECK(e.code == "invalid_parameter");
    CHECK(e.message == c.message);
  }
  e = train_error(set, {.trainer = "linear", .params = {{"max_depth", "3"}}});
  CHECK_THAT(e.message, Contains("unknown parameter 'max_depth' for trainer linear; known: l2, max_iter, tol"));
  e = train_error(set, {.trainer = "linear", .params = {{"tol", "1"}}});
  CHECK(e.message == "parameter 'tol' of trainer linear: 1 is out of range: it must be in (0, 1)");
}

TEST_CASE("logistic regression refuses more coefficients than its Newton solver holds", "[retraining][errors]") {
  auto set = test::set_of(test::synthetic_csv(40, 700, 0.0, 3, 2), {.label = "y"});
  REQUIRE(set.classes.size() == 3);
  auto e = train_error(set, {.trainer = "linear"});
  CHECK(e.code == "training_failed");
  CHECK(e.message == "logistic regression with 2103 coefficients (classes x (features + 1)); Newton's method here takes at most 2048: use trainer xgboost, or fewer features");
}

TEST_CASE("linear regression without a ridge refuses linearly dependent features", "[retraining][errors]") {
  std::string csv = "a,b,y\n";
  for (int i = 0; i < 12; ++i) csv += std::to_string(i) + "," + std::to_string(2 * i + 1) + "," + std::to_string(i * 0.5 + (i % 3)) + "\n";
  auto set = test::set_of(csv, {.label = "y", .task = Task::regression});
  auto e = train_error(set, {.trainer = "linear", .params = {{"l2", "0"}}});
  CHECK(e.status == 422);
  CHECK(e.code == "training_failed");
  CHECK_THAT(e.message, Contains("linearly dependent"));
  // The default ridge solves it.
  CHECK(retraining::train(set, {.trainer = "linear"}).ok());
}
