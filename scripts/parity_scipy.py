"""Hold vecgd.wolfe to scipy.optimize.line_search: the same step, value and counts.

Each case is a function, its gradient (plain Python, the same for both
sides), a point and a direction: Rosenbrock in 2 and 5 dimensions,
quadratics with condition numbers from 10 to 1e4, a logistic loss; the
steepest descent direction, scaled and rotated ones, Newton-like ones, and
cases that make SciPy double its step to ``maxiter``, stop at ``amax`` or
refuse an ascent direction.  Both sides evaluate f at the same points
(``x + alpha * direction``, rounded the same way); the slopes are dot
products, which NumPy sums as a BLAS does and vecgd in index order, so the
steps agree to rounding: the script holds alpha and the new value within
1e-10 relative, the counts of f and gradient calls exactly, and a None
(no step) on both sides.  It prints a table and exits 1 on any deviation.

SciPy and NumPy are imported here only; CI runs this script in a throwaway
virtual environment with them pinned:

    python scripts/parity_scipy.py
"""

from __future__ import annotations

import math
import random
import sys
import warnings
from pathlib import Path
from typing import Callable, List, NamedTuple, Tuple

import numpy as np
import scipy
from scipy.optimize import line_search

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from step_cases import logistic, rosenbrock  # noqa: E402  (beside this script)

import vecgd  # noqa: E402

Vector = List[float]
TOLERANCE = 1e-10


def rosenbrock_value(x: Vector) -> float:
    return rosenbrock(x)[0]


def rosenbrock_gradient(x: Vector) -> Vector:
    return rosenbrock(x)[1]


def quadratic(kappa: float, n: int = 4) -> Tuple[Callable[[Vector], float],
                                                 Callable[[Vector], Vector]]:
    """f = sum c_i x_i^2 / 2 with c from 1 to kappa, geometrically spaced."""
    c = [kappa ** (i / (n - 1)) for i in range(n)]
    return (lambda x: sum(ci * xi * xi for ci, xi in zip(c, x)) / 2,
            lambda x: [ci * xi for ci, xi in zip(c, x)])


def logistic_value(w: Vector) -> float:
    return logistic(w)[0]


def logistic_gradient(w: Vector) -> Vector:
    return logistic(w)[1]


class Case(NamedTuple):
    label: str
    f: Callable[[Vector], float]
    gradient: Callable[[Vector], Vector]
    x: Vector
    direction: Vector
    options: dict  # c1, c2, amax, maxiter


def _steepest(gradient: Callable[[Vector], Vector], x: Vector, scale: float = 1.0) -> Vector:
    return [-scale * g for g in gradient(x)]


def _rotated(gradient: Callable[[Vector], Vector], x: Vector, seed: int) -> Vector:
    """A descent direction that is not the steepest: -g plus a random part, kept descending."""
    rng = random.Random(seed)
    g = gradient(x)
    size = math.sqrt(sum(v * v for v in g))
    d = [-v + 0.7 * size * rng.gauss(0, 1) / math.sqrt(len(g)) for v in g]
    if sum(a * b for a, b in zip(d, g)) >= 0:
        d = [-v for v in g]
    return d


def cases() -> List[Case]:
    found: List[Case] = []
    r, rg = rosenbrock_value, rosenbrock_gradient
    for x in ([-1.2, 1.0], [0.0, 0.0], [1.5, 2.0], [0.9, 0.8]):
        found.append(Case(f"Rosenbrock 2 at {x}, -g", r, rg, x, _steepest(rg, x), {}))
        found.append(Case(f"Rosenbrock 2 at {x}, -g / |g|", r, rg, x,
                          _steepest(rg, x, 1 / math.hypot(*rg(x))), {}))
    x5 = [-1.2, 1.0, -0.5, 0.3, 1.1]
    found.append(Case("Rosenbrock 5, -g", r, rg, x5, _steepest(rg, x5), {}))
    found.append(Case("Rosenbrock 5, -g * 1e-3", r, rg, x5, _steepest(rg, x5, 1e-3), {}))
    found.append(Case("Rosenbrock 5, rotated", r, rg, x5, _rotated(rg, x5, 1), {}))
    found.append(Case("Rosenbrock 5, -g, c2 = 0.1", r, rg, x5, _steepest(rg, x5, 1e-3),
                      {"c2": 0.1}))
    x4 = [1.0, -2.0, 0.5, 3.0]
    for kappa in (10.0, 100.0, 1e3, 1e4):
        f, g = quadratic(kappa)
        found.append(Case(f"quadratic kappa {kappa:g}, -g", f, g, x4, _steepest(g, x4), {}))
        found.append(Case(f"quadratic kappa {kappa:g}, rotated", f, g, x4, _rotated(g, x4, 2),
                          {}))
        found.append(Case(f"quadratic kappa {kappa:g}, Newton", f, g, x4, [-v for v in x4], {}))
    f, g = quadratic(1e4)
    found.append(Case("quadratic kappa 1e4, tiny step: maxiter", f, g, x4,
                      _steepest(g, x4, 1e-9), {}))
    found.append(Case("quadratic kappa 1e4, tiny step, maxiter 3", f, g, x4,
                      _steepest(g, x4, 1e-9), {"maxiter": 3}))
    found.append(Case("quadratic kappa 100, amax 0.001", *quadratic(100.0), x4,
                      _steepest(quadratic(100.0)[1], x4, 1e-4), {"amax": 0.001}))
    found.append(Case("quadratic kappa 10, ascent: no step", *quadratic(10.0), x4,
                      [-v for v in _steepest(quadratic(10.0)[1], x4)], {}))
    w = [0.3, -0.2, 0.1]
    lg = logistic_gradient
    found.append(Case("logistic, -g", logistic_value, lg, w, _steepest(lg, w), {}))
    found.append(Case("logistic, -10 g", logistic_value, lg, w, _steepest(lg, w, 10.0), {}))
    found.append(Case("logistic, -300 g", logistic_value, lg, w, _steepest(lg, w, 300.0), {}))
    found.append(Case("logistic, rotated", logistic_value, lg, w, _rotated(lg, w, 3), {}))
    found.append(Case("logistic, -g, c1 0.3 c2 0.4", logistic_value, lg, w, _steepest(lg, w, 30.0),
                      {"c1": 0.3, "c2": 0.4}))
    return found


def relative(ours: float, theirs: float) -> float:
    return abs(ours - theirs) / max(abs(theirs), 1e-300)


def compare(case: Case) -> Tuple[str, float, bool]:
    """Return (a row's text, the worst relative deviation, whether the case deviates)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alpha, fc, gc, value, _, _ = line_search(
            lambda x: case.f(x.tolist()), lambda x: np.array(case.gradient(x.tolist())),
            np.array(case.x), np.array(case.direction), **case.options)
    ours = vecgd.wolfe(case.f, case.gradient, case.x, case.direction, **case.options)
    counts = (ours.nfev, ours.ngev) == (fc, gc)
    if alpha is None or ours.alpha is None:
        same = alpha is None and ours.alpha is None and counts
        worst = 0.0 if same else math.inf
    else:
        worst = max(relative(ours.alpha, alpha), relative(ours.fun, float(value)))
        same = counts and worst <= TOLERANCE
    theirs = f"{None if alpha is None else float(alpha)!r} ({fc}, {gc})"
    mine = f"{ours.alpha!r} ({ours.nfev}, {ours.ngev})"
    row = f"| {case.label} | {theirs} | {mine} | {worst:.1e} | {'ok' if same else 'DEVIATES'} |"
    return row, worst, not same


def main() -> int:
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    print("\n| case | SciPy's alpha (nfev, ngev) | vecgd's | relative deviation | |")
    print("| --- | --- | --- | --- | --- |")
    rows = cases()
    bad = 0
    worst = 0.0
    for case in rows:
        line, deviation, deviates = compare(case)
        print(line)
        bad += deviates
        worst = max(worst, deviation)
    print(f"\n{len(rows) - bad} of {len(rows)} cases equal within {TOLERANCE:g} relative "
          f"(worst {worst:.1e}), counts exact")
    if bad:
        print(f"parity_scipy: {bad} cases deviate from scipy.optimize.line_search",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
