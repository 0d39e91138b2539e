"""``vecgd check``: every built-in model's gradient against four numeric estimates.

For each model of the table (a polynomial of degree 2 and of degree 3,
a plane on 3 features), at a random theta over 8 random samples, the
analytic gradient of the mean squared error is compared with the forward,
central, complex-step and Richardson estimates, then judged by
``check_gradient``.  Exit status 1 when a model fails.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence
from typing import Any, Callable, List, Tuple

from vecgd.cli._common import FAILED, OK, command_parser, table
from vecgd.cli.families import make_model, parameter_names
from vecgd.gradcheck import check_gradient
from vecgd.gradients import estimate_gradient
from vecgd.models import Model
from vecgd.vector import Vector

__all__ = ["add_parser", "run"]

# (--model spec, features of each x: 0 for a number); every kind of the table.
CHECKED: Tuple[Tuple[str, int], ...] = (
    ("linear", 0), ("proportional", 0), ("poly:2", 0), ("poly:3", 0), ("multi", 3))
METHODS = ("forward", "central", "complex", "richardson")
SAMPLES = 8


def add_parser(commands: Any) -> None:
    """Add ``check`` and its options to the subcommands."""
    parser = command_parser(
        commands, "check", "Check every built-in model's gradient against numeric estimates.",
        "example:\n  python -m vecgd check --seed 1")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random point (default: 0)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the table of relative errors; return 1 if a model's gradient is wrong."""
    rng = random.Random(args.seed)
    print(f"check: analytic gradients of the mean squared error over {SAMPLES} random samples, "
          f"at a random theta (seed {args.seed});")
    print("relative error |analytic - numeric| / max(|analytic|, |numeric|) of each estimate")
    print()
    rows: List[List[str]] = []
    notes: List[str] = []
    failures = 0
    for spec, features in CHECKED:
        model = make_model(spec)
        names = parameter_names(model, [0.0] * features if features else 0.0)
        theta = [rng.uniform(-2, 2) for _ in names]
        xs: List[Any] = [[rng.uniform(-2, 2) for _ in range(features)] if features
                         else rng.uniform(-2, 2) for _ in range(SAMPLES)]
        ys = [rng.uniform(-2, 2) for _ in xs]
        f, gradient = _mean_squared_error(model, xs, ys)
        analytic = gradient(theta)
        columns: List[List[float] | None] = []
        for method in METHODS:
            try:
                numeric = estimate_gradient(f, theta, method=method)
            except TypeError:
                notes.append(f"{model!r}: no complex step (its predict takes real numbers only)")
                columns.append(None)
                continue
            columns.append([_relative(a, n) for a, n in zip(analytic, numeric)])
        verdict = check_gradient(f, gradient, theta)
        failures += not verdict.ok
        for k, name in enumerate(names):
            cells = ["n/a" if c is None else f"{c[k]:.1e}" for c in columns]
            rows.append([repr(model) if k == 0 else "", name, f"{analytic[k]:.12g}", *cells,
                         ("ok" if verdict.ok else "FAILED") if k == 0 else ""])
        worst = ["n/a" if c is None else f"{max(c):.1e}" for c in columns]
        rows.append(["", "worst", "", *worst, ""])
    for line in table(["model", "parameter", "analytic", *METHODS, "check_gradient"], rows,
                      "llrrrrrl"):
        print(line)
    for note in notes:
        print(f"note: {note}")
    print(f"check_gradient (complex step cross-checked by real arithmetic, rtol 1e-6): "
          f"{len(CHECKED) - failures} of {len(CHECKED)} models ok")
    return FAILED if failures else OK


def _mean_squared_error(
    model: Model, xs: List[Any], ys: List[float]
) -> Tuple[Callable[[Sequence[float]], float], Callable[[Sequence[float]], Vector]]:
    """Return f(theta), the mean squared error on (xs, ys), and its analytic gradient."""

    def f(v: Sequence[float]) -> float:
        # A plain sum, not fsum, and the unchecked prediction hook (predict
        # refuses a complex theta), so that a complex theta goes through: the
        # complex step.
        total: float = sum((model.prediction(v, x) - y) ** 2 for x, y in zip(xs, ys))
        return total / len(xs)

    def gradient(v: Sequence[float]) -> Vector:
        each = [model.gradient(v, x, y) for x, y in zip(xs, ys)]
        return [math.fsum(column) / len(xs) for column in zip(*each)]

    return f, gradient


def _relative(a: float, n: float) -> float:
    scale = max(abs(a), abs(n))
    return abs(a - n) / scale if scale else 0.0
