"""Tests for vecgd.exact: least_squares on exact data, against Sxy / Sxx, and its errors."""

from __future__ import annotations

import unittest
from fractions import Fraction

from vecgd.exact import least_squares
from vecgd.models import Linear, MultipleLinear, Polynomial, Proportional


class LeastSquaresTest(unittest.TestCase):
    def test_exact_data_gives_exact_theta(self) -> None:
        xs = [-2.0, -1.0, 0.5, 3.0]
        self.assertEqual(least_squares(Linear(), xs, [3 * x - 1 for x in xs]), [3.0, -1.0])
        self.assertEqual(least_squares(Proportional(), xs, [-0.5 * x for x in xs]), [-0.5])
        self.assertEqual(least_squares(Polynomial(0), xs, [1.0, 2.0, 3.0, 6.0]), [3.0])

    def test_proportional_is_sxy_over_sxx(self) -> None:
        xs, ys = [1.0, 2.0, 3.0], [2.0, 5.0, 5.0]
        expected = Fraction(1 * 2 + 2 * 5 + 3 * 5, 1 + 4 + 9)  # 27/14
        self.assertEqual(least_squares(Proportional(), xs, ys), [float(expected)])

    def test_singular_and_bad_arguments(self) -> None:
        cases = [
            ("all x equal", Linear(), [1.0, 1.0, 1.0], [1.0, 2.0, 3.0], ValueError, "singular"),
            ("too few points", Polynomial(2), [0.0, 1.0], [1.0, 2.0], ValueError, "singular"),
            ("repeated feature", MultipleLinear(), [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]],
             [1.0, 2.0, 4.0], ValueError, "singular"),
            ("lengths", Linear(), [1.0, 2.0], [1.0], ValueError, "same length"),
            ("empty", Linear(), [], [], ValueError, "empty"),
            ("not a model", object(), [1.0], [1.0], TypeError, "design_row"),
        ]
        for name, model, xs, ys, error, words in cases:
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    least_squares(model, xs, ys)  # type: ignore[arg-type]
                self.assertIn(words, str(caught.exception))


    def test_any_object_with_design_row_is_solved(self) -> None:
        # least_squares asks only for design_row and check_inputs (exact imports no model).
        class Through(Proportional):
            """y = w * x, but not a built-in class."""

        class Plain:
            def design_row(self, x: float) -> list[Fraction]:
                return [Fraction(x), Fraction(1)]

            def check_inputs(self, where: str, xs: list[float]) -> None:
                pass

        xs, ys = [1.0, 2.0, 3.0], [2.0, 5.0, 5.0]
        self.assertEqual(least_squares(Through(), xs, ys), [27 / 14])
        # About the means (2, 4): Sxy = 2 + 0 + 1 = 3, Sxx = 2; slope 3/2, intercept 4 - 3 = 1.
        self.assertEqual(least_squares(Plain(), xs, ys), [1.5, 1.0])


if __name__ == "__main__":
    unittest.main()
