#include "retraining/dense_linalg.hpp"

#include <algorithm>
#include <cmath>

namespace mlgate::retraining::linalg {

bool cholesky_solve(std::vector<double>& a, std::size_t d, std::vector<double>& b) {
  // A = L Lᵀ, L in the lower triangle.
  for (std::size_t j = 0; j < d; ++j) {
    double s = a[j * d + j];
    for (std::size_t k = 0; k < j; ++k) s -= a[j * d + k] * a[j * d + k];
    if (!(s > 0)) return false;
    const double l = std::sqrt(s);
    a[j * d + j] = l;
    for (std::size_t i = j + 1; i < d; ++i) {
      double t = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / l;
    }
  }
  for (std::size_t i = 0; i < d; ++i) {  // L y = b
    double t = b[i];
    for (std::size_t k = 0; k < i; ++k) t -= a[i * d + k] * b[k];
    b[i] = t / a[i * d + i];
  }
  for (std::size_t i = d; i-- > 0;) {  // Lᵀ x = y
    double t = b[i];
    for (std::size_t k = i + 1; k < d; ++k) t -= a[k * d + i] * b[k];
    b[i] = t / a[i * d + i];
  }
  return true;
}

bool least_squares(std::vector<double>& a, std::size_t m, std::size_t n, std::vector<double>& b, std::vector<double>& x) {
  std::vector<double> diag(n), dots(n + 1);
  for (std::size_t j = 0; j < n; ++j) {
    // Householder reflection v = x − alpha e1 zeroing column j below the diagonal, applied to
    // the later columns and b in two passes over the rows (the matrix is tall and row-major).
    double norm2 = 0;
    for (std::size_t i = j; i < m; ++i) norm2 += a[i * n + j] * a[i * n + j];
    const double norm = std::sqrt(norm2);
    const double alpha = a[j * n + j] > 0 ? -norm : norm;
    diag[j] = alpha;
    if (norm == 0) continue;
    const double vnorm2 = norm2 - 2 * alpha * a[j * n + j] + alpha * alpha;
    a[j * n + j] -= alpha;
    std::fill(dots.begin(), dots.end(), 0.0);
    for (std::size_t i = j; i < m; ++i) {
      const double v = a[i * n + j];
      for (std::size_t k = j + 1; k < n; ++k) dots[k] += v * a[i * n + k];
      dots[n] += v * b[i];
    }
    for (std::size_t k = j + 1; k <= n; ++k) dots[k] *= 2 / vnorm2;
    for (std::size_t i = j; i < m; ++i) {
      const double v = a[i * n + j];
      for (std::size_t k = j + 1; k < n; ++k) a[i * n + k] -= dots[k] * v;
      b[i] -= dots[n] * v;
    }
  }
  double largest = 0;
  for (double r : diag) largest = std::max(largest, std::fabs(r));
  for (double r : diag)
    if (!(std::fabs(r) > 1e-12 * largest)) return false;
  x.assign(n, 0);
  for (std::size_t i = n; i-- > 0;) {  // R x = Qᵀ b
    double t = b[i];
    for (std::size_t k = i + 1; k < n; ++k) t -= a[i * n + k] * x[k];
    x[i] = t / diag[i];
  }
  return true;
}

}  // namespace mlgate::retraining::linalg
