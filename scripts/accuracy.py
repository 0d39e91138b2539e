"""Measure how accurate each method of estimate_gradient is, and what it costs.

For a suite of smooth functions with known derivatives, print a Markdown
table of each method's relative error (the largest over the gradient's
components) and, in brackets, how many times it evaluated f.  The exact
derivatives come from closed forms, computed with ``fractions.Fraction``
(polynomials) or ``decimal`` at 40 digits (exp, the logistic function) so
that they are right to the last bit of a float.

Run from the repository root, nothing installed:

    python scripts/accuracy.py

It exits 1 if a method misses its target on the ordinary cases (central
1e-9, Richardson 1e-11, complex step 1e-15), or if on any case (ordinary
or hard: large and tiny coordinates, oscillation, overflow nearby, a
singularity near 0) an error bound of estimate_gradient_with_error is
smaller than the error it bounds: a measurement, not a test, but
tests/test_gradients.py runs it to keep docs/gradients.md's tables honest.
"""

from __future__ import annotations

import cmath
import decimal
import math
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, List, NamedTuple, Tuple

# Run as `python scripts/accuracy.py`, the folder on sys.path is scripts/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vecgd.gradients import estimate_gradient, estimate_gradient_with_error  # noqa: E402

METHODS = ("forward", "central", "complex", "richardson")
HEADINGS = ("forward, the book's h = 1e-4", "central", "complex step", "richardson")
TARGETS = {"central": 1e-9, "complex": 1e-15, "richardson": 1e-11}


class Case(NamedTuple):
    name: str
    f: Callable[[Any], Any]
    at: List[float]
    gradient: List[float]


def _exp(x: Any) -> Any:
    # One function for every method: cmath for the complex step, math otherwise.
    return cmath.exp(x) if isinstance(x, complex) else math.exp(x)


def _sin(x: Any) -> Any:
    return cmath.sin(x) if isinstance(x, complex) else math.sin(x)


def _log(x: Any) -> Any:
    return cmath.log(x) if isinstance(x, complex) else math.log(x)


def _exact_exp(x: float) -> decimal.Decimal:
    with decimal.localcontext() as context:
        context.prec = 40
        return decimal.Decimal(x).exp()


def _logistic_slope(x: float) -> float:
    # sigma'(x) = e^-x / (1 + e^-x)^2, at 40 digits.
    with decimal.localcontext() as context:
        context.prec = 40
        e = (-decimal.Decimal(x)).exp()
        return float(e / (1 + e) ** 2)


def _rosenbrock(v: Any) -> Any:
    x, y = v
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_gradient(x: float, y: float) -> List[float]:
    # d/dx = -2(1 - x) - 400 x (y - x^2), d/dy = 200 (y - x^2), exactly.
    fx, fy = Fraction(x), Fraction(y)
    return [float(-2 * (1 - fx) - 400 * fx * (fy - fx * fx)), float(200 * (fy - fx * fx))]


def suite() -> List[Case]:
    """Return the functions measured, each with its point and exact gradient."""
    cubic_x = Fraction(1.5)
    return [
        Case("exp(x)", lambda v: _exp(v[0]), [1.0], [float(_exact_exp(1.0))]),
        Case("sin(x)", lambda v: _sin(v[0]), [1.0], [math.cos(1.0)]),
        Case("x^3 - 2x + 1", lambda v: v[0] ** 3 - 2 * v[0] + 1, [1.5],
             [float(3 * cubic_x**2 - 2)]),
        Case("log(x)", lambda v: _log(v[0]), [2.0], [0.5]),
        Case("logistic 1/(1 + e^-x)", lambda v: 1 / (1 + _exp(-v[0])), [0.5],
             [_logistic_slope(0.5)]),
        Case("Rosenbrock", _rosenbrock, [-1.2, 1.0], _rosenbrock_gradient(-1.2, 1.0)),
    ]


def hard_suite() -> List[Case]:
    """Return the cases where fixed steps go wrong: large, tiny, oscillating, near overflow."""
    return [
        Case("exp(x)", lambda v: _exp(v[0]), [100.0], [float(_exact_exp(100.0))]),
        Case("exp(x), overflow past 709.78", lambda v: _exp(v[0]), [650.0],
             [float(_exact_exp(650.0))]),
        Case("sin(x)", lambda v: _sin(v[0]), [100.0], [math.cos(100.0)]),
        Case("sin(x)", lambda v: _sin(v[0]), [1000.0], [math.cos(1000.0)]),
        Case("x^3 + x", lambda v: v[0] ** 3 + v[0], [1e3], [3e6 + 1]),
        Case("x^3 + x", lambda v: v[0] ** 3 + v[0], [1e-3], [float(3 * Fraction(1e-3) ** 2 + 1)]),
        Case("log(x), singular at 0", lambda v: _log(v[0]), [1e-18], [1e18]),
        Case("log(x), singular at 0", lambda v: _log(v[0]), [1e-300], [1e300]),
        Case("log(x)", lambda v: _log(v[0]), [1e6], [1e-6]),
    ]


def measure(case: Case, method: str) -> Tuple[float, int, float]:
    """Return (largest relative error, evaluations of f, largest bound / error: >= 1 holds)."""
    calls = 0

    def counted(v: Any) -> Any:
        nonlocal calls
        calls += 1
        return case.f(v)

    try:
        estimate = estimate_gradient(counted, case.at, method=method)
        bounded = estimate_gradient_with_error(case.f, case.at, method=method)
    except (ValueError, TypeError):  # central's steps cross 0: log(negative)
        return math.nan, calls, math.nan
    error = max(abs(e - g) / abs(g) for e, g in zip(estimate, case.gradient))
    holds = min(b.error / abs(b.value - g) if b.value != g else math.inf
                for b, g in zip(bounded, case.gradient))
    return error, calls, holds


def hard_table() -> Tuple[str, bool]:
    """Return the Markdown table of the hard cases (error, evaluations, bound holds) and whether
    every bound held."""
    held = True
    lines = [
        "| function | at | " + " | ".join(HEADINGS) + " |",
        "| --- | --- |" + " ---: |" * len(METHODS),
    ]
    for case in suite() + hard_suite():
        cells = []
        for method in METHODS:
            error, calls, holds = measure(case, method)
            if math.isnan(error):
                cells.append("steps cross 0")
                continue
            held = held and holds >= 1
            cells.append(f"{error:.1e} ({calls}){'' if holds >= 1 else ' bound fails'}")
        at = ", ".join(f"{x:g}" for x in case.at)
        lines.append(f"| {case.name} | {at} | " + " | ".join(cells) + " |")
    return "\n".join(lines[:2] + lines[2 + len(suite()):]), held


def table() -> Tuple[str, dict[str, float]]:
    """Return the Markdown table and the worst relative error of each method."""
    worst = dict.fromkeys(METHODS, 0.0)
    lines = [
        "| function | at | " + " | ".join(HEADINGS) + " |",
        "| --- | --- |" + " ---: |" * len(METHODS),
    ]
    for case in suite():
        cells = []
        for method in METHODS:
            error, calls, _ = measure(case, method)
            worst[method] = max(worst[method], error)
            cells.append(f"{error:.1e} ({calls})")
        at = ", ".join(f"{x:g}" for x in case.at)
        lines.append(f"| {case.name} | {at} | " + " | ".join(cells) + " |")
    lines.append("| **worst** | | " + " | ".join(f"**{worst[m]:.1e}**" for m in METHODS) + " |")
    targets = " | ".join(f"{TARGETS[m]:.0e}" if m in TARGETS else "-" for m in METHODS)
    lines.append(f"| target | | {targets} |")
    return "\n".join(lines), worst


def main() -> int:
    text, worst = table()
    print("Relative error of estimate_gradient (evaluations of f in brackets):\n")
    print(text)
    hard, held = hard_table()
    print("\nThe hard cases: large and tiny coordinates, oscillation, overflow nearby, a")
    print("singularity near 0 (no targets; every error bound must hold, here and above):\n")
    print(hard)
    missed = [m for m, target in TARGETS.items() if not worst[m] <= target]
    for method in missed:
        print(f"{method}: worst {worst[method]:.1e} misses the target {TARGETS[method]:.0e}",
              file=sys.stderr)
    if not held:
        print("an error bound was smaller than the error it bounds", file=sys.stderr)
    return 1 if missed or not held else 0


if __name__ == "__main__":
    raise SystemExit(main())
