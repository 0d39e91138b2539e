"""Tests for vecgd.gradients: exact quotients, the book's bits, each method's accuracy."""

from __future__ import annotations

import cmath
import contextlib
import io
import math
import random
import unittest
from fractions import Fraction
from typing import Any, Callable, List

from tests.support import assert_close, assert_vectors_close, load_script
from vecgd.gradients import (
    NotComplexError,
    difference_quotient,
    estimate_directional,
    estimate_directional_with_error,
    estimate_gradient,
    estimate_gradient_with_error,
    estimate_partial,
    estimate_partial_with_error,
    partial_difference_quotient,
    richardson_derivative,
)

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
        ]
        for name, call in cases:
            with self.subTest(case=name), self.assertRaises(TypeError):
                call()

    def test_value_errors(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
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
        ]
        for name, call, message in cases:
            with self.subTest(case=name), self.assertRaises(ValueError) as caught:
                call()
            self.assertEqual(str(caught.exception), message)


class OneDerivativeTest(unittest.TestCase):
    def test_estimate_partial_is_the_gradients_element_bit_for_bit(self) -> None:
        f = lambda v: exp(v[0] / 3) * v[1] + v[2] ** 3 - v[0] * v[2]  # noqa: E731
        v = [0.7, -1.3, 2.1]
        for method in METHODS:
            whole = estimate_gradient(f, v, method=method)
            for i in range(len(v)):
                with self.subTest(method=method, i=i):
                    self.assertEqual(estimate_partial(f, v, i, method=method), whole[i])

    def test_estimate_partial_forward_costs_two_evaluations(self) -> None:
        f, calls = counting(lambda w: w[0] * w[1])
        # (f([2, 3.125]) - f([2, 3])) / 0.125 = 2 exactly.
        self.assertEqual(estimate_partial(f, [2.0, 3.0], 1, 0.125, method="forward"), 2.0)
        self.assertEqual(calls[0], 2)

    def test_estimate_directional_of_a_bilinear_function_is_the_dot_product(self) -> None:
        # f = v0 v1 + 2 v1: gradient [v1, v0 + 2] = [3, 4] at [2, 3]; along [0.6, 0.8]: 5.
        f = lambda v: v[0] * v[1] + 2 * v[1]  # noqa: E731
        for method, rel in [("complex", 1e-15), ("central", 1e-9), ("richardson", 1e-11),
                            ("forward", 1e-4)]:
            with self.subTest(method=method):
                got = estimate_directional(f, [2.0, 3.0], [0.6, 0.8], method=method)
                assert_close(self, got, 5.0, rel=rel)

    def test_estimate_directional_by_complex_step_costs_one_evaluation(self) -> None:
        f, calls = counting(lambda w: w[0] ** 2 + w[1])
        # Im f(v + i h u) / h for v = [1, 5], u = [0.5, 2]: 2 * 1 * 0.5 + 2 = 3.
        self.assertEqual(estimate_directional(f, [1.0, 5.0], [0.5, 2.0], method="complex"), 3.0)
        self.assertEqual(calls[0], 1)

    def test_not_complex_error_is_a_type_error_naming_the_caller(self) -> None:
        with self.assertRaises(NotComplexError) as caught:
            estimate_partial(lambda v: math.sin(v[0]), [1.0], 0, method="complex", caller="mine")
        self.assertIsInstance(caught.exception, TypeError)
        self.assertTrue(str(caught.exception).startswith("mine: method='complex' needs an f"))

    def test_value_errors_of_one_derivative(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
        cases: list[tuple[str, Callable[[], object], str]] = [
            ("partial i too large", lambda: estimate_partial(f, [1, 2], 2),
             "estimate_partial: i must be less than len(v) (got 2 for length 2)"),
            ("partial h zero", lambda: estimate_partial(f, [1, 2], 0, 0.0),
             "estimate_partial: h must not be zero (got 0.0)"),
            ("directional u length", lambda: estimate_directional(f, [1, 2], [1.0]),
             "estimate_directional: v and u must have the same length (got 2 and 1)"),
            ("directional u not finite", lambda: estimate_directional(f, [1, 2], [1, math.inf]),
             "estimate_directional: u[1] must be finite (got inf)"),
            ("directional empty v", lambda: estimate_directional(f, [], []),
             "estimate_directional: v must not be empty"),
            ("directional method", lambda: estimate_directional(f, [1, 2], [1, 0], method="x"),
             "estimate_directional: method must be one of 'forward', 'central', 'complex', "
             "'richardson' (got 'x')"),
        ]
        for name, call, message in cases:
            with self.subTest(case=name), self.assertRaises(ValueError) as caught:
                call()
            self.assertEqual(str(caught.exception), message)


class WithErrorTest(unittest.TestCase):
    F = staticmethod(lambda v: exp(v[0] / 3) * v[1] + v[2] ** 3 - v[0] * v[2])
    V = [0.7, -1.3, 2.1]
    # The exact gradient: [exp(v0/3) v1 / 3 - v2, exp(v0/3), 3 v2^2 - v0].
    EXACT = [math.exp(0.7 / 3) * -1.3 / 3 - 2.1, math.exp(0.7 / 3), 3 * 2.1**2 - 0.7]

    def test_values_are_the_plain_estimates_bit_for_bit_and_bounds_hold(self) -> None:
        for method in METHODS:
            plain = estimate_gradient(self.F, self.V, method=method)
            bounded = estimate_gradient_with_error(self.F, self.V, method=method)
            with self.subTest(method=method):
                self.assertEqual([e.value for e in bounded], plain)
                for e, exact in zip(bounded, self.EXACT):
                    self.assertLessEqual(abs(e.value - exact), e.error)
                    self.assertEqual(e.method, method)
                self.assertEqual([estimate_partial_with_error(self.F, self.V, i, method=method)
                                  .value for i in range(3)], plain)

    def test_evaluations_per_element(self) -> None:
        for method, count in [("forward", [3, 2, 2]), ("central", [4, 4, 4]),
                              ("complex", [2, 2, 2])]:
            f, calls = counting(self.F)
            got = estimate_gradient_with_error(f, self.V, method=method)
            with self.subTest(method=method):
                self.assertEqual([e.evaluations for e in got], count)
                self.assertEqual(calls[0], sum(count))

    def test_forward_bound_is_infinite_for_a_step_larger_than_the_coordinate(self) -> None:
        e = estimate_partial_with_error(lambda v: math.log(v[0]), [1e-5], 0, method="forward")
        self.assertEqual(e.error, math.inf)
        self.assertEqual(e.note, "the step 0.0001 is not small against |v[0]| = 1e-05")

    def test_directional_with_error_bounds_the_dot_product(self) -> None:
        u = [0.6, 0.0, -0.8]
        exact = self.EXACT[0] * 0.6 - self.EXACT[2] * 0.8
        for method in METHODS:
            e = estimate_directional_with_error(self.F, self.V, u, method=method)
            with self.subTest(method=method):
                self.assertEqual(e.value, estimate_directional(self.F, self.V, u, method=method))
                self.assertLessEqual(abs(e.value - exact), e.error)

    def test_richardson_tries_smaller_first_steps_until_one_does_well(self) -> None:
        f, calls = counting(lambda x: math.exp(x))
        estimate, error = richardson_derivative(f, 100.0)
        self.assertLessEqual(abs(estimate - math.exp(100.0)), 1e-14 * math.exp(100.0))
        self.assertLessEqual(error, 1e-12 * math.exp(100.0))
        self.assertGreater(calls[0], 20)  # the first step, 10, was not enough

    def test_richardson_on_a_function_that_cannot_be_probed_says_so(self) -> None:
        with self.assertRaises(ValueError) as caught:
            estimate_gradient(lambda v: math.exp(v[0]), [800.0], method="richardson")
        self.assertTrue(str(caught.exception).startswith(
            "estimate_gradient: method='richardson' got no estimate (f could not be probed: "
            "OverflowError at step 80"), str(caught.exception))


class AccuracyScriptTest(unittest.TestCase):
    def test_accuracy_script_meets_its_targets(self) -> None:
        script = load_script("accuracy")
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


class NeverNaNTest(unittest.TestCase):
    """Where f overflows on both sides of a step, inf - inf has no value: never NaN."""

    def test_plain_estimates_raise_where_f_is_infinite_near_v(self) -> None:
        def square_sum(v: List[float]) -> float:
            return sum(v_i * v_i for v_i in v)

        calls: List[Any] = [
            ("estimate_gradient", lambda: estimate_gradient(square_sum, [1e200])),
            ("estimate_gradient", lambda: estimate_gradient(square_sum, [1e300, -1e300],
                                                            method="central")),
            ("estimate_partial", lambda: estimate_partial(square_sum, [1e300], 0)),
            ("estimate_partial", lambda: estimate_partial(square_sum, [1e300], 0,
                                                          method="forward")),
            ("estimate_directional", lambda: estimate_directional(square_sum, [1e300], [1.0])),
            ("difference_quotient", lambda: difference_quotient(lambda x: x * x, 1e300, 1.0)),
            ("partial_difference_quotient",
             lambda: partial_difference_quotient(square_sum, [1e300], 0, 1.0)),
        ]
        for where, call in calls:
            with self.subTest(where):
                with self.assertRaises(ValueError) as caught:
                    call()
                message = str(caught.exception)
                self.assertTrue(message.startswith(f"{where}: f's values near v are not finite"))

    def test_bounded_estimates_give_no_estimate_rather_than_nan(self) -> None:
        def square_sum(v: List[float]) -> float:
            return sum(v_i * v_i for v_i in v)

        for e in (*estimate_gradient_with_error(square_sum, [1e300, -1e300]),
                  estimate_partial_with_error(square_sum, [1e300], 0),
                  estimate_directional_with_error(square_sum, [1e300], [1.0])):
            with self.subTest(e):
                self.assertEqual((e.value, e.error), (0.0, math.inf))
