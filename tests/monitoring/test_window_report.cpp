// The window report's arithmetic against hand-worked figures: quantiles as numpy computes
// them, buckets that split requests by time, accuracy and macro F1 from feedback, and the
// label-free expected accuracy as the mean confidence over all predicted rows.
#include <catch2/catch.hpp>

#include "monitoring/window_report.hpp"

using namespace mlgate::monitoring;

TEST_CASE("quantiles interpolate linearly between order statistics, as numpy's default") {
  // numpy.quantile([1, 2, 3, 4], [0.5, 0.9, 0.99]) = 2.5, 3.7, 3.97
  REQUIRE(*quantile({4, 1, 3, 2}, 0.5) == Approx(2.5));
  REQUIRE(*quantile({4, 1, 3, 2}, 0.9) == Approx(3.7));
  REQUIRE(*quantile({4, 1, 3, 2}, 0.99) == Approx(3.97));
  REQUIRE(*quantile({7}, 0.99) == 7);
  REQUIRE_FALSE(quantile({}, 0.5));
}

TEST_CASE("requests fall into their time buckets - errors count apart from latency") {
  WindowInput in;
  in.task = "classification";
  in.since_ms = 0;
  in.until_ms = 1000;
  in.buckets = 4;  // 250 ms each
  in.requests = {{10, 1, 5, 2.0, 200}, {20, 1, 5, 4.0, 200}, {300, 1, 0, 9.0, 422}, {990, 1, 1, 1.0, 200}, {1000, 1, 1, 1.0, 200}};
  auto r = window_report(in);
  REQUIRE(r.bucket_ms == 250);
  REQUIRE(r.buckets.size() == 4);
  REQUIRE(r.buckets[0].requests == 2);
  REQUIRE(r.buckets[0].rows == 10);
  REQUIRE(*r.buckets[0].p50_ms == Approx(3.0));
  REQUIRE(r.buckets[1].requests == 1);
  REQUIRE(r.buckets[1].errors == 1);
  REQUIRE(*r.buckets[1].error_rate == 1.0);
  REQUIRE_FALSE(r.buckets[1].p50_ms);  // a failed request has no latency figure
  REQUIRE(r.buckets[2].requests == 0);
  REQUIRE_FALSE(r.buckets[2].error_rate);
  REQUIRE(r.buckets[3].requests == 1);  // the one at 1000 is outside [since, until)
  REQUIRE(r.totals.requests == 4);
  REQUIRE(r.totals.rows == 11);
  REQUIRE(*r.totals.error_rate == Approx(0.25));
  REQUIRE(*r.totals.p99_ms == Approx(3.96));  // numpy.quantile([2, 4, 1], 0.99)
}

TEST_CASE("accuracy and macro F1 come from the labelled predictions - expected accuracy from all confidences") {
  WindowInput in;
  in.task = "classification";
  in.since_ms = 0;
  in.until_ms = 200;
  in.buckets = 2;
  auto labelled = [](int64_t at, std::string out, std::string label) {
    StoredPrediction p;
    p.at_ms = at;
    p.output = std::move(out);
    p.label = std::move(label);
    return p;
  };
  // Bucket 0: a a b vs truth a b b → 2/3; bucket 1: a vs b → 0.
  in.labelled = {labelled(1, "a", "a"), labelled(2, "a", "b"), labelled(3, "b", "b"), labelled(150, "a", "b")};
  in.confidence = {{0, 3, 0.9}, {1, 1, 0.6}};
  auto r = window_report(in);
  REQUIRE(r.buckets[0].labelled == 3);
  REQUIRE(*r.buckets[0].accuracy == Approx(2.0 / 3));
  // Per class: a: precision 1/2, recall 1 → F1 2/3; b: precision 1, recall 1/2 → 2/3.
  REQUIRE(*r.buckets[0].f1_macro == Approx(2.0 / 3));
  REQUIRE(*r.buckets[1].accuracy == 0);
  REQUIRE(*r.totals.accuracy == Approx(0.5));
  REQUIRE(*r.buckets[0].expected_accuracy == Approx(0.9));
  REQUIRE(*r.totals.expected_accuracy == Approx((3 * 0.9 + 0.6) / 4));
  REQUIRE_FALSE(r.totals.mae);
}

TEST_CASE("a regressor's feedback gives MAE and RMSE, not accuracy") {
  WindowInput in;
  in.task = "regression";
  in.since_ms = 0;
  in.until_ms = 100;
  in.buckets = 1;
  for (auto [y, yhat] : {std::pair{"1", "2"}, {"3", "1"}, {"2", "2"}}) {
    StoredPrediction p;
    p.at_ms = 5;
    p.output = yhat;
    p.label = y;
    in.labelled.push_back(p);
  }
  auto r = window_report(in);
  REQUIRE(*r.totals.mae == Approx(1.0));
  REQUIRE(*r.totals.rmse == Approx(std::sqrt(5.0 / 3)));
  REQUIRE_FALSE(r.totals.accuracy);
  REQUIRE(r.totals.labelled == 3);
}
