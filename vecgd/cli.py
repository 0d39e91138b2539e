"""The command line: ``python -m vecgd demo | fit | compare | check``.

* ``demo`` -- the lessons on their own data: the line fit of seed 000,
  animated, and the optimizer race of seed 003, with a summary table and
  SVG pictures written into a folder;
* ``fit`` -- fit a model to two (or more) columns of a CSV file and print
  theta beside the closed-form least-squares answer (``--json`` for
  machines);
* ``compare`` -- race every optimizer on the same data: final loss, epochs
  to the target, a sparkline each and a contour map of their paths;
* ``check`` -- the gradient check of every built-in model, analytic against
  four numeric estimates.

``main(argv)`` returns the exit status instead of exiting: 0 for success, 1
when a fit diverged (or a gradient check failed), 2 for bad usage or bad
input.  Every error a user can cause is one line on stderr, ``vecgd:
error: ...``, never a traceback.  Progress lines go to stderr, and only when
it is a terminal.  argparse and json are imported here, never by ``import
vecgd``: this module is imported only by ``python -m vecgd`` and the
``vecgd`` console script.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Tuple

import vecgd
from vecgd.datasets import lesson_data, line_data, load_csv
from vecgd.gradients import check_gradient, estimate_gradient
from vecgd.models import (
    Linear,
    Model,
    MultipleLinear,
    Polynomial,
    Proportional,
    least_squares,
    mean_squared_error,
    root_mean_squared_error,
)
from vecgd.optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, Optimizer, RMSprop
from vecgd.plot import animated_fit, contour_chart, line_chart, scatter_chart, sparkline, write_svg
from vecgd.training import DivergenceError, FitResult, fit
from vecgd.vector import Vector

if TYPE_CHECKING:
    import argparse

__all__ = ["main"]

OK, FAILED, USAGE = 0, 1, 2

# Per-optimizer learning rates for a race.  SGD and Momentum get a rule from
# the data's scale instead (see _race_lr); the adaptive ones take steps of
# about lr per coordinate whatever the scale, so one number each will do.
OPTIMIZERS: Dict[str, Tuple[Callable[[float], Optimizer], float | None]] = {
    "sgd": (SGD, None),
    "momentum": (Momentum, None),
    "adagrad": (AdaGrad, 1.0),
    "rmsprop": (RMSprop, 0.1),
    "adam": (Adam, 0.1),
    "adamw": (AdamW, 0.1),
}
DISPLAY = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad",
           "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}
FIT_EPOCHS, FIT_LR = 20000, 0.1


class UsageError(Exception):
    """Bad usage or bad input: exit status 2."""


# === Arguments ===


def _positive_float(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number (got {text!r})")
    return value


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {text!r})")
    return value


def _model_spec(text: str) -> str:
    import argparse

    if text in ("linear", "proportional", "multi"):
        return text
    degree = text[5:] if text.startswith("poly:") else ""
    if not degree.isdigit():
        raise argparse.ArgumentTypeError(
            f"unknown model {text!r} (choose linear, proportional, poly:N or multi)")
    return text


def _lr_spec(text: str) -> Tuple[str | None, float]:
    """Parse ``LR`` (every optimizer) or ``NAME=LR`` (one optimizer)."""
    import argparse

    name, _, value = text.rpartition("=")
    if name and name.lower() not in OPTIMIZERS:
        raise argparse.ArgumentTypeError(
            f"unknown optimizer {name!r} (choose {', '.join(OPTIMIZERS)})")
    return (name.lower() or None), _positive_float(value)


SCHEDULES = "none|step:SIZE[:GAMMA]|multistep:M1,M2[:GAMMA]|exponential:GAMMA|" \
    "cosine:TMAX[:ETA_MIN]|plateau[:FACTOR[:PATIENCE]]|invscaling[:POWER]|adaptive|annealing"
_SCHEDULE_ARGS = {  # kind: (the numbers it takes, how many are required)
    "none": ((), 0), "step": ((int, float), 1), "multistep": ((list, float), 1),
    "exponential": ((float,), 1), "cosine": ((int, float), 1), "plateau": ((float, int), 0),
    "invscaling": ((float,), 0), "adaptive": ((), 0), "annealing": ((), 0),
}


def _schedule_spec(text: str) -> Tuple[str, str, List[Any]]:
    """Parse a --schedule spec into (the text, its kind, its numbers)."""
    import argparse

    kind, *parts = text.split(":")
    if kind not in _SCHEDULE_ARGS:
        raise argparse.ArgumentTypeError(f"unknown schedule {text!r} (choose {SCHEDULES})")
    types, required = _SCHEDULE_ARGS[kind]
    if not required <= len(parts) <= len(types):
        raise argparse.ArgumentTypeError(f"schedule {text!r} does not match {SCHEDULES}")
    values: List[Any] = []
    try:
        for kind_of, part in zip(types, parts):
            values.append([int(m) for m in part.split(",")] if kind_of is list else kind_of(part))
    except ValueError:
        raise argparse.ArgumentTypeError(f"schedule {text!r}: not a number in it") from None
    return text, kind, values


def _build_schedule(spec: Tuple[str, str, List[Any]], optimizer: Optimizer) -> Any:
    """Return the schedule named by a parsed --schedule, attached to optimizer."""
    from vecgd import schedules

    text, kind, values = spec
    makers: Dict[str, Callable[..., Any]] = {
        "step": schedules.StepLR, "multistep": schedules.MultiStepLR,
        "exponential": schedules.ExponentialLR, "cosine": schedules.CosineAnnealingLR,
        "invscaling": schedules.InverseScaling, "adaptive": schedules.Adaptive,
        "annealing": schedules.Annealing,
        "plateau": lambda opt, *v: schedules.ReduceLROnPlateau(opt, "min", *v),
    }
    if kind == "none":
        return None
    try:
        return makers[kind](optimizer, *values)
    except (TypeError, ValueError) as error:
        raise UsageError(f"--schedule {text}: {error}") from None


def _parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> Any:  # one line, not usage plus message
            self.exit(USAGE, f"vecgd: error: {message} (see '{self.prog} --help')\n")

    def sub(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, help=summary, description=summary, epilog=example,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("-q", "--quiet", action="store_true",
                            help="no progress line on stderr (shown only on a terminal anyway)")
        return parser

    main_parser = Parser(
        prog="vecgd", description="Gradient descent from scratch, in pure Python.",
        epilog="example:\n  python -m vecgd demo\n  python -m vecgd fit --help",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    main_parser.add_argument("--version", action="version", version=f"vecgd {vecgd.__version__}")
    commands = main_parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    demo = sub("demo", "Fit the lessons' lines, race the optimizers, draw the pictures.",
               "example:\n  python -m vecgd demo --out pictures/")
    demo.add_argument("--out", metavar="DIR", default="vecgd-demo",
                      help="folder for the SVG pictures (default: ./vecgd-demo/)")
    demo.add_argument("--epochs", type=_positive_int, default=50,
                      help="epochs of the optimizer race (default: the lesson's 50)")

    fitter = sub(
        "fit", "Fit a model to columns of a CSV file; print theta beside least squares.",
        "Features are not scaled: the defaults (Adam, lr 0.1, 20000 full-batch epochs)\n"
        "converge on data such as examples/heights.csv; plain SGD on unscaled data\n"
        "needs a small --lr and many epochs.\n\nexamples:\n"
        "  python -m vecgd fit examples/heights.csv --x height_cm --y weight_kg\n"
        "  python -m vecgd fit examples/heights.csv --model multi "
        "--features height_cm,age --y weight_kg --json\n"
        "  cat data.csv | python -m vecgd fit - --x 0 --y 1 --optimizer sgd --lr 1e-5")
    fitter.add_argument("file", metavar="FILE.csv", help="CSV file with a header row; - for stdin")
    _data_arguments(fitter, required=True)
    fitter.add_argument("--optimizer", choices=list(OPTIMIZERS), default="adam",
                        help="default: adam")
    fitter.add_argument("--lr", type=_positive_float, default=FIT_LR,
                        help=f"learning rate (default: {FIT_LR})")
    fitter.add_argument("--epochs", type=_positive_int, default=FIT_EPOCHS,
                        help=f"epochs (default: {FIT_EPOCHS})")
    fitter.add_argument("--batch-size", type=_positive_int, metavar="K",
                        help="steps on batches of K samples, shuffled (default: full batch)")
    fitter.add_argument("--seed", type=int, default=0, help="seed of the shuffle (default: 0)")
    fitter.add_argument("--schedule", type=_schedule_spec, default=("none", "none", []),
                        metavar="SPEC", help=SCHEDULES + " (default: none)")
    fitter.add_argument("--plot", metavar="OUT.svg",
                        help="write the data and both fits (multi: the loss curve) as SVG")
    fitter.add_argument("--json", action="store_true", help="print one JSON object instead")

    compare = sub(
        "compare", "Race every optimizer on the same data (the lesson's by default).",
        "The target is a loss of at most L* + 0.01 * max(L*, 0.01 * var(y)): within 1%\n"
        "of the least-squares loss L*, or of 1% of y's variance when the data fit\n"
        "exactly (L* = 0).  Unless --lr says otherwise, SGD gets lr = 0.5 / max |row|^2\n"
        "(row: a sample's design row, [x, 1] for a line; the step that lands exactly\n"
        "on the sample with the longest row), Momentum a tenth of that, AdaGrad 1,\n"
        "RMSprop, Adam and AdamW 0.1.\n\n"
        "examples:\n  python -m vecgd compare --plot race.svg\n"
        "  python -m vecgd compare examples/heights.csv --x height_cm --y weight_kg "
        "--lr adam=0.05")
    compare.add_argument("files", nargs="*", metavar="FILE.csv",
                         help="CSV files (default: the lesson's data, seed 003)")
    _data_arguments(compare, required=False)
    compare.add_argument("--lr", type=_lr_spec, action="append", default=[], metavar="[NAME=]LR",
                         help="learning rate for every optimizer, or NAME=LR for one (repeat)")
    compare.add_argument("--epochs", type=_positive_int, default=50,
                         help="epochs (default: the lesson's 50)")
    compare.add_argument("--batch-size", type=_positive_int, default=1, metavar="K",
                         help="samples per step, in file order (default: 1, the lesson's)")
    compare.add_argument("--plot", metavar="OUT.svg", help="write the contour map with the paths")
    compare.add_argument("--out", metavar="DIR", help="write the contour map and loss curves here")

    check = sub("check", "Check every built-in model's gradient against numeric estimates.",
                "example:\n  python -m vecgd check --seed 1")
    check.add_argument("--seed", type=int, default=0, help="seed of the random point (default: 0)")
    return main_parser


def _data_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    what = "" if required else " (with a file)"
    parser.add_argument("--x", metavar="COL", help=f"x column: header name or 0-based index{what}")
    parser.add_argument("--y", metavar="COL", required=required,
                        help=f"y column: header name or 0-based index{what}")
    parser.add_argument("--model", type=_model_spec, default="linear",
                        help="linear | proportional | poly:N | multi (default: linear)")
    parser.add_argument("--features", metavar="A,B,...", help="x columns of --model multi")


# === Data and models ===


@dataclass
class Data:
    """A data set to fit, with what to call it and its parameters."""

    label: str
    model: Model
    xs: List[Any]
    ys: List[float]
    names: List[str]
    theta0: Vector = field(default_factory=list)


def _column(text: str) -> Any:
    return int(text) if text.isdigit() else text


def _load(path: str, args: argparse.Namespace) -> Data:
    """Load a CSV file's columns for args.model, or raise UsageError with load_csv's words."""
    spec: str = args.model
    if args.y is None or (args.x is None and args.features is None):
        raise UsageError(f"{path}: say which columns to fit, with --x and --y")
    if spec == "multi":
        columns = (args.features or args.x).split(",")
        x_spec: Any = [_column(c) for c in columns]
    elif args.features is not None or "," in (args.x or ""):
        raise UsageError("several x columns need --model multi (with --features A,B,...)")
    else:
        x_spec = _column(args.x)
    try:
        xs, ys = load_csv(path, x_spec, _column(args.y))
    except ValueError as error:
        raise UsageError(str(error).replace("load_csv: ", "", 1)) from None
    # load_csv does not return the header, so a column given by index is named by it.
    features = [f"column {c}" if c.isdigit() else c for c in columns] if spec == "multi" else []
    model, names = _model(spec, features)
    label = "standard input" if path == "-" else path
    return Data(label, model, xs, ys, names, [0.0] * len(names))


def _model(spec: str, features: List[str]) -> Tuple[Model, List[str]]:
    """Return the model of a --model spec and the names of its parameters."""
    if spec == "linear":
        return Linear(), ["slope", "intercept"]
    if spec == "proportional":
        return Proportional(), ["w"]
    if spec == "multi":
        return MultipleLinear(), [*features, "intercept"]
    degree = int(spec[5:])
    return Polynomial(degree), [f"w{k}" for k in range(degree, 0, -1)] + ["b"]


def _lesson(spec: str = "linear") -> Data:
    """Return the lesson's data (seed 003) for a model, starting from theta = 1 (the lesson's)."""
    if spec == "multi":
        raise UsageError("--model multi needs a FILE.csv and its --features")
    xs, ys = lesson_data()
    model, names = _model(spec, [])
    return Data("the lesson's data (seed 003): y = 2x + 30, 29 points", model,
                list(xs), list(ys), names, [1.0] * len(names))


def _loss(data: Data, theta: Sequence[float]) -> float:
    return mean_squared_error([data.model.predict(theta, x) for x in data.xs], data.ys)


def _least_squares(data: Data) -> Vector | None:
    """Return the closed-form theta, or None when the normal equations are singular."""
    try:
        return least_squares(data.model, data.xs, data.ys)
    except ValueError:
        return None


# === Output ===


class Progress:
    """A callback for fit that redraws one progress line on stderr, if it is a terminal."""

    def __init__(self, label: str, total: int, quiet: bool) -> None:
        self.label, self.total = label, total
        self.shown = not quiet and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, epoch: int, theta: Vector, loss: float) -> None:
        now = time.monotonic()
        if self.shown and (now - self.last > 0.1 or epoch + 1 == self.total):
            self.last = now
            line = f"{self.label}: epoch {epoch + 1}/{self.total}, loss {loss:.6g}"
            sys.stderr.write(f"\r{line}\033[K")  # \033[K: clear the rest of the line
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> List[str]:
    """Return text lines of a table; align has 'l' or 'r' for each column."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) if side == "l" else cell.rjust(width)
                         for cell, width, side in zip(cells, widths, align)).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _spark(losses: Sequence[float], width: int = 25) -> str:
    """Return a sparkline of log10(loss): the early fall and the late crawl both show."""
    floor = max(losses) * 1e-30 if losses and max(losses) > 0 else 1e-300
    return sparkline([math.log10(max(v, floor)) for v in losses], width=width)


def _positive(losses: Sequence[float]) -> List[float]:
    """Return losses with zeros lifted for a log axis (an exact fit reaches 0)."""
    floor = max(losses) * 1e-16 if max(losses) > 0 else 1e-300
    return [max(v, floor) for v in losses]


def _write(path: str, svg: str) -> str:
    try:
        write_svg(path, svg)
    except OSError as error:
        raise UsageError(f"cannot write {path} ({error.strerror or error})") from None
    return path


def _folder(path: str) -> str:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot make the folder {path} ({error.strerror or error})") from None
    return path


def _g(x: float, digits: int = 6) -> str:
    return f"{x:.{digits}g}"


# === The race: every optimizer on one data set ===


@dataclass
class Entry:
    """One optimizer's run in a race: its fit, or the divergence that ended it."""

    name: str
    lr: float
    result: FitResult | None = None
    diverged: DivergenceError | None = None
    path: List[Vector] = field(default_factory=list)


def _race_lr(name: str, data: Data) -> float:
    """Return the default lr of an optimizer on data, rounded to 2 significant digits."""
    fixed = OPTIMIZERS[name][1]
    if fixed is not None:
        return fixed
    # One sample's squared error has curvature 2 |row|^2 along its design row;
    # lr = 1 / (2 |row|^2) solves that sample exactly (Kaczmarz's step), and a
    # larger lr overshoots it.  Momentum 0.9 makes steps 10 times longer.
    largest = max(math.fsum(float(r) ** 2 for r in data.model.design_row(x))  # type: ignore[attr-defined]
                  for x in data.xs) or 1.0  # all rows zero (x = 0 for Proportional): no scale
    lr = (0.5 if name == "sgd" else 0.05) / largest
    return float(f"{lr:.2g}")


def _race(data: Data, epochs: int, batch_size: int | None, lrs: Dict[str, float],
          quiet: bool) -> List[Entry]:
    """Fit data with every optimizer from data.theta0, recording each path."""
    entries = []
    for name, (make, _) in OPTIMIZERS.items():
        entry = Entry(DISPLAY[name], lrs.get(name) or _race_lr(name, data))
        entry.path.append(list(data.theta0))
        progress = Progress(entry.name, epochs, quiet)

        def record(epoch: int, theta: Vector, loss: float, entry: Entry = entry,
                   progress: Progress = progress) -> None:
            entry.path.append(theta)
            progress(epoch, theta, loss)

        try:
            entry.result = fit(data.model, data.xs, data.ys, data.theta0, make(entry.lr),
                               epochs=epochs, batch_size=batch_size, callback=record)
        except DivergenceError as error:
            entry.diverged = error
        finally:
            progress.close()
        entries.append(entry)
    return entries


def _target(data: Data, best: float) -> float:
    """Return the race's target loss: 1% above best, and at least 1e-4 * var(y) above it."""
    mean = math.fsum(data.ys) / len(data.ys)
    variance = math.fsum((y - mean) ** 2 for y in data.ys) / len(data.ys)
    return best + 0.01 * max(best, 0.01 * variance)


def _race_report(data: Data, entries: List[Entry], ls_theta: Vector | None) -> List[str]:
    """Return the lines of a race's table, the least-squares row and the target last."""
    best = _loss(data, ls_theta) if ls_theta is not None else min(
        (e.result.loss for e in entries if e.result), default=0.0)
    target = _target(data, best)
    rows = []
    for e in entries:
        if e.result is None:
            epoch = e.diverged.epoch if e.diverged is not None else "?"
            rows.append([e.name, _g(e.lr, 2), "diverged", "-", f"in epoch {epoch}: lower its lr",
                         ""])
            continue
        reached = next((r.epoch + 1 for r in e.result.history if r.loss <= target), None)
        rows.append([e.name, _g(e.lr, 2), _g(e.result.loss, 4),
                     "-" if reached is None else str(reached),
                     ", ".join(_g(t, 5) for t in e.result.theta), _spark(e.result.losses)])
    if ls_theta is not None:
        rows.append(["least squares", "", _g(best, 4), "", ", ".join(_g(t, 5) for t in ls_theta),
                     ""])
    headers = ["optimizer", "lr", "final loss", "epochs to target",
               ", ".join(data.names), "loss per epoch (log)"]
    return [*_table(headers, rows, "lrrrll"),
            f"target: loss <= {_g(target, 4)} = L* + 0.01 * max(L*, 0.01 * var(y)), "
            f"L* = {_g(best, 4)} the least-squares loss"]


def _race_pictures(data: Data, entries: List[Entry], ls_theta: Vector | None,
                   contour: str | None, losses: str | None) -> List[str]:
    """Write the contour map (2-parameter models) and loss curves; return the paths written."""
    done = [e for e in entries if e.result is not None]
    written = []
    if losses and done:
        curves = {e.name: _positive(e.result.losses) for e in done if e.result}
        written.append(_write(losses, line_chart(
            curves, log_y=True, title=f"Loss per epoch, {_short(data.label)}",
            ylabel="mean squared error (log scale)")))
    if contour and len(data.names) == 2:
        written.append(_write(contour, _contour(data, done, ls_theta)))
    return written


def _short(label: str) -> str:
    return label.split(" (")[0].split(":")[0]


def _contour(data: Data, entries: List[Entry], ls_theta: Vector | None) -> str:
    """Return the contour map of data's loss over its two parameters, with each path."""
    start = _loss(data, data.theta0)
    # The box holds the start, the minimum and every point of every path that is
    # not far up the walls (an erratic path would shrink the valley to a line).
    points = [data.theta0, *([ls_theta] if ls_theta else [])]
    points += [p for e in entries for p in e.path if _loss(data, p) <= 2 * start]
    ranges = []
    for k in range(2):
        low, high = min(p[k] for p in points), max(p[k] for p in points)
        pad = 0.08 * (high - low) or 1.0
        ranges.append((low - pad, high + pad))
    paths = {e.name: [(p[0], p[1]) for p in e.path] for e in entries}
    if ls_theta is not None:
        paths["least squares"] = [(ls_theta[0], ls_theta[1])]

    def f(a: float, b: float) -> float:
        return _loss(data, [a, b])

    return contour_chart(f, ranges[0], ranges[1], paths, title=f"Loss surface and paths, "
                         f"{_short(data.label)}", xlabel=data.names[0], ylabel=data.names[1])


def _lrs(given: List[Tuple[str | None, float]]) -> Dict[str, float]:
    """Return the --lr choices as a dict: a bare LR sets every optimizer, NAME=LR one."""
    # NAME=LR wins over a bare LR wherever each stands on the command line.
    lrs: Dict[str, float] = {}
    for name, lr in given:
        if name is None:
            lrs.update(dict.fromkeys(OPTIMIZERS, lr))
    lrs.update({name: lr for name, lr in given if name is not None})
    return lrs


# === The commands ===


def _demo(args: argparse.Namespace) -> int:
    out = _folder(args.out)
    print("vecgd demo: gradient descent from scratch, on the lessons' own data")
    print()
    xs, ys = line_data()
    print("1. The line fit (seed 000): 30 points on y = 3x + 8, fitted by y = a*x + b with")
    print("   SGD (lr 0.01) from a = -1, b = 1; the lesson's 40 frames of 10 full-batch updates:")
    frames = [(-1.0, 1.0)]
    progress = Progress("line fit", 400, args.quiet)

    def record(epoch: int, theta: Vector, loss: float) -> None:
        if (epoch + 1) % 10 == 0:
            frames.append((theta[0], theta[1]))
        progress(epoch, theta, loss)

    try:
        fit(Linear(), xs, ys, [-1.0, 1.0], SGD(0.01), epochs=400, callback=record)
    finally:
        progress.close()
    errors = [root_mean_squared_error([a * x + b for x in xs], ys) for a, b in frames]
    for k in (0, 1, 2, 5, 10, 20, 40):
        print(f"   frame {k:2}: a = {frames[k][0]:7.4f}, b = {frames[k][1]:7.4f}, "
              f"RMSE = {errors[k]:.4f}")
    a, b = least_squares(Linear(), xs, ys)
    print(f"   least squares: a = {a:.4f}, b = {b:.4f}; RMSE per frame (log): {_spark(errors, 41)}")
    print()

    data = _lesson()
    print(f"2. The optimizer race on {data.label}:")
    print(f"   y = slope*x + intercept from 1, 1 (the lesson's start), {args.epochs} epochs of "
          "per-sample steps each")
    entries = _race(data, args.epochs, 1, {}, args.quiet)
    ls_theta = _least_squares(data)
    for line in _race_report(data, entries, ls_theta):
        print("   " + line)
    print()

    print(f"3. Pictures (SVG; open them in a browser), in {out}{os.sep}:")
    done = [e for e in entries if e.result is not None]
    written = [_write(os.path.join(out, "line_fit.svg"), animated_fit(
        xs, ys, frames, title="The line fit of seed 000: 40 frames of 10 updates (SGD, lr 0.01)"))]
    shown = (0, 2, 5, 10, 40)
    written.append(_write(os.path.join(out, "line_fit_frames.svg"), scatter_chart(
        xs, ys, [(f"frame {k}", _line(list(frames[k]))) for k in shown],
        title="The line fit of seed 000: frames 0, 2, 5, 10 and 40")))
    written += _race_pictures(data, entries, ls_theta, os.path.join(out, "race_contour.svg"),
                              os.path.join(out, "race_losses.svg"))
    curves = {e.name: _line(e.result.theta) for e in done if e.result}
    if ls_theta is not None:
        curves["least squares"] = _line(ls_theta)
    written.append(_write(os.path.join(out, "race_fits.svg"), scatter_chart(
        data.xs, data.ys, curves, title=f"The lesson's data and each optimizer's line after "
        f"{args.epochs} epochs")))
    for path in written:
        print(f"   {path}")
    return OK


def _line(theta: Vector) -> Callable[[float], float]:
    return lambda x: theta[0] * x + theta[1]


def _fit(args: argparse.Namespace) -> int:
    data = _load(args.file, args)
    if args.plot and not os.path.isdir(os.path.dirname(os.path.abspath(args.plot))):
        raise UsageError(f"cannot write {args.plot} (no such folder)")
    optimizer = OPTIMIZERS[args.optimizer][0](args.lr)
    schedule = _build_schedule(args.schedule, optimizer)
    progress = Progress("fit", args.epochs, args.quiet)
    try:
        result = fit(data.model, data.xs, data.ys, data.theta0, optimizer, epochs=args.epochs,
                     batch_size=args.batch_size, shuffle=args.batch_size is not None,
                     seed=args.seed, schedule=schedule, callback=progress)
    except DivergenceError as error:
        return _diverged(error)
    finally:
        progress.close()
    ls_theta = _least_squares(data)
    ls_loss = _loss(data, ls_theta) if ls_theta is not None else None
    if args.plot:
        _write(args.plot, _fit_picture(args, data, result.theta, ls_theta, result.losses))
    if args.json:
        import json

        print(json.dumps({
            "file": data.label, "rows": len(data.ys), "model": args.model,
            "parameters": data.names, "theta": result.theta, "loss": result.loss,
            "least_squares": None if ls_theta is None else {"theta": ls_theta, "loss": ls_loss},
            "optimizer": args.optimizer, "lr": args.lr, "epochs": result.epochs,
            "batch_size": args.batch_size, "schedule": args.schedule[0],
            "stop_reason": result.stop_reason}))
        return OK
    batches = "full batch" if args.batch_size is None else f"batches of {args.batch_size}"
    print(f"fit: {data.label}, {len(data.ys)} rows; y = {args.y}, model {args.model}: "
          f"theta = [{', '.join(data.names)}]")
    print(f"{DISPLAY[args.optimizer]}, lr {_g(args.lr)}, {batches}, {result.epochs} epochs, "
          f"schedule {args.schedule[0]}")
    print()
    rows = [[name, _g(t), *_beside(t, None if ls_theta is None else ls_theta[k])]
            for k, (name, t) in enumerate(zip(data.names, result.theta))]
    rows.append(["loss (MSE)", _g(result.loss), *_beside(result.loss, ls_loss)])
    for line in _table(["parameter", "descent", "least squares", "difference"], rows, "lrrr"):
        print(line)
    print()
    print(f"loss per epoch (log scale): {_spark(result.losses, 40)}")
    print(_verdict(result.loss, ls_loss))
    if args.plot:
        print(f"wrote {args.plot}")
    return OK


def _beside(value: float, exact: float | None) -> List[str]:
    """Return the least-squares cell and the difference cell of a row of fit's table."""
    return ["", ""] if exact is None else [_g(exact), f"{value - exact:.1e}"]


def _verdict(loss: float, ls_loss: float | None) -> str:
    if ls_loss is None:
        return "least squares: no single answer (the columns are linearly dependent)"
    if ls_loss == 0:
        return f"the data fit the model exactly; descent's loss is {loss:.2g}"
    excess = (loss - ls_loss) / ls_loss
    if excess <= 0.01:
        return f"descent's loss is within {excess * 100:.2g}% of the least-squares loss"
    return (f"descent's loss is {excess * 100:.3g}% above the least-squares loss: try more "
            "--epochs, another --lr, or scaled features")


def _fit_picture(args: argparse.Namespace, data: Data, theta: Vector,
                 ls_theta: Vector | None, losses: List[float]) -> str:
    if args.model == "multi":
        return line_chart({"descent": _positive(losses)}, log_y=True,
                          title=f"Loss per epoch, {data.label}", ylabel="mean squared error")
    curves: Dict[str, Callable[[float], float]] = {
        "descent": lambda x: data.model.predict(theta, x)}
    if ls_theta is not None:
        curves["least squares"] = lambda x: data.model.predict(ls_theta, x)
    return scatter_chart(data.xs, data.ys, curves, title=f"{data.label}: model {args.model}",
                         xlabel=str(args.x), ylabel=str(args.y))


def _diverged(error: DivergenceError) -> int:
    print(f"vecgd: error: the fit diverged in epoch {error.epoch} with lr {error.lr!r}: "
          f"try a smaller --lr, such as {error.lr / 10!r}", file=sys.stderr)
    return FAILED


def _compare(args: argparse.Namespace) -> int:
    if not args.files and (args.x or args.y or args.features):
        raise UsageError("--x, --y and --features name columns of a FILE.csv; give one")
    if args.plot and len(args.files) > 1:
        raise UsageError("--plot draws one data set; with several files use --out DIR")
    datasets = [_load(path, args) for path in args.files] or [_lesson(args.model)]
    if args.out:
        _folder(args.out)
    lrs = _lrs(args.lr)
    failed = False
    for data in datasets:
        if len(data.ys) < 2:
            raise UsageError(f"{data.label}: a race needs at least 2 rows (got 1)")
        batches = "per-sample" if args.batch_size == 1 else f"batch-of-{args.batch_size}"
        print(f"compare: {data.label}")
        print(f"{args.epochs} epochs of {batches} steps from "
              f"{', '.join(f'{n} = {_g(t)}' for n, t in zip(data.names, data.theta0))}")
        print()
        entries = _race(data, args.epochs, args.batch_size, lrs, args.quiet)
        ls_theta = _least_squares(data)
        for line in _race_report(data, entries, ls_theta):
            print(line)
        failed = failed or all(e.result is None for e in entries)
        stem = "lesson" if data.label.startswith("the lesson") else \
            os.path.splitext(os.path.basename(data.label))[0]
        folder = args.out or ""
        contour = args.plot or (args.out and os.path.join(folder, f"{stem}-contour.svg"))
        losses = args.out and os.path.join(folder, f"{stem}-losses.svg")
        written = _race_pictures(data, entries, ls_theta, contour, losses)
        if contour and len(data.names) != 2:
            print(f"(no contour map: the model has {len(data.names)} parameters, not 2)")
        for path in written:
            print(f"wrote {path}")
        print()
    return FAILED if failed else OK


def _check(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    models: List[Tuple[Linear | Proportional | Polynomial | MultipleLinear, List[str], int]] = [
        (Linear(), ["slope", "intercept"], 0), (Proportional(), ["w"], 0),
        (Polynomial(2), ["w2", "w1", "b"], 0), (Polynomial(3), ["w3", "w2", "w1", "b"], 0),
        (MultipleLinear(), ["w1", "w2", "w3", "b"], 3)]
    methods = ["forward", "central", "complex", "richardson"]
    print(f"check: analytic gradients of the mean squared error over 8 random samples, at a "
          f"random theta (seed {args.seed});")
    print("relative error |analytic - numeric| / max(|analytic|, |numeric|) of each estimate")
    print()
    rows: List[List[str]] = []
    notes: List[str] = []
    failures = 0
    for model, names, features in models:
        theta = [rng.uniform(-2, 2) for _ in names]
        xs: List[Any] = [[rng.uniform(-2, 2) for _ in range(features)] if features
                         else rng.uniform(-2, 2) for _ in range(8)]
        ys = [rng.uniform(-2, 2) for _ in xs]

        def f(v: Sequence[float], model: Linear | Proportional | Polynomial | MultipleLinear
              = model, xs: List[Any] = xs, ys: List[float] = ys) -> float:
            # A plain sum, not fsum, and the unchecked _predict (predict refuses a complex
            # theta), so that complex theta goes through (the complex step).
            total: float = sum((model._predict(v, x) - y) ** 2 for x, y in zip(xs, ys))
            return total / len(xs)

        def gradient(v: Sequence[float], model: Model = model, xs: List[Any] = xs,
                     ys: List[float] = ys) -> Vector:
            each = [model.gradient(v, x, y) for x, y in zip(xs, ys)]
            return [math.fsum(column) / len(xs) for column in zip(*each)]

        analytic = gradient(theta)
        columns: List[List[float] | None] = []
        for method in methods:
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
    for line in _table(["model", "parameter", "analytic", *methods, "check_gradient"], rows,
                       "llrrrrrl"):
        print(line)
    for note in notes:
        print(f"note: {note}")
    print(f"check_gradient (complex step or Richardson, rtol 1e-6): "
          f"{len(models) - failures} of {len(models)} models ok")
    return FAILED if failures else OK


def _relative(a: float, n: float) -> float:
    scale = max(abs(a), abs(n))
    return abs(a - n) / scale if scale else 0.0


# === main ===


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on argv (default: sys.argv[1:]) and return the exit status.

    0: success; 1: a fit diverged, or a gradient check failed; 2: bad usage
    or bad input (a file that cannot be read, an unknown column, a cell that
    is not a number, a learning rate that is not positive, ...), reported in
    one line on stderr.  argparse's own exits (``--help``, ``--version``,
    usage errors) are returned, not raised.

    >>> main(["--version"])
    vecgd 0.1.0
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exit:  # --help, --version and usage errors
        return exit.code if isinstance(exit.code, int) else USAGE
    commands = {"demo": _demo, "fit": _fit, "compare": _compare, "check": _check}
    if args.command is None:
        parser.print_help()
        return OK
    try:
        return commands[args.command](args)
    except UsageError as error:
        print(f"vecgd: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("vecgd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m vecgd demo | head`: the reader left; say nothing more
        # Python's advice (signal module docs): point stdout at devnull so the
        # flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return FAILED
