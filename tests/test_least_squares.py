"""fit converges to ordinary least squares: against the textbook formula and exact normal equations.

The oracles here are independent of vecgd: the slope ``Sxy / Sxx`` summed
with math.fsum, and the normal equations solved in fractions.Fraction by a
few lines of Gaussian elimination written in this file.
"""

from __future__ import annotations

import math
import random
import unittest
from fractions import Fraction
from typing import Any, List, Sequence

from tests.support import assert_vectors_close
from vecgd import SGD, Linear, MultipleLinear, Polynomial, fit, least_squares


def noisy(n: int, seed: int, features: int = 1) -> tuple[List[Any], List[float]]:
    """Return n points with x uniform in [-1, 1) and y a plane plus Gaussian noise."""
    rng = random.Random(seed)
    xs = [[rng.uniform(-1, 1) for _ in range(features)] for _ in range(n)]
    ys = [1.5 + math.fsum(2.0 * (j + 1) * x_j for j, x_j in enumerate(x)) + rng.gauss(0, 0.3)
          for x in xs]
    return ([x[0] for x in xs] if features == 1 else xs), ys


def exact_ols(rows: Sequence[Sequence[Fraction]], ys: Sequence[float]) -> List[float]:
    """Solve (X^T X) theta = X^T y exactly, by Gaussian elimination with back substitution."""
    k = len(rows[0])
    a = [[sum((r[i] * r[j] for r in rows), Fraction(0)) for j in range(k)]
         + [sum((r[i] * Fraction(y) for r, y in zip(rows, ys)), Fraction(0))] for i in range(k)]
    for col in range(k):
        pivot = next(r for r in range(col, k) if a[r][col] != 0)
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, k):
            factor = a[r][col] / a[col][col]
            a[r] = [v - factor * p for v, p in zip(a[r], a[col])]
    theta = [Fraction(0)] * k
    for i in reversed(range(k)):
        rest = sum((a[i][j] * theta[j] for j in range(i + 1, k)), Fraction(0))
        theta[i] = (a[i][k] - rest) / a[i][i]
    return [float(t) for t in theta]


class LeastSquaresConvergenceTest(unittest.TestCase):
    def test_linear_fit_reaches_the_textbook_slope_and_intercept(self) -> None:
        xs, ys = noisy(40, seed=1)
        mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
        sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
        sxx = math.fsum((x - mean_x) ** 2 for x in xs)
        slope = sxy / sxx
        expected = [slope, mean_y - slope * mean_x]
        result = fit(Linear(), xs, ys, [0.0, 0.0], SGD(0.5), epochs=400)
        assert_vectors_close(self, result.theta, expected, rel=1e-6)
        assert_vectors_close(self, least_squares(Linear(), xs, ys), expected, rel=1e-12)

    def test_quadratic_fit_reaches_the_exact_normal_equations(self) -> None:
        xs, ys = noisy(40, seed=2)
        expected = exact_ols([[Fraction(x) ** 2, Fraction(x), Fraction(1)] for x in xs], ys)
        result = fit(Polynomial(2), xs, ys, [0.0, 0.0, 0.0], SGD(0.5), epochs=1500)
        assert_vectors_close(self, result.theta, expected, rel=1e-6)
        assert_vectors_close(self, least_squares(Polynomial(2), xs, ys), expected, rel=1e-12)

    def test_multiple_linear_fit_reaches_the_exact_normal_equations(self) -> None:
        for features in (2, 3):
            xs, ys = noisy(40, seed=3, features=features)
            rows = [[Fraction(x_j) for x_j in x] + [Fraction(1)] for x in xs]
            expected = exact_ols(rows, ys)
            result = fit(MultipleLinear(), xs, ys, [0.0] * (features + 1), SGD(0.5), epochs=600)
            with self.subTest(features=features):
                assert_vectors_close(self, result.theta, expected, rel=1e-6)
                assert_vectors_close(self, least_squares(MultipleLinear(), xs, ys), expected,
                                     rel=1e-12)


if __name__ == "__main__":
    unittest.main()
