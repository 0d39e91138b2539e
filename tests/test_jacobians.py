"""Jacobians and Hessians: the estimates against hand-derived matrices, the checks' verdicts."""

from __future__ import annotations

import cmath
import math
import random
import unittest
from fractions import Fraction
from typing import Any, Callable, List, Tuple

from tests.support import assert_raises_each, assert_vectors_close
from vecgd import (
    NotComplexError,
    assert_hessian_ok,
    assert_jacobian_ok,
    check_hessian,
    check_jacobian,
    estimate_hessian,
    estimate_hessian_with_error,
    estimate_jacobian,
    estimate_jacobian_with_error,
)

Matrix = List[List[float]]


def polar(v: Any) -> Any:
    """(r, t) -> [r cos t, r sin t], in cmath for complex coordinates."""
    lib: Any = cmath if isinstance(v[0], complex) else math
    return [v[0] * lib.cos(v[1]), v[0] * lib.sin(v[1])]


def polar_jacobian(v: List[float]) -> Matrix:
    r, t = v
    return [[math.cos(t), -r * math.sin(t)], [math.sin(t), r * math.cos(t)]]


def rosenbrock(v: Any) -> Any:
    return (1 - v[0]) ** 2 + 100 * (v[1] - v[0] * v[0]) ** 2


def rosenbrock_hessian(v: List[float]) -> Matrix:
    # [[1200 x^2 - 400 y + 2, -400 x], [-400 x, 200]], exactly, then rounded once.
    x, y = Fraction(v[0]), Fraction(v[1])
    return [[float(1200 * x * x - 400 * y + 2), float(-400 * x)], [float(-400 * x), 200.0]]


def close(test: unittest.TestCase, got: Matrix, want: Matrix, rel: float) -> None:
    test.assertEqual(len(got), len(want))
    for g, w in zip(got, want):
        assert_vectors_close(test, g, w, rel=rel, abs=rel * max(map(abs, w)))


class EstimateTest(unittest.TestCase):
    def test_jacobian_of_polar_coordinates_by_every_method(self) -> None:
        want = polar_jacobian([2.0, 0.5])
        for method, rel in (("forward", 1e-3), ("central", 1e-9), ("complex", 1e-15),
                            ("richardson", 1e-12)):
            with self.subTest(method=method):
                close(self, estimate_jacobian(polar, [2.0, 0.5], method=method), want, rel)
                bounded = estimate_jacobian_with_error(polar, [2.0, 0.5], method=method)
                for row, exact in zip(bounded, want):
                    for e, w in zip(row, exact):
                        self.assertLessEqual(abs(e.value - w), e.error)

    def test_the_rows_share_the_evaluations_of_f(self) -> None:
        calls = 0

        def f(v: List[float]) -> List[float]:
            nonlocal calls
            calls += 1
            return [v[0] * v[1], v[1] * v[2], v[0] + v[2], v[0] ** 2, 3 * v[1]]

        estimate_jacobian(f, [1.0, 2.0, 3.0])
        self.assertEqual(calls, 1 + 2 * 3)  # f(v), then 2 points per coordinate for 5 rows

    def test_hessian_of_rosenbrock_by_every_method(self) -> None:
        v = [-1.2, 1.0]
        want = rosenbrock_hessian(v)  # [[1330, 480], [480, 200]]
        close(self, want, [[1330.0, 480.0], [480.0, 200.0]], 1e-12)
        for method, rel in (("central", 1e-7), ("complex", 1e-10), ("richardson", 1e-10)):
            with self.subTest(method=method):
                got = estimate_hessian(rosenbrock, v, method=method)
                close(self, got, want, rel)
                self.assertEqual(got[0][1], got[1][0])  # symmetric, by construction
                bounded = estimate_hessian_with_error(rosenbrock, v, method=method)
                for i in range(2):
                    for j in range(2):
                        self.assertEqual(bounded[i][j].value, got[i][j])
                        self.assertLessEqual(abs(bounded[i][j].value - want[i][j]),
                                             bounded[i][j].error)

    def test_hessian_of_a_cubic_is_exact_where_it_should_be(self) -> None:
        # f = x^2 y + y^3: H = [[2y, 2x], [2x, 6y]]; central second differences of a
        # cubic have no truncation, so only rounding is left.
        f = lambda v: v[0] ** 2 * v[1] + v[1] ** 3  # noqa: E731
        got = estimate_hessian(f, [3.0, 2.0], method="complex")
        close(self, got, [[4.0, 6.0], [6.0, 12.0]], 1e-10)

    def test_hessian_steps_keep_log_on_its_side_of_zero(self) -> None:
        # log(x) + log(y) at x = 1e-6: H = diag(-1/x^2, -1/y^2).  The default steps stay
        # within x / 4 (no probe crosses 0), too coarse for central's one step there, as
        # its bound says; Ridders' extrapolation resolves it.
        f = lambda v: cmath.log(v[0]) + cmath.log(v[1])  # noqa: E731
        want = [[-1e12, 0.0], [0.0, -0.25]]
        got = estimate_hessian(f, [1e-6, 2.0], method="richardson")
        close(self, [got[0][:1], got[1][1:]], [[-1e12], [-0.25]], 1e-9)
        for method in ("central", "complex", "richardson"):
            bounded = estimate_hessian_with_error(f, [1e-6, 2.0], method=method)
            for i in range(2):
                for j in range(2):
                    with self.subTest(method=method, i=i, j=j):
                        self.assertLessEqual(abs(bounded[i][j].value - want[i][j]),
                                             bounded[i][j].error)

    def test_empty_v(self) -> None:
        self.assertEqual(estimate_hessian(lambda v: 0.0, []), [])
        self.assertEqual(estimate_jacobian(lambda v: [1.0, 2.0], []), [[], []])


class CheckTest(unittest.TestCase):
    def test_right_jacobian_and_hessian_are_verified(self) -> None:
        check = check_jacobian(polar, polar_jacobian, [2.0, 0.5])
        self.assertEqual((check.ok, check.kind, check.method), (True, "jacobian", "complex"))
        check = check_hessian(rosenbrock, rosenbrock_hessian, [-1.2, 1.0])
        self.assertEqual((check.ok, check.kind), (True, "hessian"))
        self.assertLess(check.max_rel_error, 1e-9)

    def test_one_entry_wrong_by_1e_4_fails_alone(self) -> None:
        for i in range(2):
            for j in range(2):
                def jacobian(v: List[float], i: int = i, j: int = j) -> Matrix:
                    m = polar_jacobian(v)
                    m[i][j] *= 1 + 1e-4
                    return m

                def hessian(v: List[float], i: int = i, j: int = j) -> Matrix:
                    m = rosenbrock_hessian(v)
                    m[i][j] *= 1 + 1e-4
                    return m

                with self.subTest(i=i, j=j):
                    check = check_jacobian(polar, jacobian, [2.0, 0.5])
                    self.assertEqual((check.failures(), check.worst), ([(i, j)], (i, j)))
                    check = check_hessian(rosenbrock, hessian, [-1.2, 1.0])
                    self.assertEqual((check.failures(), check.worst), ([(i, j)], (i, j)))

    def test_each_method_and_a_given_step(self) -> None:
        for method in ("forward", "central", "complex", "richardson"):
            with self.subTest(method=method):
                check = check_jacobian(polar, polar_jacobian, [2.0, 0.5], method=method,
                                       rtol=1e-3 if method == "forward" else 1e-6)
                self.assertTrue(check.ok, f"\n{check}")
                self.assertEqual(check.method, method)
        for method in ("central", "complex", "richardson"):
            with self.subTest(method=method):
                check = check_hessian(rosenbrock, rosenbrock_hessian, [-1.2, 1.0], method=method)
                self.assertTrue(check.ok, f"\n{check}")
        check = check_hessian(rosenbrock, rosenbrock_hessian, [-1.2, 1.0], h=1e-4)
        self.assertTrue(check.ok, f"\n{check}")

    def test_an_asymmetric_hessian_fails(self) -> None:
        check = check_hessian(lambda v: v[0] * v[1], lambda v: [[0.0, 1.0], [1.5, 0.0]],
                              [1.0, 2.0])
        self.assertEqual(check.failures(), [(1, 0)])

    def test_a_zero_from_linearity_is_verified_where_every_difference_is_exactly_0(self) -> None:
        # f = x^2 y is linear in y: d2f/dy2 = 0, and the complex-step partial along y (x^2)
        # is the same float at every probe, near and wide: an exact 0.
        f = lambda v: v[0] ** 2 * v[1]  # noqa: E731
        hessian = lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 0.0]]  # noqa: E731
        check = check_hessian(f, hessian, [3.0, 2.0])
        self.assertEqual((check.outcome, check.entries[1][1].numeric), ("verified", 0.0))
        # x^2 + y^2 (the reviewer's case): both zeros off the diagonal are verified.
        check = check_hessian(lambda v: v[0] ** 2 + v[1] ** 2,
                              lambda v: [[2.0, 0.0], [0.0, 2.0]], [1.0, 2.0])
        self.assertEqual((check.outcome, check.numeric), ("verified", [[2.0, 0.0], [0.0, 2.0]]))
        # A wrong non-zero entry where the truth is 0 still fails.
        wrong = lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 1e-3]]  # noqa: E731
        self.assertEqual(check_hessian(f, wrong, [3.0, 2.0]).failures(), [(1, 1)])

    def test_a_zero_of_a_jacobian_from_the_complex_step_is_verified(self) -> None:
        # [x y, x^2]: d(x^2)/dy is exactly 0, and the complex step sees exactly 0.
        check = check_jacobian(lambda v: [v[0] * v[1], v[0] ** 2],
                               lambda v: [[v[1], v[0]], [2 * v[0], 0.0]], [2.0, 3.0])
        self.assertTrue(check.ok, f"\n{check}")

    def test_real_arithmetic_overrules_a_blind_complex_step(self) -> None:
        # abs(y) drops the imaginary part: the complex step sees x |y| as constant in y.
        f = lambda v: [v[0] * abs(v[1])]  # noqa: E731
        right = check_jacobian(f, lambda v: [[abs(v[1]), v[0] * math.copysign(1, v[1])]],
                               [2.0, -3.0])
        self.assertTrue(right.ok, f"\n{right}")
        self.assertIn("real arithmetic contradicts", right.entries[0][1].reason)
        blind = check_jacobian(f, lambda v: [[abs(v[1]), 0.0]], [2.0, -3.0])
        self.assertEqual(blind.failures(), [(0, 1)])
        g = lambda v: v[0] ** 2 * v[1] + abs(v[1]) ** 3  # noqa: E731
        hessian = lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 6 * abs(v[1])]]  # noqa: E731
        check = check_hessian(g, hessian, [1.0, 2.0])
        self.assertTrue(check.ok, f"\n{check}")
        self.assertIn("real arithmetic contradicts", check.entries[1][1].reason)
        wrong = check_hessian(g, lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 0.0]], [1.0, 2.0])
        self.assertEqual(wrong.failures(), [(1, 1)])

    def test_a_non_finite_analytic_entry_is_named(self) -> None:
        check = check_jacobian(polar, lambda v: [[math.nan, 0.0], [0.0, 1.0]], [1.0, 0.0])
        self.assertIn((0, 0), check.failures())
        self.assertIn("(0, 0): the analytic value is nan", str(check))

    def test_assertions_raise_with_the_table(self) -> None:
        self.assertTrue(assert_jacobian_ok(polar, polar_jacobian, [2.0, 0.5]).ok)
        self.assertTrue(assert_hessian_ok(rosenbrock, rosenbrock_hessian, [-1.2, 1.0]).ok)
        with self.assertRaises(AssertionError) as caught:
            assert_hessian_ok(rosenbrock, lambda v: [[1330.0, 480.0], [480.0, 200.02]],
                              [-1.2, 1.0])
        self.assertTrue(str(caught.exception).startswith("check_hessian: FAILED, 1 of 4"))
        with self.assertRaises(AssertionError) as caught:
            assert_jacobian_ok(polar, polar_jacobian, [2.0, 0.5], rtol=1e-20, method="central")
        self.assertTrue(str(caught.exception).startswith("check_jacobian: UNVERIFIED"))


def smooth(rng: random.Random, n: int, m: int, lib: Any, s: float,
           scale: float) -> Tuple[Callable[[Any], Any], Callable[[List[float]], Matrix],
                                  Callable[[Any], Any], Callable[[List[float]], Matrix]]:
    """Return F (m outputs), its Jacobian, F's first output and its Hessian.

    F_k(v) = scale * g_k(v / s), g_k(u) = d exp(w . u) + sum_i a_i exp(b_i u_i)
    + c_i sin(u_i u_(i+1)): every Hessian entry is non-zero (the exp(w . u)
    term couples all coordinates), at the scale s of the coordinates.
    """
    def draw(low: float, high: float) -> List[List[float]]:
        return [[rng.uniform(low, high) for _ in range(n)] for _ in range(m)]

    a, b, c, w = draw(-2, 2), draw(-1, 1), draw(-2, 2), draw(-0.5, 0.5)
    d = [rng.uniform(-1, 1) for _ in range(m)]

    def g(k: int, u: Any) -> Any:
        total = d[k] * lib.exp(sum(w[k][i] * u[i] for i in range(n)))
        for i in range(n):
            total += a[k][i] * lib.exp(b[k][i] * u[i]) + c[k][i] * lib.sin(u[i] * u[(i + 1) % n])
        return total

    def gradient(k: int, u: List[float]) -> List[float]:
        e = d[k] * math.exp(sum(w[k][i] * u[i] for i in range(n)))
        out = [a[k][i] * b[k][i] * math.exp(b[k][i] * u[i]) + e * w[k][i] for i in range(n)]
        for i in range(n):
            j = (i + 1) % n
            slope = c[k][i] * math.cos(u[i] * u[j])
            out[i] += slope * u[j]
            out[j] += slope * u[i]
        return out

    def hessian_g(u: List[float]) -> Matrix:
        e = d[0] * math.exp(sum(w[0][i] * u[i] for i in range(n)))
        h = [[e * w[0][i] * w[0][j] for j in range(n)] for i in range(n)]
        for i in range(n):
            j = (i + 1) % n
            h[i][i] += a[0][i] * b[0][i] ** 2 * math.exp(b[0][i] * u[i])
            sine, cosine = math.sin(u[i] * u[j]), math.cos(u[i] * u[j])
            h[i][i] -= c[0][i] * u[j] ** 2 * sine
            h[j][j] -= c[0][i] * u[i] ** 2 * sine
            h[i][j] += c[0][i] * (cosine - u[i] * u[j] * sine)
            h[j][i] += c[0][i] * (cosine - u[i] * u[j] * sine)
        return h

    def f(v: Any) -> Any:
        return [scale * g(k, [x / s for x in v]) for k in range(m)]

    def jacobian(v: List[float]) -> Matrix:
        return [[scale / s * x for x in gradient(k, [x / s for x in v])] for k in range(m)]

    def f0(v: Any) -> Any:
        return scale * g(0, [x / s for x in v])

    def hessian(v: List[float]) -> Matrix:
        return [[scale / s / s * x for x in row] for row in hessian_g([x / s for x in v])]

    return f, jacobian, f0, hessian


class BatteryTest(unittest.TestCase):
    def test_random_smooth_functions_at_scales_from_1e_3_to_1e3(self) -> None:
        rng = random.Random(13)
        for trial in range(24):
            n, m = rng.randint(2, 4), rng.randint(1, 3)
            s, scale = 10.0 ** rng.choice([-3, 0, 3]), 10.0 ** rng.choice([-3, 0, 3])
            v = [rng.uniform(-2, 2) * s for _ in range(n)]
            for lib in (cmath, math):
                f, jacobian, f0, hessian = smooth(rng, n, m, lib, s, scale)
                r, c, p, q = rng.randrange(m), rng.randrange(n), rng.randrange(n), rng.randrange(n)

                def wrong_j(w: List[float], jac: Any = jacobian, r: int = r, c: int = c) -> Matrix:
                    out = jac(w)
                    out[r][c] *= 1 + 1e-4
                    return out

                def wrong_h(w: List[float], hes: Any = hessian, p: int = p, q: int = q) -> Matrix:
                    out = hes(w)
                    out[p][q] *= 1 + 1e-4
                    return out

                with self.subTest(trial=trial, lib=lib.__name__, s=s, scale=scale):
                    for right, wrong, entry in (
                            (check_jacobian(f, jacobian, v), check_jacobian(f, wrong_j, v),
                             (r, c)),
                            (check_hessian(f0, hessian, v), check_hessian(f0, wrong_h, v),
                             (p, q))):
                        if lib is cmath:
                            self.assertTrue(right.ok, f"\n{right}")
                        else:
                            self.assertNotEqual(right.outcome, "failed", f"\n{right}")
                        if entry in right.unverifiable():  # f cannot resolve it: not "wrong"
                            self.assertNotEqual(wrong.outcome, "verified")
                        else:
                            self.assertEqual(wrong.failures(), [entry], f"\n{wrong}")


class NeverNanTest(unittest.TestCase):
    def test_an_estimate_f_cannot_give_is_0_plus_or_minus_inf(self) -> None:
        f = lambda v: v[0] * v[0] + v[1] * v[1]  # noqa: E731  # inf at 1e300: inf - inf
        for e in (estimate_hessian_with_error(f, [1e300, 1e300])[0][1],
                  estimate_jacobian_with_error(lambda v: [f(v)], [1e300, -1e300])[0][0]):
            self.assertEqual((e.value, e.error), (0.0, math.inf))
            self.assertIn("not finite", e.note)
        check = check_hessian(f, lambda v: [[2.0, 0.0], [0.0, 2.0]], [1e300, 1e300])
        self.assertEqual(check.outcome, "unverifiable")
        self.assertFalse(any(math.isnan(x) for row in check.numeric + check.bounds for x in row))

    def test_gradient_check_verifies_a_component_f_does_not_depend_on(self) -> None:
        from vecgd import check_gradient
        self.assertTrue(check_gradient(lambda v: v[0] ** 2, lambda v: [2 * v[0], 0.0],
                                       [1.0, 2.0]).ok)
        # An analytic value that is not 0: beyond the underflow bound (5e-324 / 2e-20) it
        # fails; within it, it is unverifiable, not verified.
        for wrong, outcome in ((1e-3, "failed"), (1e-300, "failed"), (1e-305, "unverifiable")):
            check = check_gradient(lambda v: v[0] ** 2, lambda v, w=wrong: [2 * v[0], w],
                                   [1.0, 2.0])
            self.assertEqual(check.outcome, outcome)


class DisplayTest(unittest.TestCase):
    def test_table_is_labelled_by_entry_and_repr_is_cut(self) -> None:
        n = 8  # 64 entries
        f = lambda v: [x * x for x in v]  # noqa: E731
        wrong = lambda v: [[2 * v[i] if i == j else (1.0 if (i, j) == (7, 6) else 0.0)  # noqa: E731
                            for j in range(n)] for i in range(n)]
        check = check_jacobian(f, wrong, [1.0 + i for i in range(n)])
        self.assertEqual(check.failures(), [(7, 6)])
        self.assertEqual(len(str(check).splitlines()), 2 + n * n + 1)
        text = repr(check)
        self.assertIn("(7, 6)", text)  # the failing entry, though past the first 40 rows
        self.assertIn("... 23 more rows (str() shows every row)", text)
        page = check._repr_html_()
        self.assertTrue(page.startswith("<div>") and page.endswith("</div>"))
        self.assertIn("<td>(7, 6)</td>", page)
        self.assertIn("<td>FAILED</td>", page)

    def test_title_says_the_outcome(self) -> None:
        check = check_hessian(lambda v: v[0] ** 3, lambda v: [[6 * v[0]]], [2.0])
        self.assertEqual(str(check).splitlines()[0],
                         "check_hessian: ok, 1 of 1 entries verified (rtol 1e-06, atol 0)")


class ErrorTest(unittest.TestCase):
    def test_errors_name_the_function_the_rule_and_the_values(self) -> None:
        one = lambda v: [v[0]]  # noqa: E731
        assert_raises_each(self, [
            ("f(v) not a sequence", lambda: estimate_jacobian(lambda v: 3.0, [1.0]), TypeError,
             "estimate_jacobian: f(v) must be a sequence of numbers (got 3.0 (float))"),
            ("f(v) empty", lambda: estimate_jacobian(lambda v: [], [1.0]), ValueError,
             "estimate_jacobian: f(v) must not be empty"),
            ("f(v) not numbers", lambda: estimate_jacobian(lambda v: ["a"], [1.0]), TypeError,
             "estimate_jacobian: f(v)[0] must be a real number (got 'a' (str))"),
            ("f's length changes",
             lambda: estimate_jacobian(lambda v: [v[0]] * (1 if v[0] == 1.0 else 2), [1.0]),
             ValueError, "estimate_jacobian: f's values at v and near v must have the same "
                         "length (got 1 and 2)"),
            ("jacobian method", lambda: estimate_jacobian_with_error(one, [1.0], method="x"),
             ValueError, "estimate_jacobian_with_error: method must be one of 'forward', "
                         "'central', 'complex', 'richardson' (got 'x')"),
            ("hessian method", lambda: estimate_hessian(lambda v: v[0], [1.0], method="forward"),
             ValueError, "estimate_hessian: method must be one of 'central', 'complex', "
                         "'richardson' (got 'forward')"),
            ("hessian of a vector f", lambda: estimate_hessian(one, [1.0]), TypeError,
             "estimate_hessian: f must return a real number (got [1.0] (list))"),
            ("richardson overflows",
             lambda: estimate_hessian(lambda v: math.exp(v[0]), [650.0], 100.0,
                                      method="richardson"),
             ValueError, "estimate_hessian: method='richardson' got no estimate (f could not "
                         "be probed: OverflowError at step 100)"),
            ("complex refused",
             lambda: estimate_hessian(lambda v: math.exp(v[0]), [1.0], method="complex"),
             NotComplexError, "estimate_hessian: method='complex' needs an f that accepts"),
            ("h zero", lambda: estimate_hessian_with_error(lambda v: v[0], [1.0], 0.0),
             ValueError, "estimate_hessian_with_error: h must not be zero (got 0.0)"),
            ("rows", lambda: check_jacobian(polar, lambda v: [[1.0, 0.0]], [1.0, 2.0]),
             ValueError, "check_jacobian: f(v) and jacobian(v) must have the same length "
                         "(got 2 and 1)"),
            ("row length",
             lambda: check_jacobian(polar, lambda v: [[1.0], [0.0, 1.0]], [1.0, 2.0]),
             ValueError, "check_jacobian: v and jacobian(v)[0] must have the same length "
                         "(got 2 and 1)"),
            ("entry", lambda: check_jacobian(one, lambda v: [["1"]], [1.0]), TypeError,
             "check_jacobian: jacobian(v)[0][0] must be a real number (got '1' (str))"),
            ("hessian(v)", lambda: check_hessian(lambda v: v[0], lambda v: None, [1.0]),
             TypeError, "check_hessian: hessian(v) must be a sequence of rows (got None "
                        "(NoneType))"),
            ("hessian rows", lambda: check_hessian(lambda v: v[0], lambda v: [[0.0]], [1.0, 2.0]),
             ValueError, "check_hessian: v and hessian(v) must have the same length (got 2 "
                         "and 1)"),
            ("empty v", lambda: check_hessian(lambda v: v[0], lambda v: [[0.0]], []),
             ValueError, "check_hessian: v must not be empty"),
            ("check method",
             lambda: check_hessian(lambda v: v[0], lambda v: [[0.0]], [1.0], method="forward"),
             ValueError, "check_hessian: method must be one of 'central', 'complex', "
                         "'richardson' (got 'forward')"),
            ("rtol", lambda: check_jacobian(one, lambda v: [[1.0]], [1.0], rtol=-1), ValueError,
             "check_jacobian: rtol must be non-negative (got -1)"),
            ("not callable", lambda: check_hessian(lambda v: v[0], 3, [1.0]),  # type: ignore
             TypeError, "check_hessian: hessian must be callable (got 3 (int))"),
            ("jacobian of an overflowing f",
             lambda: estimate_jacobian(lambda v: [v[0] * v[0] + v[1] * v[1]], [1e300, -1e300]),
             ValueError, "estimate_jacobian: f's values near v are not finite (it overflows, "
                         "or leaves its domain), so no derivative can be estimated"),
            ("hessian of an overflowing f",
             lambda: estimate_hessian(lambda v: v[0] * v[0] + v[1] * v[1], [1e300, 1e300]),
             ValueError, "estimate_hessian: f's values near v are not finite"),
            ("complex refused in a check",
             lambda: check_hessian(lambda v: math.exp(v[0]), lambda v: [[1.0]], [1.0],
                                   method="complex"),
             NotComplexError, "check_hessian: method='complex' needs an f that accepts"),
        ])


if __name__ == "__main__":
    unittest.main()
