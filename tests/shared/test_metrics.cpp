// Metrics agree with scikit-learn 1.2: against every fixture's metrics.json, and on small
// hand-worked cases for the edges (ties, zero division, unknown labels, log-loss clipping).
#include <cmath>
#include <filesystem>
#include <limits>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mlgate/csv.hpp"
#include "mlgate/metrics.hpp"

using namespace mlgate;
using Catch::Matchers::WithinAbs;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr double kCount = 1e-9;  // metrics from counts
constexpr double kAuc = 1e-6;    // from float32 probabilities, as the fixture pack allows

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

csv::Table table(const fs::path& path) {
  auto t = csv::read_table(slurp(path));
  REQUIRE(t.ok());
  return std::move(t).value();
}

std::string as_label(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

const std::vector<std::string>& cells(const csv::Table& t, const std::string& name) {
  auto i = t.find(name);
  REQUIRE(i.has_value());
  return t.columns[*i].cells;
}

void check_classification(const json& fixture, const json& expected, const fs::path& dir) {
  std::vector<std::string> classes;
  for (const auto& c : fixture["classes"]) classes.push_back(as_label(c));
  auto data = table(dir / "data.csv");
  auto pred = table(dir / "expected.csv");
  const auto& y_true = cells(data, fixture["label_column"].get<std::string>());
  const auto& y_pred = cells(pred, "expected_label");
  std::vector<double> proba(y_true.size() * classes.size());
  for (std::size_t k = 0; k < classes.size(); ++k) {
    auto col = pred.find("proba_" + classes[k]);
    REQUIRE(col.has_value());
    auto values = pred.doubles(*col);
    for (std::size_t i = 0; i < values.size(); ++i) proba[i * classes.size() + k] = values[i];
  }

  auto r = metrics::classification(classes, y_true, y_pred, proba);
  REQUIRE(r.ok());
  const auto& m = *r;
  CHECK(m.n == expected["n"].get<std::size_t>());
  CHECK(m.unknown_labels.empty());
  CHECK(m.labels == classes);
  CHECK_THAT(m.accuracy, WithinAbs(expected["accuracy"].get<double>(), kCount));
  CHECK_THAT(m.precision_macro, WithinAbs(expected["precision_macro"].get<double>(), kCount));
  CHECK_THAT(m.recall_macro, WithinAbs(expected["recall_macro"].get<double>(), kCount));
  CHECK_THAT(m.f1_macro, WithinAbs(expected["f1_macro"].get<double>(), kCount));
  CHECK_THAT(m.precision_weighted, WithinAbs(expected["precision_weighted"].get<double>(), kCount));
  CHECK_THAT(m.recall_weighted, WithinAbs(expected["recall_weighted"].get<double>(), kCount));
  CHECK_THAT(m.f1_weighted, WithinAbs(expected["f1_weighted"].get<double>(), kCount));
  CHECK(json(m.confusion) == expected["confusion_matrix"]["rows_true_cols_pred_in_classes_order"]);
  for (const auto& s : m.per_class) {
    CAPTURE(s.label);
    const auto& e = expected["per_class"][s.label];
    CHECK_THAT(s.precision, WithinAbs(e["precision"].get<double>(), kCount));
    CHECK_THAT(s.recall, WithinAbs(e["recall"].get<double>(), kCount));
    CHECK_THAT(s.f1, WithinAbs(e["f1"].get<double>(), kCount));
    CHECK(s.support == e["support"].get<std::int64_t>());
  }
  REQUIRE(m.roc_auc.has_value());
  REQUIRE(m.log_loss.has_value());
  if (classes.size() == 2) {
    CHECK(m.positive_class == as_label(expected["positive_class"]));
    CHECK_THAT(*m.precision, WithinAbs(expected["precision"].get<double>(), kCount));
    CHECK_THAT(*m.recall, WithinAbs(expected["recall"].get<double>(), kCount));
    CHECK_THAT(*m.f1, WithinAbs(expected["f1"].get<double>(), kCount));
    CHECK_THAT(*m.roc_auc, WithinAbs(expected["roc_auc"].get<double>(), kAuc));
  } else {
    CHECK_THAT(*m.roc_auc, WithinAbs(expected["roc_auc_ovr_macro"].get<double>(), kAuc));
    REQUIRE(m.roc_auc_ovr_weighted.has_value());
    CHECK_THAT(*m.roc_auc_ovr_weighted, WithinAbs(expected["roc_auc_ovr_weighted"].get<double>(), kAuc));
  }
}

void check_regression(const json& fixture, const json& expected, const fs::path& dir) {
  auto data = table(dir / "data.csv");
  auto pred = table(dir / "expected.csv");
  auto y_true = data.numbers(*data.find(fixture["label_column"].get<std::string>()));
  auto y_pred = pred.numbers(*pred.find("expected_value"));
  REQUIRE(y_true.ok());
  REQUIRE(y_pred.ok());
  auto r = metrics::regression(*y_true, *y_pred);
  REQUIRE(r.ok());
  CHECK(r->n == expected["n"].get<std::size_t>());
  CHECK_THAT(r->mae, WithinAbs(expected["mae"].get<double>(), kCount));
  CHECK_THAT(r->rmse, WithinAbs(expected["rmse"].get<double>(), kCount));
  REQUIRE(r->r2.has_value());
  CHECK_THAT(*r->r2, WithinAbs(expected["r2"].get<double>(), kCount));
}

}  // namespace

TEST_CASE("metrics match metrics.json for every fixture that has one", "[metrics][fixtures]") {
  const fs::path root = MLGATE_FIXTURES_DIR;
  auto index = json::parse(slurp(root / "index.json"));
  int checked = 0;
  for (const auto& fixture : index["fixtures"]) {
    if (!fixture["metrics"].is_string()) continue;
    const fs::path dir = root / fixture["path"].get<std::string>();
    if (!fs::exists(dir / fixture["metrics"].get<std::string>())) continue;
    SECTION(fixture["name"].get<std::string>()) {
      auto expected = json::parse(slurp(dir / fixture["metrics"].get<std::string>()));
      if (expected.contains("accuracy")) check_classification(fixture, expected, dir);
      else check_regression(fixture, expected, dir);
    }
    ++checked;
  }
  CHECK(checked == 7);
}

TEST_CASE("log loss clips to float64 epsilon and renormalises rows", "[metrics]") {
  const std::vector<std::string> classes{"a", "b", "c"};
  SECTION("plain rows") {
    std::vector<std::string> y{"a", "b", "c"};
    std::vector<double> p{0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4};
    auto m = metrics::classification(classes, y, y, p);
    REQUIRE(m.ok());
    CHECK_THAT(*m->log_loss, WithinAbs(-(std::log(0.7) + std::log(0.8) + std::log(0.4)) / 3, 1e-12));
  }
  SECTION("a zero probability for the true class costs -log(eps)") {
    std::vector<std::string> y{"a"};
    std::vector<double> p{0.0, 1.0, 0.0};
    auto m = metrics::classification(classes, y, std::vector<std::string>{"b"}, p);
    REQUIRE(m.ok());
    // Clipped row: [eps, 1-eps, eps], sum 1+eps; sklearn 1.2 gives 36.04365338911715 + eps.
    const double eps = std::numeric_limits<double>::epsilon();
    CHECK_THAT(*m->log_loss, WithinAbs(-std::log(eps / (1 + eps)), 1e-12));
    CHECK_THAT(*m->log_loss, WithinAbs(36.04365338911715, 1e-9));
  }
  SECTION("rows that do not sum to one are renormalised after clipping") {
    std::vector<std::string> y{"a", "b"};
    std::vector<double> p{0.4, 0.2, 0.2, 0.1, 0.1, 0.2};  // sums 0.8 and 0.4
    auto m = metrics::classification(classes, y, y, p);
    REQUIRE(m.ok());
    CHECK_THAT(*m->log_loss, WithinAbs(-(std::log(0.5) + std::log(0.25)) / 2, 1e-12));
  }
  SECTION("probabilities above one are clipped before renormalising, as sklearn 1.2 does") {
    std::vector<std::string> y{"a"};
    std::vector<double> p{2, 1, 1};  // clipped to [1-eps, 1-eps, 1-eps], then 1/3 each
    auto m = metrics::classification(classes, y, y, p);
    REQUIRE(m.ok());
    CHECK_THAT(*m->log_loss, WithinAbs(std::log(3.0), 1e-12));
  }
}

TEST_CASE("ROC AUC handles tied scores as the trapezoid of the ROC curve", "[metrics]") {
  const std::vector<double> score{0.2, 0.2, 0.6, 0.6, 0.9};
  const std::vector<bool> truth{false, true, true, false, true};
  auto roc = metrics::roc_curve(score, truth);
  REQUIRE(roc.ok());
  CHECK(roc->thresholds == std::vector<double>{1.9, 0.9, 0.6, 0.2});
  CHECK(roc->fpr == std::vector<double>{0, 0, 0.5, 1});
  REQUIRE(roc->tpr.size() == 4);
  CHECK_THAT(roc->tpr[1], WithinAbs(1.0 / 3, 1e-15));
  CHECK_THAT(roc->tpr[2], WithinAbs(2.0 / 3, 1e-15));
  // Each tied positive/negative pair counts one half: (0.5 + 1.5 + 2) / 6.
  CHECK_THAT(*metrics::roc_auc(score, truth), WithinAbs(4.0 / 6, 1e-12));
  // sklearn's documented example.
  CHECK_THAT(*metrics::roc_auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, {false, false, true, true}),
             WithinAbs(0.75, 1e-12));
  CHECK_FALSE(metrics::roc_auc(score, std::vector<bool>(5, true)).has_value());

  auto pr = metrics::precision_recall_curve(score, truth);
  REQUIRE(pr.ok());
  CHECK(pr->thresholds == std::vector<double>{0.2, 0.6, 0.9});
  REQUIRE(pr->precision.size() == 4);
  CHECK_THAT(pr->precision[0], WithinAbs(0.6, 1e-15));
  CHECK_THAT(pr->precision[1], WithinAbs(2.0 / 3, 1e-15));
  CHECK(pr->precision[2] == 1.0);
  CHECK(pr->precision[3] == 1.0);
  CHECK_THAT(pr->recall[1], WithinAbs(2.0 / 3, 1e-15));
  CHECK(pr->recall.front() == 1.0);
  CHECK(pr->recall.back() == 0.0);

  CHECK(metrics::roc_curve(std::vector<double>{0.1, NAN}, {true, false}).error().code == "not_finite");
  CHECK(metrics::roc_curve(std::vector<double>{0.1}, {true, false}).error().code == "length_mismatch");
}

TEST_CASE("one-vs-rest AUC skips a class with no positives", "[metrics]") {
  const std::vector<std::string> classes{"a", "b", "c"};
  const std::vector<std::string> y{"a", "a", "b", "b", "b"};
  const std::vector<double> p{0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.5, 0.05, 0.45, 0.1, 0.8, 0.1};
  auto m = metrics::classification(classes, y, y, p);
  REQUIRE(m.ok());
  // AUC(a) = 5/6, AUC(b) = 4/6; c has no positives and is left out.
  CHECK_THAT(*m->roc_auc, WithinAbs(0.75, 1e-12));
  CHECK_THAT(*m->roc_auc_ovr_weighted, WithinAbs((2 * 5.0 / 6 + 3 * 4.0 / 6) / 5, 1e-12));
}

TEST_CASE("zero division gives 0 and macro averages skip absent labels", "[metrics]") {
  auto m = metrics::classification({"a", "b", "c"}, std::vector<std::string>{"a", "a", "b"},
                                   std::vector<std::string>{"a", "a", "a"});
  REQUIRE(m.ok());
  CHECK_THAT(m->accuracy, WithinAbs(2.0 / 3, kCount));
  CHECK_THAT(m->precision_macro, WithinAbs(1.0 / 3, kCount));  // (2/3 + 0) / 2: "c" is absent
  CHECK_THAT(m->recall_macro, WithinAbs(0.5, kCount));
  CHECK_THAT(m->f1_macro, WithinAbs(0.4, kCount));
  CHECK_THAT(m->precision_weighted, WithinAbs(4.0 / 9, kCount));
  CHECK_THAT(m->recall_weighted, WithinAbs(2.0 / 3, kCount));
  CHECK_THAT(m->f1_weighted, WithinAbs(1.6 / 3, kCount));
  REQUIRE(m->per_class.size() == 3);
  CHECK(m->per_class[1].precision == 0.0);
  CHECK(m->per_class[2].support == 0);
  CHECK_FALSE(m->roc_auc.has_value());  // no probabilities given
  CHECK_FALSE(m->log_loss.has_value());
}

TEST_CASE("labels unknown to the model are counted and reported", "[metrics]") {
  auto m = metrics::classification({"a", "b"}, std::vector<std::string>{"a", "b", "z"},
                                   std::vector<std::string>{"a", "a", "b"},
                                   std::vector<double>{0.9, 0.1, 0.6, 0.4, 0.3, 0.7});
  REQUIRE(m.ok());
  CHECK(m->labels == std::vector<std::string>{"a", "b", "z"});
  CHECK(m->unknown_labels == std::vector<std::string>{"z"});
  CHECK(m->confusion == std::vector<std::vector<std::int64_t>>{{1, 0, 0}, {1, 0, 0}, {0, 1, 0}});
  CHECK_THAT(m->accuracy, WithinAbs(1.0 / 3, kCount));
  CHECK(m->per_class[2].support == 1);
  CHECK_FALSE(m->roc_auc.has_value());
  CHECK_FALSE(m->log_loss.has_value());
  auto j = metrics::to_json(*m);
  CHECK(j["unknown_labels"] == json::array({"z"}));
  CHECK(j["roc_auc"].is_null());
  CHECK(j["log_loss"].is_null());
  CHECK(j["positive_class"] == "b");
  CHECK(j["confusion_matrix"]["labels"] == json::array({"a", "b", "z"}));
}

TEST_CASE("binary metrics score the second class as positive", "[metrics]") {
  auto m = metrics::classification({"no", "yes"}, std::vector<std::string>{"yes", "yes", "no", "no"},
                                   std::vector<std::string>{"yes", "no", "no", "no"},
                                   std::vector<double>{0.2, 0.8, 0.6, 0.4, 0.7, 0.3, 0.9, 0.1});
  REQUIRE(m.ok());
  CHECK(*m->precision == 1.0);
  CHECK(*m->recall == 0.5);
  CHECK_THAT(*m->f1, WithinAbs(2.0 / 3, kCount));
  CHECK(*m->roc_auc == 1.0);
  auto j = metrics::to_json(*m);
  for (const char* key : {"n", "accuracy", "precision_macro", "recall_macro", "f1_macro", "precision_weighted",
                          "recall_weighted", "f1_weighted", "per_class", "confusion_matrix", "roc_auc", "log_loss",
                          "precision", "recall", "f1", "positive_class"})
    CHECK(j.contains(key));
  CHECK(j["per_class"]["yes"]["support"] == 2);
  CHECK(j["confusion_matrix"]["matrix"] == json::parse("[[2,0],[1,1]]"));
}

TEST_CASE("bad classification inputs are refused", "[metrics]") {
  const std::vector<std::string> two{"a", "b"};
  CHECK(metrics::classification(two, two, std::vector<std::string>{"a"}).error().code == "length_mismatch");
  CHECK(metrics::classification(two, {}, {}).error().code == "no_rows");
  CHECK(metrics::classification(two, two, two, std::vector<double>{1, 0, 0}).error().code == "length_mismatch");
  CHECK(metrics::classification(two, std::vector<std::string>{"a", ""}, two).error().message == "row 2 has no label");
}

TEST_CASE("regression metrics follow sklearn, constant targets included", "[metrics]") {
  auto m = metrics::regression(std::vector<double>{3, -0.5, 2, 7}, std::vector<double>{2.5, 0, 2, 8});
  REQUIRE(m.ok());
  CHECK(m->n == 4);
  CHECK_THAT(m->mae, WithinAbs(0.5, kCount));
  CHECK_THAT(m->mse, WithinAbs(0.375, kCount));
  CHECK_THAT(m->rmse, WithinAbs(std::sqrt(0.375), kCount));
  CHECK_THAT(*m->r2, WithinAbs(0.9486081370449679, kCount));

  CHECK(*metrics::regression(std::vector<double>{1, 1}, std::vector<double>{1, 1})->r2 == 1.0);
  CHECK(*metrics::regression(std::vector<double>{1, 1}, std::vector<double>{1, 2})->r2 == 0.0);
  CHECK_FALSE(metrics::regression(std::vector<double>{1}, std::vector<double>{2})->r2.has_value());
  CHECK(metrics::regression(std::vector<double>{1, NAN}, std::vector<double>{1, 2}).error().message ==
        "label 2 is missing or not finite");
  auto j = metrics::to_json(*m);
  CHECK(j == json::parse(R"({"n":4,"mae":0.5,"mse":0.375,"rmse":0.6123724356957945,"r2":0.9486081370449679})"));
}
