// The data sets the trainer suite trains on: the fixture pack's CSVs (iris, breast cancer
// with and without missing values, wine, diabetes) and synthetic ones with many missing
// values, each as a named training set.
#pragma once
#include <string>
#include <vector>

#include "retraining/training_set.hpp"

namespace mlgate::test {

struct NamedSet {
  std::string name;
  retraining::TrainingSet set;
};

NamedSet iris();                         // 45 rows, 3 classes (integer labels)
NamedSet breast_cancer();                // 171 rows, binary, complete
NamedSet breast_cancer_missing();        // the s07 fixture: binary with 612 empty cells
NamedSet breast_cancer_blanked();        // breast_cancer() with 30% of its cells emptied here
NamedSet wine();                         // 63 rows, 3 classes
NamedSet diabetes();                     // 133 rows, regression
NamedSet synthetic_multiclass();         // 1500 rows × 8, 50% missing, 4 string classes
NamedSet synthetic_binary();             // 1200 rows × 6, 40% missing
NamedSet synthetic_regression();         // 1500 rows × 10, 60% missing

std::vector<NamedSet> all_sets();

}  // namespace mlgate::test
