"""A check that never lies: the issue's cases, a seeded battery, the three outcomes, the display."""

from __future__ import annotations

import cmath
import contextlib
import io
import math
import random
import unittest
from typing import Any, Callable, List

from tests.support import load_script
from vecgd import (
    Estimate,
    Linear,
    MultipleLinear,
    Polynomial,
    Proportional,
    check_entry,
    check_gradient,
    cross_checked_directional,
    cross_checked_partial,
    estimate_gradient,
    estimate_gradient_with_error,
    richardson_derivative,
)


class IssueCasesTest(unittest.TestCase):
    def test_each_wrong_gradient_fails_and_each_right_one_is_not_called_wrong(self) -> None:
        script = load_script("gradcheck_cases")
        for case, outcome, _ in script.run():
            with self.subTest(case=case.name):
                self.assertIn(outcome, case.expected)
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(script.main(), 0)

    def test_a_non_finite_analytic_row_is_named(self) -> None:
        check = check_gradient(lambda v: v[0] ** 2 + v[1], lambda v: [math.inf, 1.0], [1.0, 2.0])
        self.assertEqual((check.ok, check.failures(), check.worst_index), (False, [0], 0))
        self.assertIn("index 0: the analytic value is inf", str(check))
        self.assertEqual(check.max_abs_error, math.inf)

    def test_ridders_is_accurate_at_100_and_never_overflows(self) -> None:
        for g, dg, x in [(math.exp, math.exp, 100.0), (math.sin, math.cos, 100.0),
                         (math.exp, math.exp, 650.0)]:
            with self.subTest(x=x, f=g.__name__):
                estimate, error = richardson_derivative(g, x)
                self.assertLessEqual(abs(estimate - dg(x)), 1e-10 * abs(dg(x)))
                self.assertLessEqual(abs(estimate - dg(x)), error)

    def test_richardson_with_a_step_that_overflows_says_so(self) -> None:
        with self.assertRaises(ValueError) as caught:
            richardson_derivative(math.exp, 650.0, 100.0)
        self.assertIn("richardson_derivative: method='richardson' got no estimate",
                      str(caught.exception))
        self.assertIn("OverflowError", str(caught.exception))

    def test_complex_step_is_relative_to_the_coordinate(self) -> None:
        for x in (1e-18, 1e-300):
            with self.subTest(x=x):
                got = estimate_gradient(lambda v: cmath.log(v[0]), [x], method="complex")
                self.assertLessEqual(abs(got[0] - 1 / x), 4e-16 / x)

    def test_every_bound_holds_on_exp_sin_log(self) -> None:
        cases = [(cmath.exp, math.exp, 1.0), (cmath.sin, math.cos, 3.0),
                 (cmath.log, lambda x: 1 / x, 1e3)]
        for g, dg, x in cases:
            for method in ("forward", "central", "complex", "richardson"):
                e = estimate_gradient_with_error(lambda v, g=g: g(v[0]), [x], method=method)[0]
                with self.subTest(f=g.__name__, method=method):
                    self.assertLessEqual(abs(e.value - dg(x)), e.error)


def smooth(rng: random.Random, n: int, lib: Any) -> tuple[Callable[[Any], Any],
                                                          Callable[[List[float]], List[float]]]:
    """Return a random smooth f (sum of a_i exp(b_i v_i) + c_i sin(v_i v_i+1)), and its gradient."""
    a = [rng.uniform(-2, 2) for _ in range(n)]
    b = [rng.uniform(-1, 1) for _ in range(n)]
    c = [rng.uniform(-2, 2) for _ in range(n)]

    def f(v: Any) -> Any:
        total: Any = 0.0
        for i in range(n):
            total += a[i] * lib.exp(b[i] * v[i]) + c[i] * lib.sin(v[i] * v[(i + 1) % n])
        return total

    def gradient(v: List[float]) -> List[float]:
        g = [a[i] * b[i] * math.exp(b[i] * v[i]) for i in range(n)]
        for i in range(n):
            j = (i + 1) % n
            slope = c[i] * math.cos(v[i] * v[j])
            g[i] += slope * v[j]
            g[j] += slope * v[i]
        return g

    return f, gradient


class BatteryTest(unittest.TestCase):
    def test_random_smooth_functions_in_math_and_cmath(self) -> None:
        rng = random.Random(16)
        for trial in range(40):
            n = rng.randint(2, 5)
            v = [rng.uniform(-3, 3) for _ in range(n)]
            for lib in (cmath, math):
                f, gradient = smooth(rng, n, lib)
                k = rng.randrange(n)

                def wrong(w: List[float], g: Any = gradient, k: int = k) -> List[float]:
                    out = g(w)
                    out[k] *= 1 + 1e-4
                    return out

                with self.subTest(trial=trial, lib=lib.__name__):
                    right = check_gradient(f, gradient, v)
                    if lib is cmath:
                        self.assertTrue(right.ok, f"\n{right}")
                    else:
                        self.assertNotEqual(right.outcome, "failed", f"\n{right}")
                    bad = check_gradient(f, wrong, v)
                    if k in right.unverifiable():  # f's values cannot resolve it: not "wrong"
                        self.assertNotEqual(bad.entries[k].outcome, "verified")
                    else:
                        self.assertEqual(bad.failures(), [k], f"\n{bad}")


class ModelsTest(unittest.TestCase):
    def test_every_built_in_model_is_verified_by_the_complex_step(self) -> None:
        rng = random.Random(5)
        for model in (Linear(), Proportional(), Polynomial(2), Polynomial(4), MultipleLinear()):
            for scale in (1e-3, 1.0, 1e3):
                if isinstance(model, MultipleLinear):
                    xs: List[Any] = [[rng.uniform(-1, 1) * scale for _ in range(3)]
                                     for _ in range(6)]
                    size = 4
                else:
                    xs = [rng.uniform(-1, 1) * scale for _ in range(6)]
                    size = len(model.parameter_names())
                ys = [rng.uniform(-1, 1) * scale for _ in xs]
                theta = [rng.uniform(-1, 1) * scale for _ in range(size)]
                check = check_gradient(
                    lambda t, m=model, xs=xs, ys=ys: m.mean_gradient(t, xs, ys)[1],
                    lambda t, m=model, xs=xs, ys=ys: m.mean_gradient(t, xs, ys)[0], theta,
                    method="complex")  # the models' maths has no abs(): trust the complex step
                with self.subTest(model=model, scale=scale):
                    self.assertTrue(check.ok, f"\n{check}")
                    self.assertEqual(check.method, "complex")

    def test_multiple_linear_real_prediction_is_unchanged(self) -> None:
        # fsum(0.1, 0.2) is 0.30000000000000004; + b (0.3) rounds to 0.6000000000000001.
        self.assertEqual(MultipleLinear().prediction([0.1, 0.2, 0.3], [1.0, 1.0]),
                         0.6000000000000001)
        got = MultipleLinear().prediction([1.0, 2.0, 0.5], [3.0 + 1e-20j, 4.0])
        self.assertEqual(got, complex(11.5, 1e-20))


class DisplayTest(unittest.TestCase):
    def test_repr_is_the_table_cut_after_forty_rows(self) -> None:
        n = 100
        f = lambda v: sum(x * x for x in v)  # noqa: E731
        wrong = lambda v: [2 * x if i != 70 else 0.0 for i, x in enumerate(v)]  # noqa: E731
        check = check_gradient(f, wrong, [1.0 + i for i in range(n)])
        text = repr(check)
        self.assertEqual(len(str(check).splitlines()), 2 + n + 1)
        self.assertIn("   70 ", text)  # the failing row is shown though past the first 40
        self.assertIn("... 59 more rows (str() shows every row)", text)
        self.assertLess(len(text.splitlines()), 50)
        page = check._repr_html_()
        self.assertTrue(page.startswith("<div>") and page.endswith("</div>"))
        self.assertIn("<td>FAILED</td>", page)
        self.assertEqual(page.count("<tr"), 1 + 41 + 1)

    def test_html_escapes_the_notes(self) -> None:
        check = check_gradient(lambda v: v[0] ** 2 + abs(v[1]) ** 3, lambda v: [2.0, 0.0],
                               [1.0, 2.0])
        self.assertNotIn("<v", check._repr_html_())
        self.assertIn("abs(), .real", check._repr_html_())


class EntryApiTest(unittest.TestCase):
    def test_three_outcomes_of_one_entry(self) -> None:
        e = Estimate(2.0, 1e-8, "central", 4)
        self.assertEqual(check_entry(2.0 + 1e-7, e).outcome, "verified")
        self.assertEqual(check_entry(2.0 + 1e-5, e).outcome, "failed")
        self.assertEqual(check_entry(2.0, e, rtol=1e-9).outcome, "unverifiable")
        self.assertEqual(check_entry(2.0, e, rtol=1e-9, atol=1e-8).outcome, "verified")
        self.assertEqual(check_entry(math.nan, e).outcome, "failed")
        self.assertEqual(check_entry(2.0, Estimate(math.nan, math.inf, "richardson", 9)).outcome,
                         "unverifiable")

    def test_cross_checked_estimates(self) -> None:
        f = lambda v: v[0] ** 2 + abs(v[1]) ** 3  # noqa: E731
        self.assertEqual(cross_checked_partial(f, [1.0, 2.0], 0).method, "complex")
        blind = cross_checked_partial(f, [1.0, 2.0], 1)
        self.assertLessEqual(abs(blind.value - 12.0), blind.error)
        self.assertIn("cannot see", blind.note)
        along = cross_checked_directional(f, [1.0, 2.0], [0.0, 1.0])
        self.assertLessEqual(abs(along.value - 12.0), along.error)

    def test_complex_step_alone_is_unverifiable_unless_method_complex_trusts_it(self) -> None:
        # exp(709.78 + 0.004) overflows: no real estimate to confirm (or overrule) the complex
        # step, so by default the entry is unverifiable, never verified on the complex step alone.
        f, slope = (lambda v: cmath.exp(v[0])), (lambda v: [math.exp(v[0])])
        check = check_gradient(f, slope, [709.78])
        self.assertEqual(check.outcome, "unverifiable")
        self.assertIn("not cross-checked: the complex step gave 1.79282e+308, but real arithmetic "
                      "could not probe f here", check.entries[0].reason)
        self.assertIn("OverflowError", check.entries[0].reason)
        self.assertIn("pass method='complex'", check.entries[0].reason)
        trusted = check_gradient(f, slope, [709.78], method="complex")
        self.assertEqual((trusted.outcome, trusted.method), ("verified", "complex"))
        self.assertIn("method='complex': the complex step is trusted", trusted.entries[0].reason)
        wrong = check_gradient(f, lambda v: [math.exp(v[0]) * 1.0001], [709.78], method="complex")
        self.assertEqual(wrong.outcome, "failed")

    def test_errors(self) -> None:
        e = Estimate(1.0, 0.0, "complex", 1)
        cases: list[tuple[Callable[[], object], type, str]] = [
            (lambda: check_entry(1.0, 1.0), TypeError,  # type: ignore[arg-type]
             "check_entry: estimate must be an Estimate (got 1.0 (float))"),
            (lambda: check_entry("1", e), TypeError,  # type: ignore[arg-type]
             "check_entry: analytic must be a real number (got '1' (str))"),
            (lambda: check_entry(1.0, e, rtol=-1.0), ValueError,
             "check_entry: rtol must be non-negative (got -1.0)"),
            (lambda: cross_checked_partial(abs, [1.0], 1), ValueError,
             "cross_checked_partial: i must be less than len(v) (got 1 for length 1)"),
            (lambda: cross_checked_directional(abs, [1.0], [1.0, 2.0]), ValueError,
             "cross_checked_directional: v and u must have the same length (got 1 and 2)"),
            (lambda: estimate_gradient_with_error(abs, [1.0], method="x"), ValueError,
             "estimate_gradient_with_error: method must be one of 'forward', 'central', "
             "'complex', 'richardson' (got 'x')"),
        ]
        for call, kind, message in cases:
            with self.subTest(message=message), self.assertRaises(kind) as caught:
                call()
            self.assertEqual(str(caught.exception), message)


if __name__ == "__main__":
    unittest.main()
