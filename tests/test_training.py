"""Tests for vecgd.training: fit, minimize, lr_range_test, DivergenceError."""

from __future__ import annotations

import math
import unittest
from typing import Any, List, Sequence

import vecgd.training
from tests.support import assert_close, assert_vectors_close
from vecgd import (
    SGD,
    Adam,
    Linear,
    Proportional,
    Vector,
    fit,
    lr_range_test,
    minimize,
    sum_of_squares,
)


def divergence() -> type:
    """Return DivergenceError as the module has it now.

    tests/test_architecture.py reloads every module, which makes a new class;
    fit raises the module's current one, so look it up at run time.
    """
    error: type = vecgd.training.DivergenceError
    return error


class SquaringSGD:
    """An SGD that squares the gradient with **, as a custom optimizer may: ** can overflow."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        return [t - self.lr * g * (g**2) ** 0 for t, g in zip(theta, gradient)]

    def reset(self) -> None:
        pass

    def state_dict(self) -> dict[str, Any]:
        return {"lr": self.lr}

    def load_state_dict(self, state: Any) -> None:
        self.lr = state["lr"]


class CountingLinear(Linear):
    """Linear that counts gradient calls, to show that bad input is refused before any work."""

    calls = 0

    def gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        CountingLinear.calls += 1
        return super().gradient(theta, x, y)


class HalvingSchedule:
    """A schedule that halves the lr and records the losses it is given."""

    def __init__(self, optimizer: Any) -> None:
        self.optimizer = optimizer
        self.losses: List[float | None] = []

    def step(self, loss: float | None = None) -> float:
        self.losses.append(loss)
        self.optimizer.lr /= 2
        return float(self.optimizer.lr)


class FitTest(unittest.TestCase):
    def test_lecture_prediction_digit_for_digit(self) -> None:
        # Seed 001 prints `predict (after training) 4 hours 7.999998894782476`; the update
        # arithmetic is the lecture's own, so the float is the same bit for bit.
        xs, ys = [1, 2, 3], [2, 4, 6]
        result = fit(Proportional(), xs, ys, [1.0], SGD(0.01), epochs=50, batch_size=1)
        self.assertEqual(4 * result.theta[0], 7.999998894782476)

    def test_one_full_batch_epoch_by_hand(self) -> None:
        # errors at [0, 0]: -1, -3; mean gradient [2*(-3)/2, 2*(-4)/2] = [-3, -4].
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], SGD(0.125), epochs=1)
        self.assertEqual(result.theta, [0.375, 0.5])
        # errors at the end: -0.5, -2.125; loss (0.25 + 4.515625) / 2; gradient [-2.125, -2.625].
        record = result.history[0]
        self.assertEqual((record.epoch, record.loss, record.lr), (0, 2.3828125, 0.125))
        assert_close(self, record.gradient_norm, math.hypot(2.125, 2.625), rel=1e-15)
        self.assertEqual((result.loss, result.epochs, result.stop_reason), (2.3828125, 1, "epochs"))

    def test_per_sample_steps_in_order(self) -> None:
        # w = 1: x=1 -> grad -2, w = 1.5; x=2 -> grad 2*2*(3-4) = -4, w = 2.5.
        xs, ys = [1.0, 2.0], [2.0, 4.0]
        result = fit(Proportional(), xs, ys, [1.0], SGD(0.25), epochs=1, batch_size=1)
        self.assertEqual(result.theta, [2.5])

    def test_clip_norm_scales_the_gradient(self) -> None:
        # gradient [-3, -4], length 5, scaled to length 1 (PyTorch: times 1 / (5 + 1e-6)).
        xs, ys = [0.0, 1.0], [1.0, 3.0]
        result = fit(Linear(), xs, ys, [0.0, 0.0], SGD(0.1), epochs=1, clip_norm=1.0)
        assert_vectors_close(self, result.theta, [0.06, 0.08], rel=1e-6)

    def test_zero_epochs_returns_theta_and_its_loss(self) -> None:
        theta = [1.0, 1.0]
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], theta, SGD(0.1), epochs=0)
        self.assertEqual((result.theta, result.loss, result.history), ([1.0, 1.0], 0.5, []))
        self.assertIsNot(result.theta, theta)

    def test_callback_sees_each_epoch_and_can_stop(self) -> None:
        seen: List[tuple[int, Vector, float]] = []

        def callback(epoch: int, theta: Vector, loss: float) -> None:
            seen.append((epoch, theta, loss))
            if epoch == 2:
                raise StopIteration

        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], SGD(0.1), epochs=10,
                     callback=callback)
        self.assertEqual([s[0] for s in seen], [0, 1, 2])
        self.assertEqual((result.epochs, result.stop_reason), (3, "callback"))
        self.assertEqual(seen[-1][1], result.theta)
        self.assertEqual([s[2] for s in seen], result.losses)

    def test_tolerance_stops_when_the_loss_stops_improving(self) -> None:
        xs = [0.0, 1.0, 2.0, 3.0]
        ys = [1.0, 2.0, 2.0, 4.0]  # noisy: the least loss is not 0
        result = fit(Linear(), xs, ys, [0.0, 0.0], SGD(0.1), epochs=10_000, tolerance=1e-9,
                     patience=3)
        self.assertEqual(result.stop_reason, "tolerance")
        self.assertLess(result.epochs, 10_000)
        losses = result.losses
        for i in range(len(losses) - 3, len(losses)):  # none of the last 3 improved by 1e-9
            self.assertGreater(losses[i], min(losses[:i]) - 1e-9)
        self.assertLessEqual(losses[-4], min(losses[:-4]) - 1e-9)  # the one before did

    def test_schedule_steps_once_per_epoch_with_the_loss(self) -> None:
        optimizer = SGD(0.1)
        schedule = HalvingSchedule(optimizer)
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], optimizer, epochs=3,
                     schedule=schedule)
        self.assertEqual(schedule.losses, result.losses)
        self.assertEqual([r.lr for r in result.history], [0.1, 0.05, 0.025])

    def test_same_seed_same_bits(self) -> None:
        xs = [i / 7 for i in range(20)]
        ys = [3 * x + 1 + (-1) ** i * 0.1 for i, x in enumerate(xs)]
        for batch_size in (1, 3):
            runs = [fit(Linear(), xs, ys, [0.0, 0.0], Adam(0.05), epochs=20,
                        batch_size=batch_size, shuffle=True, seed=11) for _ in range(2)]
            other = fit(Linear(), xs, ys, [0.0, 0.0], Adam(0.05), epochs=20,
                        batch_size=batch_size, shuffle=True, seed=12)
            with self.subTest(batch_size=batch_size):
                self.assertEqual(runs[0].theta, runs[1].theta)
                self.assertEqual(runs[0].losses, runs[1].losses)
                self.assertNotEqual(runs[0].theta, other.theta)

    def test_bad_input_is_refused_before_any_work(self) -> None:
        nan, inf = float("nan"), float("inf")
        good = ([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0], [0.0, 0.0])
        cases = [
            ("lengths", ([0.0, 1.0], [1.0], [0.0, 0.0]), {}, ValueError,
             "fit: xs and ys must have the same length (got 2 and 1)"),
            ("empty", ([], [], [0.0, 0.0]), {}, ValueError, "fit: needs at least one sample"),
            ("nan x", ([0.0, 1.0, 2.0, nan], good[1], good[2]), {}, ValueError,
             "fit: xs[3] must be finite (got nan)"),
            ("inf y", (good[0], [1.0, inf, 3.0, 4.0], good[2]), {}, ValueError,
             "fit: ys[1] must be finite (got inf)"),
            ("text x", ([0.0, "1", 2.0, 3.0], good[1], good[2]), {}, TypeError,
             "fit: xs[1] must be a real number"),
            ("theta length", (good[0], good[1], [0.0, 0.0, 0.0]), {}, ValueError,
             "Linear: theta must have 2 values [slope, intercept] (got 3)"),
            ("theta nan", (good[0], good[1], [nan, 0.0]), {}, ValueError,
             "fit: theta[0] must be finite (got nan)"),
            ("negative epochs", good, {"epochs": -1}, ValueError,
             "fit: epochs must be at least 0 (got -1)"),
            ("float epochs", good, {"epochs": 2.0}, TypeError, "fit: epochs must be an integer"),
            ("zero batch", good, {"batch_size": 0}, ValueError,
             "fit: batch_size must be at least 1 (got 0)"),
            ("float batch", good, {"batch_size": 1.5}, TypeError,
             "fit: batch_size must be an integer"),
            ("patience", good, {"patience": 0}, ValueError, "fit: patience must be at least 1"),
            ("callback", good, {"callback": 3}, TypeError, "fit: callback must be callable"),
        ]
        for name, (xs, ys, theta), options, error, message in cases:
            CountingLinear.calls = 0
            optimizer = SGD(0.1)
            keywords: dict[str, Any] = {"epochs": 2, **options}
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    fit(CountingLinear(), xs, ys, theta, optimizer, **keywords)
                self.assertTrue(str(caught.exception).startswith(message), caught.exception)
                self.assertEqual(CountingLinear.calls, 0)
                self.assertEqual(optimizer.lr, 0.1)


class DivergenceTest(unittest.TestCase):
    def test_divergence_names_epoch_and_lr_and_keeps_a_finite_theta(self) -> None:
        xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
        for batch_size in (None, 1, 2):
            with self.subTest(batch_size=batch_size):
                with self.assertRaises(divergence()) as caught:
                    fit(Proportional(), xs, ys, [1.0], SGD(10.0), epochs=1000,
                        batch_size=batch_size)
                error = caught.exception
                self.assertEqual(error.lr, 10.0)
                self.assertTrue(all(math.isfinite(t) for t in error.theta))
                self.assertIn(f"epoch {error.epoch} with lr=10.0", str(error))
                self.assertIn("smaller learning rate", str(error))
                self.assertIsInstance(error, ArithmeticError)

    def test_overflow_error_never_escapes(self) -> None:
        # Adam's square of 1e200 is inf (it squares with *); SquaringSGD's 1e200**2 raises.
        xs, ys = [1e100, 2e100], [1.0, 2.0]
        for name, optimizer in [("Adam", Adam(1.0)), ("squaring", SquaringSGD(1.0))]:
            for batch_size in (None, 1):
                with self.subTest(name, batch_size=batch_size):
                    with self.assertRaises(divergence()) as caught:
                        fit(Proportional(), xs, ys, [1e100], optimizer, epochs=5,
                            batch_size=batch_size)
                    self.assertTrue(all(math.isfinite(t) for t in caught.exception.theta))

    def test_overflowing_loss_at_the_start_is_divergence(self) -> None:
        with self.assertRaises(divergence()) as caught:
            fit(Linear(), [1e300, -1e300], [0.0, 0.0], [1e10, 0.0], SGD(0.1), epochs=1)
        self.assertEqual(caught.exception.theta, [1e10, 0.0])


class MinimizeTest(unittest.TestCase):
    def test_sum_of_squares_halves_each_step(self) -> None:
        result = minimize(sum_of_squares, [4.0, -2.0], SGD(0.25), steps=3,
                          gradient=lambda v: [2 * v_i for v_i in v])
        self.assertEqual(result.x, [0.5, -0.25])
        self.assertEqual(result.history, [5.0, 1.25, 0.3125])
        self.assertEqual((result.fun, result.nit, result.nfev, result.success),
                         (0.3125, 3, 4, True))

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

    def test_divergence_and_bad_input(self) -> None:
        with self.assertRaises(divergence()) as caught:
            minimize(lambda v: v[0] ** 4, [10.0], SGD(1.0), steps=50,
                     gradient=lambda v: [4 * v[0] ** 3])
        self.assertTrue(math.isfinite(caught.exception.theta[0]))
        self.assertIn("step", str(caught.exception))
        cases = [
            ("f", (3, [1.0]), {"steps": 1}, TypeError),
            ("empty v", (sum_of_squares, []), {"steps": 1}, ValueError),
            ("nan v", (sum_of_squares, [float("nan")]), {"steps": 1}, ValueError),
            ("steps", (sum_of_squares, [1.0]), {"steps": -1}, ValueError),
            ("tolerance", (sum_of_squares, [1.0]), {"steps": 1, "tolerance": -1.0}, ValueError),
        ]
        for name, args, keywords, error in cases:
            with self.subTest(name), self.assertRaises(error):
                minimize(args[0], args[1], SGD(0.1), **keywords)


class LRRangeTest(unittest.TestCase):
    XS = [i / 10 for i in range(10)]
    YS = [2 * x + 1 for x in XS]

    def test_geometric_lrs_and_an_early_stop_when_the_loss_explodes(self) -> None:
        result = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), start_lr=1e-4,
                               end_lr=100.0, steps=61, batch_size=None)
        self.assertLess(len(result.lrs), 61)  # lr = 100 diverges long before the end
        assert_vectors_close(self, result.lrs[:3], [1e-4, 10**-3.9, 10**-3.8], rel=1e-12)
        self.assertGreater(result.losses[-1], 4 * min(result.losses))
        self.assertIn(result.suggested_lr, result.lrs)
        self.assertTrue(0.01 < result.suggested_lr < 2.0)

    def test_leaves_optimizer_and_theta_alone_and_is_deterministic(self) -> None:
        optimizer = Adam(0.01)
        theta = [0.5, 0.5]
        optimizer.step(theta, [1.0, -1.0])
        before = optimizer.state_dict()
        runs = [lr_range_test(Linear(), self.XS, self.YS, theta, optimizer, steps=50,
                              shuffle=True, seed=3) for _ in range(2)]
        self.assertEqual(optimizer.state_dict(), before)
        self.assertEqual(theta, [0.5, 0.5])
        self.assertEqual(runs[0], runs[1])

    def test_lrs_a_few_ulps_apart_give_a_suggestion_not_zero_division(self) -> None:
        end_lr = math.nextafter(1.0, 2.0)
        result = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), start_lr=1.0,
                               end_lr=end_lr, steps=5, batch_size=None)
        self.assertTrue(set(result.lrs) <= {1.0, end_lr}, result.lrs)
        self.assertIn(result.suggested_lr, result.lrs)

    def test_bad_arguments(self) -> None:
        cases = [
            ("order", {"start_lr": 1.0, "end_lr": 0.1}, ValueError),
            ("steps", {"steps": 2}, ValueError),
            ("smoothing", {"smoothing": 1.0}, ValueError),
            ("batch", {"batch_size": 0}, ValueError),
        ]
        for name, keywords, error in cases:
            with self.subTest(name), self.assertRaises(error):
                lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), **keywords)


if __name__ == "__main__":
    unittest.main()
