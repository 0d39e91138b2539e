"""``vecgd compare``: race every optimizer of the table on the same data.

The race fits the data once per optimizer, from the same start, and
reports each final loss, the epochs each took to reach a target near the
least-squares loss, a sparkline of each loss curve, and (for a model of two
parameters) a contour map of the paths.  Then the full-batch searches race
on the same budget of passes over the data: descent whose step a line
search chooses (Armijo's, Wolfe's) and L-BFGS (with and without its strong
Wolfe search).  ``vecgd demo`` runs the same race on the optimizer lesson's
data.
"""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from vecgd.cli._common import (
    FAILED,
    OK,
    Progress,
    UsageError,
    command_parser,
    folder,
    g,
    positive,
    positive_int,
    spark,
    table,
    write,
)
from vecgd.cli._data import Data, Once, closed_form, data_arguments, lesson, load, loss
from vecgd.cli.families import OPTIMIZERS, family_help, parse_lr
from vecgd.datasets import example, examples
from vecgd.descent import DivergenceError
from vecgd.exact import eigenvalues, least_squares_hessian
from vecgd.lbfgs import LBFGS
from vecgd.minimize import minimize
from vecgd.optimizers import SGD
from vecgd.plot import contour_chart, line_chart
from vecgd.theory import quadratic_rates, theory_chart
from vecgd.training import FitResult, fit
from vecgd.vector import Vector

__all__ = ["Entry", "add_parser", "race", "race_lr", "race_pictures", "race_report", "run",
           "search_race", "theory"]

EPOCHS = 50  # the optimizer lesson's


def add_parser(commands: Any) -> None:
    """Add ``compare`` and its options to the subcommands."""
    lrs = family_help("learning rates (unless --lr says otherwise)", [
        (name, f"{kind.make.__name__}, lr {g(kind.race_lr)}"
         + (" / max |row|^2" if kind.by_scale else "")) for name, kind in OPTIMIZERS.items()])
    parser = command_parser(
        commands, "compare",
        "Race every optimizer on the same data (the optimizer lesson's by default).",
        "The target is a loss of at most L* + 0.01 * max(L*, 0.01 * var(y)): within 1%\n"
        "of the least-squares loss L*, or of 1% of y's variance when the data fit\n"
        "exactly (L* = 0).  Some learning rates follow the data's scale: row is a\n"
        "sample's design row, [x, 1] for a line, and SGD's 0.5 / max |row|^2 is the\n"
        "step that lands exactly on the sample with the longest row.\n\n"
        f"{lrs}\n\n"
        "examples:\n  python -m vecgd compare --plot race.svg\n"
        "  python -m vecgd compare --example heights --x height_cm --y weight_kg "
        "--lr adam=0.05")
    parser.add_argument("files", nargs="*", metavar="FILE.csv",
                        help="CSV files (default: the optimizer lesson's data)")
    parser.add_argument("--example", metavar="NAME", action=Once,
                        help=f"a data file shipped with vecgd: {', '.join(examples())}")
    data_arguments(parser, required=False)
    parser.add_argument("--lr", type=parse_lr, action="append", default=[], metavar="[NAME=]LR",
                        help="learning rate for every optimizer, or NAME=LR for one (repeat)")
    parser.add_argument("--epochs", type=positive_int, default=EPOCHS,
                        help=f"epochs (default: the optimizer lesson's {EPOCHS})")
    parser.add_argument("--batch-size", type=positive_int, default=1, metavar="K",
                        help="samples per step, in file order (default: 1, the optimizer "
                        "lesson's)")
    parser.add_argument("--plot", metavar="OUT.svg", help="write the contour map with the paths")
    parser.add_argument("--out", metavar="DIR", help="write the contour map and loss curves here")
    parser.add_argument("--theory", metavar="OUT.svg",
                        help="write the theory's map of (lr, momentum) for full-batch descent on "
                        "the data, and print its best settings and predicted epochs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Race on each file (or the optimizer lesson's data); return the exit status."""
    given = len(args.files) + (args.example is not None)
    if not given and (args.x or args.y or args.features):
        raise UsageError("--x, --y and --features name columns of a FILE.csv or --example; "
                         "give one")
    if (args.plot or args.theory) and given > 1:
        raise UsageError("--plot and --theory draw one data set; with several files use --out DIR")
    datasets = [load(path, args) for path in args.files]
    stems = [os.path.splitext(os.path.basename(path))[0] for path in args.files]
    if args.example is not None:
        try:
            path = example(args.example)
        except ValueError as error:
            raise UsageError(str(error)) from None
        datasets.append(load(str(path), args, label=f"example {args.example}"))
        stems.append(args.example)
    if not datasets:
        datasets, stems = [lesson(args.model)], ["lesson"]
    if args.out:
        folder(args.out)
    lrs = _lrs(args.lr)
    failed = False
    for data, stem in zip(datasets, stems):
        if len(data.ys) < 2:
            raise UsageError(f"{data.label}: a race needs at least 2 rows (got 1)")
        batches = "per-sample" if args.batch_size == 1 else f"batch-of-{args.batch_size}"
        print(f"compare: {data.label}")
        print(f"{args.epochs} epochs of {batches} steps from "
              f"{', '.join(f'{n} = {g(t)}' for n, t in zip(data.names, data.theta0))}")
        print()
        entries = race(data, args.epochs, args.batch_size, lrs, args.quiet)
        ls_theta = closed_form(data)
        for line in race_report(data, entries, ls_theta):
            print(line)
        print()
        for line in search_race(data, args.epochs, entries, ls_theta):
            print(line)
        failed = failed or all(e.result is None for e in entries)
        where = args.out or ""
        contour = args.plot or (args.out and os.path.join(where, f"{stem}-contour.svg"))
        losses = args.out and os.path.join(where, f"{stem}-losses.svg")
        written = race_pictures(data, entries, ls_theta, contour, losses)
        if contour and len(data.names) != 2:
            print(f"(no contour map: the model has {len(data.names)} parameters, not 2)")
        if args.theory:
            written += theory(data, args.theory)
        for path in written:
            print(f"wrote {path}")
        print()
    return FAILED if failed else OK


def _lrs(given: List[Tuple[str | None, float]]) -> Dict[str, float]:
    """Return the --lr choices as a dict: a bare LR sets every optimizer, NAME=LR one."""
    # NAME=LR wins over a bare LR wherever each stands on the command line.
    lrs: Dict[str, float] = {}
    for name, lr in given:
        if name is None:
            lrs.update(dict.fromkeys(OPTIMIZERS, lr))
    lrs.update({name: lr for name, lr in given if name is not None})
    return lrs


# === The race: every optimizer on one data set ===


@dataclass
class Entry:
    """One optimizer's run in a race: its fit, or the divergence that ended it."""

    name: str
    lr: float
    result: FitResult | None = None
    diverged: DivergenceError | None = None
    path: List[Vector] = field(default_factory=list)


def race_lr(name: str, data: Data) -> float:
    """Return an optimizer's lr on data, rounded to 2 significant digits: the table's,
    divided by the largest squared design row where the table says ``by_scale``."""
    kind = OPTIMIZERS[name]
    if not kind.by_scale:
        return kind.race_lr
    largest = max(math.fsum(float(r) ** 2 for r in data.model.design_row(x))  # type: ignore[attr-defined]
                  for x in data.xs) or 1.0  # all rows zero (x = 0 for Proportional): no scale
    return float(f"{kind.race_lr / largest:.2g}")


def race(data: Data, epochs: int, batch_size: int | None, lrs: Dict[str, float],
         quiet: bool) -> List[Entry]:
    """Fit data with every optimizer from data.theta0, recording each path."""
    entries = []
    for name, kind in OPTIMIZERS.items():
        if kind.full_batch:  # L-BFGS races in search_race, on the loss over all the data
            continue
        entry = Entry(kind.make.__name__, lrs.get(name) or race_lr(name, data))
        entry.path.append(list(data.theta0))
        progress = Progress(entry.name, epochs, quiet)

        def record(epoch: int, theta: Vector, loss: float, entry: Entry = entry,
                   progress: Progress = progress) -> None:
            entry.path.append(theta)
            progress(epoch, theta, loss)

        try:
            entry.result = fit(data.model, data.xs, data.ys, data.theta0, kind.make(entry.lr),
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


def race_report(data: Data, entries: List[Entry], ls_theta: Vector | None) -> List[str]:
    """Return the lines of a race's table, the least-squares row and the target last."""
    best = loss(data, ls_theta) if ls_theta is not None else min(
        (e.result.loss for e in entries if e.result), default=0.0)
    target = _target(data, best)
    rows = []
    for e in entries:
        if e.result is None:
            epoch = e.diverged.epoch if e.diverged is not None else "?"
            rows.append([e.name, g(e.lr, 2), "diverged", "-", f"in epoch {epoch}: lower its lr",
                         ""])
            continue
        reached = next((r.epoch + 1 for r in e.result.history if r.loss <= target), None)
        rows.append([e.name, g(e.lr, 2), g(e.result.loss, 4),
                     "-" if reached is None else str(reached),
                     ", ".join(g(t, 5) for t in e.result.theta), spark(e.result.losses)])
    if ls_theta is not None:
        rows.append(["least squares", "", g(best, 4), "", ", ".join(g(t, 5) for t in ls_theta),
                     ""])
    headers = ["optimizer", "lr", "final loss", "epochs to target",
               ", ".join(data.names), "loss per epoch (log)"]
    return [*table(headers, rows, "lrrrll"),
            f"target: loss <= {g(target, 4)} = L* + 0.01 * max(L*, 0.01 * var(y)), "
            f"L* = {g(best, 4)} the least-squares loss"]


def search_race(data: Data, passes: int, entries: List[Entry],
                ls_theta: Vector | None) -> List[str]:
    """Return the lines of the full-batch searches' table: passes over the data to the target.

    A pass is one evaluation of the loss, or of its mean gradient, over all
    the data (L-BFGS's evaluation of both is one pass); an epoch of the
    race is a pass too.  The searches start from ``1 / max |row|^2``, a
    step below 2 / (the loss's largest curvature), and each run stops once
    it has used ``passes`` passes (an L-BFGS step, up to 25 passes, may end
    past them: its count says so).
    """
    best = loss(data, ls_theta) if ls_theta is not None else min(
        (e.result.loss for e in entries if e.result), default=0.0)
    target = _target(data, best)
    lr = 2 * race_lr("sgd", data)  # 0.5 / max |row|^2 is sgd's
    searches: List[Tuple[str, Callable[[], Searched]]] = [
        ("Armijo (SGD)", lambda: _searched(data, "armijo", lr, passes, target)),
        ("Wolfe (SGD)", lambda: _searched(data, "wolfe", lr, passes, target)),
        ("LBFGS", lambda: _lbfgs(data, LBFGS(), passes, target)),
        ("LBFGS+Wolfe",
         lambda: _lbfgs(data, LBFGS(line_search_fn="strong_wolfe"), passes, target))]
    rows = []
    for name, run in searches:
        try:
            theta, reached = run()
        except DivergenceError:
            rows.append([name, "diverged", "-", ""])
            continue
        rows.append([name, g(loss(data, theta), 4), "-" if reached is None else str(reached),
                     ", ".join(g(t, 5) for t in theta)])
    return [f"full batch, {passes} passes over the data (a pass: the loss or its gradient over "
            f"all rows; an L-BFGS step may end past them); line searches start at lr {g(lr, 2)}",
            *table(["search", "final loss", "passes to target", ", ".join(data.names)], rows,
                   "lrrl")]


Searched = Tuple[Vector, Optional[int]]  # the last theta, the passes it took to the target


def _searched(data: Data, kind: str, lr: float, passes: int, target: float) -> Searched:
    """Run minimize with a line search on data's loss until passes run out."""
    reached: List[int] = []
    used = [0, 0]

    def stop(step: int, theta: Vector, value: float) -> None:
        if value <= target and not reached:
            reached.append(sum(used))
        if sum(used) >= passes:
            raise StopIteration

    def f(theta: Vector) -> float:
        used[0] += 1
        return loss(data, theta)

    def gradient(theta: Vector) -> Vector:
        used[1] += 1
        return data.model.mean_gradient(theta, data.xs, data.ys)[0]

    result = minimize(f, data.theta0, SGD(lr), steps=passes, gradient=gradient,
                      line_search=kind, callback=stop)
    return result.x, reached[0] if reached else None


def _lbfgs(data: Data, optimizer: LBFGS, passes: int, target: float) -> Searched:
    """Take L-BFGS steps on data's loss until passes run out."""
    theta, reached = list(data.theta0), None

    def loss_and_gradient(w: Vector) -> Tuple[float, Vector]:
        mean, value = data.model.mean_gradient(w, data.xs, data.ys)
        return value, mean

    while optimizer.func_evals < passes:
        theta = optimizer.step(theta, loss_and_gradient)
        if reached is None and loss(data, theta) <= target:
            reached = optimizer.func_evals
    return theta, reached


def race_pictures(data: Data, entries: List[Entry], ls_theta: Vector | None,
                  contour: str | None, losses: str | None) -> List[str]:
    """Write the contour map (2-parameter models) and loss curves; return the paths written."""
    done = [e for e in entries if e.result is not None]
    written = []
    if losses and done:
        curves = {e.name: positive(e.result.losses) for e in done if e.result}
        written.append(write(losses, line_chart(
            curves, log_y=True, title=f"Loss per epoch, {_short(data.label)}",
            ylabel="mean squared error (log scale)")))
    if contour and len(data.names) == 2:
        written.append(write(contour, _contour(data, done, ls_theta)))
    return written


def theory(data: Data, path: str) -> List[str]:
    """Print what theory predicts for full-batch descent on data; draw it; return [path].

    The least-squares loss is a quadratic whose Hessian is ``2/n X^T X``
    (X: the design rows); its eigenvalues give ``quadratic_rates``.
    """
    values = eigenvalues(least_squares_hessian(data.model, data.xs))
    if min(values) <= 0:
        print("(no theory map: the least-squares loss has a flat direction, an eigenvalue "
              f"{g(min(values), 3)})")
        return []
    rates = quadratic_rates(values)
    print(f"theory, full batch: condition number {g(rates.condition_number, 3)}; to shrink the "
          "distance to least squares a million times:")
    print(f"  descent at its best lr {g(rates.descent_lr, 3)} contracts by "
          f"{g(rates.descent_rate, 7)} per epoch: {rates.steps(1e-6)} epochs")
    print(f"  momentum at its best, lr {g(rates.momentum_lr, 3)} and momentum "
          f"{g(rates.momentum, 4)}, by {g(rates.momentum_rate, 7)}: "
          f"{rates.steps(1e-6, 'momentum')} epochs")
    return [write(path, theory_chart(values, title=f"Learning rate and momentum, "
                                     f"{_short(data.label)}"))]


def _short(label: str) -> str:
    """Return a data set's short name: a file's base name, the lesson's words before the colon."""
    return os.path.basename(label.split(" (")[0].split(":")[0])


def _contour(data: Data, entries: List[Entry], ls_theta: Vector | None) -> str:
    """Return the contour map of data's loss over its two parameters, with each path."""
    start = loss(data, data.theta0)
    # The box holds the start, the minimum and every point of every path that is
    # not far up the walls (an erratic path would shrink the valley to a line).
    points = [data.theta0, *([ls_theta] if ls_theta else [])]
    points += [p for e in entries for p in e.path if loss(data, p) <= 2 * start]
    ranges = []
    for k in range(2):
        low, high = min(p[k] for p in points), max(p[k] for p in points)
        pad = 0.08 * (high - low) or 1.0
        ranges.append((low - pad, high + pad))
    paths = {e.name: [(p[0], p[1]) for p in e.path] for e in entries}
    if ls_theta is not None:
        paths["least squares"] = [(ls_theta[0], ls_theta[1])]

    def f(a: float, b: float) -> float:
        return loss(data, [a, b])

    return contour_chart(f, ranges[0], ranges[1], paths, title=f"Loss surface and paths, "
                         f"{_short(data.label)}", xlabel=data.names[0], ylabel=data.names[1])
