"""``vecgd demo``: the lessons on their own data, in the terminal and in SVG pictures.

1. The line-fit lesson: ``y = a*x + b`` by full-batch SGD from a = -1,
   b = 1, 400 updates; its animation has 41 frames, frame 0 the start and
   each later frame 10 updates on, so the frames count 0 to 40.
2. The optimizer lesson's race: every optimizer on its data (``compare``'s
   race), with the table, the sparklines and the target.
3. Five pictures written into a folder.
"""

from __future__ import annotations

import argparse
import os
from typing import Any, Callable

from vecgd.cli._common import OK, Progress, command_parser, folder, positive_int, spark, write
from vecgd.cli._data import closed_form, lesson
from vecgd.cli.compare import EPOCHS, race, race_pictures, race_report
from vecgd.datasets import line_data
from vecgd.exact import least_squares
from vecgd.losses import root_mean_squared_error
from vecgd.models import Linear
from vecgd.optimizers import SGD
from vecgd.plot import animated_fit, scatter_chart
from vecgd.training import fit
from vecgd.vector import Vector

__all__ = ["add_parser", "run"]

# The line-fit lesson: FuncAnimation(fig, animate, np.arange(0, 40)), each
# call of animate running 10 updates of lr 0.01 from a = -1, b = 1.
STEPS, UPDATES_PER_STEP, LR, START = 40, 10, 0.01, (-1.0, 1.0)
PRINTED = (0, 1, 2, 5, 10, 20, 40)  # the frames printed
DRAWN = (0, 2, 5, 10, 40)  # the frames drawn side by side


def add_parser(commands: Any) -> None:
    """Add ``demo`` and its options to the subcommands."""
    parser = command_parser(
        commands, "demo", "Fit the lessons' lines, race the optimizers, draw the pictures.",
        "example:\n  python -m vecgd demo --out pictures/")
    parser.add_argument("--out", metavar="DIR", default="vecgd-demo",
                        help="folder for the SVG pictures (default: ./vecgd-demo/)")
    parser.add_argument("--epochs", type=positive_int, default=EPOCHS,
                        help=f"epochs of the optimizer race (default: the optimizer lesson's "
                        f"{EPOCHS})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the line fit and the race, write the pictures; return the exit status."""
    out = folder(args.out)
    print("vecgd demo: gradient descent from scratch, on the lessons' own data")
    print()
    xs, ys = line_data()
    frame_count = STEPS + 1
    print("1. The line-fit lesson: 30 points on y = 3x + 8, fitted by y = a*x + b with")
    print(f"   SGD (lr {LR}) from a = {START[0]:g}, b = {START[1]:g}, "
          f"{STEPS * UPDATES_PER_STEP} full-batch updates; its animation")
    print(f"   has {frame_count} frames, 0 (the start) to {STEPS}, "
          f"{UPDATES_PER_STEP} updates apart:")
    frames = [START]
    progress = Progress("line fit", STEPS * UPDATES_PER_STEP, args.quiet)

    def record(epoch: int, theta: Vector, loss: float) -> None:
        if (epoch + 1) % UPDATES_PER_STEP == 0:
            frames.append((theta[0], theta[1]))
        progress(epoch, theta, loss)

    try:
        fit(Linear(), xs, ys, list(START), SGD(LR), epochs=STEPS * UPDATES_PER_STEP,
            callback=record)
    finally:
        progress.close()
    errors = [root_mean_squared_error([a * x + b for x in xs], ys) for a, b in frames]
    for k in PRINTED:
        print(f"   frame {k:2}: a = {frames[k][0]:7.4f}, b = {frames[k][1]:7.4f}, "
              f"RMSE = {errors[k]:.4f}")
    a, b = least_squares(Linear(), xs, ys)
    print(f"   least squares: a = {a:.4f}, b = {b:.4f}; RMSE per frame (log): "
          f"{spark(errors, frame_count)}")
    print()

    data = lesson()
    print(f"2. The optimizer race on {data.label}:")
    print(f"   y = slope*x + intercept from 1, 1 (the lesson's start), {args.epochs} epochs of "
          "per-sample steps each")
    entries = race(data, args.epochs, 1, {}, args.quiet)
    ls_theta = closed_form(data)
    for line in race_report(data, entries, ls_theta):
        print("   " + line)
    print()

    print(f"3. Pictures (SVG; open them in a browser), in {out}{os.sep}:")
    written = [write(os.path.join(out, "line_fit.svg"), animated_fit(
        xs, ys, frames, title=f"The line-fit lesson: {frame_count} frames, 0 to {STEPS}, "
        f"{UPDATES_PER_STEP} updates apart (SGD, lr {LR})"))]
    shown = ", ".join(str(k) for k in DRAWN[:-1]) + f" and {DRAWN[-1]}"
    written.append(write(os.path.join(out, "line_fit_frames.svg"), scatter_chart(
        xs, ys, [(f"frame {k}", _line(list(frames[k]))) for k in DRAWN],
        title=f"The line-fit lesson: frames {shown}")))
    written += race_pictures(data, entries, ls_theta, os.path.join(out, "race_contour.svg"),
                             os.path.join(out, "race_losses.svg"))
    curves = {e.name: _line(e.result.theta) for e in entries if e.result is not None}
    if ls_theta is not None:
        curves["least squares"] = _line(ls_theta)
    written.append(write(os.path.join(out, "race_fits.svg"), scatter_chart(
        data.xs, data.ys, curves, title=f"The optimizer lesson's data and each optimizer's "
        f"line after {args.epochs} epochs")))
    for path in written:
        print(f"   {path}")
    return OK


def _line(theta: Vector) -> Callable[[float], float]:
    return lambda x: theta[0] * x + theta[1]
