"""Tests for vecgd.schedules: each lr sequence pinned by values computed here."""

from __future__ import annotations

import json
import math
import unittest
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from tests.support import assert_close, assert_vectors_close
from vecgd.optimizers import SGD, Adam
from vecgd.schedules import (
    Adaptive,
    Annealing,
    CosineAnnealingLR,
    ExponentialLR,
    InverseScaling,
    MultiStepLR,
    ReduceLROnPlateau,
    Schedule,
    StepLR,
)


def run(schedule: Any, epochs: int) -> list[float]:
    return [schedule.step() for _ in range(epochs)]


def run_losses(schedule: Any, losses: list[float]) -> list[float]:
    return [schedule.step(loss) for loss in losses]


class PyTorchSchedulesTest(unittest.TestCase):
    def test_step_lr_table(self) -> None:
        opt = SGD(0.8)
        lrs = run(StepLR(opt, step_size=3, gamma=0.5), 9)
        self.assertEqual(lrs, [0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1])
        self.assertEqual(opt.lr, 0.1)

    def test_step_lr_closed_form(self) -> None:
        lrs = run(StepLR(SGD(0.7), step_size=4, gamma=0.3), 20)
        expected = [0.7 * 0.3 ** (e // 4) for e in range(1, 21)]
        assert_vectors_close(self, lrs, expected, rel=1e-14)

    def test_multistep_lr_counts_repeated_milestones(self) -> None:
        lrs = run(MultiStepLR(SGD(1.0), milestones=[4, 2, 4], gamma=0.5), 5)
        self.assertEqual(lrs, [1.0, 0.5, 0.5, 0.125, 0.125])

    def test_multistep_lr_past_the_float_range_of_gamma_powers(self) -> None:
        # gamma ** 2 = 1e400 overflows (float ** raises); lr * gamma * gamma does not.
        lrs = run(MultiStepLR(SGD(1e-300), milestones=[1, 1], gamma=1e200), 1)
        assert_close(self, lrs[0], float(Fraction(1e-300) * Fraction(1e200) ** 2), rel=1e-15)
        self.assertEqual(run(MultiStepLR(SGD(1.0), milestones=[1, 1], gamma=1e200), 1), [math.inf])

    def test_exponential_lr(self) -> None:
        lrs = run(ExponentialLR(SGD(0.9), gamma=0.8), 12)
        assert_vectors_close(self, lrs, [0.9 * 0.8**e for e in range(1, 13)], rel=1e-14)

    def test_cosine_follows_the_closed_form(self) -> None:
        base, low, t_max = 0.5, 0.05, 10
        lrs = run(CosineAnnealingLR(SGD(base), T_max=t_max, eta_min=low), 10)
        expected = [low + (base - low) * (1 + math.cos(math.pi * e / t_max)) / 2
                    for e in range(1, 11)]
        assert_vectors_close(self, lrs, expected, rel=1e-13)
        self.assertEqual(lrs[-1], low)

    def test_cosine_known_table_and_climb_after_t_max(self) -> None:
        lrs = run(CosineAnnealingLR(SGD(1.0), T_max=2), 5)
        # Half cosine over 2 epochs: 1/2, 0; then PyTorch climbs back: 1/2, 1, 1/2.
        assert_vectors_close(self, lrs, [0.5, 0.0, 0.5, 1.0, 0.5], abs=1e-15)

    def test_reduce_on_plateau_first_reduction_after_patience_plus_one_bad_epochs(self) -> None:
        for patience in (0, 1, 3):
            with self.subTest(patience=patience):
                opt = SGD(1.0)
                schedule = ReduceLROnPlateau(opt, factor=0.5, patience=patience)
                lrs = run_losses(schedule, [1.0] + [2.0] * (patience + 1))
                self.assertEqual(lrs[:-1], [1.0] * (patience + 1))
                self.assertEqual(lrs[-1], 0.5)

    def test_reduce_on_plateau_rel_threshold(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0), factor=0.5, patience=0, threshold=0.1)
        # best 10: 9.5 is not below 10*0.9 = 9 (bad -> cut); 8.9 is (good).
        self.assertEqual(run_losses(schedule, [10.0, 9.5, 8.9]), [1.0, 0.5, 0.5])
        self.assertEqual(schedule.best, 8.9)

    def test_reduce_on_plateau_abs_threshold_and_max_mode(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0), mode="max", factor=0.25, patience=0,
                                     threshold=1.0, threshold_mode="abs")
        # best 5: 5.5 is not above 5 + 1 (cut); 7 is.
        self.assertEqual(run_losses(schedule, [5.0, 5.5, 7.0, 6.0]), [1.0, 0.25, 0.25, 0.0625])

    def test_reduce_on_plateau_cooldown_ignores_bad_epochs(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0), factor=0.5, patience=0, cooldown=2)
        lrs = run_losses(schedule, [1.0, 2.0, 2.0, 2.0, 2.0, 2.0])
        # Cut at epoch 2, two cooldown epochs, then the next bad epoch cuts again.
        self.assertEqual(lrs, [1.0, 0.5, 0.5, 0.5, 0.25, 0.25])

    def test_reduce_on_plateau_min_lr_and_eps(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0), factor=0.1, patience=0, min_lr=0.05)
        self.assertEqual(run_losses(schedule, [1.0, 2.0, 2.0, 2.0]), [1.0, 0.1, 0.05, 0.05])
        tiny = ReduceLROnPlateau(SGD(1e-8), factor=0.5, patience=0)  # change 5e-9 <= eps 1e-8
        self.assertEqual(run_losses(tiny, [1.0, 2.0]), [1e-8, 1e-8])
        no_eps = ReduceLROnPlateau(SGD(1e-8), factor=0.5, patience=0, eps=0.0)
        self.assertEqual(run_losses(no_eps, [1.0, 2.0]), [1e-8, 5e-9])


class ScikitLearnSchedulesTest(unittest.TestCase):
    def test_inverse_scaling(self) -> None:
        lrs = run(InverseScaling(SGD(0.6)), 5)
        assert_vectors_close(self, lrs, [0.6 / math.sqrt(t) for t in range(2, 7)], rel=1e-15)

    def test_inverse_scaling_power(self) -> None:
        self.assertEqual(run(InverseScaling(SGD(1.0), power_t=1.0), 3), [0.5, 1 / 3, 0.25])
        self.assertEqual(run(InverseScaling(SGD(1.0), power_t=0.0), 2), [1.0, 1.0])

    def test_inverse_scaling_where_the_power_overflows(self) -> None:
        # 6 ** 400 and 7 ** 400 pass the largest float; 1e300 over them does not.
        lrs = run(InverseScaling(SGD(1e300), power_t=400), 6)
        expected = [float(Fraction(1e300) / t**400) for t in range(2, 8)]
        assert_vectors_close(self, lrs, expected, rel=1e-12)
        # 1 / 7 ** 400 is below the smallest float: 0, not an error.
        self.assertEqual(run(InverseScaling(SGD(1.0), power_t=400), 6)[-1], 0.0)

    def test_adaptive_divides_by_five_after_n_stalled_epochs(self) -> None:
        schedule = Adaptive(SGD(1.0), n_iter_no_change=3, tol=0.1)
        # 4.95 > 5 - 0.1 stalls; 4.0 improves; three stalls then /5, count restarts.
        losses = [5.0, 4.95, 4.0, 4.0, 3.95, 3.99, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
        expected = [1.0, 1.0, 1.0, 1.0, 1.0, 0.2, 0.2, 0.2, 0.2, 0.04, 0.04, 0.04]
        self.assertEqual(run_losses(schedule, losses), expected)

    def test_adaptive_stops_dividing_at_one_millionth(self) -> None:
        schedule = Adaptive(SGD(1e-6), n_iter_no_change=1)
        self.assertEqual(run_losses(schedule, [1.0, 1.0, 1.0]), [1e-6, 1e-6, 1e-6])
        schedule = Adaptive(SGD(4e-6), n_iter_no_change=1)  # 4e-6 / 5 = 8e-7 <= 1e-6: stop there
        assert_vectors_close(self, run_losses(schedule, [1.0, 1.0, 1.0]), [4e-6, 8e-7, 8e-7],
                             rel=1e-15)


class AnnealingTest(unittest.TestCase):
    def test_the_lessons_order_of_tests(self) -> None:
        opt = SimpleNamespace(lr=1.0, exp_avg_sq=[100.0])
        schedule = Annealing(opt, reference=4.0)
        # s = 10: 10/4 > 2 cuts; 10 < 4 is false so the reference stays.
        self.assertEqual(schedule.step(), 0.25)
        self.assertEqual(schedule.reference, 4.0)
        opt.exp_avg_sq = [9.0]  # s = 3: 3/4 <= 2, new reference 3
        self.assertEqual(schedule.step(), 0.25)
        self.assertEqual(schedule.reference, 3.0)
        opt.exp_avg_sq = [36.0]  # s = 6: 6/3 = 2 is not > 2: no cut
        self.assertEqual(schedule.step(), 0.25)

    def test_with_adam_and_custom_divisor_and_ratio(self) -> None:
        opt = Adam(1.0, betas=(0.5, 0.5), eps=0.0, bias_correction=False, initial=1.0)
        schedule = Annealing(opt, divisor=2.0, ratio=1.5, reference=5.0)
        opt.step([0.0, 0.0], [7.0, 9.0])  # v = 0.5 + 0.5*g^2 = 25, 41
        s = math.sqrt(25.0) + math.sqrt(41.0)
        self.assertGreater(s / 5.0, 1.5)
        self.assertEqual(schedule.step(), 0.5)
        assert_close(self, schedule.reference, 5.0, rel=0.0)

    def test_lesson_annealing_reproduces_the_printed_lr(self) -> None:
        # seed 003, "Adam with Annealing": 50 epochs per sample, lr = 0.00024414 at the end.
        xs = [14, 86, 28, 51, 28, 29, 72, 62, 84, 15, 42, 62, 47, 35, 9, 38, 44, 99, 13, 21,
              28, 20, 8, 64, 99, 70, 27, 17, 8]
        opt = Adam(1.0, betas=(0.9, 0.95), eps=0.0, bias_correction=False, initial=1.0)
        schedule = Annealing(opt)
        theta = [1.0, 1.0]  # [b, w]
        for _ in range(50):
            for x in xs:
                error = 2 * ((theta[0] + theta[1] * x) - (30 + 2 * x))
                theta = opt.step(theta, [error, error * x])
            schedule.step()
        self.assertEqual(f"{opt.lr:.8f}", "0.00024414")
        self.assertEqual([f"{t:.2f}" for t in theta], ["30.00", "2.00"])


class CommonTest(unittest.TestCase):
    def make_all(self) -> list[Any]:
        return [
            StepLR(SGD(1.0), step_size=2, gamma=0.5),
            MultiStepLR(SGD(1.0), milestones=[1, 3]),
            ExponentialLR(SGD(1.0), gamma=0.9),
            CosineAnnealingLR(SGD(1.0), T_max=5, eta_min=0.1),
            ReduceLROnPlateau(SGD(1.0), patience=1, cooldown=1),
            ReduceLROnPlateau(SGD(1.0), mode="max", patience=1),
            InverseScaling(SGD(1.0)),
            Adaptive(SGD(1.0), n_iter_no_change=1),
            Annealing(SimpleNamespace(lr=1.0, exp_avg_sq=[4.0]), reference=1.0),
        ]

    def test_json_round_trip_resumes_identically(self) -> None:
        losses = [3.0, 2.0, 2.5, 2.5, 1.0, 1.5, 1.5, 1.5, 0.5, 0.5]
        for schedule in self.make_all():
            with self.subTest(schedule=repr(schedule)):
                for loss in losses[:4]:
                    schedule.step(loss)
                saved = json.loads(json.dumps(schedule.state_dict(), allow_nan=False))
                twin_optimizer = SimpleNamespace(lr=schedule.optimizer.lr, exp_avg_sq=[4.0])
                twin = type(schedule)(twin_optimizer, *self.required(schedule))
                twin.load_state_dict(saved)
                self.assertEqual(repr(twin), repr(schedule))
                for loss in losses[4:]:
                    self.assertEqual(twin.step(loss), schedule.step(loss))

    def required(self, schedule: Any) -> list[Any]:
        return {"StepLR": [7], "MultiStepLR": [[9]], "ExponentialLR": [0.5],
                "CosineAnnealingLR": [9]}.get(type(schedule).__name__, [])

    def test_every_schedule_is_a_schedule(self) -> None:
        for schedule in self.make_all():
            with self.subTest(schedule=repr(schedule)):
                self.assertIsInstance(schedule, Schedule)

    def test_construction_leaves_lr_alone(self) -> None:
        for schedule in self.make_all():
            with self.subTest(schedule=repr(schedule)):
                self.assertEqual(schedule.optimizer.lr, 1.0)
                self.assertEqual(schedule.base_lr, 1.0)

    def test_repr(self) -> None:
        self.assertEqual(repr(StepLR(SGD(1.0), 3)), "StepLR(step_size=3, gamma=0.1)")
        self.assertEqual(
            repr(ReduceLROnPlateau(SGD(1.0))),
            "ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=0.0001, "
            "threshold_mode='rel', cooldown=0, min_lr=0.0, eps=1e-08)",
        )
        self.assertEqual(repr(Annealing(Adam())),
                         "Annealing(divisor=4.0, ratio=2.0, reference=5500.0)")


class ScheduleBaseTest(unittest.TestCase):
    """The public base: step is check, then update; a user's schedule writes __init__ and update."""

    def test_a_users_schedule_writes_only_init_and_update(self) -> None:
        class Warmup(Schedule):
            """lr = base_lr * min(1, e / epochs) after epoch e."""

            def __init__(self, optimizer: Any, epochs: int = 4) -> None:
                super().__init__(optimizer)
                self.epochs = epochs

            def update(self, loss: float | None = None) -> float:
                self.last_epoch += 1
                self.optimizer.lr = self.base_lr * min(1.0, self.last_epoch / self.epochs)
                return self.optimizer.lr

        opt = SGD(1.0)
        schedule = Warmup(opt)
        self.assertEqual(repr(schedule), "Warmup(epochs=4)")
        self.assertEqual(run(schedule, 5), [0.25, 0.5, 0.75, 1.0, 1.0])
        with self.assertRaises(TypeError) as caught:  # the base's check, in its name
            schedule.step("0.5")  # type: ignore[arg-type]
        self.assertIn("Warmup: loss must be a real number", str(caught.exception))
        saved = json.loads(json.dumps(schedule.state_dict()))
        self.assertEqual(saved, {"schedule": "Warmup", "hyperparameters": {"epochs": 4},
                                 "state": {"last_epoch": 5, "base_lr": 1.0}})
        twin = Warmup(SGD(0.5), epochs=9)
        twin.load_state_dict(saved)
        self.assertEqual((repr(twin), twin.last_epoch, twin.base_lr), ("Warmup(epochs=4)", 5, 1.0))

    def test_needs_loss_makes_the_check_require_one(self) -> None:
        class Halving(Schedule):
            needs_loss = True

            def update(self, loss: float | None = None) -> float:
                self.last_epoch += 1
                self.optimizer.lr /= 2
                return self.optimizer.lr

        with self.assertRaises(ValueError) as caught:
            Halving(SGD(1.0)).step()
        self.assertIn("Halving: step needs the epoch's loss (got None)", str(caught.exception))
        self.assertEqual(Halving(SGD(1.0)).step(3.0), 0.5)

    def test_update_checks_nothing_but_step_does(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0), factor=0.5, patience=0)
        self.assertEqual([schedule.update(1.0), schedule.update(2.0)], [1.0, 0.5])
        self.assertEqual(schedule.last_epoch, 2)
        schedule.check(2.0)
        for bad in (None, math.inf):
            with self.subTest(loss=bad), self.assertRaises(ValueError):
                schedule.step(bad)
        self.assertEqual(schedule.last_epoch, 2)

    def test_the_base_alone_has_no_rule(self) -> None:
        with self.assertRaises(NotImplementedError):
            Schedule(SGD(1.0)).step()


class ErrorTest(unittest.TestCase):
    def test_constructor_checks(self) -> None:
        cases: list[tuple[str, Any, type, str]] = [
            ("no lr", lambda: StepLR(object(), 3), TypeError,
             "StepLR: optimizer must have an lr attribute"),
            ("step_size", lambda: StepLR(SGD(1.0), 0), ValueError,
             "StepLR: step_size must be at least 1 (got 0)"),
            ("step_size float", lambda: StepLR(SGD(1.0), 2.5), TypeError,
             "StepLR: step_size must be an integer"),
            ("gamma", lambda: ExponentialLR(SGD(1.0), 0.0), ValueError,
             "ExponentialLR: gamma must be positive (got 0.0)"),
            ("milestones", lambda: MultiStepLR(SGD(1.0), [2, 0]), ValueError,
             "MultiStepLR: milestones[1] must be at least 1 (got 0)"),
            ("milestones type", lambda: MultiStepLR(SGD(1.0), 5), TypeError,
             "MultiStepLR: milestones must be a sequence of integers"),
            ("T_max", lambda: CosineAnnealingLR(SGD(1.0), 0), ValueError,
             "CosineAnnealingLR: T_max must be at least 1 (got 0)"),
            ("eta_min", lambda: CosineAnnealingLR(SGD(1.0), 5, eta_min=-1.0), ValueError,
             "CosineAnnealingLR: eta_min must be non-negative (got -1.0)"),
            ("mode", lambda: ReduceLROnPlateau(SGD(1.0), mode="up"), ValueError,
             "ReduceLROnPlateau: mode must be one of 'min', 'max' (got 'up')"),
            ("factor", lambda: ReduceLROnPlateau(SGD(1.0), factor=1.0), ValueError,
             "ReduceLROnPlateau: factor must be less than 1 (got 1.0)"),
            ("patience", lambda: ReduceLROnPlateau(SGD(1.0), patience=-1), ValueError,
             "ReduceLROnPlateau: patience must be at least 0 (got -1)"),
            ("threshold_mode", lambda: ReduceLROnPlateau(SGD(1.0), threshold_mode="x"),
             ValueError, "ReduceLROnPlateau: threshold_mode must be one of 'rel', 'abs'"),
            ("cooldown", lambda: ReduceLROnPlateau(SGD(1.0), cooldown=-2), ValueError,
             "ReduceLROnPlateau: cooldown must be at least 0 (got -2)"),
            ("min_lr", lambda: ReduceLROnPlateau(SGD(1.0), min_lr=-1.0), ValueError,
             "ReduceLROnPlateau: min_lr must be non-negative (got -1.0)"),
            ("power_t", lambda: InverseScaling(SGD(1.0), power_t=-0.5), ValueError,
             "InverseScaling: power_t must be non-negative (got -0.5)"),
            ("n_iter_no_change", lambda: Adaptive(SGD(1.0), n_iter_no_change=0), ValueError,
             "Adaptive: n_iter_no_change must be at least 1 (got 0)"),
            ("tol", lambda: Adaptive(SGD(1.0), tol=math.nan), ValueError,
             "Adaptive: tol must be finite (got nan)"),
            ("annealing without Adam", lambda: Annealing(SGD(1.0)), TypeError,
             "Annealing: optimizer must keep exp_avg_sq, as Adam does"),
            ("divisor", lambda: Annealing(Adam(), divisor=0.0), ValueError,
             "Annealing: divisor must be positive (got 0.0)"),
        ]
        for name, make, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                make()
            self.assertIn(message, str(caught.exception), name)

    def test_step_checks(self) -> None:
        cases: list[tuple[str, Any, type, str]] = [
            ("plateau needs loss", lambda: ReduceLROnPlateau(SGD(1.0)).step(), ValueError,
             "ReduceLROnPlateau: step needs the epoch's loss (got None)"),
            ("adaptive needs loss", lambda: Adaptive(SGD(1.0)).step(None), ValueError,
             "Adaptive: step needs the epoch's loss (got None)"),
            ("nan loss", lambda: ReduceLROnPlateau(SGD(1.0)).step(math.nan), ValueError,
             "ReduceLROnPlateau: loss must be finite (got nan)"),
            ("other schedule's state", lambda: StepLR(SGD(1.0), 2).load_state_dict(
                ExponentialLR(SGD(1.0), 0.5).state_dict()), ValueError,
             "StepLR.load_state_dict: state must come from StepLR.state_dict()"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                call()
            self.assertIn(message, str(caught.exception), name)

    def test_load_state_dict_checks(self) -> None:
        good = StepLR(SGD(1.0), 2).state_dict()
        negative = json.loads(json.dumps(good))
        negative["state"]["last_epoch"] = -1
        zero_lr = json.loads(json.dumps(good))
        zero_lr["state"]["base_lr"] = 0.0
        extra = json.loads(json.dumps(good))
        extra["hyperparameters"]["T_max"] = 3
        bad_gamma = json.loads(json.dumps(good))
        bad_gamma["hyperparameters"]["gamma"] = -1.0
        cases: list[tuple[str, Any, type, str]] = [
            ("negative epoch", negative, ValueError,
             "StepLR.load_state_dict: last_epoch must be at least 0 (got -1)"),
            ("base_lr zero", zero_lr, ValueError,
             "StepLR.load_state_dict: base_lr must be positive (got 0.0)"),
            ("extra hyperparameter", extra, ValueError,
             "StepLR.load_state_dict: hyperparameters must be step_size, gamma"),
            ("bad gamma", bad_gamma, ValueError, "StepLR: gamma must be positive (got -1.0)"),
        ]
        for name, bad, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                StepLR(SGD(1.0), 5).load_state_dict(bad)
            self.assertIn(message, str(caught.exception), name)

    def test_failed_step_does_not_count_an_epoch(self) -> None:
        schedule = ReduceLROnPlateau(SGD(1.0))
        with self.assertRaises(ValueError):
            schedule.step()
        self.assertEqual(schedule.last_epoch, 0)


if __name__ == "__main__":
    unittest.main()
