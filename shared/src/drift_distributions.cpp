// The two distributions the drift tests need, in the classic series/continued-fraction forms
// (Numerical Recipes 3rd ed., 6.2 and 14.3): no dependency, double precision throughout.
#include <cmath>
#include <limits>

#include "mlgate/drift.hpp"

namespace mlgate::drift {
namespace {
constexpr double kEps = 1e-15;

// Lower regularized gamma P(a, x) by its series; converges fast for x < a + 1.
double gamma_p_series(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 10000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEps) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Upper regularized gamma Q(a, x) by Lentz's continued fraction; for x >= a + 1.
double gamma_q_fraction(double a, double x) {
  constexpr double tiny = std::numeric_limits<double>::min() / kEps;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEps) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// Kolmogorov's Q(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2).
double kolmogorov_q(double lambda) {
  if (lambda < 0.2) return 1.0;  // the alternating series has not settled; Q is 1 to 1e-9 here
  double sum = 0, sign = 1, prev = 0;
  for (int j = 1; j <= 200; ++j) {
    double term = sign * 2.0 * std::exp(-2.0 * j * j * lambda * lambda);
    sum += term;
    if (std::fabs(term) <= 1e-12 * prev || std::fabs(term) < 1e-300) break;
    prev = std::fabs(term);
    sign = -sign;
  }
  return sum < 0 ? 0 : (sum > 1 ? 1 : sum);
}
}  // namespace

double chi2_sf(double x, double dof) {
  if (std::isnan(x) || dof <= 0) return std::nan("");
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  const double a = dof / 2, hx = x / 2;
  return hx < a + 1 ? 1.0 - gamma_p_series(a, hx) : gamma_q_fraction(a, hx);
}

double ks_p_value(double d, std::size_t n, std::size_t m) {
  if (n == 0 || m == 0) return 1.0;
  const double en = std::sqrt(static_cast<double>(n) * m / (static_cast<double>(n) + m));
  return kolmogorov_q((en + 0.12 + 0.11 / en) * d);
}

}  // namespace mlgate::drift
