"""Tests for vecgd.training: fit, its records and its divergence."""

from __future__ import annotations

import math
import unittest
from typing import Any, List, Sequence

from tests.support import assert_close, assert_vectors_close
from vecgd import (
    SGD,
    Adam,
    CosineAnnealingLR,
    DivergenceError,
    Linear,
    Momentum,
    Optimizer,
    Proportional,
    StepLR,
    Vector,
    fit,
)


class SquaringSGD:
    """An SGD that is not an Optimizer and squares the gradient with **, which can overflow."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        return [t - self.lr * g * (g**2) ** 0 for t, g in zip(theta, gradient)]


class DuckSGD:
    """Not an Optimizer: lr and step (the checked one), as a user's wrapper may be."""

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self.steps = 0

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        self.steps += 1
        return SGD(self.lr).step(theta, gradient)


class MyLinear(Linear):
    pass


class MySGD(SGD):
    pass


class MyAdam(Adam):
    pass


class LoggedSGD(SGD):
    """Overrides step, which fit does not call: fit calls update for every Optimizer."""

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        raise AssertionError("fit calls update, not step")


class CountingSGD(SGD):
    """Counts the updates fit makes."""

    updates = 0

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        CountingSGD.updates += 1
        return super().update(theta, gradient)


class CountingLinear(Linear):
    """Linear that counts gradient calls, to show that bad input is refused before any work."""

    calls = 0

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        CountingLinear.calls += 1
        return super().sample_gradient(theta, x, y)


class Ridge(Linear):
    """Linear with a ridge term on the slope: a sample gradient the parent's mean_gradient lacks."""

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        slope, intercept = theta
        error = (slope * x + intercept) - y
        return [2 * error * x + 2 * 0.5 * slope, 2 * error]


class Halved(Linear):
    """Linear whose prediction is halved: the loss in the history must be this model's."""

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        predicted: float = (theta[0] * x + theta[1]) / 2
        return predicted

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        error = (theta[0] * x + theta[1]) / 2 - y
        return [error * x, error]  # d/dtheta of (p/2 - y)**2


class HalvingSchedule:
    """A schedule that halves the lr and records the losses it is given."""

    def __init__(self, optimizer: Any) -> None:
        self.optimizer = optimizer
        self.losses: List[float | None] = []

    def step(self, loss: float | None = None) -> float:
        self.losses.append(loss)
        self.optimizer.lr /= 2
        return float(self.optimizer.lr)


XS = [i / 7 for i in range(20)]
YS = [3 * x + 1 + (-1) ** i * 0.1 for i, x in enumerate(XS)]
MODES = (None, 1, 3)


class FitTest(unittest.TestCase):
    def test_lecture_prediction_digit_for_digit(self) -> None:
        # The lecture prints `predict (after training) 4 hours 7.999998894782476`; the
        # update arithmetic is the lecture's own, so the float is the same bit for bit.
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

    def test_minibatch_steps_on_each_batch_mean(self) -> None:
        # Batches [1, 2] and [3]: w = 1 -> mean gradient (-2 - 8) / 2 = -5, w = 1.625;
        # then 2 * 3 * (4.875 - 6) = -6.75, w = 1.625 + 0.84375 (lr 1/8: exact in binary).
        xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
        result = fit(Proportional(), xs, ys, [1.0], SGD(0.125), epochs=1, batch_size=2)
        self.assertEqual(result.theta, [2.46875])

    def test_clip_norm_scales_the_gradient(self) -> None:
        # gradient [-3, -4], length 5, scaled to length 1 (PyTorch: times 1 / (5 + 1e-6)).
        xs, ys = [0.0, 1.0], [1.0, 3.0]
        for optimizer in (SGD(0.1), DuckSGD(0.1)):
            with self.subTest(optimizer=type(optimizer).__name__):
                result = fit(Linear(), xs, ys, [0.0, 0.0], optimizer, epochs=1, clip_norm=1.0)
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

    def test_a_bad_lr_set_between_epochs_is_refused_by_the_optimizers_check(self) -> None:
        optimizer = SGD(0.1)

        def sabotage(epoch: int, theta: Vector, loss: float) -> None:
            optimizer.lr = -1.0

        with self.assertRaisesRegex(ValueError, r"SGD: lr must be non-negative \(got -1.0\)"):
            fit(Linear(), XS, YS, [0.0, 0.0], optimizer, epochs=3, callback=sabotage)

    def test_a_schedule_may_take_lr_to_zero_and_fit_goes_on(self) -> None:
        # CosineAnnealingLR with eta_min 0 reaches lr 0 at T_max = 2 and, in
        # PyTorch's recursive form, rises again after: epoch 2 steps with lr 0.
        optimizer = Adam(0.1)
        result = fit(Linear(), XS, YS, [0.0, 0.0], optimizer, epochs=4,
                     schedule=CosineAnnealingLR(optimizer, T_max=2))
        lrs = [record.lr for record in result.history]
        self.assertEqual(lrs[2], 0.0)
        self.assertEqual(result.epochs, 4)
        self.assertGreater(lrs[3], 0.0)

    def test_a_schedule_of_another_optimizer_is_refused(self) -> None:
        with self.assertRaises(ValueError) as caught:
            fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.1), epochs=1,
                schedule=StepLR(SGD(1.0), 1))
        self.assertEqual(
            str(caught.exception),
            "fit: schedule must set the lr of the optimizer fit steps with "
            "(got a schedule of SGD(lr=1.0, weight_decay=0.0, maximize=False) "
            "for SGD(lr=0.1, weight_decay=0.0, maximize=False))",
        )

    def test_same_seed_same_bits(self) -> None:
        for batch_size in (1, 3):
            runs = [fit(Linear(), XS, YS, [0.0, 0.0], Adam(0.05), epochs=20,
                        batch_size=batch_size, shuffle=True, seed=11) for _ in range(2)]
            other = fit(Linear(), XS, YS, [0.0, 0.0], Adam(0.05), epochs=20,
                        batch_size=batch_size, shuffle=True, seed=12)
            with self.subTest(batch_size=batch_size):
                self.assertEqual(runs[0].theta, runs[1].theta)
                self.assertEqual(runs[0].losses, runs[1].losses)
                self.assertNotEqual(runs[0].theta, other.theta)

    def test_shuffled_orders_are_the_books_minibatches(self) -> None:
        # Per sample: each epoch's order is minibatches(samples, 1, rng=rng)'s; minibatches
        # of k: the batches of minibatches(samples, k, rng=rng), in its order.
        import random

        from vecgd import minibatches

        for batch_size in (1, 3):
            rng = random.Random(5)
            theta, optimizer = [0.0, 0.0], SGD(0.05)
            for _ in range(4):
                for batch in minibatches(list(zip(XS, YS)), batch_size, rng=rng):
                    xs, ys = [x for x, _ in batch], [y for _, y in batch]
                    theta = optimizer.update(theta, Linear().mean_gradient(theta, xs, ys)[0])
            result = fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.05), epochs=4,
                         batch_size=batch_size, shuffle=True, seed=5)
            with self.subTest(batch_size=batch_size):
                assert_vectors_close(self, result.theta, theta, rel=1e-15)

    def test_bad_input_is_refused_before_any_work(self) -> None:
        nan, inf = float("nan"), float("inf")
        good: tuple[Any, Any, Any] = ([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0], [0.0, 0.0])
        cases: list[tuple[str, tuple[Any, Any, Any], dict[str, Any], type[Exception], str]] = [
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
             "CountingLinear: theta must have 2 values [slope, intercept] (got 3)"),
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
            ("clip_norm", good, {"clip_norm": 0.0}, ValueError,
             "fit: clip_norm must be positive (got 0.0)"),
            ("schedule", good, {"schedule": 3}, TypeError,
             "fit: schedule must have step(), like StepLR(optimizer, 10) (got 3 (int)"),
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
                self.assertEqual((optimizer.lr, optimizer.steps), (0.1, 0))

    def test_a_model_must_be_a_model_and_an_optimizer_have_lr_and_step(self) -> None:
        class Duck:  # v1's duck-typed model: everything fit once called, but not a Model
            def predict(self, theta: Any, x: Any) -> float:
                return 0.0

            def gradient(self, theta: Any, x: Any, y: Any) -> Vector:
                return [0.0]

            def check_theta(self, theta: Any, x: Any = None) -> None:
                pass

            def check_inputs(self, where: str, xs: Any) -> None:
                pass

        with self.assertRaisesRegex(TypeError, r"^fit: model must be a Model \(subclass "
                                               r"vecgd\.Model.*\(got .*Duck"):
            fit(Duck(), [1.0], [1.0], [0.0], SGD(0.1), epochs=1)  # type: ignore[arg-type]
        with self.assertRaisesRegex(TypeError, r"^fit: optimizer must have lr, step\(\), "
                                               r"like SGD\(0\.1\) \(got 0\.1 \(float\), "
                                               r"without lr, step\(\)\)"):
            fit(Linear(), [1.0], [1.0], [0.0, 0.0], 0.1, epochs=1)


class OneWayToStepTest(unittest.TestCase):
    """fit calls model.sample_gradient/mean_gradient and optimizer.update for every subclass."""

    def test_a_trivial_subclass_fits_as_its_parent_to_the_bit(self) -> None:
        for batch_size in MODES:
            for parent, child in ((SGD(0.05), MySGD(0.05)), (Adam(0.05), MyAdam(0.05))):
                with self.subTest(batch_size=batch_size, optimizer=type(parent).__name__):
                    ours = fit(Linear(), XS, YS, [0.0, 0.0], parent, epochs=15,
                               batch_size=batch_size, shuffle=True, seed=3)
                    theirs = fit(MyLinear(), XS, YS, [0.0, 0.0], child, epochs=15,
                                 batch_size=batch_size, shuffle=True, seed=3)
                    self.assertEqual(theirs.theta, ours.theta)
                    self.assertEqual(theirs.history, ours.history)
                    self.assertEqual(child.state_dict()["state"], parent.state_dict()["state"])

    def test_a_trivial_subclass_takes_the_same_calls(self) -> None:
        # The speed path is the design, open to subclasses: the same bound maths.
        self.assertIs(MyLinear.mean_gradient, Linear.mean_gradient)
        self.assertIs(MyLinear.sample_gradient, Linear.sample_gradient)
        self.assertIs(MySGD.update, SGD.update)

    def test_fit_calls_update_once_per_step_and_never_step(self) -> None:
        for batch_size, steps_per_epoch in ((None, 1), (1, 20), (3, 7)):
            with self.subTest(batch_size=batch_size):
                CountingSGD.updates = 0
                fit(Linear(), XS, YS, [0.0, 0.0], CountingSGD(0.05), epochs=3,
                    batch_size=batch_size)
                self.assertEqual(CountingSGD.updates, 3 * steps_per_epoch)
                fit(Linear(), XS, YS, [0.0, 0.0], LoggedSGD(0.05), epochs=3,
                    batch_size=batch_size)

    def test_a_duck_typed_optimizer_steps_like_sgd(self) -> None:
        for batch_size in MODES:
            duck = DuckSGD(0.05)
            with self.subTest(batch_size=batch_size):
                theirs = fit(Linear(), XS, YS, [0.0, 0.0], duck, epochs=5, batch_size=batch_size)
                ours = fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.05), epochs=5,
                           batch_size=batch_size)
                self.assertEqual(theirs.theta, ours.theta)
                self.assertEqual(theirs.history, ours.history)
                self.assertEqual(duck.steps, 5 * {None: 1, 1: 20, 3: 7}[batch_size])

    def test_an_overridden_sample_gradient_is_honoured_in_every_batch_mode(self) -> None:
        # Ridge's gradient, written out: the same steps whatever batch_size asks for.
        def ridge(theta: Vector, x: float, y: float) -> Vector:
            error = (theta[0] * x + theta[1]) - y
            return [2 * error * x + theta[0], 2 * error]

        def mean(theta: Vector, xs: List[float], ys: List[float]) -> Vector:
            gradients = [ridge(theta, x, y) for x, y in zip(xs, ys)]
            return [math.fsum(column) / len(xs) for column in zip(*gradients)]

        lr = 0.05
        for batch_size in MODES:
            theta = [0.0, 0.0]
            for _ in range(4):
                if batch_size == 1:
                    for x, y in zip(XS, YS):
                        theta = [t - lr * g for t, g in zip(theta, ridge(theta, x, y))]
                else:
                    k = batch_size or len(XS)
                    for first in range(0, len(XS), k):
                        g = mean(theta, XS[first:first + k], YS[first:first + k])
                        theta = [t - lr * g_i for t, g_i in zip(theta, g)]
            with self.subTest(batch_size=batch_size):
                result = fit(Ridge(), XS, YS, [0.0, 0.0], SGD(lr), epochs=4,
                             batch_size=batch_size)
                assert_vectors_close(self, result.theta, theta, rel=1e-14)
                assert_close(self, result.history[-1].gradient_norm,
                             math.hypot(*mean(result.theta, XS, YS)), rel=1e-14)

    def test_an_overridden_prediction_gives_the_loss_in_the_history(self) -> None:
        result = fit(Halved(), [0.0, 2.0], [1.0, 1.0], [2.0, 2.0], SGD(0.1), epochs=0)
        # predictions (0 + 2) / 2 = 1 and (4 + 2) / 2 = 3: errors 0 and 2, loss 2.
        self.assertEqual(result.loss, 2.0)
        for batch_size in MODES:
            with self.subTest(batch_size=batch_size):
                result = fit(Halved(), XS, YS, [0.0, 0.0], SGD(0.1), epochs=3,
                             batch_size=batch_size)
                errors = [(result.theta[0] * x + result.theta[1]) / 2 - y for x, y in zip(XS, YS)]
                assert_close(self, result.loss, math.fsum(e * e for e in errors) / len(XS),
                             rel=1e-14)


class DivergenceTest(unittest.TestCase):
    def test_divergence_names_epoch_and_lr_and_keeps_a_finite_theta(self) -> None:
        xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
        for batch_size in MODES:
            with self.subTest(batch_size=batch_size):
                with self.assertRaises(DivergenceError) as caught:
                    fit(Proportional(), xs, ys, [1.0], SGD(10.0), epochs=1000,
                        batch_size=batch_size)
                error = caught.exception
                self.assertEqual(error.lr, 10.0)
                self.assertTrue(all(math.isfinite(t) for t in error.theta))
                self.assertIn(f"epoch {error.epoch} with lr=10.0", str(error))
                self.assertIn("smaller learning rate", str(error))
                self.assertIsInstance(error, ArithmeticError)

    def test_divergence_carries_the_epochs_start_for_every_optimizer(self) -> None:
        # Each sample multiplies w by 1 - 2 * lr * x**2 = 1 - 2e50, while the loss
        # (1e-100 * w)**2 stays finite after epoch 0 (w = 1.6e201).  Epoch 1 overflows w
        # on its third sample; every optimizer's error carries epoch 1's start.
        xs, ys = [1e-100] * 4, [0.0] * 4
        w = 1.0
        for _ in range(4):
            w -= 1e250 * (2 * 1e-100 * (1e-100 * w))  # Proportional's gradient, 4 steps
        makers = (SGD, MySGD, LoggedSGD, DuckSGD, SquaringSGD)
        for make in makers:
            with self.subTest(optimizer=make.__name__):
                with self.assertRaises(DivergenceError) as caught:
                    fit(Proportional(), xs, ys, [1.0], make(1e250), epochs=5, batch_size=1)
                self.assertEqual((caught.exception.epoch, caught.exception.theta), (1, [w]))

    def test_only_the_loss_overflowing_carries_the_end_theta(self) -> None:
        # w = 1e-150: error about 1, gradient about 2e150, w about -2e150, finite; its
        # loss (1e150 * w)**2, about 4e600, is not.
        error = 1e150 * 1e-150 - 0.0  # Proportional's arithmetic, one full-batch step
        end = 1e-150 - 1.0 * (2 * (error * 1e150) / 1)
        self.assertTrue(math.isfinite(end))
        for make in (SGD, DuckSGD):
            with self.subTest(optimizer=make.__name__):
                with self.assertRaises(DivergenceError) as caught:
                    fit(Proportional(), [1e150], [0.0], [1e-150], make(1.0), epochs=3)
                self.assertEqual((caught.exception.epoch, caught.exception.theta),
                                 (0, [end]))

    def test_overflow_error_never_escapes(self) -> None:
        # From theta 1e50 the loss (about 1e300) is finite and the gradient about 1e250:
        # Adam's square of it is inf (it squares with *: its step is then 0, no divergence);
        # Momentum's step overflows; SquaringSGD's 1e250**2 raises OverflowError inside.
        xs, ys = [1e100, 2e100], [1.0, 2.0]
        optimizers: list[Any] = [Adam(1.0), Momentum(1.0), SquaringSGD(1.0)]
        for optimizer in optimizers:
            for batch_size in (None, 1):
                with self.subTest(type(optimizer).__name__, batch_size=batch_size):
                    try:
                        result = fit(Proportional(), xs, ys, [1e50], optimizer, epochs=5,
                                     batch_size=batch_size)
                    except DivergenceError as error:
                        theta = error.theta
                    else:
                        self.assertIsInstance(optimizer, Adam)
                        theta = result.theta
                    self.assertTrue(all(math.isfinite(t) for t in theta))

    def test_overflowing_loss_at_the_start_is_bad_input_not_divergence(self) -> None:
        # Issue 11: "a y of 1e308 gets 'try a smaller --lr', which no lr can help".
        cases = [([1e300, -1e300], [0.0, 0.0], [1e10, 0.0], False),
                 ([1, 2, 3], [1, 2, 10**200], [0, 0], False),
                 ([1, 2, 3], [1, 2, 3], [10**200, 0], False),
                 ([1, 2, 3], [1, 2, 10**200], [0, 0], True),
                 ([1, 2, 3], [1, 2, 3], [10**200, 0], True)]
        for xs, ys, theta, standardize in cases:
            with self.subTest(ys=ys, theta=theta, standardize=standardize):
                with self.assertRaises(ValueError) as caught:
                    fit(Linear(), xs, ys, theta, SGD(0.01), epochs=3, standardize=standardize)
                message = str(caught.exception)
                self.assertTrue(message.startswith("fit: the loss at the starting theta"))
                self.assertIn("scale the data", message)
                self.assertNotIn("learning rate", message)
                self.assertNotIsInstance(caught.exception, DivergenceError)

    def test_an_optimizer_is_an_optimizer(self) -> None:
        self.assertIsInstance(MySGD(0.1), Optimizer)
        self.assertNotIsInstance(DuckSGD(0.1), Optimizer)


if __name__ == "__main__":
    unittest.main()
