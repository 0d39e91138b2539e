"""Tests for vecgd.exact.ridge_optimum: the exact minimizer of squared error plus L2."""

from __future__ import annotations

import unittest
from fractions import Fraction

from tests.support import load_script
from vecgd import L2, SGD, Linear, MultipleLinear, Proportional, fit, least_squares
from vecgd.exact import ridge_optimum

# The book's chapter 15 script, loaded by path as the other suites load scripts.
BOOK = load_script("book_ch15_ridge")
load, book_ridge = BOOK.load, BOOK.ridge_optimum


class RidgeOptimumTest(unittest.TestCase):
    def test_by_hand_in_fractions(self) -> None:
        # xs 0, 1, 2; ys 1, 2, 4; alpha 1/2: (X^T X + n alpha / 2 D) theta = X^T y with
        # X^T X = [[5, 3], [3, 3]], X^T y = [10, 7], n alpha / 2 = 3/4 on the slope only.
        a = [[Fraction(5) + Fraction(3, 4), Fraction(3)], [Fraction(3), Fraction(3)]]
        b = [Fraction(10), Fraction(7)]
        det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        slope = (b[0] * a[1][1] - a[0][1] * b[1]) / det
        intercept = (a[0][0] * b[1] - a[1][0] * b[0]) / det
        self.assertEqual(ridge_optimum(Linear(), [0, 1, 2], [1, 2, 4], alpha=0.5),
                         [float(slope), float(intercept)])

    def test_alpha_zero_is_least_squares(self) -> None:
        xs, ys = load()
        self.assertEqual(ridge_optimum(MultipleLinear(), xs, ys),
                         least_squares(MultipleLinear(), xs, ys))

    def test_the_books_chapter_15_ridge_optimum(self) -> None:
        # The book's ridge_penalty is alpha ||w||^2, vecgd's L2 alpha ||w||^2 / 2: alpha 2a.
        # The book's script solves (X^T X / n + a I_w) beta = X^T y / n on its own, in
        # fractions, the constant first; and docs/losses.md prints these to 2 figures.
        xs, ys = load()
        printed = {0.1: [30.8, 0.95, -1.85, 0.55], 1.0: [30.7, 0.91, -1.69, 0.09],
                   10.0: [28.4, 0.73, -0.92, -0.02]}
        for a, beta in printed.items():
            with self.subTest(alpha=a):
                mine = ridge_optimum(MultipleLinear(), xs, ys, alpha=2 * a)
                book = book_ridge(xs, ys, a)
                self.assertEqual([mine[-1], *mine[:-1]], list(book))
                for got, want in zip([mine[-1], *mine[:-1]], beta):
                    self.assertAlmostEqual(got, want, delta=0.006 * max(1.0, abs(want)))

    def test_descent_reaches_it(self) -> None:
        xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 4.0, 7.0]
        result = fit(Linear(), xs, ys, [0.0, 0.0], SGD(0.1), epochs=3000, penalty=L2(0.3))
        exact = ridge_optimum(Linear(), xs, ys, alpha=0.3)
        for got, want in zip(result.theta, exact):
            self.assertAlmostEqual(got, want, places=10)

    def test_no_intercept_penalizes_everything(self) -> None:
        # Proportional: mean (w x - y)^2 + a w^2 / 2; w = 2 sum xy / (2 sum x^2 + n a).
        self.assertEqual(ridge_optimum(Proportional(), [1.0, 2.0], [2.0, 4.0], alpha=1.0),
                         [float(Fraction(2 * 10, 2 * 5 + 2))])

    def test_errors_name_ridge_optimum(self) -> None:
        with self.assertRaisesRegex(ValueError, "ridge_optimum: alpha"):
            ridge_optimum(Linear(), [0.0, 1.0], [0.0, 1.0], alpha=-1.0)
        with self.assertRaisesRegex(ValueError, "ridge_optimum: the normal equations are "
                                                "singular"):
            ridge_optimum(Linear(), [1.0, 1.0], [0.0, 1.0])


if __name__ == "__main__":
    unittest.main()
