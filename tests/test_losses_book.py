"""The book's chapters 15 (ridge) and 16 (logistic regression), reproduced by scripts/book_ch*.py.

Each script is imported by path and its numbers held to the book's printed
ones, digit for digit as the book prints them (scripts/book_ch15_ridge.py
and scripts/book_ch16.py say where the data come from and why each start is
the book's own).  Chapter 15's data ship as vecgd/examples/daily_minutes.csv;
without that file its test is skipped, saying so.
"""

from __future__ import annotations

import math
import unittest

from tests.support import assert_vectors_close, load_script
from vecgd import L2, MultipleLinear, Objective, SquaredError


class Chapter16Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.script = load_script("book_ch16")
        cls.numbers = cls.script.chapter()

    def test_the_books_split_and_its_scores(self) -> None:
        self.assertEqual((self.numbers["train"], self.numbers["test"]), (134, 66))
        for name in ("vecgd", "newton"):
            with self.subTest(name=name):
                self.assertEqual(self.numbers[name]["precision"], 0.75)
                self.assertEqual(self.numbers[name]["recall"], 0.8)

    def test_beta_unscaled_as_the_book_prints_it(self) -> None:
        shown = self.script.shown(self.numbers["vecgd"]["unscaled"])
        self.assertEqual(shown, [8.9, 1.6, -0.000288])

    def test_descent_reaches_newtons_optimum(self) -> None:
        # 5000 full-batch epochs of the book's step: the fit and the exact optimum agree.
        assert_vectors_close(self, self.numbers["vecgd"]["unscaled"],
                             self.numbers["newton"]["unscaled"], rel=1e-6)

    def test_least_squares_is_the_books_linear_fit_to_two_figures(self) -> None:
        # The book's start is lost; its fit stops within 0.01 of the optimum.
        assert_vectors_close(self, self.numbers["linear"], [0.26, 0.43, -0.43], abs=0.01)


class Chapter15RidgeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.script = load_script("book_ch15_ridge")
        if not cls.script.DATA.is_file():
            raise unittest.SkipTest(f"the book's chapter 15 data ({cls.script.DATA}) are missing")

    def test_alpha_one_tenth_digit_for_digit(self) -> None:
        # One alpha (its start drawn after alpha 0's, as in the book): 5000 epochs in ~2 s.
        found = self.script.chapter(alphas=[0.1])[0.1]
        book = self.script.BOOK_BETAS[0.1]
        self.assertEqual(self.script.as_printed(found["vecgd"], book), book)

    def test_the_ridge_optimum_is_stationary(self) -> None:
        xs, ys = self.script.load()
        for alpha in (0.1, 10.0):
            beta = self.script.ridge_optimum(xs, ys, alpha)
            theta = beta[1:] + beta[:1]
            objective = Objective(MultipleLinear(), SquaredError(), L2(2 * alpha))
            gradient, _ = objective.mean_gradient(theta, xs, ys)
            with self.subTest(alpha=alpha):
                self.assertLess(math.hypot(*gradient), 1e-10)

    def test_the_books_alpha_is_half_of_l2s(self) -> None:
        # The book's ridge_penalty is alpha * ||w||**2; the fits use L2(2 * alpha).
        self.assertEqual(L2(2 * 0.1).value([1.0, 2.0]), 0.1 * (1.0 + 4.0))


if __name__ == "__main__":
    unittest.main()
