"""Tests for vecgd.models: predictions, analytic gradients, batch gradients, checks, losses."""

from __future__ import annotations

import math
import random
import unittest
from fractions import Fraction
from typing import Any, List

from tests.support import assert_close, assert_vectors_close
from vecgd import (
    Linear,
    MultipleLinear,
    Polynomial,
    Proportional,
    check_gradient,
    least_squares,
    mean_squared_error,
    root_mean_squared_error,
    squared_error,
    sum_of_squared_errors,
)

MODELS: List[Any] = [Linear(), Proportional(), Polynomial(0), Polynomial(1), Polynomial(3)]


def random_case(model: Any, rng: random.Random, scale: float) -> tuple[List[float], Any, float]:
    """Return (theta, x, y) for model with values of about the given scale."""
    if isinstance(model, MultipleLinear):
        x: Any = [rng.uniform(-scale, scale) for _ in range(3)]
        size = 4
    else:
        x = rng.uniform(-scale, scale)
        size = {Linear: 2, Proportional: 1}.get(type(model), getattr(model, "degree", 0) + 1)
    theta = [rng.uniform(-scale, scale) for _ in range(size)]
    return theta, x, rng.uniform(-scale, scale)


class PredictionTest(unittest.TestCase):
    def test_linear_predicts_slope_times_x_plus_intercept(self) -> None:
        self.assertEqual(Linear().predict([3.0, 8.0], 0.5), 9.5)

    def test_proportional_gradient_is_the_lectures(self) -> None:
        # The lecture's first two printed gradients: w = 1, then w = 1 - 0.01 * -2.0.
        self.assertEqual(Proportional().gradient([1.0], 1, 2), [-2.0])
        assert_vectors_close(self, Proportional().gradient([1.02], 2, 4), [-7.84], rel=1e-15)

    def test_linear_gradient_is_the_lessons(self) -> None:
        # Seed 003, first sample from b = w = 1: y_pred = 1 + 14 = 15, y = 58.
        self.assertEqual(Linear().gradient([1, 1], 14, 58), [2 * (15 - 58) * 14, 2 * (15 - 58)])

    def test_polynomial_uses_highest_power_first(self) -> None:
        # y = 2x^2 - 3x + 5 at x = 2: 8 - 6 + 5 = 7; error 7 - 1 = 6.
        self.assertEqual(Polynomial(2).predict([2.0, -3.0, 5.0], 2.0), 7.0)
        self.assertEqual(Polynomial(2).gradient([2.0, -3.0, 5.0], 2.0, 1.0), [48.0, 24.0, 12.0])

    def test_polynomial_degree_zero_is_a_constant(self) -> None:
        self.assertEqual(Polynomial(0).predict([4.5], 123.0), 4.5)
        self.assertEqual(Polynomial(0).gradient([4.5], 123.0, 4.0), [1.0])

    def test_multiple_linear_weights_first_intercept_last(self) -> None:
        self.assertEqual(MultipleLinear().predict([1.0, -2.0, 0.5], [4.0, 1.0]), 2.5)
        gradient = MultipleLinear().gradient([1.0, -2.0, 0.5], [4.0, 1.0], 2.0)
        self.assertEqual(gradient, [4.0, 1.0, 1.0])

    def test_huge_values_give_inf_not_overflow_error(self) -> None:
        self.assertEqual(Polynomial(3).predict([1.0, 0.0, 0.0, 0.0], 1e200), math.inf)


class GradientCheckTest(unittest.TestCase):
    def test_analytic_gradients_match_numeric_ones(self) -> None:
        rng = random.Random(2024)
        for model in MODELS + [MultipleLinear(), Polynomial(2)]:
            for scale in (1e-3, 1e-1, 1.0, 10.0, 1e3):
                for _ in range(10):
                    theta, x, y = random_case(model, rng, scale)

                    def loss(t: Any, m: Any = model, x: Any = x, y: float = y) -> Any:
                        error = m.predict(t, x) - y
                        return error * error

                    def analytic(t: Any, m: Any = model, x: Any = x, y: float = y) -> Any:
                        return m.gradient(t, x, y)

                    check = check_gradient(loss, analytic, theta)
                    with self.subTest(model=model, scale=scale, theta=theta, x=x, y=y):
                        self.assertTrue(check.ok, check)

    def test_a_wrong_gradient_is_caught(self) -> None:
        model = Linear()

        def loss(t: Any) -> Any:
            error = model.predict(t, 3.0) - 1.0
            return error * error

        def wrong(t: List[float]) -> List[float]:
            slope_part, intercept_part = model.gradient(t, 3.0, 1.0)
            return [slope_part, intercept_part * (1 + 1e-3)]  # a slightly wrong factor

        self.assertFalse(check_gradient(loss, wrong, [0.5, 2.0]).ok)


class BatchGradientTest(unittest.TestCase):
    def test_batch_gradient_is_the_mean_of_sample_gradients(self) -> None:
        rng = random.Random(7)
        for model in MODELS + [MultipleLinear()]:
            theta, _, _ = random_case(model, rng, 2.0)
            cases = [random_case(model, rng, 2.0) for _ in range(50)]
            xs, ys = [c[1] for c in cases], [c[2] for c in cases]
            gradients = [model.gradient(theta, x, y) for x, y in zip(xs, ys)]
            expected = [math.fsum(column) / len(xs) for column in zip(*gradients)]
            expected_loss = mean_squared_error([model.predict(theta, x) for x in xs], ys)
            gradient, loss = model.batch_gradient(theta, xs, ys)
            with self.subTest(model=model):
                assert_vectors_close(self, gradient, expected, rel=1e-12, abs=1e-12)
                assert_close(self, loss, expected_loss, rel=1e-12)


class CheckTest(unittest.TestCase):
    def test_wrong_theta_length_is_refused_with_a_clear_message(self) -> None:
        cases = [
            ("linear", Linear(), [1.0, 2.0, 3.0], None,
             "Linear: theta must have 2 values [slope, intercept] (got 3)"),
            ("proportional", Proportional(), [1.0, 2.0], None,
             "Proportional: theta must have 1 value [w] (got 2)"),
            ("polynomial", Polynomial(2), [1.0], None,
             "Polynomial(degree=2): theta must have 3 values [w_2, w_1, b] (got 1)"),
            ("multiple", MultipleLinear(), [1.0, 2.0], [1.0, 2.0],
             "MultipleLinear: theta must have 3 values [w_1, w_2, b] "
             "for x with 2 features (got 2)"),
        ]
        for name, model, theta, x, message in cases:
            with self.subTest(name):
                with self.assertRaises(ValueError) as caught:
                    model.check_theta(theta, x)
                self.assertEqual(str(caught.exception), message)
                with self.assertRaises(ValueError):
                    model.gradient(theta, x if x is not None else 1.0, 0.0)

    def test_polynomial_degree_must_be_a_non_negative_int(self) -> None:
        for name, degree, error in [("float", 2.0, TypeError), ("bool", True, TypeError),
                                    ("negative", -1, ValueError)]:
            with self.subTest(name), self.assertRaises(error):
                Polynomial(degree)

    def test_bad_inputs_are_named_by_row(self) -> None:
        nan = float("nan")
        cases = [
            ("nan", Linear(), [1.0, 2.0, 3.0, nan], ValueError,
             "fit: xs[3] must be finite (got nan)"),
            ("text", Proportional(), [1.0, "2"], TypeError, "fit: xs[1] must be a real number"),
            ("feature nan", MultipleLinear(), [[1.0, 2.0], [1.0, nan]], ValueError,
             "fit: xs[1][1] must be finite (got nan)"),
            ("ragged", MultipleLinear(), [[1.0, 2.0], [1.0]], ValueError,
             "fit: xs[1] must have 2 features like xs[0] (got 1)"),
        ]
        for name, model, xs, error, message in cases:
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    model.check_inputs("fit", xs)
                self.assertTrue(str(caught.exception).startswith(message), caught.exception)


class LossTest(unittest.TestCase):
    def test_losses_by_hand(self) -> None:
        predicted, actual = [1.0, 2.0, 4.0], [1.0, 3.0, 2.0]  # errors 0, -1, 2
        self.assertEqual(squared_error(4.0, 2.0), 4.0)
        self.assertEqual(sum_of_squared_errors(predicted, actual), 5.0)
        assert_close(self, mean_squared_error(predicted, actual), 5 / 3, rel=1e-15)
        assert_close(self, root_mean_squared_error(predicted, actual), math.sqrt(5 / 3), rel=1e-15)

    def test_overflowing_sum_is_inf(self) -> None:
        self.assertEqual(sum_of_squared_errors([1e200, 1e200], [0.0, 0.0]), math.inf)
        self.assertEqual(mean_squared_error([1.5e154, 1.5e154], [0.0, 0.0]), math.inf)

    def test_mean_is_finite_when_only_the_sum_overflows(self) -> None:
        # Each square is about 1e308: their sum passes the largest float, their mean does not.
        square = 1e154 * 1e154
        self.assertEqual(sum_of_squared_errors([1e154, 1e154], [0.0, 0.0]), math.inf)
        self.assertEqual(mean_squared_error([1e154, 1e154], [0.0, 0.0]), square)
        self.assertEqual(root_mean_squared_error([1e154, -1e154], [0.0, 0.0]), 1e154)

    def test_bad_loss_arguments(self) -> None:
        cases = [
            ("lengths", sum_of_squared_errors, ([1.0], [1.0, 2.0]), ValueError),
            ("empty mean", mean_squared_error, ([], []), ValueError),
            ("empty root", root_mean_squared_error, ([], []), ValueError),
            ("text", squared_error, ("1", 1.0), TypeError),
        ]
        for name, function, args, error in cases:
            with self.subTest(name), self.assertRaises(error):
                function(*args)


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
                    least_squares(model, xs, ys)
                self.assertIn(words, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
