// The small dense solvers the linear trainer needs (row-major, double).
#pragma once
#include <cstddef>
#include <vector>

namespace mlgate::retraining::linalg {

// Solves A x = b for a symmetric positive definite A (d × d) by Cholesky; false when A is
// not numerically positive definite. A is overwritten.
bool cholesky_solve(std::vector<double>& a, std::size_t d, std::vector<double>& b);

// Least squares min ||A x − b|| by Householder QR (A: m × n, m ≥ n), the stable route (no
// normal equations, whose condition number is the square of A's). false when A's columns
// are numerically dependent (|R_jj| ≤ 1e-12 × max |R_ii|). A and b are overwritten.
bool least_squares(std::vector<double>& a, std::size_t m, std::size_t n, std::vector<double>& b, std::vector<double>& x);

}  // namespace mlgate::retraining::linalg
