// Drift statistics against values worked out independently: published tables of the
// chi-squared and Kolmogorov distributions, closed forms, and small examples by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "mlgate/drift.hpp"

using namespace mlgate::drift;
using Catch::Matchers::WithinAbs;

namespace {
std::vector<std::string> repeat(std::initializer_list<std::pair<const char*, int>> parts) {
  std::vector<std::string> out;
  for (auto [v, n] : parts) out.insert(out.end(), n, v);
  return out;
}
Column numeric_column(const char* name, int n, double shift, int modulo) {
  Column c{name, {}};
  for (int i = 0; i < n; ++i) c.values.push_back(std::to_string(i % modulo + shift));
  return c;
}
}  // namespace

TEST_CASE("chi-squared upper tail matches the published quantile table") {
  // (x, dof, alpha) from the standard table of chi-squared critical values.
  struct Row { double x, dof, alpha; };
  for (Row r : {Row{2.706, 1, 0.10}, {3.841, 1, 0.05}, {6.635, 1, 0.01}, {5.991, 2, 0.05}, {7.815, 3, 0.05},
                {11.070, 5, 0.05}, {18.307, 10, 0.05}, {23.209, 10, 0.01}, {124.342, 100, 0.05}}) {
    INFO("x=" << r.x << " dof=" << r.dof);
    CHECK_THAT(chi2_sf(r.x, r.dof), WithinAbs(r.alpha, 2e-4));
  }
  // Closed forms: dof 2 is exp(-x/2); dof 1 is erfc(sqrt(x/2)).
  CHECK_THAT(chi2_sf(4.0, 2), WithinAbs(std::exp(-2.0), 1e-12));
  CHECK_THAT(chi2_sf(16.0, 1), WithinAbs(std::erfc(std::sqrt(8.0)), 1e-12));
  CHECK(chi2_sf(0, 3) == 1.0);
  CHECK(chi2_sf(INFINITY, 3) == 0.0);
}

TEST_CASE("the Kolmogorov distribution matches the table of large-sample KS critical values") {
  // D_crit = c(alpha) * sqrt((n+m)/(n*m)); at huge n the small-sample correction vanishes.
  const std::size_t n = 100000000;
  const double scale = std::sqrt(2.0 / n);
  struct Row { double c, alpha; };
  for (Row r : {Row{1.224, 0.10}, {1.358, 0.05}, {1.480, 0.025}, {1.628, 0.01}, {1.731, 0.005}, {1.949, 0.001}}) {
    INFO("c=" << r.c);
    CHECK_THAT(ks_p_value(r.c * scale, n, n), WithinAbs(r.alpha, 5e-4));
  }
  CHECK(ks_p_value(0, 10, 10) == 1.0);
}

TEST_CASE("KS statistic is the largest gap between the empirical CDFs, ties stepped together") {
  CHECK_THAT(ks_two_sample({1, 2, 3}, {2, 3, 4}).statistic, WithinAbs(1.0 / 3, 1e-12));
  CHECK_THAT(ks_two_sample({1, 1, 2}, {1, 2, 2}).statistic, WithinAbs(1.0 / 3, 1e-12));
  CHECK(ks_two_sample({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}).statistic == 1.0);
  auto same = ks_two_sample({3, 1, 2}, {1, 2, 3});
  CHECK(same.statistic == 0.0);
  CHECK(same.p_value == 1.0);
}

TEST_CASE("chi-squared test compares current counts with the reference's scaled frequencies") {
  // 30/70 observed against 50/50 expected: (20^2/50)*2 = 16 on one degree of freedom.
  auto t = chi_squared(repeat({{"a", 50}, {"b", 50}}), repeat({{"a", 30}, {"b", 70}}));
  CHECK_THAT(t.statistic, WithinAbs(16.0, 1e-12));
  CHECK_THAT(t.p_value, WithinAbs(std::erfc(std::sqrt(8.0)), 1e-12));
  // Same shares at another size: no difference.
  auto scaled = chi_squared(repeat({{"a", 50}, {"b", 50}}), repeat({{"a", 5}, {"b", 5}}));
  CHECK(scaled.statistic == 0.0);
  CHECK(scaled.p_value == 1.0);
  // A category the reference never had.
  auto unseen = chi_squared(repeat({{"a", 5}, {"b", 5}}), repeat({{"a", 5}, {"c", 1}}));
  CHECK(std::isinf(unseen.statistic));
  CHECK(unseen.p_value == 0.0);
}

TEST_CASE("Wasserstein distance is normalised by the reference's population standard deviation") {
  CHECK_THAT(wasserstein_normed({0, 1}, {1, 2}), WithinAbs(1.0 / 0.5, 1e-12));
  // A shift by 5 of {0, 1, 3}: W = 5, std = sqrt(42/27).
  CHECK_THAT(wasserstein_normed({0, 1, 3}, {5, 6, 8}), WithinAbs(5.0 / std::sqrt(42.0 / 27), 1e-12));
  // Unequal sizes: |F_ref - F_cur| = 0.5 on [0, 1).
  CHECK_THAT(wasserstein_normed({0, 1}, {0}), WithinAbs(0.5 / 0.5, 1e-12));
  // A constant reference divides by 0.001, not by zero.
  CHECK_THAT(wasserstein_normed({2, 2}, {3}), WithinAbs(1.0 / 0.001, 1e-9));
}

TEST_CASE("Jensen-Shannon distance of category shares, natural log") {
  CHECK_THAT(jensen_shannon({"a"}, {"b"}), WithinAbs(std::sqrt(std::log(2.0)), 1e-12));
  CHECK(jensen_shannon({"a", "b"}, {"b", "a"}) == 0.0);
  // p = (.5, .5), q = (1, 0), m = (.75, .25): by hand, KL(p||m) + KL(q||m) = 0.431523.
  double kl = 0.5 * std::log(0.5 / 0.75) + 0.5 * std::log(0.5 / 0.25) + std::log(1 / 0.75);
  CHECK_THAT(jensen_shannon({"a", "b"}, {"a", "a"}), WithinAbs(std::sqrt(kl / 2), 1e-12));
  CHECK_THAT(std::sqrt(kl / 2), WithinAbs(0.464502, 1e-6));
}

TEST_CASE("PSI over the reference's deciles, empty bins as 0.0001") {
  std::vector<double> ref(100);
  std::iota(ref.begin(), ref.end(), 1.0);
  CHECK(psi_numeric(ref, ref) == 0.0);
  // Everything in the first decile (1..10 lie below numpy's 10% quantile 10.9).
  std::vector<double> cur(100, 1.0);
  double expected = (1 - 0.1) * std::log(1 / 0.1) + 9 * (0.0001 - 0.1) * std::log(0.0001 / 0.1);
  CHECK_THAT(psi_numeric(ref, cur), WithinAbs(expected, 1e-9));
  CHECK_THAT(psi_categorical(repeat({{"a", 5}, {"b", 5}}), repeat({{"a", 6}, {"b", 4}})),
             WithinAbs(0.1 * std::log(1.2) - 0.1 * std::log(0.8), 1e-12));
}

TEST_CASE("each column gets the statistic Evidently would choose, and a verdict") {
  // Small reference (500 rows), numeric with 50 distinct values: KS.
  auto ks_same = column_drift(numeric_column("x", 500, 0, 50), numeric_column("x", 300, 0, 50));
  CHECK(ks_same.statistic == "ks");
  CHECK(ks_same.kind == "numeric");
  CHECK_FALSE(ks_same.drifted);
  CHECK(ks_same.psi_status == "ok");
  auto ks_shift = column_drift(numeric_column("x", 500, 0, 50), numeric_column("x", 300, 25, 50));
  CHECK(ks_shift.drifted);
  CHECK(*ks_shift.p_value < 0.05);
  CHECK(ks_shift.psi_status == "alert");
  // Few distinct numbers are categories: chi-squared.
  CHECK(column_drift(numeric_column("k", 500, 0, 3), numeric_column("k", 300, 0, 3)).statistic == "chi2");
  CHECK(column_drift({"s", repeat({{"male", 300}, {"female", 200}})}, {"s", repeat({{"male", 100}, {"female", 200}})}).drifted);
  // Large reference (2,000 rows): distances.
  auto w = column_drift(numeric_column("x", 2000, 0, 100), numeric_column("x", 500, 0, 100));
  CHECK(w.statistic == "wasserstein");
  CHECK_FALSE(w.drifted);
  CHECK_FALSE(w.p_value);
  CHECK(column_drift(numeric_column("x", 2000, 0, 100), numeric_column("x", 500, 10, 100)).drifted);
  auto js = column_drift({"s", repeat({{"a", 1500}, {"b", 500}})}, {"s", repeat({{"a", 100}, {"b", 400}})});
  CHECK(js.statistic == "jensen_shannon");
  CHECK(js.drifted);
}

TEST_CASE("missing cells are dropped and counted - histograms are shares over common bins") {
  Column ref{"x", {"1", "2", "3", "4", "5", "6", "7", "8"}};
  Column cur{"x", {"1", "", "NaN", "8", "inf"}};
  auto d = column_drift(ref, cur);
  CHECK(d.current_rows == 2);
  CHECK(d.missing_current == 3);
  REQUIRE(d.histogram.edges.size() == d.histogram.bins.size() + 1);
  CHECK(d.histogram.edges.front() == 1.0);
  CHECK(d.histogram.edges.back() == 8.0);
  CHECK_THAT(std::accumulate(d.histogram.reference.begin(), d.histogram.reference.end(), 0.0), WithinAbs(1.0, 1e-12));
  CHECK_THAT(std::accumulate(d.histogram.current.begin(), d.histogram.current.end(), 0.0), WithinAbs(1.0, 1e-12));
  CHECK(d.histogram.current.front() == 0.5);  // "1"
  CHECK(d.histogram.current.back() == 0.5);   // "8", in the closed last bin
  auto cats = column_drift({"c", repeat({{"a", 3}, {"b", 1}})}, {"c", repeat({{"b", 2}})});
  CHECK(cats.histogram.bins == std::vector<std::string>{"a", "b"});
  CHECK(cats.histogram.reference == std::vector<double>{0.75, 0.25});
  CHECK(cats.histogram.current == std::vector<double>{0.0, 1.0});
}

TEST_CASE("a model drifts when at least half its features drift, or its predictions do") {
  std::vector<Column> ref{numeric_column("a", 500, 0, 50), numeric_column("b", 500, 0, 50), numeric_column("c", 500, 0, 50)};
  std::vector<Column> cur{numeric_column("a", 300, 25, 50), numeric_column("b", 300, 0, 50), numeric_column("c", 300, 0, 50)};
  auto one = dataset_drift(ref, cur, std::nullopt, std::nullopt);
  CHECK(one.drifted_features == 1);
  CHECK_FALSE(one.drifting);
  cur[1] = numeric_column("b", 300, 25, 50);
  CHECK(dataset_drift(ref, cur, std::nullopt, std::nullopt).drifting);
  cur[1] = numeric_column("b", 300, 0, 50);
  Column pred_ref{"prediction", repeat({{"yes", 250}, {"no", 250}})}, pred_cur{"prediction", repeat({{"yes", 280}, {"no", 20}})};
  auto by_prediction = dataset_drift(ref, cur, pred_ref, pred_cur);
  REQUIRE(by_prediction.prediction);
  CHECK(by_prediction.prediction->drifted);
  CHECK(by_prediction.drifting);
}

TEST_CASE("expected accuracy without labels is the mean confidence") {
  CHECK_THAT(expected_accuracy({0.9, 0.6, 0.75}), WithinAbs(0.75, 1e-12));
  CHECK(std::isnan(expected_accuracy({})));
}
