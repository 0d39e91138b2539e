"""Reproduce the book chapter's descents with vecgd.

The chapter (Data Science from Scratch, "Gradient Descent") runs two
printed loops from random starts it does not print:

* 1000 steps of ``v = gradient_step(v, sum_of_squares_gradient(v), -0.01)``
  from ``v`` uniform in [-10, 10]^3, printing ``epoch v``;
* 5000 epochs of batch descent on ``y = 20x + 5`` (x in ``range(-50, 50)``),
  learning rate 0.001, from ``theta`` uniform in [-1, 1]^2, printing
  ``epoch theta``.

Its random starts are lost, but its first printed line is the state after
epoch 0, so this script continues each loop from that line and prints
every later line for comparison with the book's, digit for digit: the first
with ``vecgd.gradient_step``, the second with ``vecgd.fit(Linear(), xs,
ys, theta, SGD(0.001), epochs=4999)``.  Then it runs the chapter's descents
from seeded random starts (``random.Random(seed)``): sum_of_squares, and
``fit`` in batch (5000 epochs), minibatch (batch size 20, shuffled, 1000
epochs) and stochastic (in order, 100 epochs) modes, and checks each ends
within the book's own bounds (``19.9 < slope < 20.1``, ``4.9 < intercept <
5.1``).  Run ``python scripts/reproduce_002.py`` (``--quiet`` leaves out the
6000 per-epoch lines).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import (  # noqa: E402
    SGD,
    Linear,
    Vector,
    book_data,
    fit,
    gradient_step,
    magnitude,
    scalar_multiply,
)

# The book's first printed lines (epoch 0), copied from the chapter.
BOOK_SQUARES_LINE_0 = [6.081137314203362, -7.913315947420309, -3.2987814709553493]
BOOK_LINEAR_LINE_0 = [33.267724471806574, 0.42634413141293237]
LEARNING_RATE = 0.001
MODES = [  # (name, batch_size, shuffle, epochs), as the book runs them
    ("batch", None, False, 5000),
    ("minibatch (batch size 20)", 20, True, 1000),
    ("stochastic", 1, False, 100),
]


def descend_squares(v: Vector, steps: int, show: bool, first: int = 0) -> Vector:
    """Run the book's sum_of_squares loop for steps epochs, printing ``epoch v``."""
    for epoch in range(first, first + steps):
        grad = scalar_multiply(2, v)  # sum_of_squares_gradient: [2 * v_i for v_i in v]
        v = gradient_step(v, grad, -0.01)
        if show:
            print(epoch, v)
    return v


def fit_line(theta: Vector, mode: tuple[str, int | None, bool, int], seed: int | None,
             show: bool, first: int = 0) -> Vector:  # fmt: skip
    """Fit y = 20x + 5 with Linear() and SGD(0.001); print ``epoch theta`` if show."""
    _, batch_size, shuffle, epochs = mode
    xs, ys = book_data()

    def line(epoch: int, theta: Vector, loss: float) -> None:
        print(first + epoch, theta)

    result = fit(Linear(), xs, ys, theta, SGD(LEARNING_RATE), epochs=epochs,
                 batch_size=batch_size, shuffle=shuffle, seed=seed,
                 callback=line if show else None)  # fmt: skip
    return result.theta


def main(argv: list[str] | None = None) -> int:
    """Print the book's loops continued from its first lines, then seeded runs; return 0."""
    parser = argparse.ArgumentParser(description="Reproduce the book's descents.")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random starts")
    parser.add_argument("--quiet", action="store_true", help="leave out the per-epoch lines")
    args = parser.parse_args(argv)
    show = not args.quiet
    failures = 0

    print("# sum_of_squares: v = gradient_step(v, 2 * v, -0.01), from the book's line 0")
    if show:
        print(0, BOOK_SQUARES_LINE_0)
    v = descend_squares(BOOK_SQUARES_LINE_0, 999, show, first=1)
    if not show:
        print(999, v)
    print("# y = 20x + 5, batch: fit(Linear(), ..., SGD(0.001)), from the book's line 0")
    if show:
        print(0, BOOK_LINEAR_LINE_0)
    theta = fit_line(BOOK_LINEAR_LINE_0, ("batch", None, False, 4999), None, show, first=1)
    if not show:
        print(4999, theta)

    print(f"# from random starts, random.Random({args.seed}); the book's bounds: "
          "|v| < 0.001, 19.9 < slope < 20.1, 4.9 < intercept < 5.1")  # fmt: skip
    rng = random.Random(args.seed)
    v = descend_squares([rng.uniform(-10, 10) for _ in range(3)], 1000, show=False)
    ok = magnitude(v) < 0.001
    failures += not ok
    print(f"sum_of_squares, 1000 steps: |v| = {magnitude(v):.3g}  {'ok' if ok else 'FAILED'}")
    for mode in MODES:
        start = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
        slope, intercept = fit_line(start, mode, rng.randrange(2**32), show=False)
        ok = 19.9 < slope < 20.1 and 4.9 < intercept < 5.1
        failures += not ok
        print(f"{mode[0]}, {mode[3]} epochs: slope = {slope:.6f}, intercept = {intercept:.6f}  "
              f"{'ok' if ok else 'FAILED'}")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
