"""Properties that hold for every input: identities, purity, exact derivatives, determinism.

The inputs come from ``random.Random`` seeded with the fuzz test's ``SEED``,
and the purity check walks the fuzz test's table of entry points
(``tests.test_fuzz``), so both tests cover the same public surface.
Tolerances are stated from the floating-point error model: one rounding of
a result x is at most ``EPS / 2 * |x|``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

import vecgd
from tests.test_fuzz import SEED, Fresh, _all_entries, _baseline
from vecgd import (
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Momentum,
    RMSprop,
    add,
    check_gradient,
    distance,
    estimate_gradient,
    magnitude,
    scalar_multiply,
    subtract,
)

EPS = sys.float_info.epsilon
ROUNDS = 300
ROOT = Path(__file__).resolve().parent.parent


def random_vector(rng: random.Random, n: int) -> List[float]:
    """A vector whose elements have random signs and magnitudes from 1e-150 to 1e150."""
    return [rng.uniform(-1, 1) * 10.0 ** rng.randint(-150, 150) for _ in range(n)]


class VectorIdentitiesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.rng = random.Random(SEED)

    def pairs(self) -> List[Tuple[List[float], List[float]]]:
        out = []
        for _ in range(ROUNDS):
            n = self.rng.randint(0, 6)
            out.append((random_vector(self.rng, n), random_vector(self.rng, n)))
        return out

    def test_add_commutes_exactly(self) -> None:
        for v, w in self.pairs():
            self.assertEqual(add(v, w), add(w, v))

    def test_subtract_undoes_add_within_two_roundings(self) -> None:
        # (v + w) is rounded once and (v + w) - w once more: each error is at
        # most EPS / 2 of a value no larger than |v| + |w|.
        for v, w in self.pairs():
            back = subtract(add(v, w), w)
            for i, (b, v_i, w_i) in enumerate(zip(back, v, w)):
                with self.subTest(i=i, v=v_i, w=w_i):
                    self.assertLessEqual(abs(b - v_i), EPS * (abs(v_i) + abs(w_i)))

    def test_distance_is_symmetric_exactly(self) -> None:
        # v_i - w_i and w_i - v_i are the same float up to sign; hypot ignores signs.
        for v, w in self.pairs():
            self.assertEqual(distance(v, w), distance(w, v))

    def test_distance_obeys_the_triangle_inequality(self) -> None:
        for _ in range(ROUNDS):
            n = self.rng.randint(1, 6)
            u, v, w = (random_vector(self.rng, n) for _ in range(3))
            # Each distance is within a few roundings of the exact one.
            self.assertLessEqual(distance(u, w),
                                 (distance(u, v) + distance(v, w)) * (1 + 8 * EPS))

    def test_magnitude_scales_by_the_absolute_value(self) -> None:
        for _ in range(ROUNDS):
            v = random_vector(self.rng, self.rng.randint(0, 6))
            c = self.rng.uniform(-1, 1) * 10.0 ** self.rng.randint(-100, 100)
            expected = abs(c) * magnitude(v)
            # c * v_i rounds once per element, hypot is within about one ulp,
            # and the product on the right rounds once.
            self.assertLessEqual(abs(magnitude(scalar_multiply(c, v)) - expected),
                                 4 * EPS * expected)


def _snapshot(value: Any) -> Any:
    """A deep copy of plain data; objects (models, optimizers, rngs) are left out."""
    if isinstance(value, (list, tuple, dict, set, str, bytes, int, float)) or value is None:
        return copy.deepcopy(value)
    return _OPAQUE


_OPAQUE = object()


class PurityTest(unittest.TestCase):
    """No public function changes its arguments (optimizers change only themselves)."""

    def test_no_entry_point_mutates_its_arguments(self) -> None:
        rng = random.Random(SEED)
        with tempfile.TemporaryDirectory() as folder:
            for entry in _all_entries(folder):
                for round_ in range(3):
                    args = {k: (v.make() if isinstance(v, Fresh) else v)
                            for k, v in _baseline(entry).items()}
                    if round_:  # then random values of the same lengths
                        args = {k: _jitter(rng, v) for k, v in args.items()}
                    before = {k: _snapshot(v) for k, v in args.items()}
                    with self.subTest(entry=entry.name, round=round_):
                        # A jittered value may be invalid; purity must hold all the same.
                        with contextlib.suppress(ValueError, TypeError, ArithmeticError):
                            entry.call(**args)
                        for name, old in before.items():
                            if old is not _OPAQUE:
                                self.assertEqual(args[name], old, f"{entry.name} changed {name}")


def _jitter(rng: random.Random, value: Any) -> Any:
    """Return a list of floats like value with new random floats, else value itself."""
    if isinstance(value, list) and value and all(type(x) is float for x in value):
        return [rng.uniform(-3, 3) for _ in value]
    return value


# === Numeric gradients against exact derivatives ===

Term = Tuple[float, Tuple[int, ...]]  # coefficient, power of each variable


def random_polynomial(rng: random.Random, n: int) -> List[Term]:
    """Up to five terms of degree up to 4 per variable, at least one not constant.

    (A constant f returns a real number for a complex v, which the complex
    step refuses, documented, as it cannot tell it from an f that drops the
    imaginary part.)
    """
    terms = [(rng.uniform(-5, 5), tuple(rng.randint(0, 4) for _ in range(n)))
             for _ in range(rng.randint(1, 5))]
    return terms + [(rng.uniform(-5, 5), tuple(rng.randint(1, 4) for _ in range(n)))]


def evaluate(terms: Sequence[Term], v: Sequence[Any]) -> Any:
    """The polynomial at v, by multiplication only (so complex v works)."""
    total: Any = 0.0
    for c, powers in terms:
        product: Any = c
        for x, p in zip(v, powers):
            for _ in range(p):
                product = product * x
        total = total + product
    return total


def exact_partials(terms: Sequence[Term], v: Sequence[float]) -> Tuple[List[float], List[float]]:
    """Return (the exact gradient rounded once, the sum of |term partials|) at v."""
    exact, scale = [], []
    point = [Fraction(x) for x in v]
    for k in range(len(v)):
        parts = []
        for c, powers in terms:
            if powers[k] == 0:
                continue
            part = Fraction(c) * powers[k]
            for j, (x, p) in enumerate(zip(point, powers)):
                part *= x ** (p - 1 if j == k else p)
            parts.append(part)
        exact.append(float(sum(parts, Fraction(0))))
        scale.append(float(sum((abs(p) for p in parts), Fraction(0))))
    return exact, scale


class NumericGradientTest(unittest.TestCase):
    """estimate_gradient and check_gradient on random polynomials, exact answers by Fraction."""

    # Error bounds relative to the sum of the terms' partials (cancellation
    # can make the derivative itself small): complex step exact to rounding,
    # Ridders about 11 digits, central about 10 (docs/gradients.md's accuracy table).
    TOLERANCE: Dict[str, float] = {"complex": 1e-13, "richardson": 1e-9, "central": 1e-7}

    def test_estimates_agree_with_exact_derivatives(self) -> None:
        rng = random.Random(SEED)
        for _ in range(60):
            n = rng.randint(1, 3)
            terms = random_polynomial(rng, n)
            v = [rng.uniform(-2, 2) for _ in range(n)]
            exact, scale = exact_partials(terms, v)
            for method, tolerance in self.TOLERANCE.items():
                estimate = estimate_gradient(lambda w, t=terms: evaluate(t, w), v, method=method)
                for i, (e, x, s) in enumerate(zip(estimate, exact, scale)):
                    with self.subTest(terms=terms, v=v, method=method, i=i):
                        self.assertLessEqual(abs(e - x), tolerance * max(s, 1.0))

    def test_check_gradient_passes_exact_gradients_and_catches_wrong_ones(self) -> None:
        rng = random.Random(SEED + 1)
        for _ in range(40):
            n = rng.randint(1, 3)
            terms = random_polynomial(rng, n)
            v = [rng.uniform(0.5, 2) * rng.choice([-1, 1]) for _ in range(n)]
            exact, scale = exact_partials(terms, v)
            if max(abs(x) for x in exact) < 1e-3 * max(scale + [1.0]):
                continue  # a gradient near cancellation: too small to judge
            f = lambda w, t=terms: evaluate(t, w)  # noqa: E731
            self.assertTrue(check_gradient(f, lambda w, g=exact: list(g), v).ok)
            worst = max(range(n), key=lambda i: abs(exact[i]))
            wrong = list(exact)
            wrong[worst] *= 1 + 1e-3
            self.assertFalse(check_gradient(f, lambda w, g=wrong: list(g), v).ok)


# === state_dict round trips ===

OPTIMIZERS: List[Callable[[], Any]] = [
    lambda: SGD(0.1, weight_decay=0.01),
    lambda: Momentum(0.05),
    lambda: Momentum(0.05, nesterov=True, weight_decay=0.1),
    lambda: Momentum(0.01, dampening=0.9, initial=1.0),
    lambda: AdaGrad(0.5, lr_decay=0.01, initial_accumulator_value=0.1),
    lambda: RMSprop(0.01),
    lambda: RMSprop(0.01, centered=True, momentum=0.9, initial=1.0),
    lambda: Adam(0.1),
    lambda: Adam(0.1, amsgrad=True, weight_decay=0.01),
    lambda: Adam(1.0, betas=(0.9, 0.9), eps=0.0, bias_correction=False, initial=1.0),
    lambda: AdamW(0.1, amsgrad=True),
]

SCHEDULES: List[Callable[[Any], Any]] = [
    lambda opt: vecgd.StepLR(opt, step_size=2, gamma=0.5),
    lambda opt: vecgd.MultiStepLR(opt, milestones=[2, 3, 3], gamma=0.5),
    lambda opt: vecgd.ExponentialLR(opt, gamma=0.9),
    lambda opt: vecgd.CosineAnnealingLR(opt, T_max=3, eta_min=0.001),
    lambda opt: vecgd.ReduceLROnPlateau(opt, factor=0.5, patience=1, cooldown=1),
    lambda opt: vecgd.InverseScaling(opt, power_t=0.25),
    lambda opt: vecgd.Adaptive(opt, n_iter_no_change=1),
    lambda opt: vecgd.Annealing(opt, reference=1.0, ratio=1.1),
]


def through_json(state: Dict[str, Any]) -> Dict[str, Any]:
    """The state as a file would give it back: plain JSON, no NaN or infinity allowed."""
    loaded: Dict[str, Any] = json.loads(json.dumps(state, allow_nan=False))
    return loaded


class StateDictTest(unittest.TestCase):
    def test_optimizer_round_trip_continues_identically(self) -> None:
        rng = random.Random(SEED)
        for make in OPTIMIZERS:
            original = make()
            theta = [rng.uniform(-2, 2) for _ in range(3)]
            for _ in range(5):
                theta = original.step(theta, [rng.uniform(-3, 3) for _ in range(3)])
            restored = type(original)(**({"lr": 0.7} if isinstance(original, (SGD, Momentum))
                                         else {}))
            restored.load_state_dict(through_json(original.state_dict()))
            with self.subTest(optimizer=repr(original)):
                self.assertEqual(repr(restored), repr(original))
                a = b = theta
                for _ in range(5):
                    gradient = [rng.uniform(-3, 3) for _ in range(3)]
                    a, b = original.step(a, gradient), restored.step(b, gradient)
                    self.assertEqual([x.hex() for x in a], [x.hex() for x in b])

    def test_schedule_round_trip_continues_identically(self) -> None:
        rng = random.Random(SEED)
        for make in SCHEDULES:
            opt_a = Adam(0.1)
            schedule_a = make(opt_a)
            theta = [1.0, -2.0]
            for _ in range(4):
                theta = opt_a.step(theta, [rng.uniform(-3, 3), rng.uniform(-3, 3)])
                schedule_a.step(rng.choice([1.0, 1.0, 0.5]))
            opt_b = Adam(0.3)
            opt_b.load_state_dict(through_json(opt_a.state_dict()))
            opt_b.lr = opt_a.lr  # the optimizer's lr is the schedule's output, kept by the caller
            schedule_b = make(opt_b)
            schedule_b.load_state_dict(through_json(schedule_a.state_dict()))
            with self.subTest(schedule=repr(schedule_a)):
                self.assertEqual(repr(schedule_b), repr(schedule_a))
                for _ in range(6):
                    gradient = [rng.uniform(-3, 3), rng.uniform(-3, 3)]
                    opt_a.step(theta, gradient)
                    opt_b.step(theta, gradient)
                    loss = rng.choice([2.0, 1.0, 1.0])
                    self.assertEqual(schedule_a.step(loss).hex(), schedule_b.step(loss).hex())


# === Determinism of fit ===

FIT_PROGRAM = """
import random
import vecgd
rng = random.Random(3)
xs = [rng.uniform(-2, 2) for _ in range(40)]
ys = [3 * x - 1 + rng.gauss(0, 0.3) for x in xs]
optimizer = vecgd.Adam(0.05)
result = vecgd.fit(vecgd.Linear(), xs, ys, [0.0, 0.0], optimizer, epochs=30,
                   batch_size=4, shuffle=True, seed=11,
                   schedule=vecgd.StepLR(optimizer, step_size=10, gamma=0.5))
print(" ".join(x.hex() for x in result.theta + result.losses))
"""


def fit_bits() -> str:
    """Run FIT_PROGRAM here and return what it prints."""
    namespace: Dict[str, Any] = {}
    lines: List[str] = []
    namespace["print"] = lambda text: lines.append(text)
    exec(FIT_PROGRAM, namespace)  # noqa: S102 -- our own program, run twice for comparison
    return lines[0]


class DeterminismTest(unittest.TestCase):
    def test_fit_with_a_seed_gives_the_same_bits_twice(self) -> None:
        self.assertEqual(fit_bits(), fit_bits())

    @unittest.skipIf(sys.platform == "emscripten", "Pyodide cannot start subprocesses")
    def test_fit_with_a_seed_gives_the_same_bits_in_another_process(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="12345")
        done = subprocess.run([sys.executable, "-c", FIT_PROGRAM], cwd=str(ROOT), env=env,
                              capture_output=True, text=True, timeout=60, check=True)
        self.assertEqual(done.stdout.strip(), fit_bits())


if __name__ == "__main__":
    unittest.main()
