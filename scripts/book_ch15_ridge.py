"""Reproduce the book's chapter 15 ridge regression with vecgd, on the book's own data.

Data Science from Scratch (2nd edition), chapter 15 ("Multiple Regression"),
"Regularization": daily minutes on the site against number of friends, work
hours per day and a PhD (0/1), 203 users: the book's ``inputs`` and
``daily_minutes_good`` from its public repository
(joelgrus/data-science-from-scratch, scratch/multiple_regression.py and
scratch/statistics.py, at commit d5d0f117f41b3ccab3b07f1ee1fa21cfcf69afa1),
shipped as vecgd/examples/daily_minutes.csv (columns friends, work_hours,
phd, daily_minutes).

The book's ``least_squares_fit_ridge(inputs, daily_minutes_good, alpha,
0.001, 5000, 25)``: 5000 epochs of minibatches of 25 in data order, lr
0.001, on each sample's ``error**2 + alpha * ||beta[1:]||**2``, from
``[random.random() for _ in range(4)]``, for alpha 0, 0.1, 1 and 10 in that
order after ``random.seed(0)``.  Those starts are reproducible:
``random.Random(0)`` draws the same numbers.  vecgd fits the same starts with
``fit(MultipleLinear(), ..., SGD(0.001), batch_size=25, epochs=5000,
penalty=L2(2 * alpha))`` (vecgd's L2 is ``alpha * ||w||**2 / 2``, the
book's ``alpha * ||w||**2``: twice the alpha), and the script prints the
book's betas (its comments, two or three figures) beside vecgd's and beside
the exact ridge optimum of the same objective (the normal equations
``(X^T X / n + alpha I_w) beta = X^T y / n``, solved in fractions).  The
unscaled data and the lr make 5000 epochs stop short of the optimum, in
the book as in vecgd: the fit, not the optimum, is what the book printed.
The book's bootstrap standard errors (100 fits of 5000 epochs each) are not
ridge numbers and are left out.

Run ``python scripts/book_ch15_ridge.py`` (about a minute: 4 x 5000 epochs in
pure Python; ``--epochs N`` for fewer).
"""

from __future__ import annotations

import argparse
import random
import sys
from fractions import Fraction
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import L2, SGD, MultipleLinear, Vector, fit, load_csv  # noqa: E402

DATA = ROOT / "vecgd" / "examples" / "daily_minutes.csv"
ALPHAS = [0.0, 0.1, 1.0, 10.0]  # the book's, in its order (the random starts follow it)
# The book's printed betas, as it prints them: [constant, friends, work hours, phd].
BOOK_BETAS: Dict[float, List[str]] = {
    0.0: ["30.51", "0.97", "-1.85", "0.91"],
    0.1: ["30.8", "0.95", "-1.83", "0.54"],
    1.0: ["30.6", "0.90", "-1.68", "0.10"],
    10.0: ["28.3", "0.67", "-0.90", "-0.01"],
}
LEARNING_RATE, EPOCHS, BATCH_SIZE = 0.001, 5000, 25


def load(path: Path = DATA) -> tuple[List[List[float]], List[float]]:
    """Return the book's features [friends, work_hours, phd] and daily minutes."""
    xs, ys = load_csv(str(path), ["friends", "work_hours", "phd"], "daily_minutes")
    return [list(x) for x in xs], list(ys)


def ridge_optimum(xs: List[List[float]], ys: List[float], alpha: float) -> Vector:
    """Return the book's beta minimizing mean(error**2) + alpha * ||beta[1:]||**2, exactly.

    Solves ``(X^T X / n + alpha I_w) beta = X^T y / n`` (X with a leading
    column of ones, the constant unpenalized) in fractions; beta is in the
    book's order, the constant first.
    """
    rows = [[Fraction(1)] + [Fraction(v) for v in x] for x in xs]
    n, k = len(rows), len(rows[0])
    a = [[sum((r[i] * r[j] for r in rows), Fraction(0)) / n
          + (Fraction(alpha) if i == j and i > 0 else 0) for j in range(k)] for i in range(k)]
    b = [sum((r[i] * Fraction(y) for r, y in zip(rows, ys)), Fraction(0)) / n for i in range(k)]
    for col in range(k):  # Gauss-Jordan; the matrix is positive definite, pivots are nonzero
        lead = a[col][col]
        a[col] = [v / lead for v in a[col]]
        b[col] /= lead
        for r in range(k):
            if r != col and a[r][col] != 0:
                factor = a[r][col]
                a[r] = [v - factor * p for v, p in zip(a[r], a[col])]
                b[r] -= factor * b[col]
    return [float(v) for v in b]


def as_printed(values: Vector, printed: List[str]) -> List[str]:
    """Return values with as many decimals as the book's printed numbers."""
    return [f"{v:.{len(p.partition('.')[2])}f}" for v, p in zip(values, printed)]


def chapter(epochs: int = EPOCHS, path: Path = DATA,
            alphas: List[float] = ALPHAS) -> Dict[float, Dict[str, Vector]]:
    """Fit each of alphas from the book's start; return {alpha: {"vecgd", "exact"}} (book order).

    The starts are drawn for every alpha of the book, in its order, so that
    a subset of alphas starts where the book's do.
    """
    xs, ys = load(path)
    rng = random.Random(0)  # the book's random.seed(0) before beta_0
    results = {}
    for alpha in ALPHAS:
        start = [rng.random() for _ in range(4)]  # [constant, friends, work hours, phd]
        if alpha not in alphas:
            continue
        penalty = L2(2 * alpha) if alpha else None
        theta = fit(MultipleLinear(), xs, ys, start[1:] + start[:1], SGD(LEARNING_RATE),
                    epochs=epochs, batch_size=BATCH_SIZE, penalty=penalty).theta
        results[alpha] = {"vecgd": theta[-1:] + theta[:-1],
                          "exact": ridge_optimum(xs, ys, alpha)}
    return results


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"default {EPOCHS}")
    parser.add_argument("--data", type=Path, default=DATA, help="the book's data as CSV")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"book_ch15_ridge: {args.data} is missing", file=sys.stderr)
        return 2
    print("Chapter 15, ridge regression: beta = [constant, friends, work hours, phd]")
    print(f"{args.epochs} epochs of minibatches of {BATCH_SIZE}, lr {LEARNING_RATE}, "
          "from the book's random starts")
    for alpha, found in chapter(args.epochs, args.data).items():
        print()
        book = BOOK_BETAS[alpha]
        print(f"alpha {alpha:<4g} book     {', '.join(book)}")
        print(f"{'':10s} vecgd    {', '.join(as_printed(found['vecgd'], book))}")
        print(f"{'':10s} optimum  {', '.join(as_printed(found['exact'], book))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
