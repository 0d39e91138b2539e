"""Tests for vecgd.minimize: the book chapter's loop on a function of a vector."""

from __future__ import annotations

import math
import unittest
from typing import Any, Sequence

from tests.support import assert_vectors_close
from vecgd import SGD, Adam, DivergenceError, MinimizeResult, Vector, minimize, sum_of_squares


def double(v: Sequence[float]) -> Vector:
    """sum_of_squares' gradient."""
    return [2 * v_i for v_i in v]


class DuckSGD:
    """Not an Optimizer: lr and step, which minimize calls."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        return [t - self.lr * g for t, g in zip(theta, gradient)]


class MinimizeTest(unittest.TestCase):
    def test_sum_of_squares_halves_each_step(self) -> None:
        result = minimize(sum_of_squares, [4.0, -2.0], SGD(0.25), steps=3, gradient=double)
        self.assertEqual(result.x, [0.5, -0.25])
        self.assertEqual(result.history, [5.0, 1.25, 0.3125])
        self.assertEqual((result.fun, result.nit, result.nfev, result.success),
                         (0.3125, 3, 4, True))
        self.assertIsInstance(result, MinimizeResult)

    def test_a_duck_typed_optimizer_steps_like_sgd(self) -> None:
        ours = minimize(sum_of_squares, [4.0, -2.0], SGD(0.1), steps=5, gradient=double)
        theirs = minimize(sum_of_squares, [4.0, -2.0], DuckSGD(0.1), steps=5, gradient=double)
        self.assertEqual((theirs.x, theirs.history), (ours.x, ours.history))

    def test_numeric_gradient_counts_calls(self) -> None:
        result = minimize(sum_of_squares, [1.0, 2.0, 3.0], SGD(0.1), steps=200)
        assert_vectors_close(self, result.x, [0.0, 0.0, 0.0], abs=1e-12)
        self.assertEqual(result.nfev, 1 + 200 * (2 * 3 + 1))

    def test_tolerance_is_on_the_gradient_length(self) -> None:
        result = minimize(sum_of_squares, [1.0], SGD(0.25), steps=100, tolerance=1e-3,
                          gradient=lambda v: [2 * v[0]])
        # x halves each step: |2x| < 1e-3 first when x = 2**-11, after 11 steps.
        self.assertEqual((result.nit, result.x, result.success), (11, [2.0**-11], True))
        self.assertIn("tolerance", result.message)
        failed = minimize(sum_of_squares, [1.0], SGD(0.25), steps=5, tolerance=1e-3)
        self.assertFalse(failed.success)

    def test_callback_stops_it(self) -> None:
        def stop(step: int, x: Vector, fun: float) -> None:
            if step == 1:
                raise StopIteration

        result = minimize(sum_of_squares, [1.0], SGD(0.1), steps=10, callback=stop)
        self.assertEqual((result.nit, result.success), (2, False))

    def test_divergence_keeps_the_point_before_the_step(self) -> None:
        # x**4 from 10 with lr 1: x -> x - 4x**3 grows as -4x**3 until x**4 overflows.
        with self.assertRaises(DivergenceError) as caught:
            minimize(lambda v: v[0] ** 4, [10.0], SGD(1.0), steps=50,
                     gradient=lambda v: [4 * v[0] ** 3])
        error = caught.exception
        self.assertTrue(math.isfinite(error.theta[0]))
        self.assertIn(f"minimize: the loss or theta stopped being finite in step {error.epoch}",
                      str(error))
        x = 10.0
        for _ in range(error.epoch):
            x = x - 1.0 * (4 * x**3)
        self.assertEqual(error.theta, [x])

    def test_adam_and_sgd_agree_on_the_minimum(self) -> None:
        result = minimize(sum_of_squares, [1.0, -1.0], Adam(0.05), steps=500, gradient=double)
        assert_vectors_close(self, result.x, [0.0, 0.0], abs=1e-3)

    def test_bad_input(self) -> None:
        cases: list[tuple[str, tuple[Any, Any], dict[str, Any], type[Exception], str]] = [
            ("f", (3, [1.0]), {"steps": 1}, TypeError, "minimize: f must be callable"),
            ("empty v", (sum_of_squares, []), {"steps": 1}, ValueError,
             "minimize: v must not be empty"),
            ("nan v", (sum_of_squares, [float("nan")]), {"steps": 1}, ValueError,
             "minimize: v[0] must be finite (got nan)"),
            ("steps", (sum_of_squares, [1.0]), {"steps": -1}, ValueError,
             "minimize: steps must be at least 0 (got -1)"),
            ("tolerance", (sum_of_squares, [1.0]), {"steps": 1, "tolerance": -1.0}, ValueError,
             "minimize: tolerance must be non-negative (got -1.0)"),
            ("gradient", (sum_of_squares, [1.0]), {"steps": 1, "gradient": 2}, TypeError,
             "minimize: gradient must be callable"),
            ("gradient length", (sum_of_squares, [1.0]),
             {"steps": 1, "gradient": lambda v: [1.0, 2.0]}, ValueError,
             "minimize: x and gradient(x) must have the same length (got 1 and 2)"),
        ]
        for name, args, keywords, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                minimize(args[0], args[1], SGD(0.1), **keywords)
            self.assertTrue(str(caught.exception).startswith(message), caught.exception)
        with self.assertRaisesRegex(TypeError, r"^minimize: optimizer must have lr, step\(\)"):
            minimize(sum_of_squares, [1.0], object(), steps=1)


if __name__ == "__main__":
    unittest.main()
