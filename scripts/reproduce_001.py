"""Reproduce the lecture's printed trace with vecgd, digit for digit.

The lecture fits ``y = w * x`` to ``x = [1, 2, 3]``, ``y = [2, 4, 6]``
from ``w = 1.0``, one sample at a time with learning rate 0.01 for 50
epochs, and prints every gradient, a progress line every tenth epoch and
a final prediction.  Here the gradient is ``Proportional().gradient`` (the
lecture's ``2 * x * (x * w - y)``) and the update is ``SGD(0.01).step``
(``w - 0.01 * grad``); the lines are printed in the lecture's own format::

    print('\\t grad:', x, y, round(grad, 6))
    print("progress:", epoch, "w =", round(w, 2), "loss =", round(l, 6))
    print("predict (after training)", "4 hours", forward(4))

Run ``python scripts/reproduce_001.py`` and lay its output beside the
lecture's; the last line is ``predict (after training) 4 hours
7.999998894782476``.  ``vecgd.fit(..., batch_size=1)`` runs the same loop
and ends on the same w (``tests/test_documents.py`` checks both).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import SGD, Proportional, lecture_data, squared_error  # noqa: E402

EPOCHS = 50
LEARNING_RATE = 0.01


def main(argv: list[str] | None = None) -> int:
    """Print the lecture's trace, computed with vecgd, and return 0."""
    parser = argparse.ArgumentParser(description="Print the lecture's trace.")
    parser.parse_args(argv)
    model = Proportional()
    optimizer = SGD(LEARNING_RATE)
    xs, ys = lecture_data()
    theta = [1.0]  # the lecture's "random guess"
    loss = 0.0
    for epoch in range(EPOCHS):
        for x, y in zip(xs, ys):
            grad = model.gradient(theta, x, y)
            theta = optimizer.step(theta, grad)
            print("\t grad:", x, y, round(grad[0], 6))
            # The lecture's l: the sample's loss after the update.
            loss = squared_error(model.predict(theta, x), y)
        if epoch % 10 == 0:
            print("progress:", epoch, "w =", round(theta[0], 2), "loss =", round(loss, 6))
    print("predict (after training)", "4 hours", model.predict(theta, 4))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
