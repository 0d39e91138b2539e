"""Tests for fit's best theta, its gradient stop, and resuming a fit with the same numbers.

The oracle of resuming is the uninterrupted fit: k + m epochs in one call
against k epochs, the state through JSON, then m more; every value must be
EQUAL (the same arithmetic in the same order), shuffled or not.
"""

from __future__ import annotations

import json
import unittest

from vecgd import (
    L1,
    L2,
    SGD,
    Adam,
    CosineAnnealingLR,
    ElasticNet,
    Huber,
    Linear,
    LogLoss,
    Momentum,
    MultipleLinear,
    ReduceLROnPlateau,
    fit,
)

XS = [float(x) for x in range(12)]
YS = [3.0 * x + 1.0 + (0.5 if i % 3 else -1.0) for i, x in enumerate(XS)]
ROWS = [[x, (x * 7) % 5] for x in XS]


def _through_json(state: object) -> object:
    return json.loads(json.dumps(state, allow_nan=False))


class ResumeTest(unittest.TestCase):
    def assert_resumes(self, make, model, xs, first: int, second: int, **settings) -> None:
        optimizer, schedule = make()
        whole = fit(model, xs, YS, [0.0] * (len(ROWS[0]) + 1 if model.takes_vectors else 2),
                    optimizer, epochs=first + second, schedule=schedule, **settings)
        optimizer, schedule = make()
        start = [0.0] * len(whole.theta)
        part = fit(model, xs, YS, start, optimizer, epochs=first, schedule=schedule, **settings)
        optimizer, schedule = make()  # new objects, as after a restart
        settings.pop("seed", None)
        rest = fit(model, xs, YS, None, optimizer, epochs=second, schedule=schedule,
                   resume=_through_json(part.state), **settings)
        self.assertEqual(rest.theta, whole.theta)
        self.assertEqual(part.history + rest.history, whole.history)
        self.assertEqual([r.epoch for r in rest.history], list(range(first, first + second)))
        self.assertEqual((rest.best_theta, rest.best_loss, rest.best_epoch),
                         (whole.best_theta, whole.best_loss, whole.best_epoch))
        self.assertEqual(optimizer.state_dict(), whole.state["optimizer"])

    def test_shuffled_per_sample_fit(self) -> None:
        # The case: re-seeding made 10 + 10 epochs differ from 20.
        self.assert_resumes(lambda: (SGD(0.002), None), Linear(), XS, 10, 10,
                            batch_size=1, shuffle=True, seed=0)

    def test_shuffled_minibatches_with_momentum_and_cosine(self) -> None:
        def make():
            optimizer = Momentum(0.001)
            return optimizer, CosineAnnealingLR(optimizer, T_max=15)
        self.assert_resumes(make, Linear(), XS, 7, 13, batch_size=5, shuffle=True, seed=4)

    def test_full_batch_adam_plateau_tolerance_and_standardize(self) -> None:
        def make():
            optimizer = Adam(0.3)
            return optimizer, ReduceLROnPlateau(optimizer, patience=2)
        self.assert_resumes(make, MultipleLinear(), ROWS, 25, 35, standardize=True,
                            tolerance=1e-12, patience=50)

    def test_a_fit_stopped_by_its_callback_resumes_as_if_it_had_gone_on(self) -> None:
        # The stop comes before the epoch's schedule step: resuming takes it first.
        def make() -> tuple[SGD, CosineAnnealingLR]:
            optimizer = SGD(0.003)
            return optimizer, CosineAnnealingLR(optimizer, T_max=9, eta_min=0.001)

        def stop_at_6(epoch: int, theta: list[float], loss: float) -> None:
            if epoch == 5:
                raise StopIteration

        optimizer, schedule = make()
        whole = fit(Linear(), XS, YS, [0.0, 0.0], optimizer, epochs=12, schedule=schedule)
        optimizer, schedule = make()
        part = fit(Linear(), XS, YS, [0.0, 0.0], optimizer, epochs=12, schedule=schedule,
                   callback=stop_at_6)
        self.assertEqual((part.epochs, part.stop_reason), (6, "callback"))
        optimizer, schedule = make()
        rest = fit(Linear(), XS, YS, None, optimizer, epochs=6, schedule=schedule,
                   resume=_through_json(part.state))
        self.assertEqual(part.history + rest.history, whole.history)
        self.assertEqual(rest.theta, whole.theta)

    def test_state_holds_what_it_says(self) -> None:
        result = fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.001), epochs=3, batch_size=2,
                     shuffle=True, seed=1)
        state = result.state
        assert state is not None
        self.assertEqual(state["epoch"], 3)
        self.assertEqual(state["theta"], result.theta)
        self.assertEqual(state["settings"], {"model": "Linear()", "samples": 12,
                                             "batch_size": 2, "shuffle": True,
                                             "standardize": False,
                                             "loss": "SquaredError()", "penalty": "None"})
        self.assertIsNone(state["l1_sums"])
        self.assertEqual(state["optimizer"]["optimizer"], "SGD")
        self.assertIsNone(state["schedule"])

    def test_resume_errors(self) -> None:
        state = fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.001), epochs=2, batch_size=1).state
        cases = [
            ("theta given", {"theta": [0.0, 0.0], "resume": state},
             "fit: with resume, theta must be None"),
            ("not a state", {"theta": None, "resume": {"epoch": 3}},
             r"fit: resume must be the state of a FitResult \(result.state\)"),
            ("other batching", {"theta": None, "resume": state, "batch_size": None},
             r"fit: resume state was saved with batch_size=1 \(got None\)"),
            ("other data", {"theta": None, "resume": state, "batch_size": 1,
                            "xs": XS[:-1], "ys": YS[:-1]},
             r"fit: resume state was saved with samples=12 \(got 11\)"),
            ("other optimizer", {"theta": None, "resume": state, "batch_size": 1,
                                 "optimizer": Adam(0.1)},
             r"Adam.load_state_dict: state must come from Adam.state_dict\(\) \(got dict from SGD"),
            ("a schedule it did not have", {"theta": None, "resume": state, "batch_size": 1,
                                                "schedule": "make"},
             "fit: resume state has no schedule state"),
        ]
        for label, arguments, message in cases:
            with self.subTest(label), self.assertRaisesRegex(ValueError, message):
                optimizer = arguments.pop("optimizer", SGD(0.001))
                if arguments.get("schedule") == "make":
                    arguments["schedule"] = CosineAnnealingLR(optimizer, 5)
                fit(Linear(), arguments.pop("xs", XS), arguments.pop("ys", YS),
                    arguments.pop("theta"), optimizer, epochs=1, **arguments)


class LossAndPenaltyResumeTest(unittest.TestCase):
    """A fit with another loss or a penalty resumes with the same numbers, bit for bit.

    Per sample, the L1 part is scikit-learn's cumulative truncated penalty,
    whose sums u and q run on over the whole fit: the state must carry them.
    """

    LABELS = [1.0 if (3 * i) % 7 < 3 else 0.0 for i in range(12)]

    def test_every_batching_shuffled_or_not(self) -> None:
        penalties = [L1(0.02), ElasticNet(0.01, 0.5), L2(0.1), None]
        for batch_size in (1, 5, None):
            for shuffle in (False, True):
                for penalty in penalties:
                    with self.subTest(batch_size=batch_size, shuffle=shuffle, penalty=penalty):
                        settings = {"batch_size": batch_size, "shuffle": shuffle,
                                    "loss": LogLoss(), "penalty": penalty}
                        whole = fit(Linear(), XS, self.LABELS, [0.0, 0.0], SGD(0.05),
                                    epochs=20, seed=3, **settings)
                        part = fit(Linear(), XS, self.LABELS, [0.0, 0.0], SGD(0.05),
                                   epochs=8, seed=3, **settings)
                        rest = fit(Linear(), XS, self.LABELS, None, SGD(0.05), epochs=12,
                                   resume=_through_json(part.state), **settings)
                        self.assertEqual(rest.theta, whole.theta)
                        self.assertEqual(part.history + rest.history, whole.history)

    def test_the_l1_sums_are_saved(self) -> None:
        # Per sample, u grows by lr * alpha at every step: 12 samples, 2 epochs.
        state = fit(Linear(), XS, YS, [0.0, 0.0], SGD(0.001), epochs=2, batch_size=1,
                    loss=Huber(1.0), penalty=L1(0.5)).state
        assert state is not None
        self.assertAlmostEqual(state["l1_sums"][0], 24 * 0.001 * 0.5, places=15)
        self.assertEqual(len(state["l1_sums"][1]), 1)  # one weight: the intercept is not penalized
        self.assertEqual(state["settings"]["loss"], "Huber(epsilon=1.0)")
        self.assertEqual(state["settings"]["penalty"], "L1(alpha=0.5)")

    def test_another_loss_or_penalty_is_refused(self) -> None:
        state = fit(Linear(), XS, self.LABELS, [0.0, 0.0], SGD(0.01), epochs=2, batch_size=1,
                    loss=LogLoss(), penalty=L1(0.01)).state
        cases = [
            ({"penalty": L1(0.01)}, r"fit: resume state was saved with loss='LogLoss\(\)' "
                                    r"\(got 'SquaredError\(\)'\)$"),
            ({"loss": LogLoss(), "penalty": L2(0.01)},
             r"fit: resume state was saved with penalty='L1\(alpha=0.01\)' "
             r"\(got 'L2\(alpha=0.01\)'\)$"),
            ({"loss": LogLoss()}, r"saved with penalty='L1\(alpha=0.01\)' \(got 'None'\)$"),
        ]
        for arguments, message in cases:
            with self.subTest(message), self.assertRaisesRegex(ValueError, message):
                fit(Linear(), XS, self.LABELS, None, SGD(0.01), epochs=1, batch_size=1,
                    resume=state, **arguments)
        broken = dict(state, l1_sums=[-1.0, [0.0]])
        with self.assertRaisesRegex(ValueError, r"resume\['l1_sums'\]\[0\] must be non-neg"):
            fit(Linear(), XS, self.LABELS, None, SGD(0.01), epochs=1, batch_size=1,
                resume=broken, loss=LogLoss(), penalty=L1(0.01))


class BestAndGradientStopTest(unittest.TestCase):
    def test_best_theta_is_the_lowest_loss_seen(self) -> None:
        # From the answer itself no epoch does better: the start stays the best.
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [2.0, 1.0], SGD(2.5), epochs=3,
                     keep_best=True)
        self.assertIsNone(result.best_epoch)
        self.assertEqual(result.theta, [2.0, 1.0])
        self.assertEqual(result.loss, result.best_loss)
        self.assertEqual(result.best_loss, 0.0)

    def test_without_keep_best_the_last_theta_is_returned(self) -> None:
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], SGD(0.1), epochs=4)
        self.assertEqual(result.best_epoch, 3)
        self.assertEqual(result.best_theta, result.theta)
        self.assertEqual(result.best_loss, result.loss)

    def test_gradient_stop(self) -> None:
        result = fit(Linear(), [0.0, 1.0], [1.0, 3.0], [0.0, 0.0], SGD(0.5), epochs=10_000,
                     gradient_tolerance=1e-8)
        self.assertEqual(result.stop_reason, "gradient")
        self.assertLessEqual(result.history[-1].gradient_norm, 1e-8)
        self.assertGreater(result.history[-2].gradient_norm, 1e-8)
        with self.assertRaisesRegex(ValueError, "fit: gradient_tolerance must be non-negative"):
            fit(Linear(), [0.0], [1.0], [0.0, 0.0], SGD(0.5), epochs=1, gradient_tolerance=-1.0)
        with self.assertRaisesRegex(TypeError, "fit: keep_best must be True or False"):
            fit(Linear(), [0.0], [1.0], [0.0, 0.0], SGD(0.5), epochs=1,
                keep_best="yes")  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
