#include "datasets.hpp"

#include "retraining_support.hpp"

namespace mlgate::test {

using retraining::DataOptions;

NamedSet iris() { return {"iris", set_of(fixture_text("s01_iris_logreg_zipmap/data.csv"), DataOptions{.label = "target"})}; }
NamedSet breast_cancer() {
  return {"breast cancer", set_of(fixture_text("s03_breast_cancer_logreg_binary_zipmap/data.csv"), DataOptions{.label = "diagnosis"})};
}
NamedSet breast_cancer_missing() {
  return {"breast cancer with missing values (s07)",
          set_of(fixture_text("s07_breast_cancer_xgboost_missing_tensor/data.csv"), DataOptions{.label = "diagnosis"})};
}
NamedSet breast_cancer_blanked() {
  auto table = table_of(fixture_text("s03_breast_cancer_logreg_binary_zipmap/data.csv"));
  blank_cells(table, "diagnosis", 0.3, 11);
  return {"breast cancer with 30% of cells blanked", set_of(table, DataOptions{.label = "diagnosis"})};
}
NamedSet wine() { return {"wine", set_of(fixture_text("s04_wine_random_forest_tensor/data.csv"), DataOptions{.label = "cultivar"})}; }
NamedSet diabetes() {
  return {"diabetes", set_of(fixture_text("s05_diabetes_linear_regressor/data.csv"), DataOptions{.label = "progression"})};
}
NamedSet synthetic_multiclass() {
  return {"synthetic 4 classes, 50% missing", set_of(synthetic_csv(1500, 8, 0.5, 4, 3, true), DataOptions{.label = "y"})};
}
NamedSet synthetic_binary() { return {"synthetic binary, 40% missing", set_of(synthetic_csv(1200, 6, 0.4, 2, 5), DataOptions{.label = "y"})}; }
NamedSet synthetic_regression() {
  return {"synthetic regression, 60% missing", set_of(synthetic_csv(1500, 10, 0.6, 0, 9), DataOptions{.label = "y"})};
}

std::vector<NamedSet> all_sets() {
  return {iris(), breast_cancer(), breast_cancer_missing(), breast_cancer_blanked(), wine(), diabetes(),
          synthetic_multiclass(), synthetic_binary(), synthetic_regression()};
}

}  // namespace mlgate::test
