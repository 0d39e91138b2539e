"""Tests for vecgd.exact's curvature: the least-squares Hessian, Jacobi eigenvalues, kappa.

Oracles: the Hessian by hand (2/n * X^T X); eigenvalues of 2x2 matrices in
closed form ((a + d)/2 +- sqrt(((a - d)/2)**2 + b**2)); for larger matrices
the invariants an eigen-decomposition must keep, computed independently in
exact arithmetic (trace = sum, determinant = product by Gaussian
elimination in Fractions, and det(A - lambda I) = 0 at each eigenvalue).
"""

from __future__ import annotations

import math
import random
import unittest
import warnings
from fractions import Fraction

from tests.support import assert_close, assert_vectors_close
from vecgd import (
    ILL_CONDITIONED,
    IllConditionedWarning,
    Linear,
    MultipleLinear,
    Polynomial,
    Proportional,
    condition_number,
    eigenvalues,
    least_squares,
    least_squares_hessian,
)


def _determinant(matrix: list[list[float]]) -> Fraction:
    """Return det(matrix) exactly, by Gaussian elimination in Fractions."""
    a = [[Fraction(v) for v in row] for row in matrix]
    k, det = len(a), Fraction(1)
    for col in range(k):
        pivot = next((r for r in range(col, k) if a[r][col] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != col:
            a[col], a[pivot] = a[pivot], a[col]
            det = -det
        det *= a[col][col]
        for r in range(col + 1, k):
            factor = a[r][col] / a[col][col]
            a[r] = [v - factor * p for v, p in zip(a[r], a[col])]
    return det


def _random_symmetric(rng: random.Random, k: int) -> list[list[float]]:
    a = [[rng.uniform(-3, 3) for _ in range(k)] for _ in range(k)]
    return [[a[i][j] + a[j][i] for j in range(k)] for i in range(k)]


class HessianTest(unittest.TestCase):
    def test_linear_hessian_by_hand(self) -> None:
        # X rows [x, 1] for x = 0..3: X^T X = [[14, 6], [6, 4]], times 2/4.
        self.assertEqual(least_squares_hessian(Linear(), [0, 1, 2, 3]), [[7.0, 3.0], [3.0, 2.0]])

    def test_polynomial_and_multiple_linear(self) -> None:
        # Polynomial(2) rows [x**2, x, 1] at x = -1, 1: X^T X = [[2, 0, 2], [0, 2, 0], [2, 0, 2]].
        self.assertEqual(least_squares_hessian(Polynomial(2), [-1, 1]),
                         [[2.0, 0.0, 2.0], [0.0, 2.0, 0.0], [2.0, 0.0, 2.0]])
        self.assertEqual(least_squares_hessian(MultipleLinear(), [[1, 2]]),
                         [[2.0, 4.0, 2.0], [4.0, 8.0, 4.0], [2.0, 4.0, 2.0]])

    def test_the_hessian_is_the_gradients_derivative(self) -> None:
        # The mean gradient is linear in theta: g(theta + e_j) - g(theta) is column j.
        xs, ys = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], [1.0, 2.0, 3.0]
        model = MultipleLinear()
        hessian = least_squares_hessian(model, xs)
        base = model.batch_gradient([0.0, 0.0, 0.0], xs, ys)[0]
        for j in range(3):
            theta = [1.0 if i == j else 0.0 for i in range(3)]
            moved = model.batch_gradient(theta, xs, ys)[0]
            assert_vectors_close(self, [m - b for m, b in zip(moved, base)],
                                 [row[j] for row in hessian], rel=1e-12, abs=1e-12)

    def test_refuses_models_without_a_design(self) -> None:
        with self.assertRaisesRegex(TypeError, "least_squares_hessian: model must be linear"):
            least_squares_hessian(object(), [1.0])
        with self.assertRaisesRegex(ValueError, "least_squares_hessian: xs must not be empty"):
            least_squares_hessian(Linear(), [])
        with self.assertRaisesRegex(TypeError, r"least_squares_hessian: xs\[1\] must be a real"):
            least_squares_hessian(Linear(), [1.0, "2"])


class EigenvaluesTest(unittest.TestCase):
    def test_two_by_two_in_closed_form(self) -> None:
        for a, b, d in [(2.0, 1.0, 2.0), (1.0, 0.0, 5.0), (3.0, -2.0, -1.0), (1e-3, 1e3, 7.0)]:
            middle, radius = (a + d) / 2, math.hypot((a - d) / 2, b)
            assert_vectors_close(self, eigenvalues([[a, b], [b, d]]),
                                 [middle - radius, middle + radius], rel=1e-14, abs=1e-12)

    def test_diagonal_and_one_by_one(self) -> None:
        self.assertEqual(eigenvalues([[3.0, 0.0], [0.0, -1.0]]), [-1.0, 3.0])
        self.assertEqual(eigenvalues([[5]]), [5.0])

    def test_invariants_of_random_symmetric_matrices(self) -> None:
        rng = random.Random(11)
        for k in (3, 5, 8):
            with self.subTest(k=k):
                a = _random_symmetric(rng, k)
                values = eigenvalues(a)
                self.assertEqual(values, sorted(values))
                assert_close(self, math.fsum(values), math.fsum(a[i][i] for i in range(k)),
                             abs=1e-12)
                det = float(_determinant(a))
                assert_close(self, math.prod(values), det, rel=1e-10)
                scale = max(abs(v) for v in values) ** k
                for value in values:  # det(A - lambda I) vanishes at each eigenvalue
                    shifted = [[a[i][j] - (value if i == j else 0.0) for j in range(k)]
                               for i in range(k)]
                    self.assertLess(abs(float(_determinant(shifted))), 1e-9 * scale)

    def test_bad_matrices(self) -> None:
        cases = [
            ("not square", [[1.0, 2.0]], ValueError, "matrix must be square"),
            ("not symmetric", [[1.0, 2.0], [3.0, 1.0]], ValueError, "matrix must be symmetric"),
            ("empty", [], ValueError, "matrix must not be empty"),
            ("not finite", [[math.inf]], ValueError, r"matrix\[0\]\[0\] must be finite"),
            ("a string", "ab", TypeError, "matrix must be a sequence of vectors"),
            ("a row of text", [["a"]], TypeError, r"matrix\[0\]\[0\] must be a real number"),
        ]
        for label, matrix, kind, message in cases:
            with self.subTest(label), self.assertRaisesRegex(kind, "eigenvalues: " + message):
                eigenvalues(matrix)  # type: ignore[arg-type]


class ConditionNumberTest(unittest.TestCase):
    def test_by_hand(self) -> None:
        # Linear at x = -1, 1: the Hessian is 2 * identity; kappa 1.
        assert_close(self, condition_number(Linear(), [-1, 1]), 1.0, rel=1e-15)
        # Linear at x = 0..3: eigenvalues of [[7, 3], [3, 2]] are (9 +- sqrt(61)) / 2.
        expected = (9 + math.sqrt(61)) / (9 - math.sqrt(61))
        assert_close(self, condition_number(Linear(), [0, 1, 2, 3]), expected, rel=1e-12)

    def test_singular_is_infinite(self) -> None:
        self.assertEqual(condition_number(Linear(), [3.0, 3.0]), math.inf)
        self.assertEqual(condition_number(Proportional(), [0.0]), math.inf)

    def test_huge_data_still_gives_a_number(self) -> None:
        # 2/n X^T X is past the floats, yet kappa is scale-free: the same as for x/1e200.
        assert_close(self, condition_number(Proportional(), [1e200, 2e200]), 1.0, rel=0)


class CollinearWarningTest(unittest.TestCase):
    def test_a_column_tenth_of_another_warns_with_kappa(self) -> None:
        xs = [[x, 0.1 * x] for x in [1.0, 2.0, 3.0, 4.5]]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            least_squares(MultipleLinear(), xs, [1.0, 2.0, 3.0, 5.0])
        self.assertEqual(len(caught), 1)
        self.assertIs(caught[0].category, IllConditionedWarning)
        self.assertRegex(str(caught[0].message),
                         r"^least_squares: the design is ill-conditioned \(condition number ")
        self.assertIn("nearly collinear", str(caught[0].message))

    def test_clean_data_does_not_warn(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            least_squares(MultipleLinear(), [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]],
                          [1.0, 2.0, 3.0, 4.0])
        self.assertEqual(ILL_CONDITIONED, 1e12)


if __name__ == "__main__":
    unittest.main()
