"""Reproduce the optimizer lesson's five results with vecgd, digit for digit.

The lesson fits ``y = b + w*x`` to its 29 points on ``y = 30 + 2x``, one
sample at a time for 50 epochs from ``b = w = 1``, with plain SGD,
momentum, RMSprop, Adam, and Adam with its annealing rule.  Each run here
is one ``vecgd.fit(Linear(), xs, ys, [1.0, 1.0], optimizer, epochs=50,
batch_size=1)`` (theta is ``[w, b]``: weights first, intercept last), with
the lesson's variants of the optimizers written as keyword arguments:

* SGD: ``SGD(0.0001)``;
* momentum ``step = 0.9*prev + 0.1*g`` from ``prev = 1``:
  ``Momentum(0.0001, momentum=0.9, dampening=0.9, initial=1.0)``;
* RMSprop ``r = 0.9*r + 0.1*g**2`` from ``r = 1``, ``theta -= lr/sqrt(r)*g``:
  ``RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0)``;
* Adam with both averages from 1, no bias correction, no eps:
  ``Adam(1.0, betas=(0.9, 0.9), eps=0.0, bias_correction=False, initial=1.0)``;
* the same with ``betas=(0.9, 0.95)`` and ``Annealing(optimizer)``: after
  each epoch, lr is divided by 4 when ``sqrt(r_w) + sqrt(r_b)`` more than
  doubles its smallest value so far (which starts at 5500).

The results print in the lesson's format (``b = %.2f (actual %.2f)``).
Run ``python scripts/reproduce_003.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import (  # noqa: E402
    SGD,
    Adam,
    Annealing,
    Linear,
    Momentum,
    RMSprop,
    fit,
    lesson_data,
)

EPOCHS = 50
B, W = 30, 2  # the lesson's true intercept and slope


def _adam(beta_r: float) -> Adam:
    return Adam(1.0, betas=(0.9, beta_r), eps=0.0, bias_correction=False, initial=1.0)


def runs() -> list[tuple[str, Callable[[], tuple[Any, Any | None]]]]:
    """Return (the lesson's heading, a maker of (optimizer, schedule)) for each result."""
    def annealed() -> tuple[Any, Any | None]:
        optimizer = _adam(0.95)
        return optimizer, Annealing(optimizer)

    return [
        ("Stochastic Gradient Descent", lambda: (SGD(0.0001), None)),
        ("Momentum", lambda: (Momentum(0.0001, momentum=0.9, dampening=0.9, initial=1.0), None)),
        ("RMSprop", lambda: (RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0), None)),
        ("Adam", lambda: (_adam(0.9), None)),
        ("Adam with Annealing", annealed),
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the lesson's five results, computed with vecgd.fit, and return 0."""
    parser = argparse.ArgumentParser(description="Print the optimizer lesson's results.")
    parser.parse_args(argv)
    xs, ys = lesson_data()
    for number, (heading, make) in enumerate(runs()):
        optimizer, schedule = make()
        result = fit(Linear(), xs, ys, [1.0, 1.0], optimizer,
                     epochs=EPOCHS, batch_size=1, schedule=schedule)  # fmt: skip
        w, b = result.theta
        if number:
            print()
        print(f"# {heading}")
        # The lesson's own print statements, % formats and all.
        print("After %d epochs:" % EPOCHS)  # noqa: UP031
        print("b = %.2f (actual %.2f)" % (b, B))  # noqa: UP031
        print("w = %.2f (actual %.2f)" % (w, W))  # noqa: UP031
        if schedule is not None:
            print("lr = %.8f" % optimizer.lr)  # noqa: UP031
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
