"""Reproduce the line-fit lesson with vecgd: the fit behind its animation.

The lesson fits ``y = a*x + b`` to 30 points on ``y = 3x + 8`` (x uniform
in [0, 1)), from ``a = -1``, ``b = 1`` with learning rate 0.01, by
full-batch gradient descent on the squared error: its animation has 41
frames, 0 (the start) to 40, and each of its 40 steps runs 10 updates
``a -= lr * mean(2 * x * (a*x + b - y))``, ``b -= lr * mean(2 * (a*x + b - y))``.  Here that is one
``vecgd.fit(Linear(), xs, ys, [-1.0, 1.0], SGD(0.01), epochs=400)`` whose
callback prints, every 10 epochs (one frame), a, b and the lesson's
``AVG_LOSS``, which is ``root_mean_squared_error``, at the lesson's
``%precision 4``.

The points come from ``line_data(seed=0)`` (``random.Random``, not
NumPy's unseeded ``random(N)``), so the numbers are not the notebook's,
but the descent is.  Run ``python scripts/reproduce_000.py``; add
``--svg fit.svg`` to write the lesson's animation too (``vecgd.animated_fit``,
one frame per 10 updates, 0.1 s each as in ``FuncAnimation(interval=100)``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import (  # noqa: E402
    SGD,
    Linear,
    Vector,
    animated_fit,
    fit,
    line_data,
    root_mean_squared_error,
    write_svg,
)

FRAMES = 40  # steps of the animation after frame 0: 41 frames in all
UPDATES_PER_FRAME = 10
LEARNING_RATE = 0.01
START = [-1.0, 1.0]  # [a, b]: the lesson's a_guess, b_guess


def main(argv: list[str] | None = None) -> int:
    """Print the RMSE after each frame of the lesson's fit, and return 0."""
    parser = argparse.ArgumentParser(description="Print the line-fit lesson's descent.")
    parser.add_argument("--seed", type=int, default=0, help="seed of the 30 points (default 0)")
    parser.add_argument("--svg", metavar="PATH", help="also write the animation to PATH")
    args = parser.parse_args(argv)
    xs, ys = line_data(n=30, a=3.0, b=8.0, seed=args.seed)
    model = Linear()

    def rmse(theta: Vector) -> float:
        return root_mean_squared_error([model.predict(theta, x) for x in xs], ys)

    print(f"frame  0: a = {START[0]:.4f}, b = {START[1]:.4f}, RMSE = {rmse(START):.4f}")
    frames = [(START[0], START[1])]

    def show(epoch: int, theta: Vector, loss: float) -> None:
        if (epoch + 1) % UPDATES_PER_FRAME == 0:
            frame = (epoch + 1) // UPDATES_PER_FRAME
            frames.append((theta[0], theta[1]))
            print(f"frame {frame:2d}: a = {theta[0]:.4f}, b = {theta[1]:.4f}, "
                  f"RMSE = {rmse(theta):.4f}")  # fmt: skip

    fit(model, xs, ys, START, SGD(LEARNING_RATE),
        epochs=FRAMES * UPDATES_PER_FRAME, callback=show)  # fmt: skip
    if args.svg:
        write_svg(args.svg, animated_fit(xs, ys, frames, interval=0.1, title="y = 3x + 8"))
        print(f"wrote {args.svg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
