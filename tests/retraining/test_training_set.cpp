// Training data from a CSV table: features as float32 with NaN for missing values, classes
// in a stable order, the task when none is given, and the canonical CSV behind the hash.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/sha256.hpp"
#include "datasets.hpp"
#include "retraining_support.hpp"

using namespace mlgate;
using retraining::Task;

TEST_CASE("integer labels are classes ordered by value and written as integers", "[retraining][data]") {
  auto set = test::set_of("a,y\n1,10\n2,9\n3,2.0\n4,9\n5,10\n", {.label = "y"});
  CHECK(set.task == Task::classification);
  CHECK(set.integer_classes);
  CHECK(set.classes == std::vector<std::string>{"2", "9", "10"});
  CHECK(set.y_class == std::vector<std::int32_t>{2, 1, 0, 1, 2});
}

TEST_CASE("text labels are classes in the order of their bytes", "[retraining][data]") {
  auto set = test::set_of("a,y\n1,beta\n2,alpha\n3,Alpha\n4,beta\n", {.label = "y"});
  CHECK(set.task == Task::classification);
  CHECK_FALSE(set.integer_classes);
  CHECK(set.classes == std::vector<std::string>{"Alpha", "alpha", "beta"});
  CHECK(set.y_class == std::vector<std::int32_t>{2, 1, 0, 2});
}

TEST_CASE("the task follows the labels unless it is given", "[retraining][data]") {
  CHECK(test::iris().set.task == Task::classification);        // 0, 1, 2
  CHECK(test::diabetes().set.task == Task::regression);         // integers, but more than 20 of them
  CHECK(test::synthetic_regression().set.task == Task::regression);
  CHECK(test::synthetic_multiclass().set.task == Task::classification);  // text
  auto as_regression = test::set_of(test::fixture_text("s01_iris_logreg_zipmap/data.csv"), {.label = "target", .task = Task::regression});
  CHECK(as_regression.task == Task::regression);
  CHECK(as_regression.y_value.size() == 45);
}

TEST_CASE("features come in the order asked for, missing cells as NaN", "[retraining][data]") {
  auto set = test::set_of("a,b,c,y\n1,,3,0\n4,NaN,6,1\n5,2,,0\n", {.label = "y", .features = {"c", "a"}});
  CHECK(set.features == std::vector<std::string>{"c", "a"});
  CHECK(set.x[0] == 3);
  CHECK(set.x[1] == 1);
  CHECK(set.x[3] == 4);
  CHECK(std::isnan(set.x[4]));
  auto all = test::set_of("a,b,c,y\n1,,3,0\n4,NaN,6,1\n5,2,,0\n", {.label = "y"});
  CHECK(all.features == std::vector<std::string>{"a", "b", "c"});
  CHECK(std::isnan(all.x[1]));
  CHECK(std::isnan(all.x[4]));
  CHECK(all.x[7] == 2);
  CHECK(all.lines == std::vector<std::size_t>{2, 3, 4});
}

TEST_CASE("the data hash is the SHA-256 of the set's canonical CSV", "[retraining][data]") {
  auto set = test::set_of("b,\"a,x\",y\n0.1,,\"p,q\"\n2,3.5,r\n", {.label = "y", .features = {"b"}});
  const std::string csv = retraining::training_csv(set);
  CHECK(csv == "b,y\n0.1,\"p,q\"\n2,r\n");
  CHECK(set.sha256 == sha256_hex(csv));
  auto reg = test::set_of("a,b,y\n1,,1.25\n,2e3,-7\n", {.label = "y", .task = Task::regression});
  CHECK(retraining::training_csv(reg) == "a,b,y\n1,,1.25\n,2000,-7\n");
  // The same rows give the same hash; any changed cell another.
  CHECK(test::set_of("a,b,y\n1.0,,1.25\n,2000,-7\n", {.label = "y", .task = Task::regression}).sha256 == reg.sha256);
  CHECK(test::set_of("a,b,y\n1,,1.25\n,2001,-7\n", {.label = "y", .task = Task::regression}).sha256 != reg.sha256);
}
