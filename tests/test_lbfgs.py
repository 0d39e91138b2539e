"""Tests for vecgd.LBFGS: PyTorch's L-BFGS, its first iterations by hand, its state and errors.

The first two steps on a one-dimensional quadratic are worked by hand
below (steepest descent with PyTorch's first step ``min(1, 1 / sum|g|) *
lr``, then the secant step that the two-loop recursion gives with one
pair); PyTorch itself is the oracle of scripts/parity_lbfgs.py.
"""

from __future__ import annotations

import json
import math
import unittest
from typing import List, Sequence, Tuple

from tests.support import assert_raises_each, assert_vectors_close, load_script
from vecgd import LBFGS, DivergenceError, Vector


def shifted(v: Sequence[float]) -> Tuple[float, Vector]:
    """(x - 3)^2 and its derivative."""
    return (v[0] - 3) ** 2, [2 * (v[0] - 3)]


# Rosenbrock and its gradient, as the L-BFGS parity script runs it.
rosenbrock = load_script("step_cases").rosenbrock


class Counted:
    def __init__(self, f=rosenbrock) -> None:  # type: ignore[no-untyped-def]
        self.f, self.calls = f, 0

    def __call__(self, v: Sequence[float]) -> Tuple[float, Vector]:
        self.calls += 1
        return self.f(v)  # type: ignore[no-any-return]


class LBFGSTest(unittest.TestCase):
    def test_defaults_are_pytorchs(self) -> None:
        opt = LBFGS()
        self.assertEqual(
            (opt.lr, opt.max_iter, opt.max_eval, opt.tolerance_grad, opt.tolerance_change,
             opt.history_size, opt.line_search_fn),
            (1.0, 20, 25, 1e-7, 1e-9, 100, None))
        self.assertEqual(LBFGS(max_iter=7).max_eval, 8)  # 7 * 5 // 4

    def test_first_two_steps_by_hand(self) -> None:
        opt = LBFGS(max_iter=1)
        # Step 1 at x = 0: g = -6, d = 6, t = min(1, 1/6) * 1 = 1/6, x = 0 + 6/6 = 1;
        # the last iteration of a step evaluates nothing after moving.
        self.assertEqual(opt.step([0.0], shifted), [1.0])
        self.assertEqual((opt.func_evals, opt.n_iter, opt.t), (1, 1, 1 / 6))
        # Step 2 at x = 1: g = -4; y = -4 - (-6) = 2, s = 6 * (1/6) = 1, ys = 2, ro = 1/2,
        # H_diag = 2 / 4; q = 4, al = 1 * 4 / 2 = 2, q = 4 - 2 * 2 = 0, r = 0,
        # be = 0, r = 0 + (2 - 0) * 1 = 2: d = 2, t = lr = 1, x = 3, the minimum.
        self.assertEqual(opt.step([1.0], shifted), [3.0])
        self.assertEqual((opt.old_dirs, opt.old_stps, opt.ro, opt.H_diag),
                         ([[2.0]], [[1.0]], [0.5], 0.5))
        self.assertEqual((opt.func_evals, opt.n_iter, opt.steps), (2, 2, 2))

    def test_a_small_gradient_stops_before_any_iteration(self) -> None:
        opt = LBFGS()
        self.assertEqual(opt.step([3.0], shifted), [3.0])
        self.assertEqual((opt.func_evals, opt.n_iter), (1, 0))

    def test_strong_wolfe_reaches_rosenbrocks_minimum(self) -> None:
        opt, theta = LBFGS(line_search_fn="strong_wolfe"), [-1.2, 1.0]
        for _ in range(5):
            theta = opt.step(theta, rosenbrock)
        # The loss changes by less than tolerance_change (1e-9) there: near enough.
        assert_vectors_close(self, theta, [1.0, 1.0], abs=1e-4)

    def test_one_step_calls_the_function_at_most_max_eval_plus_one_times(self) -> None:
        # PyTorch's search may evaluate max_eval - (calls so far) times after its first
        # trial, so a step can make max_eval + 1 calls; parity_lbfgs.py holds the counts.
        for options in ({}, {"line_search_fn": "strong_wolfe"},
                        {"line_search_fn": "strong_wolfe", "max_iter": 3, "max_eval": 5}):
            opt, f, theta = LBFGS(**options), Counted(), [-1.2, 1.0, -0.5, 0.3]  # type: ignore[arg-type]
            for _ in range(4):
                before = f.calls
                theta = opt.step(theta, f)
                with self.subTest(options=options):
                    self.assertLessEqual(f.calls - before, opt.max_eval + 1)
            self.assertEqual(f.calls, opt.func_evals)

    def test_the_history_keeps_history_size_pairs(self) -> None:
        opt, theta = LBFGS(history_size=2), [-1.2, 1.0, -0.5, 0.3, 1.1]
        theta = opt.step(theta, rosenbrock)
        self.assertEqual(len(opt.old_dirs), 2)
        self.assertEqual(len(opt.ro), 2)

    def test_state_survives_json(self) -> None:
        opt = LBFGS(history_size=3, line_search_fn="strong_wolfe")
        theta = opt.step([-1.2, 1.0], rosenbrock)
        twin = LBFGS()
        twin.load_state_dict(json.loads(json.dumps(opt.state_dict())))
        self.assertEqual(repr(twin), repr(opt))
        self.assertEqual(twin.step(theta, rosenbrock), opt.step(theta, rosenbrock))
        self.assertEqual(twin.state_dict(), opt.state_dict())
        fresh = LBFGS(history_size=3, line_search_fn="strong_wolfe")
        self.assertNotEqual(fresh.step(theta, rosenbrock), opt.step(theta, rosenbrock))

    def test_saved_state_is_a_copy(self) -> None:
        opt = LBFGS()
        opt.step([-1.2, 1.0], rosenbrock)
        saved = opt.state_dict()
        saved["state"]["old_dirs"][0][0] = 99.0
        self.assertNotEqual(opt.old_dirs[0][0], 99.0)

    def test_reset_forgets(self) -> None:
        opt = LBFGS()
        opt.step([-1.2, 1.0], rosenbrock)
        opt.reset()
        self.assertEqual((opt.n_iter, opt.func_evals, opt.old_dirs, opt.size), (0, 0, [], None))
        self.assertEqual(opt.step([0.0], shifted), LBFGS().step([0.0], shifted))

    def test_theta_is_not_mutated(self) -> None:
        theta = [-1.2, 1.0]
        LBFGS().step(theta, rosenbrock)
        self.assertEqual(theta, [-1.2, 1.0])

    def test_a_loss_that_stops_being_finite_is_divergence(self) -> None:
        with self.assertRaises(DivergenceError) as caught:
            LBFGS(lr=1e300).step([1.0], lambda v: (math.exp(min(v[0], 800.0)), [1e300]))
        self.assertTrue(str(caught.exception).startswith("LBFGS:"))

    def test_bad_arguments(self) -> None:
        def stepped() -> LBFGS:
            opt = LBFGS()
            opt.step([0.0], shifted)
            return opt

        assert_raises_each(self, [
            ("lr negative", lambda: LBFGS(lr=-1.0), ValueError, "lr"),
            ("max_iter 0", lambda: LBFGS(max_iter=0), ValueError, "max_iter"),
            ("history 0", lambda: LBFGS(history_size=0), ValueError, "history_size"),
            ("line search", lambda: LBFGS(line_search_fn="armijo"), ValueError,
             "line_search_fn must be one of 'strong_wolfe'"),
            ("theta empty", lambda: LBFGS().step([], shifted), ValueError, "theta"),
            ("theta nan", lambda: LBFGS().step([math.nan], shifted), ValueError, "theta[0]"),
            ("theta longer", lambda: stepped().step([0.0, 1.0], shifted), ValueError,
             "theta must keep the length"),
            ("not callable", lambda: LBFGS().step([0.0], 3), TypeError,  # type: ignore[arg-type]
             "loss_and_gradient must be callable"),
            ("not a pair", lambda: LBFGS().step([0.0], lambda v: 1.0), TypeError,  # type: ignore[arg-type, return-value]
             "must return a pair"),
            ("gradient short", lambda: LBFGS().step([0.0], lambda v: (1.0, [])), ValueError,
             "theta and the gradient must have the same length"),
            ("loss a str", lambda: LBFGS().step([0.0], lambda v: ("1", [1.0])), TypeError,  # type: ignore[arg-type, return-value]
             "the loss must be a real number"),
        ])

    def test_damaged_state_is_refused(self) -> None:
        opt = LBFGS()
        opt.step([-1.2, 1.0], rosenbrock)
        good = opt.state_dict()

        def damaged(**state: object) -> dict:  # type: ignore[type-arg]
            return {**good, "state": {**good["state"], **state}}

        ragged: List[List[float]] = [[1.0]] + good["state"]["old_dirs"][1:]
        assert_raises_each(self, [
            ("ragged history", lambda: LBFGS().load_state_dict(damaged(old_dirs=ragged)),
             ValueError, "old_dirs[0] must be as long as theta"),
            ("ro too short", lambda: LBFGS().load_state_dict(damaged(ro=[])), ValueError,
             "as many pairs"),
            ("history not a list", lambda: LBFGS().load_state_dict(damaged(old_stps="ab")),
             TypeError, "old_stps must be a list of vectors"),
            ("d nan", lambda: LBFGS().load_state_dict(damaged(d=[math.nan, 1.0])), ValueError,
             "d[0]"),
            ("t a str", lambda: LBFGS().load_state_dict(damaged(t="1")), TypeError, "t must"),
            ("iterated without a direction",
             lambda: LBFGS().load_state_dict(damaged(d=[], prev_flat_grad=[])), ValueError,
             "d and prev_flat_grad must all be set"),
            ("n_iter negative", lambda: LBFGS().load_state_dict({**good, "n_iter": -1}),
             ValueError, "n_iter"),
            ("other class", lambda: LBFGS().load_state_dict({**good, "optimizer": "SGD"}),
             ValueError, "must come from LBFGS.state_dict()"),
        ])
        before = repr(opt), opt.state_dict()
        with self.assertRaises(ValueError):
            opt.load_state_dict(damaged(ro=[]))
        self.assertEqual((repr(opt), opt.state_dict()), before)


if __name__ == "__main__":
    unittest.main()
