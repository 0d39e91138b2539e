"""Race the step sizes on real data to the least-squares answer, beside what theory predicts.

The loss is the mean squared error of a linear model, a quadratic whose
Hessian is ``H = 2/n X^T X`` (X: the design rows, a 1 for the intercept).
Its eigenvalues (``vecgd.least_squares_hessian``, H summed exactly, and
``vecgd.eigenvalues``, Jacobi rotations) go into ``vecgd.quadratic_rates``,
which gives plain descent's best constant step and the heavy ball's best
setting and their predicted epochs; then each method runs from theta = 0 until theta is within 1e-6
(relative, Euclidean) of the least-squares answer, the command line's
"converged":

* full-batch descent (SGD) at the theory's best step, and Momentum at the
  heavy ball's best setting: one pass over the data per epoch;
* descent whose step Armijo's backtracking or the Wolfe search chooses
  from alpha = 1 (SciPy's first trial), without knowing the curvature;
* L-BFGS, PyTorch's defaults, with and without its strong Wolfe search.

A pass is one evaluation of the loss, or of its gradient, over all the
data (L-BFGS's evaluation of both is one pass).  The contraction per
epoch that descent and momentum show (over the second half of their runs)
is printed beside the predicted one.  ``--svg`` writes the theory's map of
the (lr, momentum) plane for these eigenvalues (docs/step_size.md's
picture comes from ``python scripts/step_size.py --svg docs/step_size_theory.svg``).

    python scripts/step_size.py                       # the book's chapter 15 data
    python scripts/step_size.py --example heights --x height_cm --y weight_kg
    python scripts/step_size.py --csv FILE.csv --x COLUMN --y COLUMN
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Callable, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vecgd  # noqa: E402

Vector = List[float]
TOLERANCE = 1e-6  # relative distance to the least-squares theta: "converged"
BOOK = vecgd.example("daily_minutes")


def distance(theta: Sequence[float], exact: Sequence[float]) -> float:
    return math.hypot(*(t - e for t, e in zip(theta, exact))) / math.hypot(*exact)


class Problem:
    """The data, its model, the least-squares answer and counted evaluations."""

    def __init__(self, model: vecgd.Model, xs: List[object], ys: List[float]) -> None:
        self.model, self.xs, self.ys = model, xs, ys
        self.exact = vecgd.least_squares(model, xs, ys)
        self.start = [0.0] * len(self.exact)
        self.passes = 0

    def loss(self, theta: Vector) -> float:
        self.passes += 1
        return self.model.mean_gradient(theta, self.xs, self.ys)[1]

    def gradient(self, theta: Vector) -> Vector:
        self.passes += 1
        return self.model.mean_gradient(theta, self.xs, self.ys)[0]

    def both(self, theta: Vector) -> Tuple[float, Vector]:
        self.passes += 1
        mean, loss = self.model.mean_gradient(theta, self.xs, self.ys)
        return loss, mean


class Outcome:
    def __init__(self) -> None:
        self.steps: int | None = None
        self.passes: int | None = None
        self.errors: List[float] = []


def by_epochs(problem: Problem, optimizer: object, cap: int) -> Outcome:
    """Fit full batch, one pass per epoch, until converged or cap epochs."""
    outcome = Outcome()

    def stop(epoch: int, theta: Vector, loss: float) -> None:
        outcome.errors.append(distance(theta, problem.exact))
        if outcome.errors[-1] <= TOLERANCE:
            outcome.steps = outcome.passes = epoch + 1
            raise StopIteration

    vecgd.fit(problem.model, problem.xs, problem.ys, problem.start, optimizer, epochs=cap,
              callback=stop)
    return outcome


def searched(problem: Problem, kind: str, cap: int) -> Outcome:
    """Descent with a line search from alpha = 1, until converged or cap passes."""
    outcome = Outcome()
    problem.passes = 0

    def stop(step: int, theta: Vector, value: float) -> None:
        if distance(theta, problem.exact) <= TOLERANCE:
            outcome.steps, outcome.passes = step + 1, problem.passes
            raise StopIteration
        if problem.passes >= cap:
            raise StopIteration

    vecgd.minimize(problem.loss, problem.start, vecgd.SGD(1.0), steps=cap, line_search=kind,
                   gradient=problem.gradient, callback=stop)
    return outcome


def lbfgs(problem: Problem, optimizer: vecgd.LBFGS, cap: int) -> Outcome:
    """L-BFGS steps until an evaluated theta has converged, or cap passes."""
    outcome = Outcome()
    problem.passes = 0

    def closure(theta: Vector) -> Tuple[float, Vector]:
        if outcome.passes is None and distance(theta, problem.exact) <= TOLERANCE:
            outcome.passes, outcome.steps = problem.passes, optimizer.n_iter
        return problem.both(theta)

    theta = problem.start
    while outcome.passes is None and problem.passes < cap:
        theta = optimizer.step(theta, closure)
    return outcome


def observed(errors: Sequence[float]) -> float | None:
    """Return the mean contraction per epoch over the second half of the errors."""
    if len(errors) < 4 or errors[len(errors) // 2] == 0:
        return None
    half = len(errors) // 2
    return float((errors[-1] / errors[half - 1]) ** (1 / (len(errors) - half)))


def rounded(rate: float) -> str:
    """Return a contraction to 6 decimals, or 9 where 6 would round it to 1."""
    return f"{rate:.6f}" if rate < 0.9999 else f"{rate:.9f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", help="a CSV file (default: the book's chapter 15 data, "
                        "friends, work hours and PhD -> daily minutes)")
    parser.add_argument("--example", metavar="NAME",
                        help=f"a data file shipped with vecgd: {', '.join(vecgd.examples())}")
    parser.add_argument("--x", default="friends,work_hours,phd", help="x column(s)")
    parser.add_argument("--y", default="daily_minutes", help="y column")
    parser.add_argument("--cap", type=int, default=200_000, help="most epochs or passes per run")
    parser.add_argument("--svg", help="write the theory's (lr, momentum) map here")
    args = parser.parse_args(argv)
    if args.csv and args.example:
        parser.error("give --csv FILE or --example NAME, not both")
    args.csv = str(vecgd.example(args.example)) if args.example else args.csv or str(BOOK)
    columns = args.x.split(",")
    if len(columns) > 1:
        xs, ys = vecgd.load_csv(args.csv, columns, args.y)
        model: vecgd.Model = vecgd.MultipleLinear()
    else:
        xs, ys = vecgd.load_csv(args.csv, columns[0], args.y)
        model = vecgd.Linear()
    problem = Problem(model, list(xs), list(ys))
    values = vecgd.eigenvalues(vecgd.least_squares_hessian(model, xs))
    rates = vecgd.quadratic_rates(values)
    shrink = TOLERANCE / distance(problem.start, problem.exact)  # the factor to shrink by
    print(f"{args.csv}: {len(ys)} rows, y = {args.y}, x = {', '.join(columns)} (unscaled)")
    print("Hessian eigenvalues (2/n X^T X): "
          + ", ".join(f"{v:.6g}" for v in values))
    print(f"condition number {rates.condition_number:.6g}; least squares theta = "
          + ", ".join(f"{t:.6g}" for t in problem.exact))
    print(f"converged: theta within {TOLERANCE:g} of it (relative); from theta = 0 that is "
          f"a distance shrunk by {shrink:.3g}\n")
    runs: List[Tuple[str, str, int | None, Callable[[], Outcome], float | None]] = [
        ("descent (SGD)", f"lr {rates.descent_lr:.4g}", rates.steps(shrink),
         lambda: by_epochs(problem, vecgd.SGD(rates.descent_lr), args.cap), rates.descent_rate),
        ("heavy ball (Momentum)", f"lr {rates.momentum_lr:.4g}, momentum {rates.momentum:.4g}",
         rates.steps(shrink, "momentum"),
         lambda: by_epochs(problem, vecgd.Momentum(rates.momentum_lr, rates.momentum),
                           args.cap), rates.momentum_rate),
        ("descent, Armijo", "from alpha 1", None, lambda: searched(problem, "armijo", args.cap),
         None),
        ("descent, Wolfe", "from alpha 1", None, lambda: searched(problem, "wolfe", args.cap),
         None),
        ("L-BFGS", "PyTorch's defaults", None,
         lambda: lbfgs(problem, vecgd.LBFGS(), args.cap), None),
        ("L-BFGS, strong Wolfe", "PyTorch's defaults", None,
         lambda: lbfgs(problem, vecgd.LBFGS(line_search_fn="strong_wolfe"), args.cap), None),
    ]
    print("| method | setting | predicted epochs | steps to converge | passes over the data "
          "| contraction per epoch: observed (predicted) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, setting, predicted, run, rate in runs:
        outcome = run()
        seen = observed(outcome.errors)
        contraction = "" if rate is None else (
            f"{rounded(seen)} ({rounded(rate)})" if seen is not None else f"- ({rounded(rate)})")
        print(f"| {name} | {setting} | {'' if predicted is None else predicted} | "
              f"{outcome.steps if outcome.steps is not None else f'> {args.cap}'} | "
              f"{outcome.passes if outcome.passes is not None else f'> {args.cap}'} | "
              f"{contraction} |")
    if args.svg:
        vecgd.write_svg(args.svg, vecgd.theory_chart(
            values, title=f"Learning rate and momentum, {Path(args.csv).stem} "
            f"(condition number {rates.condition_number:.3g})"))
        print(f"\nwrote {args.svg}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
