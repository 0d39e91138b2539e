"""Tests for vecgd.gradients: exact quotients, the book's bits, each method's accuracy, checks."""

from __future__ import annotations

import cmath
import contextlib
import importlib.util
import io
import math
import random
import unittest
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, List

from tests.support import assert_close, assert_vectors_close
from vecgd.gradients import (
    assert_gradient_ok,
    check_gradient,
    difference_quotient,
    estimate_gradient,
    partial_difference_quotient,
    richardson_derivative,
)

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("forward", "central", "complex", "richardson")


def exp(x: Any) -> Any:
    """exp for real and complex arguments, so one f serves every method."""
    return cmath.exp(x) if isinstance(x, complex) else math.exp(x)


def sin(x: Any) -> Any:
    return cmath.sin(x) if isinstance(x, complex) else math.sin(x)


def counting(f: Callable[[Any], Any]) -> tuple[Callable[[Any], Any], List[int]]:
    """Return f wrapped to count its calls, and the one-element list holding the count."""
    calls = [0]

    def counted(v: Any) -> Any:
        calls[0] += 1
        return f(v)

    return counted, calls


class BookFormulaTest(unittest.TestCase):
    def test_difference_quotient_of_a_cubic_is_the_closed_form(self) -> None:
        # ((x + h)^3 - x^3) / h = 3x^2 + 3xh + h^2; dyadic x and h keep every float exact.
        for x, h in [(3, 0.5), (1.25, 0.125), (-2.5, 0.25)]:
            with self.subTest(x=x, h=h):
                fx, fh = Fraction(x), Fraction(h)
                expected = 3 * fx**2 + 3 * fx * fh + fh**2
                self.assertEqual(difference_quotient(lambda t: t**3, x, h), expected)

    def test_partial_difference_quotient_of_a_product_is_the_closed_form(self) -> None:
        # f = v0^2 * v1: the quotient in v0 is (2 v0 + h) v1, in v1 it is v0^2.
        f = lambda v: v[0] ** 2 * v[1]  # noqa: E731
        self.assertEqual(partial_difference_quotient(f, [1.5, 2.0], 0, 0.25), (3 + 0.25) * 2)
        self.assertEqual(partial_difference_quotient(f, [1.5, 2.0], 1, 0.25), 2.25)

    def test_forward_with_h_given_is_2v_plus_h_for_sum_of_squares(self) -> None:
        v = [1.5, -0.75, 4.0]
        got = estimate_gradient(lambda w: sum(x * x for x in w), v, 0.125)
        self.assertEqual(got, [2 * x + 0.125 for x in v])

    def test_forward_default_is_the_books_numbers_bit_for_bit(self) -> None:
        rng = random.Random(2)
        v = [rng.uniform(-10, 10) for _ in range(4)]
        functions = {
            "sum_of_squares": lambda w: sum(x * x for x in w),
            "mixed": lambda w: math.exp(w[0] / 10) * w[1] - math.sin(w[2]) * w[3] ** 3,
        }
        for name, f in functions.items():
            # The book's estimate_gradient, written out: h = 0.0001.
            book = [
                (f([v_j + (0.0001 if i == j else 0) for j, v_j in enumerate(v)]) - f(v)) / 0.0001
                for i in range(len(v))
            ]
            with self.subTest(function=name):
                self.assertEqual(estimate_gradient(f, v), book)
                self.assertEqual([partial_difference_quotient(f, v, i, 0.0001)
                                  for i in range(len(v))], book)

    def test_evaluations_per_method(self) -> None:
        v = [0.5, 1.5, -2.0]
        expected = {"forward": 4, "central": 6, "complex": 3}
        for method, count in expected.items():
            f, calls = counting(lambda w: w[0] * w[1] + w[2] ** 2)
            estimate_gradient(f, v, method=method)
            with self.subTest(method=method):
                self.assertEqual(calls[0], count)
        f, calls = counting(lambda w: exp(w[0]) + w[1] * w[2])
        estimate_gradient(f, v, method="richardson")
        self.assertLessEqual(calls[0], 20 * len(v))


class AccuracyTest(unittest.TestCase):
    # (name, f of one variable, x, exact derivative)
    CASES = [
        ("exp", exp, 1.0, math.e),
        ("sin", sin, 1.0, math.cos(1.0)),
        ("cubic", lambda x: x**3 - 2 * x + 1, 1.5, 4.75),
    ]
    # The targets of scripts/accuracy.py; forward is the book's, about 4 digits.
    REL = {"forward": 2e-4, "central": 1e-9, "complex": 1e-15, "richardson": 1e-11}

    def test_each_method_on_exp_sin_and_a_cubic(self) -> None:
        for name, g, x, exact in self.CASES:
            for method in METHODS:
                with self.subTest(function=name, method=method):
                    got = estimate_gradient(lambda v, g=g: g(v[0]), [x], method=method)
                    assert_close(self, got[0], exact, rel=self.REL[method])

    def test_central_and_richardson_scale_their_steps_with_the_coordinate(self) -> None:
        # d/dx x^3 = 3x^2 at 1e3 and 1e-3: a fixed step would lose digits at one end.
        for x in (1e3, 1e-3, -1e3):
            for method in ("central", "richardson"):
                with self.subTest(x=x, method=method):
                    got = estimate_gradient(lambda v: v[0] ** 3 + v[0], [x], method=method)
                    assert_close(self, got[0], 3 * x * x + 1, rel=self.REL[method])

    def test_complex_step_on_a_vector_function(self) -> None:
        # Rosenbrock at (-1.2, 1); the exact gradient from Fractions.
        f = lambda v: (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2  # noqa: E731
        x, y = Fraction(-1.2), Fraction(1.0)
        exact = [float(-2 * (1 - x) - 400 * x * (y - x * x)), float(200 * (y - x * x))]
        assert_vectors_close(self, estimate_gradient(f, [-1.2, 1.0], method="complex"), exact,
                             rel=1e-15)

    def test_richardson_derivative_error_estimate_bounds_the_error(self) -> None:
        for name, g, x, exact in self.CASES:
            with self.subTest(function=name):
                estimate, error = richardson_derivative(g, x)
                self.assertLessEqual(abs(estimate - exact), error)
                self.assertLess(error, 1e-12)

    def test_functions_written_with_cmath_work_with_real_methods(self) -> None:
        got = estimate_gradient(lambda v: cmath.exp(v[0]), [0.0], method="central")
        assert_close(self, got[0], 1.0, rel=1e-9)

    def test_unused_coordinate_has_zero_derivative_by_complex_step(self) -> None:
        self.assertEqual(estimate_gradient(lambda v: v[0] ** 2, [3.0, 5.0], method="complex"),
                         [6.0, 0.0])


class ErrorTest(unittest.TestCase):
    def test_complex_step_explains_math_functions(self) -> None:
        with self.assertRaises(TypeError) as caught:
            estimate_gradient(lambda v: math.exp(v[0]), [1.0], method="complex")
        message = str(caught.exception)
        self.assertTrue(message.startswith("estimate_gradient: method='complex' needs an f "
                                           "that accepts complex numbers"), message)
        self.assertIn("cmath", message)
        self.assertIn("method='central'", message)

    def test_complex_step_explains_a_real_result(self) -> None:
        for name, f in [("abs", lambda v: abs(v[0]) ** 2), ("real", lambda v: v[0].real ** 2)]:
            with self.subTest(drops=name), self.assertRaises(TypeError) as caught:
                estimate_gradient(f, [2.0], method="complex")
            self.assertIn("got a real number from f for a complex v", str(caught.exception))
            self.assertIn("abs(), .real", str(caught.exception))

    def test_f_returning_a_non_number_is_named(self) -> None:
        for method in METHODS:
            with self.subTest(method=method), self.assertRaises(TypeError) as caught:
                estimate_gradient(lambda v: "oops", [1.0], method=method)
            self.assertIn("'oops' (str)", str(caught.exception))

    def test_type_errors(self) -> None:
        cases = [
            ("f not callable", lambda: estimate_gradient(3, [1.0])),  # type: ignore[arg-type]
            ("dq f not callable", lambda: difference_quotient(None, 1.0, 0.1)),  # type: ignore[arg-type]
            ("h a string", lambda: estimate_gradient(sum, [1.0], "0.1")),  # type: ignore[arg-type]
            ("i a float", lambda: partial_difference_quotient(sum, [1.0], 0.0, 0.1)),  # type: ignore[arg-type]
            ("gradient not callable", lambda: check_gradient(sum, [1.0], [1.0])),  # type: ignore[arg-type]
        ]
        for name, call in cases:
            with self.subTest(case=name), self.assertRaises(TypeError):
                call()

    def test_value_errors(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
        g = lambda v: [v[1], v[0]]  # noqa: E731
        cases: list[tuple[str, Callable[[], object], str]] = [
            ("dq h zero", lambda: difference_quotient(math.sin, 1.0, 0),
             "difference_quotient: h must not be zero (got 0)"),
            ("dq h nan", lambda: difference_quotient(math.sin, 1.0, math.nan),
             "difference_quotient: h must be finite (got nan)"),
            ("pdq h zero", lambda: partial_difference_quotient(f, [1, 2], 0, 0.0),
             "partial_difference_quotient: h must not be zero (got 0.0)"),
            ("pdq i too large", lambda: partial_difference_quotient(f, [1, 2], 2, 0.1),
             "partial_difference_quotient: i must be less than len(v) (got 2 for length 2)"),
            ("pdq i negative", lambda: partial_difference_quotient(f, [1, 2], -1, 0.1),
             "partial_difference_quotient: i must be at least 0 (got -1)"),
            ("estimate h zero", lambda: estimate_gradient(f, [1, 2], 0),
             "estimate_gradient: h must not be zero (got 0)"),
            ("estimate h inf", lambda: estimate_gradient(f, [1, 2], math.inf, method="central"),
             "estimate_gradient: h must be finite (got inf)"),
            ("estimate h -inf", lambda: estimate_gradient(f, [1, 2], -math.inf),
             "estimate_gradient: h must be finite (got -inf)"),
            ("unknown method", lambda: estimate_gradient(f, [1, 2], method="backward"),
             "estimate_gradient: method must be one of 'forward', 'central', 'complex', "
             "'richardson' (got 'backward')"),
            ("v not finite", lambda: estimate_gradient(f, [1, math.nan]),
             "estimate_gradient: v[1] must be finite (got nan)"),
            ("h too small", lambda: estimate_gradient(f, [1e20, 2], 1e-10, method="central"),
             "estimate_gradient: h is too small to move x (got x=1e+20, h=1e-10)"),
            ("richardson h zero", lambda: richardson_derivative(math.sin, 1.0, 0.0),
             "richardson_derivative: h must not be zero (got 0.0)"),
            ("check h zero", lambda: check_gradient(f, g, [1, 2], h=0),
             "check_gradient: h must not be zero (got 0)"),
            ("check unknown method", lambda: check_gradient(f, g, [1, 2], method="exact"),
             "check_gradient: method must be one of 'forward', 'central', 'complex', "
             "'richardson' (got 'exact')"),
            ("check rtol negative", lambda: check_gradient(f, g, [1, 2], rtol=-1e-6),
             "check_gradient: rtol must be non-negative (got -1e-06)"),
            ("check no directions", lambda: check_gradient(f, g, [1, 2], directions=0),
             "check_gradient: directions must be at least 1 (got 0)"),
            ("check empty v", lambda: check_gradient(f, g, []),
             "check_gradient: v must not be empty"),
            ("check gradient length", lambda: check_gradient(f, lambda v: [1.0], [1, 2]),
             "check_gradient: v and gradient(v) must have the same length (got 2 and 1)"),
        ]
        for name, call, message in cases:
            with self.subTest(case=name), self.assertRaises(ValueError) as caught:
                call()
            self.assertEqual(str(caught.exception), message)


def smooth_with_operators(v: List[float]) -> Any:
    """A smooth function written with operators only, so the complex step applies."""
    q = 1 + sum(x * x for x in v)
    return sum(v[i] * v[i + 1] ** 2 for i in range(len(v) - 1)) + sum(x**3 for x in v) / 7 + 1 / q


def smooth_with_operators_gradient(v: List[float]) -> List[float]:
    q = 1 + sum(x * x for x in v)
    g = [3 * x * x / 7 - 2 * x / q**2 for x in v]
    for i in range(len(v) - 1):
        g[i] += v[i + 1] ** 2
        g[i + 1] += 2 * v[i] * v[i + 1]
    return g


def smooth_with_math(scale: float) -> tuple[Callable[[List[float]], float],
                                            Callable[[List[float]], List[float]]]:
    """Return f(v) = sum exp(v_i/scale) + log(sum v_i^2), written with math, and its gradient."""

    def f(v: List[float]) -> float:
        return math.fsum(math.exp(x / scale) for x in v) + math.log(math.fsum(x * x for x in v))

    def gradient(v: List[float]) -> List[float]:
        q = math.fsum(x * x for x in v)
        return [math.exp(x / scale) / scale + 2 * x / q for x in v]

    return f, gradient


def random_points(seed: int, count: int, n: int = 5) -> List[tuple[float, List[float]]]:
    """Return (scale, point) pairs, scales log-uniform in [1e-3, 1e3], random signs."""
    rng = random.Random(seed)
    points = []
    for _ in range(count):
        scale = 10 ** rng.uniform(-3, 3)
        v = [rng.choice((-1, 1)) * scale * rng.uniform(0.5, 2) for _ in range(n)]
        points.append((scale, v))
    return points


def off_by(gradient: Callable[[List[float]], List[float]], k: int,
           rel: float) -> Callable[[List[float]], List[float]]:
    """Return gradient with component k multiplied by 1 + rel."""
    return lambda v: [g * (1 + rel) if i == k else g for i, g in enumerate(gradient(v))]


class CheckGradientTest(unittest.TestCase):
    def test_right_gradients_pass_at_scales_from_1e_minus_3_to_1e3(self) -> None:
        for scale, v in random_points(seed=7, count=30):
            f, gradient = smooth_with_math(scale)
            for name, ff, gg, method in [
                ("operators", smooth_with_operators, smooth_with_operators_gradient, "complex"),
                ("math", f, gradient, "richardson"),
            ]:
                for directions in (None, 3):
                    with self.subTest(f=name, scale=scale, directions=directions):
                        check = check_gradient(ff, gg, v, directions=directions)
                        self.assertTrue(check.ok, f"\n{check}")
                        self.assertEqual(check.method, method)

    def test_one_component_off_by_1e_minus_4_is_caught(self) -> None:
        rng = random.Random(11)
        for scale, v in random_points(seed=3, count=30):
            f, gradient = smooth_with_math(scale)
            k = rng.randrange(len(v))
            for name, ff, gg in [
                ("operators", smooth_with_operators, smooth_with_operators_gradient),
                ("math", f, gradient),
            ]:
                with self.subTest(f=name, scale=scale, k=k):
                    check = check_gradient(ff, off_by(gg, k, 1e-4), v)
                    self.assertFalse(check.ok)
                    self.assertEqual(check.failures(), [k])
                    self.assertEqual(check.worst_index, k)
                    assert_close(self, check.max_rel_error, 1e-4, rel=1e-3)

    def test_pytorch_gradcheck_tolerances_would_miss_it(self) -> None:
        # gradcheck's defaults, rtol 1e-3 and atol 1e-5: a 1e-4 relative error passes.
        wrong = off_by(smooth_with_operators_gradient, 1, 1e-4)
        self.assertTrue(check_gradient(smooth_with_operators, wrong, [1.0, 2.0, 3.0],
                                       rtol=1e-3, atol=1e-5).ok)

    def test_table_text(self) -> None:
        f = lambda v: v[0] * v[1] + v[2] ** 2  # noqa: E731
        check = check_gradient(f, lambda v: [3.0, 2.5, 1.0], [2.0, 3.0, 0.5])
        self.assertEqual(check.numeric, [3.0, 2.0, 1.0])
        self.assertEqual(
            str(check),
            "check_gradient: FAILED, 1 of 3 components (method 'complex', rtol 1e-06, atol 3e-10)\n"
            "    index              analytic               numeric   abs error   rel error\n"
            "        0                     3                     3    0.00e+00    0.00e+00\n"
            "        1                   2.5                     2    5.00e-01    2.00e-01  FAIL\n"
            "        2                     1                     1    0.00e+00    0.00e+00",
        )

    def test_fields(self) -> None:
        check = check_gradient(lambda v: v[0] * v[1], lambda v: [3.0, 2.5], [2.0, 3.0], rtol=0.1)
        self.assertEqual((check.ok, check.worst_index, check.analytic, check.numeric),
                         (False, 1, [3.0, 2.5], [3.0, 2.0]))
        self.assertEqual((check.max_abs_error, check.max_rel_error), (0.5, 0.2))
        self.assertEqual((check.rtol, check.atol, check.mode), (0.1, 3e-10, "components"))
        with self.assertRaises(AttributeError):
            check.ok = True  # type: ignore[misc]

    def test_zero_tolerances_and_nan_fail_without_crashing(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
        cases = [
            ("zero tolerances", lambda v: [v[1], v[0] + 1e-12], {"rtol": 0.0, "atol": 0.0}),
            ("nan component", lambda v: [math.nan, v[0]], {}),
        ]
        for name, gradient, options in cases:
            with self.subTest(case=name):
                check = check_gradient(f, gradient, [2.0, 3.0], **options)  # type: ignore[arg-type]
                self.assertFalse(check.ok)
                self.assertEqual(check.failures(), [check.worst_index])

    def test_method_given_is_used(self) -> None:
        check = check_gradient(lambda v: v[0] ** 3, lambda v: [3 * v[0] ** 2], [2.0],
                               method="central")
        self.assertEqual(check.method, "central")
        assert_close(self, check.numeric[0], 12.0, rel=1e-9)

    def test_directions_cost_one_or_two_evaluations_each(self) -> None:
        v = [0.5 * i - 3 for i in range(40)]
        for method, per_direction in [("complex", 1), ("central", 2)]:
            f, calls = counting(smooth_with_operators)
            check = check_gradient(f, smooth_with_operators_gradient, v, method=method,
                                   directions=2, seed=5)
            with self.subTest(method=method):
                self.assertTrue(check.ok, f"\n{check}")
                self.assertEqual(calls[0], 2 * per_direction)
                self.assertEqual((check.mode, len(check.numeric)), ("directions", 2))
                self.assertIn("direction", str(check).splitlines()[1])

    def test_directions_are_seeded(self) -> None:
        v = [1.0, -2.0, 0.5]
        runs = [check_gradient(smooth_with_operators, smooth_with_operators_gradient, v,
                               directions=2, seed=seed).analytic for seed in (1, 1, 2)]
        self.assertEqual(runs[0], runs[1])
        self.assertNotEqual(runs[0], runs[2])

    def test_directions_catch_a_wrong_gradient(self) -> None:
        v = [1.0, -2.0, 0.5, 3.0]
        wrong = off_by(smooth_with_operators_gradient, 2, -2.0)  # component 2's sign flipped
        check = check_gradient(smooth_with_operators, wrong, v, directions=2)
        self.assertFalse(check.ok)

    def test_assert_gradient_ok_raises_with_the_table(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
        wrong = lambda v: [v[1], 3.0]  # noqa: E731
        with self.assertRaises(AssertionError) as caught:
            assert_gradient_ok(f, wrong, [2.0, 3.0])
        self.assertEqual(str(caught.exception), str(check_gradient(f, wrong, [2.0, 3.0])))
        self.assertTrue(assert_gradient_ok(f, lambda v: [v[1], v[0]], [2.0, 3.0], rtol=0.0).ok)


class AccuracyScriptTest(unittest.TestCase):
    def test_accuracy_script_meets_its_targets(self) -> None:
        path = ROOT / "scripts" / "accuracy.py"
        spec = importlib.util.spec_from_file_location("accuracy_script", path)
        assert spec is not None and spec.loader is not None
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = script.main()
        self.assertEqual(status, 0, out.getvalue())
        self.assertIn("| **worst** |", out.getvalue())
        _, worst = script.table()
        for method, target in script.TARGETS.items():
            with self.subTest(method=method):
                self.assertLessEqual(worst[method], target)


if __name__ == "__main__":
    unittest.main()
