// The offline planner's parts, one at a time: typo matching, numbers as typed, feature
// values in free text.
#include <catch2/catch.hpp>

#include "agent/offline/features.hpp"
#include "agent/offline/fuzzy.hpp"
#include "agent/offline/numbers.hpp"
#include "agent/offline/text.hpp"

using namespace mlgate::agent::offline;
using nlohmann::json;

TEST_CASE("edit distance counts a swap of neighbours as one edit") {
  CHECK(edit_distance("churn", "churn") == 0);
  CHECK(edit_distance("chrun", "churn") == 1);
  CHECK(edit_distance("lenght", "length") == 1);
  CHECK(edit_distance("titanc", "titanic") == 1);
  CHECK(edit_distance("", "iris") == 4);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(similarity("iris", "iris") == 1.0);
  CHECK(similarity("abcd", "wxyz") == 0.0);
}

TEST_CASE("a typo matches the known word, a different short word does not") {
  CHECK(same_word("chrun", "churn"));
  CHECK(same_word("diabtes", "diabetes"));
  CHECK(same_word("promte", "promote"));
  CHECK(same_word("registr", "register"));
  CHECK_FALSE(same_word("is", "iris"));     // too short to guess at
  CHECK_FALSE(same_word("fine", "wine"));   // another first letter is another word
  CHECK_FALSE(same_word("window", "wine"));
  auto m = best_match("chrun", {"iris", "churn", "wine"});
  REQUIRE(m);
  CHECK(m->index == 1);
  CHECK_FALSE(best_match("weather", {"iris", "churn", "wine"}));
}

TEST_CASE("numbers are read as people type them") {
  auto value = [](const char* s) { return parse_number(s)->value; };
  CHECK(value("1,200") == 1200);
  CHECK(value("12,345,678") == 12345678);
  CHECK(value("5.1") == Approx(5.1));
  CHECK(value("-3") == -3);
  CHECK(value("-0.04") == Approx(-0.04));
  CHECK(value(".5") == Approx(0.5));
  CHECK(value("twelve") == 12);
  CHECK(parse_number("1,200")->integral);
  CHECK_FALSE(parse_number("5.1")->integral);
  CHECK_FALSE(parse_number("1,2345"));  // not a thousands group
  CHECK_FALSE(parse_number("abc"));
}

TEST_CASE("the tokenizer splits units and suffixes off numbers and keeps lists apart") {
  auto t = tokenize("a 40-year-old, 5.1cm, $1,200 and 5.1,3.5 x -2 v3 churn_v4.onnx #7 what's");
  std::vector<std::string> texts;
  for (const auto& tok : t) texts.push_back(tok.text);
  CHECK(texts == std::vector<std::string>{"a", "40", "year", "old", "5.1", "cm", "1,200", "and", "5.1", "3.5", "x", "-2", "v3",
                                          "churn_v4.onnx", "#7", "whats"});
  CHECK(t[6].value == 1200);
  CHECK(t[11].value == -2);
  CHECK(t[14].hash);
  CHECK(t[14].value == 7);
  CHECK(name_words("monthly_charges") == std::vector<std::string>{"monthly", "charges"});
  CHECK(name_words("SibSp") == std::vector<std::string>{"sib", "sp"});
  CHECK(name_words("petalLength") == std::vector<std::string>{"petal", "length"});
}

namespace {
json features_of(const std::string& text, const std::vector<std::string>& names) {
  auto tokens = tokenize(text);
  return place_unnamed(find_feature_values(tokens, names), names);
}
const std::vector<std::string> kIris = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
const std::vector<std::string> kTitanic = {"pclass", "sex", "age", "sibsp", "parch", "fare", "embarked"};
}  // namespace

TEST_CASE("feature values are found in free text, whichever way round they are written") {
  json iris = {{"sepal_length", 5.1}, {"sepal_width", 3.5}, {"petal_length", 1.4}, {"petal_width", 0.2}};
  CHECK(features_of("sepal length 5.1, sepal width 3.5, petal length 1.4, petal width 0.2", kIris) == iris);
  // "width" alone means the width of what was just named.
  CHECK(features_of("sepal length 5.1, width 3.5, petal length 1.4 and width 0.2", kIris) == iris);
  CHECK(features_of("5.1 sepal length, 3.5 sepal width, 1.4 petal length, 0.2 petal width", kIris) == iris);
  CHECK(features_of("5.1, 3.5, 1.4, 0.2", kIris) == iris);
  CHECK(features_of("sepal_length=5.1 sepal_width=3.5 petal_length=1.4 petal_width=0.2", kIris) == iris);
  CHECK(features_of("sepal lenght 5.1 sepal widht 3.5 petal length 1.4 petal width 0.2", kIris) == iris);
}

TEST_CASE("ages, classes, sexes and hyphenated words are read as a person means them") {
  CHECK(features_of("a 40-year-old in class 2", kTitanic) == json{{"age", 40}, {"pclass", 2}});
  CHECK(features_of("age 40 and class 2", kTitanic) == json{{"age", 40}, {"pclass", 2}});
  CHECK(features_of("a 35 yo woman in first class, embarked C", kTitanic) ==
        json{{"age", 35}, {"sex", "female"}, {"pclass", 1}, {"embarked", "C"}});
  CHECK(features_of("contract month-to-month, tenure 12 months", {"tenure", "contract"}) == json{{"contract", "month-to-month"}, {"tenure", 12}});
  CHECK(features_of("total charges 1,200 and sex -0.04", {"total_charges", "sex"}) == json{{"total_charges", 1200}, {"sex", -0.04}});
}

TEST_CASE("values that name nothing are only placed when they fit the missing features") {
  auto tokens = tokenize("3.5 and 0.2");
  auto found = find_feature_values(tokens, kIris);
  CHECK(found.named.empty());
  CHECK(found.unnamed.size() == 2);
  CHECK(place_unnamed(found, {"sepal_width", "petal_width"}) == json{{"sepal_width", 3.5}, {"petal_width", 0.2}});
  auto more = tokenize("1 2 3 4 5");
  CHECK(place_unnamed(find_feature_values(more, kIris), kIris).empty());  // five values for four features: no guess
}
