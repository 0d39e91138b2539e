"""Tests for vecgd._state: the one mixin behind every optimizer's and schedule's repr and state.

The rules are checked on small classes written here (so no name of ours is
special), then on every optimizer and schedule through json.
"""

from __future__ import annotations

import json
import math
import unittest
from types import SimpleNamespace
from typing import Any

from vecgd._state import Stateful
from vecgd.optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, RMSprop
from vecgd.schedules import (
    Adaptive,
    Annealing,
    CosineAnnealingLR,
    ExponentialLR,
    InverseScaling,
    MultiStepLR,
    ReduceLROnPlateau,
    StepLR,
)


class Walker(Stateful):
    """A made-up stateful class: a pair, a keyword-only flag, a link, a float that may be inf."""

    _kind = "walker"
    _links = ("world",)
    _counters = ("moves",)
    _state = ("best", "trail")

    def __init__(self, world: Any, pair: tuple[float, float] = (1.0, 2.0), *args: Any,
                 fast: bool = False, **options: Any) -> None:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Walker: pair must be a tuple of two numbers (got {pair!r})")
        self.world, self.pair, self.fast = world, pair, fast
        self.moves, self.best, self.trail = 0, math.inf, [0.0]

    def walk(self, x: float) -> None:
        self.moves += 1
        self.best = min(self.best, x)
        self.trail = [*self.trail, x]


class StatefulRulesTest(unittest.TestCase):
    def test_hyperparameters_are_the_constructor_parameters_in_order(self) -> None:
        # Not self, not the link, not *args or **options: what a caller names and we store.
        self.assertEqual(repr(Walker("earth", (3.0, 4.0), fast=True)),
                         "Walker(pair=(3.0, 4.0), fast=True)")

    def test_state_dict_is_plain_json(self) -> None:
        walker = Walker("earth")
        state = walker.state_dict()
        self.assertEqual(state, {"walker": "Walker", "hyperparameters": {"pair": [1.0, 2.0],
                                 "fast": False}, "moves": 0, "state": {"best": None,
                                 "trail": [0.0]}})
        json.dumps(state, allow_nan=False)  # a tuple became a list, inf became None

    def test_round_trip_restores_tuples_infinities_and_keeps_the_link(self) -> None:
        walker = Walker("earth", (5.0, 6.0))
        walker.walk(3.0)
        saved = json.loads(json.dumps(walker.state_dict(), allow_nan=False))
        twin = Walker("mars")
        twin.load_state_dict(saved)
        self.assertEqual((twin.pair, twin.moves, twin.best, twin.trail, twin.world),
                         ((5.0, 6.0), 1, 3.0, [0.0, 3.0], "mars"))
        fresh = json.loads(json.dumps(Walker("earth").state_dict(), allow_nan=False))
        twin.load_state_dict(fresh)
        self.assertEqual((twin.pair, twin.best, twin.moves), ((1.0, 2.0), math.inf, 0))

    def test_loaded_lists_are_copies(self) -> None:
        walker = Walker("earth")
        walker.walk(1.0)
        saved = walker.state_dict()
        twin = Walker("earth")
        twin.load_state_dict(saved)
        saved["state"]["trail"].append(99.0)
        self.assertEqual(twin.trail, [0.0, 1.0])

    def test_refusals_change_nothing(self) -> None:
        good = Walker("earth").state_dict()
        wrong_kind = dict(good, walker="Runner")
        extra = json.loads(json.dumps(good))
        extra["hyperparameters"]["speed"] = 1
        not_a_mapping = dict(good, hyperparameters=[1.0, 2.0])
        state_keys = json.loads(json.dumps(good))
        del state_keys["state"]["trail"]
        bad_value = json.loads(json.dumps(good))
        bad_value["hyperparameters"]["pair"] = [1.0, 2.0, 3.0]
        cases: list[tuple[str, Any, type, str]] = [
            ("not a mapping", [good], ValueError,
             "Walker.load_state_dict: state must come from Walker.state_dict() (got list)"),
            ("other class", wrong_kind, ValueError,
             "state must come from Walker.state_dict() (got dict from Runner)"),
            ("hyperparameters not a mapping", not_a_mapping, ValueError,
             "Walker.load_state_dict: hyperparameters must be a mapping (got list)"),
            ("extra hyperparameter", extra, ValueError,
             "Walker.load_state_dict: hyperparameters must be pair, fast (got pair, fast, speed)"),
            ("state fields", state_keys, ValueError,
             "Walker.load_state_dict: state must hold best, trail"),
            ("the constructor's own check", bad_value, TypeError,
             "Walker: pair must be a tuple of two numbers (got (1.0, 2.0, 3.0))"),
        ]
        for name, bad, error, message in cases:
            walker = Walker("earth", (7.0, 8.0))
            walker.walk(2.0)
            before = walker.state_dict()
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    walker.load_state_dict(bad)
                self.assertIn(message, str(caught.exception))
                self.assertEqual(walker.state_dict(), before)

    def test_a_class_without_a_constructor_has_no_hyperparameters(self) -> None:
        class Bare(Stateful):
            pass

        self.assertEqual(repr(Bare()), "Bare()")
        self.assertEqual(Bare().state_dict(), {"object": "Bare", "hyperparameters": {},
                                               "state": {}})


class EveryOptimizerAndScheduleTest(unittest.TestCase):
    """Each optimizer with each buffer option, and each schedule, through json and back."""

    def test_optimizers_with_every_buffer_option(self) -> None:
        optimizers = [
            SGD(0.1), Momentum(0.1), Momentum(0.1, initial=0.5), Momentum(0.1, momentum=0.0),
            AdaGrad(), RMSprop(), RMSprop(centered=True), RMSprop(momentum=0.5),
            RMSprop(centered=True, momentum=0.5, initial=1.0), Adam(), Adam(amsgrad=True),
            AdamW(), AdamW(amsgrad=True),
        ]
        for opt in optimizers:
            with self.subTest(optimizer=repr(opt)):
                for stepped in (False, True):
                    if stepped:
                        opt.step([1.0, -1.0, 0.5], [0.25, 0.5, -2.0])
                    saved = json.loads(json.dumps(opt.state_dict(), allow_nan=False))
                    twin = type(opt)(0.5)
                    twin.load_state_dict(saved)
                    self.assertEqual(twin.state_dict(), opt.state_dict())
                    self.assertEqual(twin.step([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]),
                                     type(opt).step(opt, [1.0, 2.0, 3.0], [1.0, 1.0, 1.0]))

    def test_schedules_with_every_state_field(self) -> None:
        def make(optimizer: Any) -> list[Any]:
            return [
                StepLR(optimizer, 2), MultiStepLR(optimizer, [1, 3]), ExponentialLR(optimizer, 0.5),
                CosineAnnealingLR(optimizer, 9), ReduceLROnPlateau(optimizer, patience=0),
                ReduceLROnPlateau(optimizer, mode="max"), InverseScaling(optimizer),
                Adaptive(optimizer, n_iter_no_change=1), Annealing(optimizer, reference=1.0),
            ]

        for index, schedule in enumerate(make(SimpleNamespace(lr=1.0, exp_avg_sq=[4.0]))):
            with self.subTest(schedule=repr(schedule)):
                for losses in ([], [3.0, 2.0, 2.5]):
                    for loss in losses:
                        schedule.step(loss)
                    saved = json.loads(json.dumps(schedule.state_dict(), allow_nan=False))
                    twin = make(SimpleNamespace(lr=1.0, exp_avg_sq=[4.0]))[index]
                    twin.load_state_dict(saved)
                    self.assertEqual(twin.state_dict(), schedule.state_dict())
                    self.assertEqual(repr(twin), repr(schedule))
                    twin.optimizer.lr = schedule.optimizer.lr
                    self.assertEqual(twin.step(1.0), schedule.step(1.0))


if __name__ == "__main__":
    unittest.main()
