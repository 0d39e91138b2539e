"""Tests for the step size in minimize and fit: line-searched descent and L-BFGS.

Descent with a line search must lower f at every step and count every
call; L-BFGS inside minimize and fit must take the same steps as
``LBFGS.step`` called by hand, and fit's L-BFGS must reach the least-squares
answer (vecgd.least_squares, solved exactly) in a few epochs.
"""

from __future__ import annotations

import math
import unittest
from typing import List, Sequence, Tuple

from tests.support import assert_raises_each, assert_vectors_close
from vecgd import (
    L2,
    LBFGS,
    SGD,
    Adam,
    Linear,
    LogLoss,
    Vector,
    fit,
    least_squares,
    logistic_optimum,
    minimize,
    sum_of_squares,
)


def rosenbrock(x: Sequence[float]) -> float:
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def rosenbrock_gradient(x: Sequence[float]) -> Vector:
    return [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)]


class Calls:
    """f and its gradient, each counting its calls."""

    def __init__(self) -> None:
        self.f_calls = self.g_calls = 0

    def f(self, v: Sequence[float]) -> float:
        self.f_calls += 1
        return rosenbrock(v)

    def gradient(self, v: Sequence[float]) -> Vector:
        self.g_calls += 1
        return rosenbrock_gradient(v)


class LineSearchedDescentTest(unittest.TestCase):
    def test_f_decreases_at_every_step_and_calls_are_counted(self) -> None:
        for kind in ("armijo", "wolfe"):
            calls = Calls()
            result = minimize(calls.f, [-1.2, 1.0], SGD(0.01), steps=300,
                              gradient=calls.gradient, line_search=kind)
            with self.subTest(kind):
                values = [rosenbrock([-1.2, 1.0]), *result.history]
                self.assertTrue(all(b < a for a, b in zip(values, values[1:])))
                self.assertEqual((result.nfev, result.njev), (calls.f_calls, calls.g_calls))
                self.assertLess(result.fun, 0.2)  # from 24.2: steepest descent crawls the valley
                self.assertTrue(result.success)

    def test_the_first_trial_is_lr(self) -> None:
        # f = x^2 from 1: lr 0.5 lands on 0 at once, where both searches accept it.
        for kind in ("armijo", "wolfe"):
            result = minimize(sum_of_squares, [1.0], SGD(0.5), steps=5,
                              gradient=lambda v: [2 * v[0]], line_search=kind)
            with self.subTest(kind):
                self.assertEqual((result.x, result.nit), ([0.0], 1))
                self.assertEqual(result.message, "the gradient is exactly 0 at step 1")

    def test_no_step_found_stops_with_the_searchs_message(self) -> None:
        # Wolfe along a direction that climbs: the zoom finds nothing.
        result = minimize(sum_of_squares, [1.0], SGD(0.1), steps=5,
                          gradient=lambda v: [-2 * v[0]], line_search="wolfe")
        self.assertFalse(result.success)
        self.assertEqual(result.nit, 0)
        self.assertEqual(result.message, "the line search found no step at step 0: the zoom "
                         "found no step meeting the Wolfe conditions in 11 trials")

    def test_a_lying_gradient_gives_no_step(self) -> None:
        # -gradient climbs while the gradient promises descent: each trial is above f
        # until the step no longer moves x.
        result = minimize(sum_of_squares, [1.0], SGD(0.1), steps=5,
                          gradient=lambda v: [-2 * v[0]], line_search="armijo")
        self.assertFalse(result.success)
        self.assertEqual((result.nit, result.x), (0, [1.0]))
        self.assertIn("no step lowers f", result.message)

    def test_without_a_gradient_the_estimate_is_searched(self) -> None:
        result = minimize(sum_of_squares, [3.0, 4.0], SGD(1.0), steps=20, line_search="wolfe")
        assert_vectors_close(self, result.x, [0.0, 0.0], abs=1e-6)

    def test_bad_arguments(self) -> None:
        f, g = sum_of_squares, (lambda v: [2 * v[0]])
        assert_raises_each(self, [
            ("unknown", lambda: minimize(f, [1.0], SGD(0.1), steps=1, line_search="newton"),
             ValueError, "line_search must be one of 'armijo', 'wolfe'"),
            ("Adam", lambda: minimize(f, [1.0], Adam(0.1), steps=1, gradient=g,
                                      line_search="wolfe"),
             ValueError, "optimizer must be a plain SGD(lr)"),
            ("weight decay", lambda: minimize(f, [1.0], SGD(0.1, weight_decay=0.1), steps=1,
                                              gradient=g, line_search="armijo"),
             ValueError, "plain SGD"),
            ("L-BFGS", lambda: minimize(f, [1.0], LBFGS(), steps=1, gradient=g,
                                        line_search="armijo"),
             ValueError, "plain SGD"),
        ])


class LBFGSInMinimizeAndFitTest(unittest.TestCase):
    def test_minimize_takes_lbfgs_steps(self) -> None:
        calls = Calls()
        result = minimize(calls.f, [-1.2, 1.0], LBFGS(line_search_fn="strong_wolfe"), steps=5,
                          gradient=calls.gradient)
        by_hand, theta = LBFGS(line_search_fn="strong_wolfe"), [-1.2, 1.0]
        for _ in range(5):
            theta = by_hand.step(theta, lambda v: (rosenbrock(v), rosenbrock_gradient(v)))
        self.assertEqual(result.x, theta)
        self.assertEqual((result.nfev, result.njev), (calls.f_calls, calls.g_calls))
        # Each L-BFGS step starts where the last one ended: that call is not repeated.
        self.assertLess(result.nfev, 1 + by_hand.func_evals)

    def test_fit_reaches_least_squares(self) -> None:
        xs = [0.0, 1.0, 2.0, 3.0, 4.0]
        ys = [1.0, 2.9, 5.2, 7.1, 8.8]
        exact = least_squares(Linear(), xs, ys)
        result = fit(Linear(), xs, ys, [0.0, 0.0], LBFGS(), epochs=3)
        # The loss stops changing by tolerance_change (1e-9) about here.
        assert_vectors_close(self, result.theta, exact, rel=1e-6)
        self.assertEqual(result.epochs, 3)

    def test_fit_with_lbfgs_is_lbfgs_on_the_mean_squared_error(self) -> None:
        xs, ys = [0.0, 1.0, 2.0], [1.0, 3.0, 4.0]
        model = Linear()

        def loss_and_gradient(theta: Sequence[float]) -> Tuple[float, List[float]]:
            mean, loss = model.mean_gradient(list(theta), xs, ys)
            return loss, mean

        by_hand, theta = LBFGS(max_iter=2), [0.0, 0.0]
        for _ in range(2):
            theta = by_hand.step(theta, loss_and_gradient)
        self.assertEqual(fit(model, xs, ys, [0.0, 0.0], LBFGS(max_iter=2), epochs=2).theta,
                         theta)

    def test_fit_reaches_the_logistic_optimum(self) -> None:
        # Another loss and a penalty: L-BFGS steps on the objective fit reports.
        xs, ys = [0.0, 1.0, 2.0, 3.0, 1.5, 2.5], [0, 0, 1, 1, 1, 0]
        exact = logistic_optimum(Linear(), xs, ys, alpha=0.01)
        # Tolerances tighter than PyTorch's defaults, which stop when the loss changes by
        # less than 1e-9 (a few 1e-6 from the optimum here).  Within 5e-8 the loss (about
        # 0.5) no longer changes in its last bit, which is where a line search stops.
        lbfgs = LBFGS(tolerance_grad=1e-12, tolerance_change=1e-15, line_search_fn="strong_wolfe")
        result = fit(Linear(), xs, ys, [0.0, 0.0], lbfgs, epochs=5, loss=LogLoss(),
                     penalty=L2(0.01))
        assert_vectors_close(self, result.theta, exact, rel=1e-7)

    def test_fit_refuses_lbfgs_on_minibatches(self) -> None:
        xs, ys = [0.0, 1.0], [1.0, 3.0]
        assert_raises_each(self, [
            ("per sample", lambda: fit(Linear(), xs, ys, [0.0, 0.0], LBFGS(), epochs=1,
                                       batch_size=1),
             ValueError, "LBFGS steps on the loss over all the data"),
            ("clipped", lambda: fit(Linear(), xs, ys, [0.0, 0.0], LBFGS(), epochs=1,
                                    clip_norm=1.0),
             ValueError, "batch_size and clip_norm must be None"),
        ])

    def test_minimize_reports_divergence(self) -> None:
        with self.assertRaises(ArithmeticError):
            minimize(lambda v: math.exp(min(v[0], 800.0)), [1.0], LBFGS(lr=1e300), steps=2,
                     gradient=lambda v: [1e300])


if __name__ == "__main__":
    unittest.main()
