#include "retraining/linear_model.hpp"

#include <algorithm>
#include <cmath>

#include "retraining/dense_linalg.hpp"

namespace mlgate::retraining::linear {
namespace {

// Rows as [1, z_1 .. z_F] (the intercept's column first).
std::vector<double> design(const TrainingSet& set, const std::vector<std::size_t>& rows, const Standardization& s) {
  const std::size_t f = set.features.size(), d = f + 1;
  std::vector<double> a(rows.size() * d);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const float* x = set.row(rows[i]);
    a[i * d] = 1;
    for (std::size_t j = 0; j < f; ++j) a[i * d + 1 + j] = std::isnan(x[j]) ? 0.0 : (x[j] - s.mean[j]) * s.scale[j];
  }
  return a;
}

// Logistic regression over the parameter blocks of `classes`: one block (class 1, against
// class 0 at margin 0) for binary, every class for multinomial. Each block is [b, w_1..w_F].
struct Logistic {
  const std::vector<double>& a;  // n × d design
  const std::vector<std::int32_t>& y;
  std::size_t n, d, c, k;  // rows, block width, classes, blocks
  double l2;

  std::size_t cls(std::size_t block) const { return k == c ? block : 1; }

  // Class probabilities of row i into p (c values).
  void probabilities(const std::vector<double>& beta, std::size_t i, std::vector<double>& p) const {
    std::fill(p.begin(), p.end(), 0.0);
    for (std::size_t b = 0; b < k; ++b) {
      double m = 0;
      for (std::size_t j = 0; j < d; ++j) m += beta[b * d + j] * a[i * d + j];
      p[cls(b)] = m;
    }
    const double top = *std::max_element(p.begin(), p.end());
    double sum = 0;
    for (double& v : p) sum += (v = std::exp(v - top));
    for (double& v : p) v /= sum;
  }

  double objective(const std::vector<double>& beta) const {
    double f = 0;
    std::vector<double> m(c);
    for (std::size_t i = 0; i < n; ++i) {
      std::fill(m.begin(), m.end(), 0.0);
      for (std::size_t b = 0; b < k; ++b)
        for (std::size_t j = 0; j < d; ++j) m[cls(b)] += beta[b * d + j] * a[i * d + j];
      const double top = *std::max_element(m.begin(), m.end());
      double sum = 0;
      for (double v : m) sum += std::exp(v - top);
      f += top + std::log(sum) - m[static_cast<std::size_t>(y[i])];
    }
    for (std::size_t b = 0; b < k; ++b)
      for (std::size_t j = 1; j < d; ++j) f += 0.5 * l2 * beta[b * d + j] * beta[b * d + j];
    return f;
  }

  // Gradient and (with hessian non-null) Hessian of the objective.
  void derivatives(const std::vector<double>& beta, std::vector<double>& g, std::vector<double>* hessian) const {
    const std::size_t dim = k * d;
    g.assign(dim, 0.0);
    if (hessian) hessian->assign(dim * dim, 0.0);
    std::vector<double> p(c);
    for (std::size_t i = 0; i < n; ++i) {
      probabilities(beta, i, p);
      const double* ai = &a[i * d];
      for (std::size_t b = 0; b < k; ++b) {
        const double r = p[cls(b)] - (static_cast<std::size_t>(y[i]) == cls(b) ? 1.0 : 0.0);
        for (std::size_t j = 0; j < d; ++j) g[b * d + j] += r * ai[j];
        if (!hessian) continue;
        for (std::size_t b2 = b; b2 < k; ++b2) {
          const double w = p[cls(b)] * ((b == b2 ? 1.0 : 0.0) - p[cls(b2)]);
          double* h = &(*hessian)[(b * d) * dim + b2 * d];
          for (std::size_t j = 0; j < d; ++j)
            for (std::size_t j2 = 0; j2 < d; ++j2) h[j * dim + j2] += w * ai[j] * ai[j2];
        }
      }
    }
    for (std::size_t b = 0; b < k; ++b)
      for (std::size_t j = 1; j < d; ++j) g[b * d + j] += l2 * beta[b * d + j];
    if (!hessian) return;
    auto& h = *hessian;
    for (std::size_t r = 0; r < dim; ++r)  // lower blocks from the upper ones
      for (std::size_t s = 0; s < r; ++s) h[r * dim + s] = h[s * dim + r];
    for (std::size_t b = 0; b < k; ++b) {
      for (std::size_t j = 1; j < d; ++j) h[(b * d + j) * dim + b * d + j] += l2;
      // Multinomial intercepts are only defined up to a common shift (the objective's one
      // flat direction); a tiny ridge there keeps the Newton system positive definite and,
      // the gradient being orthogonal to that direction, does not move the solution.
      if (k == c) h[(b * d) * dim + b * d] += 1e-10 * static_cast<double>(n);
    }
  }
};

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::fabs(x));
  return m;
}

Model unpack(const std::vector<double>& beta, std::size_t blocks, std::size_t d, Standardization s) {
  Model m;
  m.standardization = std::move(s);
  m.rows = blocks;
  for (std::size_t b = 0; b < blocks; ++b) {
    m.intercepts.push_back(beta[b * d]);
    m.coefficients.insert(m.coefficients.end(), beta.begin() + static_cast<long>(b * d + 1), beta.begin() + static_cast<long>((b + 1) * d));
  }
  return m;
}

}  // namespace

Standardization fit_standardization(const TrainingSet& set, const std::vector<std::size_t>& rows) {
  const std::size_t f = set.features.size();
  Standardization s;
  s.mean.assign(f, 0.0);
  s.scale.assign(f, 1.0);
  std::vector<double> count(f, 0.0), m2(f, 0.0);
  for (std::size_t r : rows) {  // Welford, per column, over the values present
    const float* x = set.row(r);
    for (std::size_t j = 0; j < f; ++j) {
      if (std::isnan(x[j])) continue;
      count[j] += 1;
      const double delta = x[j] - s.mean[j];
      s.mean[j] += delta / count[j];
      m2[j] += delta * (x[j] - s.mean[j]);
    }
  }
  // Rounded to the float32 numbers the exported Imputer and Scaler hold, so that the
  // trainer's z is the exported one: with a feature around 1e6, a mean off by its float32
  // rounding (up to 0.03) would shift every z by that much.
  for (std::size_t j = 0; j < f; ++j) {
    const double sd = count[j] > 0 ? std::sqrt(m2[j] / count[j]) : 0.0;
    s.mean[j] = static_cast<float>(s.mean[j]);
    s.scale[j] = static_cast<float>(sd > 0 ? 1.0 / sd : 1.0);
  }
  return s;
}

Result<Model> fit_logistic(const TrainingSet& set, const std::vector<std::size_t>& rows, double l2, int max_iter, double tol) {
  const std::size_t params = (set.classes.size() == 2 ? 1 : set.classes.size()) * (set.features.size() + 1);
  if (params > kMaxNewtonParameters)
    return unprocessable("training_failed", "logistic regression with " + std::to_string(params) + " coefficients (classes x (features + 1)); Newton's method here takes at most " +
                                                std::to_string(kMaxNewtonParameters) + ": use trainer xgboost, or fewer features");
  Standardization s = fit_standardization(set, rows);
  const std::vector<double> a = design(set, rows, s);
  std::vector<std::int32_t> y;
  for (std::size_t r : rows) y.push_back(set.y_class[r]);
  const std::size_t c = set.classes.size(), d = set.features.size() + 1;
  const Logistic lr{a, y, rows.size(), d, c, c == 2 ? 1u : c, l2};
  const std::size_t dim = lr.k * d;
  const double n = static_cast<double>(rows.size());

  std::vector<double> beta(dim, 0.0), g, h, step;
  double f = lr.objective(beta);
  int it = 0;
  for (;; ++it) {
    lr.derivatives(beta, g, &h);
    if (max_abs(g) / n <= tol) break;
    if (it == max_iter)
      return unprocessable("training_failed", "logistic regression did not converge in " + std::to_string(max_iter) +
                                                  " Newton steps (max |gradient| per row " + std::to_string(max_abs(g) / n) +
                                                  "); raise max_iter or l2");
    step = g;
    if (!linalg::cholesky_solve(h, dim, step))
      return unprocessable("training_failed", "logistic regression: the Newton system is singular (use l2 > 0)");
    double slope = 0;
    for (std::size_t i = 0; i < dim; ++i) slope -= g[i] * step[i];
    // Armijo backtracking; the slack of a few ulps of f lets the full Newton steps near the
    // optimum through, where the decrease is below f's rounding.
    double t = 1;
    std::vector<double> trial(dim);
    for (int halvings = 0;; ++halvings) {
      if (halvings == 60)
        return unprocessable("training_failed", "logistic regression: the line search found no decrease (max |gradient| per row " +
                                                    std::to_string(max_abs(g) / n) + ")");
      for (std::size_t i = 0; i < dim; ++i) trial[i] = beta[i] - t * step[i];
      const double ft = lr.objective(trial);
      if (ft <= f + 1e-4 * t * slope + 1e-12 * std::fabs(f)) {
        f = ft;
        break;
      }
      t /= 2;
    }
    beta.swap(trial);
  }
  if (lr.k == c) {  // the common shift of multinomial intercepts is free: centre them
    double mean = 0;
    for (std::size_t b = 0; b < c; ++b) mean += beta[b * d] / static_cast<double>(c);
    for (std::size_t b = 0; b < c; ++b) beta[b * d] -= mean;
  }
  Model m = unpack(beta, lr.k, d, std::move(s));
  m.iterations = it;
  m.gradient_max_abs = max_abs(g) / n;
  return m;
}

Result<Model> fit_least_squares(const TrainingSet& set, const std::vector<std::size_t>& rows, double l2) {
  Standardization s = fit_standardization(set, rows);
  const std::size_t f = set.features.size(), d = f + 1, n = rows.size();
  // The ridge as F extra rows sqrt(l2)·e_j (j ≥ 1) under the design, with target 0.
  std::vector<double> a = design(set, rows, s);
  a.resize((n + f) * d, 0.0);
  std::vector<double> b(n + f, 0.0), x;
  for (std::size_t i = 0; i < n; ++i) b[i] = set.y_value[rows[i]];
  for (std::size_t j = 0; j < f; ++j) a[(n + j) * d + 1 + j] = std::sqrt(l2);
  if (!linalg::least_squares(a, n + f, d, b, x))
    return unprocessable("training_failed", "linear regression: the features are linearly dependent (a constant or repeated column?); use l2 > 0");
  Model m = unpack(x, 1, d, std::move(s));
  // The gradient at the solution, as a check of the solve.
  std::vector<double> g(d, 0.0);
  const std::vector<double> design_rows = design(set, rows, m.standardization);
  for (std::size_t i = 0; i < n; ++i) {
    double r = -set.y_value[rows[i]];
    for (std::size_t j = 0; j < d; ++j) r += x[j] * design_rows[i * d + j];
    for (std::size_t j = 0; j < d; ++j) g[j] += 2 * r * design_rows[i * d + j];
  }
  for (std::size_t j = 1; j < d; ++j) g[j] += 2 * l2 * x[j];
  m.gradient_max_abs = max_abs(g) / static_cast<double>(n);
  return m;
}

void predict(const Model& m, Task task, std::size_t n_classes, const float* x, std::vector<double>& out) {
  const std::size_t f = m.standardization.mean.size();
  std::vector<double> margin(m.rows);
  for (std::size_t k = 0; k < m.rows; ++k) {
    double v = m.intercepts[k];
    for (std::size_t j = 0; j < f; ++j)
      if (!std::isnan(x[j])) v += m.coefficients[k * f + j] * (x[j] - m.standardization.mean[j]) * m.standardization.scale[j];
    margin[k] = v;
  }
  out.clear();
  if (task == Task::regression) {
    out.push_back(margin[0]);
    return;
  }
  if (n_classes == 2) {
    const double p = 1 / (1 + std::exp(-margin[0]));
    out = {1 - p, p};
    return;
  }
  const double top = *std::max_element(margin.begin(), margin.end());
  double sum = 0;
  for (double v : margin) sum += std::exp(v - top);
  for (double v : margin) out.push_back(std::exp(v - top) / sum);
}

}  // namespace mlgate::retraining::linear
