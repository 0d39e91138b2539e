"""The reviewer's findings on the derivative checks and autodiff, each held by real values.

1. the complex step's bound at a least-squares optimum (Fractions give the exact gradient);
2. a check never verified or failed on the complex step alone where |f| is large;
3. no OverflowError from probing (sigmoid at -1000, exp at 710);
4. exact zeros verified (a Hessian's, a math-only f's);
5. tanh's and sigmoid's local derivatives without cancellation;
6. named errors or infinities instead of raw Python errors.
"""

from __future__ import annotations

import cmath
import math
import random
import unittest
from fractions import Fraction
from typing import List

from vecgd import (
    Value,
    check_gradient,
    check_hessian,
    check_jacobian,
    estimate_gradient,
    estimate_gradient_with_error,
    estimate_hessian,
    estimate_jacobian,
    grad,
    sigmoid,
    tanh,
)


def line_fit(seed: int) -> tuple[List[float], List[float], float, float]:
    """Return xs, ys and the least-squares slope b and intercept a (the reviewer's opt.py)."""
    rng = random.Random(seed)
    xs = [rng.uniform(0, 10) for _ in range(20)]
    ys = [2 * x + 1 + rng.gauss(0, 1) for x in xs]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return xs, ys, b, my - b * mx


class ComplexStepAtAnOptimumTest(unittest.TestCase):
    def setUp(self) -> None:
        self.xs, self.ys, self.b, self.a = line_fit(4)
        xs, ys, n = self.xs, self.ys, len(self.xs)
        self.f = lambda t: sum((t[0] * x + t[1] - y) ** 2 for x, y in zip(xs, ys)) / n
        self.g = lambda t: [sum(2 * (t[0] * x + t[1] - y) * x for x, y in zip(xs, ys)) / n,
                            sum(2 * (t[0] * x + t[1] - y) for x, y in zip(xs, ys)) / n]

    def exact(self, t: List[float]) -> List[float]:
        b, a, n = Fraction(t[0]), Fraction(t[1]), len(self.xs)
        r = [b * Fraction(x) + a - Fraction(y) for x, y in zip(self.xs, self.ys)]
        return [float(sum(2 * r_i * Fraction(x) for r_i, x in zip(r, self.xs)) / n),
                float(sum(2 * r_i for r_i in r) / n)]

    def test_the_bound_holds_where_the_sum_cancels(self) -> None:
        # Before: 4.32e-15 +- 3.8e-30 for a true 4.957e-15 (the imaginary part carries the
        # rounding of the residuals, eps times the terms' size).
        t = [self.b, self.a]
        truth = self.exact(t)
        # At the optimum the slope's partial is a sum that cancels to rounding (4.957e-15 here;
        # the data's last bits follow the platform's libm, as under Pyodide).
        self.assertLess(abs(truth[0]), 1e-13)
        for e, true in zip(estimate_gradient_with_error(self.f, t, method="complex"), truth):
            self.assertLessEqual(abs(e.value - true), e.error)
            self.assertGreater(e.error, 1e-16)

    def test_the_bound_holds_at_40_optima(self) -> None:
        misses = 0
        for seed in range(40):
            xs, ys, b, a = line_fit(seed)
            self.xs, self.ys = xs, ys
            f = lambda t, xs=xs, ys=ys: sum((t[0] * x + t[1] - y) ** 2  # noqa: E731
                                            for x, y in zip(xs, ys)) / len(xs)
            truth = self.exact([b, a])
            for e, true in zip(estimate_gradient_with_error(f, [b, a], method="complex"), truth):
                misses += abs(e.value - true) > e.error
        self.assertEqual(misses, 0)

    def test_a_right_gradient_at_the_optimum_is_not_failed(self) -> None:
        check = check_gradient(self.f, self.g, [self.b, self.a])
        self.assertEqual((check.outcome, check.failures()), ("unverifiable", []))
        self.assertIn("not cross-checked", check.entries[0].reason)

    def test_a_gradient_off_by_1e_minus_4_fails_away_from_the_optimum(self) -> None:
        t = [self.b + 0.5, self.a - 1.0]
        self.assertTrue(check_gradient(self.f, self.g, t).ok)
        for k in range(2):
            wrong = lambda v, k=k: [g * (1 + 1e-4) if i == k else g  # noqa: E731
                                    for i, g in enumerate(self.g(v))]
            self.assertEqual(check_gradient(self.f, wrong, t).failures(), [k])


class NeverOnTheComplexStepAloneTest(unittest.TestCase):
    def test_abs_hidden_by_a_large_f(self) -> None:
        # f = 1e12 (v0 - 3)**2 + 1e3 v1**2 + |v1|**3 at [1, 2]: before, the gradient without
        # the |v1|**3 term was verified and the right one failed.
        f = lambda v: 1e12 * (v[0] - 3) ** 2 + 1e3 * v[1] ** 2 + abs(v[1]) ** 3  # noqa: E731
        wrong = lambda v: [2e12 * (v[0] - 3), 2e3 * v[1]]  # noqa: E731
        right = lambda v: [2e12 * (v[0] - 3), 2e3 * v[1] + 3 * v[1] ** 2]  # noqa: E731
        w, r = check_gradient(f, wrong, [1.0, 2.0]), check_gradient(f, right, [1.0, 2.0])
        self.assertEqual((w.outcome, w.failures()), ("failed", [1]))
        self.assertEqual((r.outcome, r.unverifiable(), r.failures()), ("unverifiable", [1], []))
        self.assertIn("cannot tell whether f uses abs()", r.entries[1].reason)
        self.assertIn("pass method='complex'", r.entries[1].reason)

    def test_abs_alone_on_a_coordinate(self) -> None:
        for s in (1e8, 1e10, 1e12):
            f = lambda v, s=s: s * (v[0] - 3) ** 2 + abs(v[1])  # noqa: E731
            wrong = check_gradient(f, lambda v, s=s: [2 * s * (v[0] - 3), 0.0], [1.0, 2.0])
            right = check_gradient(f, lambda v, s=s: [2 * s * (v[0] - 3), 1.0], [1.0, 2.0])
            with self.subTest(s=s):
                self.assertEqual(wrong.outcome, "failed")
                self.assertEqual(right.outcome, "unverifiable")


class ProbeErrorsTest(unittest.TestCase):
    def test_sigmoid_at_minus_1000(self) -> None:
        self.assertEqual(sigmoid(-1000 + 1e-20j), 0j)
        f = lambda v: sigmoid(v[0])  # noqa: E731
        self.assertEqual(check_gradient(f, grad(f), [-1000.0]).outcome, "verified")
        h = lambda v: [sigmoid(v[0]), v[0]]  # noqa: E731
        self.assertEqual(estimate_jacobian(h, [-1000.0], method="complex"), [[0.0], [1.0]])
        self.assertTrue(check_jacobian(h, lambda v: [[0.0], [1.0]], [-1000.0]).ok)

    def test_cmath_exp_past_the_floats(self) -> None:
        # exp(710 + 0j) raises OverflowError in cmath: the complex step gives no estimate.
        with self.assertRaisesRegex(ValueError, r"^estimate_gradient: method='complex' got no "
                                                r"estimate \(the complex step raised Overflow"):
            estimate_gradient(lambda v: cmath.exp(v[0]), [710.0], method="complex")
        e = estimate_gradient_with_error(lambda v: cmath.exp(v[0]), [710.0], method="complex")[0]
        self.assertEqual((e.value, e.error), (0.0, math.inf))
        check = check_gradient(lambda v: cmath.exp(v[0]), lambda v: [math.inf], [710.0])
        self.assertEqual(check.outcome, "failed")  # an infinite analytic entry fails

    def test_central_differences_name_the_function(self) -> None:
        for call, name in [
            (lambda: estimate_gradient(lambda v: math.exp(v[0]), [709.78], method="central"),
             "estimate_gradient"),
            (lambda: estimate_jacobian(lambda v: [math.exp(v[0])], [709.78]), "estimate_jacobian"),
            (lambda: estimate_hessian(lambda v: math.exp(v[0]), [709.7]), "estimate_hessian"),
        ]:
            with self.subTest(name=name), self.assertRaisesRegex(
                    ValueError, f"^{name}: f's values near v are not finite"):
                call()


class ExactZeroTest(unittest.TestCase):
    def test_a_hessian_of_independent_coordinates(self) -> None:
        check = check_hessian(lambda v: v[0] ** 2 + v[1] ** 2,
                              lambda v: [[2.0, 0.0], [0.0, 2.0]], [1.0, 2.0])
        self.assertEqual((check.outcome, check.numeric), ("verified", [[2.0, 0.0], [0.0, 2.0]]))
        wrong = check_hessian(lambda v: v[0] ** 2 + v[1] ** 2,
                              lambda v: [[2.0, 1e-3], [1e-3, 2.0]], [1.0, 2.0])
        self.assertEqual(wrong.failures(), [(0, 1), (1, 0)])

    def test_a_math_only_f_that_ignores_a_coordinate(self) -> None:
        f = lambda v: math.sin(v[0]) + 0 * v[1]  # noqa: E731
        check = check_gradient(f, lambda v: [math.cos(v[0]), 0.0], [1.0, 2.0])
        self.assertEqual((check.outcome, check.numeric[1]), ("verified", 0.0))
        self.assertEqual(check_gradient(f, lambda v: [math.cos(v[0]), 1e-3], [1.0, 2.0])
                         .failures(), [1])

    def test_scales_from_1e_minus_3_to_1e3(self) -> None:
        for scale in (1e-3, 1.0, 1e3):
            v = [0.7 * scale, -1.3 * scale]
            f = lambda w, c=v[0]: math.exp(w[0] / c) + 0 * w[1]  # noqa: E731
            with self.subTest(scale=scale):
                check = check_gradient(f, lambda w, c=v[0]: [math.exp(w[0] / c) / c, 0.0], v)
                self.assertTrue(check.ok, f"\n{check}")

    def test_rounding_that_hides_a_change_is_no_exact_zero(self) -> None:
        # 4e12 + |v1|: f's values at v1 +- 1e-5 are the same float, not at v1 +- 0.2.
        f = lambda v: 1e12 * (v[0] - 3) ** 2 + abs(v[1])  # noqa: E731
        check = check_gradient(f, lambda v: [2e12 * (v[0] - 3), 0.0], [1.0, 2.0])
        self.assertEqual(check.failures(), [1])


class AutodiffTest(unittest.TestCase):
    def test_tanh_and_sigmoid_derivatives_do_not_underflow(self) -> None:
        for x in (20.0, 40.0, -40.0, 300.0):
            with self.subTest(x=x):
                truth = 4 * math.exp(-2 * abs(x)) / (1 + math.exp(-2 * abs(x))) ** 2
                self.assertAlmostEqual(grad(lambda v: tanh(v[0]))([x])[0] / truth, 1.0,
                                       delta=1e-14)
                self.assertAlmostEqual(grad(lambda v: sigmoid(v[0]))([x])[0]
                                       / (math.exp(-abs(x)) / (1 + math.exp(-abs(x))) ** 2),
                                       1.0, delta=1e-14)
        self.assertEqual(grad(lambda v: tanh(v[0]))([20.0]), [1.6993417021166355e-17])
        self.assertEqual(1 / math.cosh(20) ** 2, 1.6993417021166355e-17)
        for f in (lambda v: tanh(v[0]), lambda v: sigmoid(v[0])):
            for x in (20.0, 40.0):
                with self.subTest(x=x):
                    check = check_gradient(f, grad(f), [x], method="complex")
                    self.assertEqual(check.outcome, "verified")

    def test_powers_at_zero_and_past_the_floats(self) -> None:
        self.assertEqual((Value(0.0) ** -1).data, math.inf)
        self.assertEqual((Value(-0.0) ** -1).data, -math.inf)
        self.assertEqual((Value(0.0) ** -2).data, math.inf)
        self.assertEqual(grad(lambda v: v[0] ** -1)([0.0]), [-math.inf])
        self.assertEqual((Value(10) ** Value(400)).data, math.inf)
        self.assertEqual((Value(2) ** 3).data, 8)  # ints stay exact where they fit
        a, b = Value(10), Value(400)
        (a ** b).backward()
        self.assertEqual((a.grad, b.grad), (math.inf, math.inf))


if __name__ == "__main__":
    unittest.main()
