"""Tests for vecgd.linesearch: Armijo's backtracking and the strong Wolfe search.

The values are worked by hand on one-dimensional quadratics (each step of
each algorithm written out in a comment), SciPy's own documented example
(``scipy.optimize.line_search``'s docstring), and the conditions each
search promises, checked by an independent computation on random cases.
SciPy itself is the oracle of scripts/parity_scipy.py.
"""

from __future__ import annotations

import math
import random
import unittest
from typing import List, Sequence

from tests.support import assert_raises_each
from vecgd import LineSearchResult, Vector, backtracking, sum_of_squares, wolfe


def double(v: Sequence[float]) -> Vector:
    return [2 * v_i for v_i in v]


def rosenbrock(x: Sequence[float]) -> float:
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def rosenbrock_gradient(x: Sequence[float]) -> Vector:
    g = [0.0] * len(x)
    for i in range(len(x) - 1):
        g[i] += -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i])
        g[i + 1] += 200 * (x[i + 1] - x[i] ** 2)
    return g


class Counted:
    """f, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, v: Sequence[float]) -> float:
        self.calls += 1
        return sum_of_squares(v)


def dot(v: Sequence[float], w: Sequence[float]) -> float:
    return math.fsum(a * b for a, b in zip(v, w))


class BacktrackingTest(unittest.TestCase):
    def test_halves_until_armijo_holds(self) -> None:
        # f = x^2 from 1 along -2 (slope -4): alpha 4 gives 49, 2 gives 9, 1 gives 1
        # (not below 1 - 1e-4 * 4), 0.5 lands on 0; f(x) is the fifth call.
        result = backtracking(sum_of_squares, [1.0], [-2.0], [2.0], alpha=4.0)
        self.assertEqual(result, LineSearchResult(0.5, 0.0, 5, 0, "sufficient decrease"))

    def test_a_given_fx_is_not_evaluated(self) -> None:
        f = Counted()
        result = backtracking(f, [1.0], [-2.0], [2.0], alpha=4.0, fx=1.0)
        self.assertEqual((result.nfev, f.calls), (4, 4))

    def test_rho_and_c1(self) -> None:
        # rho 0.25: 4, then 1 (value 1 > 1 - 0.5 * 4 * c1... with c1 = 0.5 the line is
        # 1 - 0.5 * alpha * 4 = -1 at alpha 1), then 0.25: x = 0.5, f = 0.25 <= 1 - 0.5 = 0.5.
        result = backtracking(sum_of_squares, [1.0], [-2.0], [2.0], alpha=4.0, rho=0.25, c1=0.5)
        self.assertEqual((result.alpha, result.fun), (0.25, 0.25))

    def test_a_direction_that_does_not_descend_gives_no_step(self) -> None:
        result = backtracking(sum_of_squares, [1.0], [2.0], [2.0])
        self.assertIsNone(result.alpha)
        self.assertEqual((result.fun, result.nfev), (1.0, 1))
        self.assertIn("does not descend", result.message)

    def test_maxiter_without_decrease_gives_no_step(self) -> None:
        # A gradient that lies: f is flat, so no step decreases it.
        result = backtracking(lambda v: 1.0, [1.0], [-1.0], [1.0], maxiter=3)
        self.assertIsNone(result.alpha)
        self.assertEqual((result.nfev, result.fun), (4, 1.0))
        self.assertIn("no sufficient decrease in 3 trials", result.message)

    def test_nan_and_overflow_count_as_too_high(self) -> None:
        def f(v: Sequence[float]) -> float:
            if v[0] < -1:
                return math.nan
            if v[0] < 0:
                raise OverflowError("past the floats")
            return v[0] ** 2

        result = backtracking(f, [1.0], [-2.0], [2.0], alpha=4.0)
        self.assertEqual((result.alpha, result.fun), (0.5, 0.0))

    def test_armijo_holds_and_the_step_before_failed(self) -> None:
        rng = random.Random(3)
        for case in range(50):
            x = [rng.uniform(-2, 2) for _ in range(3)]
            g = rosenbrock_gradient(x)
            d = [-g_i * rng.uniform(0.1, 3) for g_i in g]
            alpha = rng.choice([1.0, 0.1, 10.0])
            result = backtracking(rosenbrock, x, d, g, alpha=alpha, maxiter=200)
            with self.subTest(case=case):
                a = result.alpha
                self.assertIsNotNone(a)
                assert a is not None
                slope = dot(g, d)
                self.assertLessEqual(rosenbrock([p + a * q for p, q in zip(x, d)]),
                                     rosenbrock(x) + 1e-4 * a * slope)
                if a < alpha:
                    before = a / 0.5
                    self.assertGreater(rosenbrock([p + before * q for p, q in zip(x, d)]),
                                       rosenbrock(x) + 1e-4 * before * slope)

    def test_arguments_are_not_mutated(self) -> None:
        x, d, g = [1.0], [-2.0], [2.0]
        backtracking(sum_of_squares, x, d, g)
        self.assertEqual((x, d, g), ([1.0], [-2.0], [2.0]))

    def test_bad_arguments(self) -> None:
        f = sum_of_squares
        assert_raises_each(self, [
            ("f not callable", lambda: backtracking(3, [1.0], [1.0], [1.0]), TypeError, "f"),  # type: ignore[arg-type]
            ("x empty", lambda: backtracking(f, [], [], []), ValueError, "x must not be empty"),
            ("lengths", lambda: backtracking(f, [1.0], [1.0, 2.0], [1.0]), ValueError,
             "x and direction must have the same length"),
            ("gradient length", lambda: backtracking(f, [1.0], [1.0], [1.0, 2.0]), ValueError,
             "x and gradient"),
            ("rho 1", lambda: backtracking(f, [1.0], [-1.0], [1.0], rho=1.0), ValueError,
             "rho and c1 must be below 1"),
            ("c1 1", lambda: backtracking(f, [1.0], [-1.0], [1.0], c1=1.0), ValueError,
             "rho and c1"),
            ("alpha 0", lambda: backtracking(f, [1.0], [-1.0], [1.0], alpha=0.0), ValueError,
             "alpha must be positive"),
            ("maxiter 0", lambda: backtracking(f, [1.0], [-1.0], [1.0], maxiter=0), ValueError,
             "maxiter"),
            ("fx nan", lambda: backtracking(f, [1.0], [-1.0], [1.0], fx=math.nan), ValueError,
             "fx must be finite"),
            ("f returns a str", lambda: backtracking(lambda v: "1", [1.0], [-1.0], [1.0]),
             TypeError, "f(x) must be a real number"),
            ("x nan", lambda: backtracking(f, [math.nan], [-1.0], [1.0]), ValueError, "x[0]"),
        ])


class WolfeTest(unittest.TestCase):
    def test_scipy_documented_example(self) -> None:
        # scipy.optimize.line_search's docstring: x^2 + y^2 from (1.8, 1.7) along (-1, -1)
        # returns (1.0, 2, 1, 1.1300000000000001, 6.13, [1.6, 1.4]).
        result = wolfe(sum_of_squares, double, [1.8, 1.7], [-1.0, -1.0])
        self.assertEqual(result[:4], (1.0, 1.1300000000000001, 2, 1))
        self.assertEqual(result.message, "the strong Wolfe conditions hold")

    def test_zoom_by_the_quadratic(self) -> None:
        # f = x^2 from 1 along -4: phi(0) = 1, phi'(0) = -8; phi(1) = 9 is above the line,
        # so zoom(0, 1): the quadratic through phi(0), phi'(0), phi(1) has its minimum at
        # 0 + 8 / (2 * 16) = 0.25, where x = 0 and phi' = 0: accepted.
        result = wolfe(sum_of_squares, double, [1.0], [-4.0])
        self.assertEqual(result, LineSearchResult(0.25, 0.0, 3, 1,
                                                  "the strong Wolfe conditions hold"))

    def test_given_fx_and_gx_are_not_counted(self) -> None:
        f = Counted()
        gradient_calls: List[int] = []

        def g(v: Sequence[float]) -> Vector:
            gradient_calls.append(1)
            return double(v)

        result = wolfe(f, g, [1.0], [-4.0], fx=1.0, gx=[2.0])
        self.assertEqual((result.nfev, result.ngev, f.calls, len(gradient_calls)), (2, 1, 2, 1))

    def test_doubles_up_to_maxiter_and_returns_the_last_step(self) -> None:
        # A tiny direction: every step still descends steeply, so the step doubles:
        # phi at 0, 1, 2, 4, 8 (five calls) and the slope at 1, 2, 4 (maxiter 3).
        result = wolfe(sum_of_squares, double, [1.0], [-1e-9], maxiter=3)
        self.assertEqual(result[:4], (8.0, (1 - 8e-9) ** 2, 5, 3))
        self.assertIn("did not converge in maxiter = 3", result.message)

    def test_amax_caps_the_step(self) -> None:
        # The step stops growing at amax = 0.5; the second 0.5 is no lower than the first,
        # so SciPy zooms into [0.5, 0.5] and finds nothing: no step, as SciPy returns None.
        result = wolfe(sum_of_squares, double, [1.0], [-1e-9], amax=0.5)
        self.assertIsNone(result.alpha)
        self.assertIn("zoom found no step", result.message)
        self.assertEqual(result.fun, 1.0)
        roomy = wolfe(sum_of_squares, double, [1.0], [-1.0], amax=4.0)
        self.assertEqual(roomy.alpha, 1.0)

    def test_ascent_direction_gives_no_step(self) -> None:
        result = wolfe(sum_of_squares, double, [1.0], [1.0])
        self.assertIsNone(result.alpha)
        self.assertEqual(result.fun, 1.0)
        self.assertIn("zoom found no step", result.message)  # SciPy's path and counts
        self.assertTrue(result.message.startswith(
            "the direction does not descend: gradient . direction = 2.0 is not below 0"))

    def test_the_strong_wolfe_conditions_hold(self) -> None:
        rng = random.Random(5)
        held = 0
        for case in range(60):
            x = [rng.uniform(-2, 2) for _ in range(4)]
            g = rosenbrock_gradient(x)
            d = [-g_i * 10.0 ** rng.uniform(-4, 0) + rng.gauss(0, 0.01) for g_i in g]
            if dot(g, d) >= 0:
                continue
            result = wolfe(rosenbrock, rosenbrock_gradient, x, d, c2=0.5)
            if result.alpha is None or "did not converge" in result.message:
                continue
            held += 1
            a = result.alpha
            new = [p + a * q for p, q in zip(x, d)]
            with self.subTest(case=case):
                self.assertEqual(result.fun, rosenbrock(new))
                self.assertLessEqual(result.fun, rosenbrock(x) + 1e-4 * a * dot(g, d))
                self.assertLessEqual(abs(dot(rosenbrock_gradient(new), d)),
                                     0.5 * abs(dot(g, d)) * (1 + 1e-12))
        self.assertGreater(held, 40)

    def test_bad_arguments(self) -> None:
        f, g = sum_of_squares, double
        assert_raises_each(self, [
            ("c1 above c2", lambda: wolfe(f, g, [1.0], [-1.0], c1=0.5, c2=0.4), ValueError,
             "0 < c1 < c2 < 1"),
            ("c2 1", lambda: wolfe(f, g, [1.0], [-1.0], c2=1.0), ValueError, "c1 < c2 < 1"),
            ("amax 0", lambda: wolfe(f, g, [1.0], [-1.0], amax=0.0), ValueError, "amax"),
            ("maxiter 0", lambda: wolfe(f, g, [1.0], [-1.0], maxiter=0), ValueError, "maxiter"),
            ("gradient short", lambda: wolfe(f, lambda v: [], [1.0], [-1.0]), ValueError,
             "x and gradient(x)"),
            ("gradient not callable", lambda: wolfe(f, [1.0], [1.0], [-1.0]), TypeError,  # type: ignore[arg-type]
             "gradient must be callable"),
            ("fx a str", lambda: wolfe(f, g, [1.0], [-1.0], fx="1"), TypeError, "fx"),  # type: ignore[arg-type]
        ])


if __name__ == "__main__":
    unittest.main()
