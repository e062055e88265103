// The linear model as ONNX: Imputer (missing → the training mean) → Scaler (the
// standardisation) → LinearClassifier / LinearRegressor on the standardised features.
// The standardisation stays a Scaler rather than being folded into the coefficients:
// folded, a feature with a large offset (a timestamp, an id-like count) makes float32
// evaluation cancel large terms and lose the 1e-5 agreement; (x − mean) first is exact.
#pragma once
#include <string>

#include "retraining/linear_model.hpp"
#include "retraining/training_set.hpp"

namespace mlgate::retraining::linear {

// Binary classifiers carry the margin twice, [−w; w] with LOGISTIC, since ONNX Runtime's
// one-row binary LinearClassifier skips the transform (it writes [1 − m, m]); multi-class
// SOFTMAX over one row per class; regression output `value` [N, 1].
std::string export_onnx(const Model& model, const TrainingSet& set, const std::string& doc);

}  // namespace mlgate::retraining::linear
