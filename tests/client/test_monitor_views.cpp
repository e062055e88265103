// The monitor pane's logic, natively: the four replies parsed into view structs (nulls,
// empty buckets, no verdict), the series each plot gets, the summary figures, the status
// tones and the paired histogram bars.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/alert_records.hpp"
#include "core/drift_report.hpp"
#include "core/job_records.hpp"
#include "core/monitor_format.hpp"
#include "core/monitor_plots.hpp"
#include "core/monitor_report.hpp"
#include "core/monitor_summary.hpp"
#include "core/status_tone.hpp"
#include "core/time_text.hpp"
#include "monitor_samples.hpp"

using namespace mlgate::client;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
const Series& series_named(const PlotData& p, const std::string& name) {
  for (const auto& s : p.series)
    if (s.name == name) return s;
  FAIL("no series " << name << " in " << p.title);
  throw;
}
}  // namespace

TEST_CASE("API times parse to epoch milliseconds, in UTC whatever the offset") {
  REQUIRE(parse_rfc3339_ms("1970-01-01T00:00:00Z") == 0);
  REQUIRE(parse_rfc3339_ms("2026-12-03T10:40:00Z") == 1796294400000LL);
  REQUIRE(parse_rfc3339_ms("2026-12-03T10:40:00.250Z") == 1796294400250LL);
  REQUIRE(parse_rfc3339_ms("2026-12-03T10:40:00.123456Z") == 1796294400123LL);
  REQUIRE(parse_rfc3339_ms("2026-12-03T11:40:00+01:00") == 1796294400000LL);
  REQUIRE(parse_rfc3339_ms("2000-02-29T23:59:59Z") == 951868799000LL);
  for (const char* bad : {"", "yesterday", "2026-12-03", "2026-12-03T10:40:00", "2026-13-03T10:40:00Z", "2026-12-03T10:40:00.Z",
                          "2026-12-03T10:40:00Zjunk"}) {
    CAPTURE(bad);
    REQUIRE_FALSE(parse_rfc3339_ms(bad));
  }
  REQUIRE(format_utc(1796294400250LL) == "2026-12-03 10:40");
  REQUIRE(format_utc(1796294405000LL, true) == "2026-12-03 10:40:05");
  REQUIRE(display_time("2026-12-03T10:40:05.9Z") == "2026-12-03 10:40:05");
  REQUIRE(display_time("not a time") == "not a time");
}

TEST_CASE("durations read as people read them") {
  REQUIRE(format_duration(std::nullopt) == "");
  REQUIRE(format_duration(0.85) == "850 ms");
  REQUIRE(format_duration(1.5) == "1.5 s");
  REQUIRE(format_duration(125) == "2 min 5 s");
  REQUIRE(format_duration(120) == "2 min");  // a bucket's width
  REQUIRE(format_duration(3780) == "1 h 3 min");
  REQUIRE(format_duration(21600) == "6 h");
  REQUIRE(format_duration(2 * 86400 + 3 * 3600 + 5) == "2 d 3 h");
}

TEST_CASE("a monitoring reply keeps its nulls as none, and its empty buckets") {
  auto parsed = parse_monitoring(monitor_samples::kClassification);
  REQUIRE(parsed.error == "");
  const MonitoringReport& r = *parsed.report;
  REQUIRE(r.model == "iris");
  REQUIRE(r.task == "classification");
  REQUIRE(r.window == "1h");
  REQUIRE(r.window_ms == 3600000);
  REQUIRE(r.bucket_ms == 120000);
  REQUIRE(r.totals.requests == 12);
  REQUIRE(r.totals.rows == 40);
  REQUIRE(r.totals.errors == 1);
  REQUIRE(r.totals.labelled == 10);
  REQUIRE_THAT(*r.totals.error_rate, WithinAbs(0.083, 1e-12));
  REQUIRE_THAT(*r.totals.p99_ms, WithinAbs(5.1, 1e-12));
  REQUIRE_THAT(*r.totals.accuracy, WithinAbs(0.9, 1e-12));
  REQUIRE_THAT(*r.totals.expected_accuracy, WithinAbs(0.93, 1e-12));
  REQUIRE_FALSE(r.totals.mae);
  REQUIRE(r.dropped_rows == 3);
  REQUIRE_THAT(*r.sample_rate, WithinAbs(0.5, 1e-12));

  REQUIRE(r.buckets.size() == 3);
  const MonitorBucket& empty = r.buckets[1];
  REQUIRE(empty.start == "2026-12-03T10:56:00Z");
  REQUIRE(empty.start_ms == parse_rfc3339_ms("2026-12-03T10:56:00Z"));
  REQUIRE(empty.figures.requests == 0);
  REQUIRE_FALSE(empty.figures.error_rate);
  REQUIRE_FALSE(empty.figures.p50_ms);
  REQUIRE_FALSE(empty.figures.accuracy);
  REQUIRE_FALSE(empty.figures.expected_accuracy);
  REQUIRE(r.buckets[2].figures.error_rate == 0.0);  // a measured zero stays a zero
  REQUIRE_FALSE(r.buckets[2].figures.accuracy);
}

TEST_CASE("an unreadable monitoring reply says so") {
  REQUIRE(parse_monitoring("<html>").error == "the monitoring reply is not a JSON object");
  REQUIRE(parse_monitoring(R"({"model":"iris"})").error == "the monitoring reply has no totals or buckets");
  REQUIRE_FALSE(parse_monitoring(R"({"totals":{},"buckets":{}})").report);
}

TEST_CASE("without window_ms the window is the span from since to until") {
  auto r = parse_monitoring(R"({"since":"2026-12-02T11:00:00Z","until":"2026-12-03T11:00:00Z","totals":{},"buckets":[]})").report;
  REQUIRE(r->window_ms == 86400000);
  REQUIRE(time_axis(r->window_ms).label == std::string("hours ago"));
}

TEST_CASE("regressors get MAE and RMSE, classifiers accuracy; without a task the figures decide") {
  auto cls = *parse_monitoring(monitor_samples::kClassification).report;
  auto reg = *parse_monitoring(monitor_samples::kRegressionNoTask).report;
  REQUIRE_FALSE(is_regression(cls));
  REQUIRE(reg.task == "");
  REQUIRE(is_regression(reg));
  cls.task = "regression";
  REQUIRE(is_regression(cls));
  reg.task = "classification";
  REQUIRE_FALSE(is_regression(reg));
}

TEST_CASE("the plots get request rate, latency quantiles, error rate and accuracy beside expected accuracy, per bucket") {
  const auto r = *parse_monitoring(monitor_samples::kClassification).report;
  const auto plots = monitoring_plots(r);
  REQUIRE(plots.size() == 4);

  // x: minutes before the window's end, of each bucket's middle; the axis runs 60 -> 0.
  const auto& rate = plots[0];
  REQUIRE(rate.x_label == "minutes ago");
  REQUIRE(rate.x_min == 60);
  REQUIRE(rate.x_max == 0);
  const auto& requests = series_named(rate, "requests");
  REQUIRE(requests.x == std::vector<double>{5, 3, 1});
  REQUIRE(requests.y == std::vector<double>{4, 0, 2});  // per minute, 2-minute buckets; empty is 0
  REQUIRE(series_named(rate, "rows").y == std::vector<double>{15, 0, 5});
  REQUIRE(rate.point_names == std::vector<std::string>{"from 2026-12-03 10:54 UTC", "from 2026-12-03 10:56 UTC", "from 2026-12-03 10:58 UTC"});
  REQUIRE(rate.y_max > 4);

  const auto& latency = plots[1];
  REQUIRE(latency.series.size() == 3);
  REQUIRE_THAT(series_named(latency, "p99").y[0], WithinAbs(5.0, 1e-12));
  REQUIRE(std::isnan(series_named(latency, "p50").y[1]));  // a gap where there were no requests
  REQUIRE_THAT(series_named(latency, "p90").y[2], WithinAbs(3.2, 1e-12));

  const auto& errors = series_named(plots[2], "error rate");
  REQUIRE_THAT(errors.y[0], WithinAbs(0.125, 1e-12));
  REQUIRE(std::isnan(errors.y[1]));
  REQUIRE(errors.y[2] == 0.0);

  const auto& quality = plots[3];
  REQUIRE(quality.title == "accuracy");
  REQUIRE(quality.series.size() == 2);
  const auto& accuracy = quality.series[0];
  const auto& expected = quality.series[1];
  REQUIRE(accuracy.name == "accuracy (feedback)");
  REQUIRE_FALSE(accuracy.dashed);
  REQUIRE(expected.name == "expected (label-free)");
  REQUIRE(expected.dashed);
  REQUIRE_THAT(accuracy.y[0], WithinAbs(0.9, 1e-12));
  REQUIRE(std::isnan(accuracy.y[2]));  // no feedback yet in the last bucket...
  REQUIRE_THAT(expected.y[2], WithinAbs(0.91, 1e-12));  // ...but an expected accuracy
  REQUIRE(quality.y_min == 0);
  REQUIRE(quality.y_max == 1);
}

TEST_CASE("a regressor's quality plot is MAE and RMSE, on an hours axis for 24h") {
  const auto r = *parse_monitoring(monitor_samples::kRegressionNoTask).report;
  const auto plots = monitoring_plots(r);
  const auto& quality = plots[3];
  REQUIRE(quality.series.size() == 2);
  REQUIRE(quality.series[0].name == "MAE");
  REQUIRE(quality.series[1].name == "RMSE");
  REQUIRE(std::isnan(quality.series[0].y[0]));
  REQUIRE_THAT(quality.series[1].y[1], WithinAbs(52.25, 1e-12));
  REQUIRE(quality.y_max > 52.25);
  REQUIRE(quality.x_label == "hours ago");
  REQUIRE(quality.series[0].x == std::vector<double>{18, 6});
  REQUIRE(time_axis(7 * 86400000LL).label == std::string("days ago"));
}

TEST_CASE("buckets whose start does not parse are placed by their order, ending at the window's end") {
  auto r = *parse_monitoring(monitor_samples::kClassification).report;
  for (auto& b : r.buckets) b.start_ms.reset();
  REQUIRE(bucket_x(r, time_axis(r.window_ms)) == std::vector<double>{5, 3, 1});
}

TEST_CASE("the summary row holds the window's totals as drawn, n/a for a null") {
  auto figures = summary_figures(*parse_monitoring(monitor_samples::kClassification).report);
  std::vector<std::pair<std::string, std::string>> shown;
  for (const auto& f : figures) shown.emplace_back(f.name, f.text);
  REQUIRE(shown == std::vector<std::pair<std::string, std::string>>{{"requests", "12"}, {"rows", "40"}, {"errors", "1"}, {"error rate", "8.3%"},
                                                                    {"p50", "1.2 ms"}, {"p90", "3 ms"}, {"p99", "5.1 ms"}, {"labelled", "10"},
                                                                    {"accuracy", "0.9"}, {"expected accuracy", "0.93"}, {"F1 macro", "0.88"}});
  REQUIRE(figures[0].value == 12.0);

  auto reg = summary_figures(*parse_monitoring(monitor_samples::kRegressionNoTask).report);
  REQUIRE(reg[4].text == "n/a");  // no latency in the window
  REQUIRE_FALSE(reg[4].value);
  REQUIRE(reg[8].name == "MAE");
  REQUIRE(reg[8].text == "41.5");
  REQUIRE(reg[9].name == "RMSE");
  REQUIRE(reg.size() == 10);
  REQUIRE(format_number(1.23456e-5) == "1.235e-05");
}

TEST_CASE("a drift reply gives one row per feature, then the prediction, and its verdict") {
  auto parsed = parse_drift(monitor_samples::kDrifting);
  REQUIRE(parsed.error == "");
  const DriftReport& d = *parsed.report;
  REQUIRE(d.version == 2);
  REQUIRE(d.has_reference);
  REQUIRE(d.reference_source == "test");
  REQUIRE(d.reference_rows == 150);
  REQUIRE(d.current_rows == 240);
  REQUIRE(d.min_rows == 100);
  REQUIRE(has_verdict(d));
  REQUIRE(drift_verdict(d) == "drifting: 3 of 4 features");

  auto rows = drift_rows(d);
  REQUIRE(rows.size() == 4);
  REQUIRE(rows[0]->feature == "sepal_length");
  REQUIRE(rows[0]->statistic == "ks");
  REQUIRE_THAT(*rows[0]->p_value, WithinAbs(0.3, 1e-12));
  REQUIRE(rows[1]->statistic == "wasserstein");
  REQUIRE_FALSE(rows[1]->p_value);  // a distance has no p-value
  REQUIRE_THAT(*rows[1]->value, WithinAbs(0.61, 1e-12));
  REQUIRE_THAT(*rows[1]->psi, WithinAbs(0.31, 1e-12));
  REQUIRE(rows[1]->status == "alert");
  REQUIRE(rows[1]->missing_current == 2);
  REQUIRE(rows[1]->drifted);
  REQUIRE(rows[2]->kind == "categorical");
  REQUIRE(rows[3]->is_prediction);
  REQUIRE(rows[3]->feature == "prediction");
  REQUIRE_FALSE(rows[0]->is_prediction);

  auto calm = d;
  calm.drifting = false, calm.drifted_features = 1;
  REQUIRE(drift_verdict(calm) == "not drifting (1 of 4 features drifted)");
}

TEST_CASE("without a verdict the drift section shows the server's message plainly") {
  auto few = *parse_drift(monitor_samples::kInsufficient).report;
  REQUIRE(few.status == "insufficient_data");
  REQUIRE_FALSE(has_verdict(few));
  REQUIRE(drift_rows(few).empty());
  REQUIRE_FALSE(few.prediction);
  REQUIRE(drift_verdict(few) == "12 rows in this window; drift needs at least 100");

  auto none = *parse_drift(monitor_samples::kNoReference).report;
  REQUIRE(none.status == "no_reference");
  REQUIRE_FALSE(none.has_reference);
  REQUIRE(drift_verdict(none) == "version 1 has no test or training data to compare with");
  none.message = "";
  REQUIRE(drift_verdict(none) == "no_reference");

  REQUIRE(parse_drift("[]").error == "the drift reply is not a JSON object");
  REQUIRE(parse_drift("{}").error == "the drift reply has no status");
}

TEST_CASE("statuses map to colour classes: ok green, warn amber, alert red") {
  auto [status, tone] = GENERATE(table<std::string, Tone>({{"ok", Tone::good},
                                                           {"warn", Tone::warn},
                                                           {"alert", Tone::bad},
                                                           {"drifting", Tone::bad},
                                                           {"insufficient_data", Tone::neutral},
                                                           {"no_reference", Tone::neutral},
                                                           {"", Tone::neutral}}));
  CAPTURE(status);
  REQUIRE(drift_tone(status) == tone);
}

TEST_CASE("jobs and deliveries have their tones too") {
  REQUIRE(job_tone("succeeded") == Tone::good);
  REQUIRE(job_tone("failed") == Tone::bad);
  REQUIRE(job_tone("running") == Tone::warn);
  REQUIRE(job_tone("queued") == Tone::warn);
  REQUIRE(delivery_tone("delivered") == Tone::good);
  REQUIRE(delivery_tone("failed: connection refused") == Tone::bad);
  REQUIRE(delivery_tone("") == Tone::neutral);
  REQUIRE(std::string(tone_name(Tone::bad)) == "bad");
}

TEST_CASE("histogram bars pair the reference and current shares by bin label") {
  const auto d = *parse_drift(monitor_samples::kDrifting).report;
  // Same bins on both sides: paired in order.
  const PairedBins same = pair_bins(d.features[0]);
  REQUIRE(same.bins == std::vector<std::string>{"[4.3, 4.66)", "[4.66, 5.02)", "[5.02, 5.38)"});
  REQUIRE(same.reference == std::vector<double>{0.2, 0.5, 0.3});
  REQUIRE(same.current == std::vector<double>{0.1, 0.6, 0.3});
  // Categories in another order, one only in the reference, one only in the current window.
  const PairedBins cats = pair_bins(d.features[2]);
  REQUIRE(cats.bins == std::vector<std::string>{"red", "green", "blue", "violet"});
  REQUIRE(cats.reference == std::vector<double>{0.5, 0.3, 0.2, 0});
  REQUIRE(cats.current == std::vector<double>{0.3, 0.6, 0, 0.1});

  const PlotData h = histogram_plot(d.features[2]);
  REQUIRE(h.bars);
  REQUIRE(h.title == "colour: reference vs current");
  REQUIRE(h.x_label == "category");
  REQUIRE(h.point_names == cats.bins);
  REQUIRE(h.series.size() == 2);
  REQUIRE(h.series[0].name == "reference");
  REQUIRE(h.series[1].name == "current");
  REQUIRE(h.series[1].x == std::vector<double>{0, 1, 2, 3});
  REQUIRE(h.series[1].y == cats.current);
  REQUIRE(h.x_min == -0.5);
  REQUIRE(h.x_max == 3.5);
  REQUIRE_THAT(h.y_max, WithinRel(0.6 * 1.15, 1e-9));
}

TEST_CASE("alerts are listed newest first, with the value against the threshold") {
  auto parsed = parse_alerts(monitor_samples::kAlerts);
  REQUIRE(parsed.error == "");
  const auto& a = *parsed.alerts;
  REQUIRE(a.size() == 3);
  REQUIRE(a[0].id == 5);
  REQUIRE(a[1].id == 4);
  REQUIRE(a[2].id == 3);
  REQUIRE(a[0].rule == "drift");
  REQUIRE(a[0].delivery == "failed: connection refused");
  REQUIRE(a[0].message == "petal_width drifted");
  REQUIRE(value_vs_threshold(a[0]) == "0.31 vs 0.25");
  REQUIRE(value_vs_threshold(a[1]) == "120 vs 100");
  REQUIRE(parse_alerts(R"({"alerts":{}})").error == "the alerts reply has no alerts list");
  REQUIRE(parse_alerts(R"({"alerts":[]})").alerts->empty());
}

TEST_CASE("jobs keep their status, duration, log and result version as a link to the version") {
  auto parsed = parse_jobs(monitor_samples::kJobs);
  REQUIRE(parsed.error == "");
  const auto& jobs = *parsed.jobs;
  REQUIRE(jobs.size() == 3);
  REQUIRE(jobs[0].status == "running");
  REQUIRE_FALSE(jobs[0].result_version);
  REQUIRE_FALSE(jobs[0].duration_s);
  REQUIRE_FALSE(result_route(jobs[0]));
  REQUIRE(jobs[1].trigger == "alert");
  REQUIRE(jobs[1].result_version == 3);
  REQUIRE(format_duration(jobs[1].duration_s) == "1.5 s");
  REQUIRE(jobs[1].log == "trained xgboost\nholdout accuracy 0.95\n");
  REQUIRE(result_route(jobs[1]) == Route{Pane::models, "iris", 3});
  REQUIRE(format_route(*result_route(jobs[1])) == "#/models/iris/3");
  REQUIRE(jobs[2].error == "label column 'species' not in the data");
  REQUIRE(format_duration(jobs[2].duration_s) == "2 min 5 s");

  auto job = parse_job(monitor_samples::kRetrainAccepted);
  REQUIRE(job);
  REQUIRE(job->id == 7);
  REQUIRE(job->status == "queued");
  REQUIRE_FALSE(parse_job(R"({"error":{"code":"forbidden"}})"));
}
