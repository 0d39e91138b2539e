"""Tests for vecgd.gradcheck: right gradients pass at every scale, a 1e-4 error is caught."""

from __future__ import annotations

import math
import random
import unittest
from typing import Any, Callable, List

from tests.support import assert_close
from tests.test_gradients import counting
from vecgd.gradcheck import GradientCheck, assert_gradient_ok, check_gradient


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
                ("math", f, gradient, "real"),
            ]:
                for directions in (None, 3):
                    with self.subTest(f=name, scale=scale, directions=directions):
                        check = check_gradient(ff, gg, v, directions=directions)
                        self.assertTrue(check.ok, f"\n{check}")
                        if method == "complex":
                            self.assertEqual(check.method, "complex")
                        else:  # central differences, Ridders where they cannot resolve rtol
                            self.assertNotIn("complex", check.method)

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
                    assert_close(self, check.max_rel_error, 1e-4, rel=1e-2)

    def test_pytorch_gradcheck_tolerances_would_miss_it(self) -> None:
        # gradcheck's defaults, rtol 1e-3 and atol 1e-5: a 1e-4 relative error passes.
        wrong = off_by(smooth_with_operators_gradient, 1, 1e-4)
        self.assertTrue(check_gradient(smooth_with_operators, wrong, [1.0, 2.0, 3.0],
                                       rtol=1e-3, atol=1e-5).ok)

    def test_table_text(self) -> None:
        f = lambda v: v[0] * v[1] + v[2] ** 2  # noqa: E731
        check = check_gradient(f, lambda v: [3.0, 2.5, 1.0], [2.0, 3.0, 0.5])
        self.assertEqual(check.numeric, [3.0, 2.0, 1.0])
        # The complex step's bound: 4 ulps of the value, plus twice its change when v moves
        # by 32 ulps (f'' * 32 eps |x|): for v[2]**2 at 0.5, 4 eps + 2 * 2 * 32 eps / 2 = 1.5e-14.
        self.assertEqual(
            str(check),
            "check_gradient: FAILED, 1 of 3 components wrong (rtol 1e-06, atol 0)\n"
            "index            analytic             numeric    bound  rel error  method      "
            "outcome\n"
            "    0                   3                   3  2.7e-15   0.00e+00  complex     "
            "verified\n"
            "    1                 2.5                   2  1.8e-15   2.00e-01  complex     "
            "FAILED\n"
            "    2                   1                   1  1.5e-14   0.00e+00  complex     "
            "verified\n"
            "index 1: off by 0.5, more than the 2e-06 allowed",
        )
        self.assertEqual(repr(check), str(check))

    def test_fields(self) -> None:
        check = check_gradient(lambda v: v[0] * v[1], lambda v: [3.0, 2.5], [2.0, 3.0], rtol=0.1)
        self.assertEqual((check.ok, check.worst_index, check.analytic, check.numeric),
                         (False, 1, [3.0, 2.5], [3.0, 2.0]))
        self.assertEqual((check.max_abs_error, check.max_rel_error), (0.5, 0.2))
        self.assertEqual((check.rtol, check.atol, check.mode), (0.1, 0.0, "components"))
        self.assertEqual((check.outcome, check.failures(), check.verified()), ("failed", [1], [0]))
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

    def test_forward_method_is_the_books_forward_difference(self) -> None:
        # f = v0^2 v1 at [1.5, 2], h = 0.125: the book's quotients are exactly
        # (2 v0 + h) v1 = 6.25 and v0^2 = 2.25 (v1 enters linearly).
        f = lambda v: v[0] ** 2 * v[1]  # noqa: E731
        check = check_gradient(f, lambda v: [6.0, 2.25], [1.5, 2.0], method="forward", h=0.125,
                               rtol=0.1)
        self.assertIsInstance(check, GradientCheck)
        self.assertEqual((check.method, check.numeric, check.ok), ("forward", [6.25, 2.25], True))
        # Its bound, twice (F(2h) - F(h)) = 2 * 0.25 (plus rounding), is more than rtol 0.05 allows.
        check = check_gradient(f, lambda v: [6.0, 2.25], [1.5, 2.0], method="forward", h=0.125,
                               rtol=0.05)
        self.assertEqual((check.outcome, check.unverifiable()), ("unverifiable", [0]))

    def test_directions_cost_five_or_four_evaluations_each(self) -> None:
        # The complex step (2: the second probe, v moved by 32 ulps, bounds its rounding)
        # and central differences at h and 2h to cross-check it (4); central alone: 4.
        v = [0.5 * i - 3 for i in range(40)]
        for method, per_direction in [("complex", 6), ("central", 4)]:
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
        self.assertTrue(assert_gradient_ok(f, lambda v: [v[1], v[0]], [2.0, 3.0], rtol=1e-12).ok)


class CheckErrorTest(unittest.TestCase):
    def test_gradient_not_callable(self) -> None:
        with self.assertRaises(TypeError) as caught:
            check_gradient(sum, [1.0], [1.0])  # type: ignore[arg-type]
        self.assertEqual(str(caught.exception),
                         "check_gradient: gradient must be callable (got [1.0] (list))")

    def test_value_errors(self) -> None:
        f = lambda v: v[0] * v[1]  # noqa: E731
        g = lambda v: [v[1], v[0]]  # noqa: E731
        cases: list[tuple[str, Callable[[], object], str]] = [
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


if __name__ == "__main__":
    unittest.main()
