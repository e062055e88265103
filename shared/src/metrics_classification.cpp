// Classification metrics from a confusion matrix, as sklearn 1.2's
// precision_recall_fscore_support, accuracy_score, roc_auc_score and log_loss compute them.
#include <cmath>
#include <unordered_map>

#include "mlgate/metrics.hpp"

namespace mlgate::metrics {
namespace {

double ratio(double num, double den) { return den != 0 ? num / den : 0.0; }

// sklearn 1.2 derives F1 from precision and recall (not from counts); keep its rounding.
double f1_of(double p, double r) { return (p + r) != 0 ? 2 * p * r / (p + r) : 0.0; }

// One-vs-rest AUC per class, averaged by macro and by support; classes with one side empty
// in y_true are skipped (see metrics.hpp).
void ovr_auc(ClassificationMetrics& m, std::span<const double> proba, std::size_t n_classes,
             const std::vector<std::size_t>& true_index) {
  const std::size_t n = true_index.size();
  double macro = 0, weighted = 0, weight = 0;
  std::size_t used = 0;
  std::vector<double> score(n);
  std::vector<bool> truth(n);
  for (std::size_t k = 0; k < n_classes; ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      score[i] = proba[i * n_classes + k];
      truth[i] = true_index[i] == k;
    }
    auto auc = roc_auc(score, truth);
    if (!auc) continue;
    double support = static_cast<double>(m.per_class[k].support);
    macro += *auc;
    weighted += *auc * support;
    weight += support;
    ++used;
  }
  if (used == 0) return;
  m.roc_auc = macro / static_cast<double>(used);
  m.roc_auc_ovr_weighted = weighted / weight;
}

}  // namespace

Result<ClassificationMetrics> classification(const std::vector<std::string>& classes,
                                             std::span<const std::string> y_true,
                                             std::span<const std::string> y_pred,
                                             std::span<const double> probabilities) {
  const std::size_t n = y_true.size();
  if (y_pred.size() != n)
    return unprocessable("length_mismatch", std::to_string(y_pred.size()) + " predictions for " +
                                                std::to_string(n) + " labels");
  if (n == 0) return unprocessable("no_rows", "no rows to score");
  if (!probabilities.empty() && probabilities.size() != n * classes.size())
    return unprocessable("length_mismatch", std::to_string(probabilities.size()) + " probabilities for " +
                                                std::to_string(n) + " rows x " + std::to_string(classes.size()) +
                                                " classes");

  ClassificationMetrics m;
  m.n = n;
  m.labels = classes;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < classes.size(); ++k) index.emplace(classes[k], k);
  auto index_of = [&](const std::string& label, bool from_truth) {
    auto [it, fresh] = index.emplace(label, m.labels.size());
    if (fresh) {
      m.labels.push_back(label);
      if (from_truth) m.unknown_labels.push_back(label);
    }
    return it->second;
  };
  std::vector<std::size_t> t(n), p(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (y_true[i].empty()) return unprocessable("missing_label", "row " + std::to_string(i + 1) + " has no label");
    if (y_pred[i].empty()) return unprocessable("missing_label", "prediction " + std::to_string(i + 1) + " is empty");
    t[i] = index_of(y_true[i], true);
  }
  // A predicted label the model does not declare is as unknown to the probabilities.
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t before = m.labels.size();
    p[i] = index_of(y_pred[i], false);
    if (m.labels.size() != before) m.unknown_labels.push_back(y_pred[i]);
  }

  const std::size_t L = m.labels.size();
  m.confusion.assign(L, std::vector<std::int64_t>(L, 0));
  for (std::size_t i = 0; i < n; ++i) ++m.confusion[t[i]][p[i]];

  std::int64_t correct = 0;
  std::size_t present = 0;
  for (std::size_t k = 0; k < L; ++k) {
    std::int64_t tp = m.confusion[k][k], support = 0, predicted = 0;
    for (std::size_t j = 0; j < L; ++j) {
      support += m.confusion[k][j];
      predicted += m.confusion[j][k];
    }
    correct += tp;
    ClassScores s{m.labels[k], ratio(tp, predicted), ratio(tp, support), 0, support};
    s.f1 = f1_of(s.precision, s.recall);
    if (support + predicted > 0) {  // sklearn's default labels: present in y_true or y_pred
      ++present;
      m.precision_macro += s.precision;
      m.recall_macro += s.recall;
      m.f1_macro += s.f1;
    }
    m.precision_weighted += s.precision * static_cast<double>(support);
    m.recall_weighted += s.recall * static_cast<double>(support);
    m.f1_weighted += s.f1 * static_cast<double>(support);
    m.per_class.push_back(std::move(s));
  }
  const double dn = static_cast<double>(n);
  m.accuracy = static_cast<double>(correct) / dn;
  m.precision_macro /= static_cast<double>(present);
  m.recall_macro /= static_cast<double>(present);
  m.f1_macro /= static_cast<double>(present);
  m.precision_weighted /= dn;
  m.recall_weighted /= dn;
  m.f1_weighted /= dn;

  if (classes.size() == 2) {
    m.positive_class = classes[1];
    m.precision = m.per_class[1].precision;
    m.recall = m.per_class[1].recall;
    m.f1 = m.per_class[1].f1;
  }

  bool usable = !probabilities.empty() && m.unknown_labels.empty() && classes.size() >= 2;
  for (double v : probabilities) usable = usable && std::isfinite(v);
  if (!usable) return m;
  if (classes.size() == 2) {
    std::vector<double> score(n);
    std::vector<bool> truth(n);
    for (std::size_t i = 0; i < n; ++i) {
      score[i] = probabilities[i * 2 + 1];
      truth[i] = t[i] == 1;
    }
    m.roc_auc = roc_auc(score, truth);
  } else {
    ovr_auc(m, probabilities, classes.size(), t);
  }
  m.log_loss = log_loss(probabilities, classes.size(), t);
  return m;
}

}  // namespace mlgate::metrics
