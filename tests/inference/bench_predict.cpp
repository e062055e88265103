// Hidden benchmark ([.bench]: run with `test_inference "[.bench]"`): single-row predict cost.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "fixture_data.hpp"
#include "inference/intake.hpp"
#include "inference/model.hpp"

using namespace mlgate;

TEST_CASE("single-row predict latency", "[.bench]") {
  for (std::string fixture : {"s02_iris_logreg_tensor", "s01_iris_logreg_zipmap", "s06_titanic_logreg_multi_input_zipmap"}) {
    std::string bytes = test::read_file(test::fixture_path(fixture + "/model.onnx"));
    inference::IntakeOptions options;
    if (fixture.find("iris") != std::string::npos)
      options.features = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    auto intake = inference::intake_model(bytes, options);
    REQUIRE(intake.ok());
    auto model = inference::LoadedModel::create(intake->web_bytes.empty() ? bytes : intake->web_bytes, intake->signature);
    REQUIRE(model.ok());
    auto csv = test::read_csv(test::fixture_path(fixture + "/data.csv"));
    for (size_t rows : {size_t{1}, size_t{100}}) {
      auto full = csv;
      full.rows.resize(std::min(rows, full.rows.size()));
      while (full.rows.size() < rows) full.rows.push_back(csv.rows[full.rows.size() % csv.rows.size()]);
      auto table = test::feature_table(full);
      const int n = rows == 1 ? 20000 : 2000;
      auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < n; ++i) REQUIRE(model.value()->predict(table).ok());
      double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
      std::cout << fixture << " rows=" << rows << ": " << us << " us per predict\n";
    }
  }
}
