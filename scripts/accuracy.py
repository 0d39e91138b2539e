"""Measure how accurate each method of estimate_gradient, estimate_jacobian and
estimate_hessian is, and what it costs.

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
smaller than the error it bounds.  The same for the Jacobian (the
gradient's targets) and the Hessian (central 1e-7, complex 1e-9,
Richardson 1e-9; the hard cases have no targets, only bounds).  A
measurement, not a test, but tests/test_gradients.py runs it to keep
docs/gradients.md's tables honest.
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
from vecgd.jacobians import (  # noqa: E402
    estimate_hessian,
    estimate_hessian_with_error,
    estimate_jacobian,
    estimate_jacobian_with_error,
)

METHODS = ("forward", "central", "complex", "richardson")
HEADINGS = ("forward, the book's h = 1e-4", "central", "complex step", "richardson")
TARGETS = {"central": 1e-9, "complex": 1e-15, "richardson": 1e-11}
HESSIAN_METHODS = ("central", "complex", "richardson")
# What the Jacobian's and the Hessian's methods reach on the ordinary cases
# (docs/gradients.md, "Jacobians and Hessians"): a Jacobian's rows are
# gradients, so the gradient's targets; a Hessian takes one difference more.
JACOBIAN_TARGETS = TARGETS
HESSIAN_TARGETS = {"central": 1e-7, "complex": 1e-9, "richardson": 1e-9}


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


# === Jacobians and Hessians ===


class MatrixCase(NamedTuple):
    name: str
    f: Callable[[Any], Any]
    at: List[float]
    exact: List[List[float]]


def _cos(x: Any) -> Any:
    return cmath.cos(x) if isinstance(x, complex) else math.cos(x)


def jacobian_suite() -> List[MatrixCase]:
    """Return vector functions with their exact Jacobians (every entry non-zero)."""
    e1 = float(_exact_exp(1.0))
    x, y, z = Fraction(1.5), Fraction(-2), Fraction(3)
    return [
        MatrixCase("polar (r cos t, r sin t)", lambda v: [v[0] * _cos(v[1]), v[0] * _sin(v[1])],
                   [2.0, 0.5], [[math.cos(0.5), -2 * math.sin(0.5)],
                                [math.sin(0.5), 2 * math.cos(0.5)]]),
        MatrixCase("(e^x cos y, e^x sin y)", lambda v: [_exp(v[0]) * _cos(v[1]),
                                                      _exp(v[0]) * _sin(v[1])],
                   [1.0, 2.0], [[e1 * math.cos(2.0), -e1 * math.sin(2.0)],
                                [e1 * math.sin(2.0), e1 * math.cos(2.0)]]),
        MatrixCase("(x y z, x^2 + y^3 z)", lambda v: [v[0] * v[1] * v[2],
                                                     v[0] ** 2 + v[1] ** 3 * v[2]],
                   [1.5, -2.0, 3.0], [[float(y * z), float(x * z), float(x * y)],
                                      [float(2 * x), float(3 * y * y * z), float(y ** 3)]]),
        MatrixCase("(log x + y, x / y)", lambda v: [_log(v[0]) + v[1], v[0] / v[1]],
                   [2.0, 4.0], [[0.5, 1.0], [0.25, -0.125]]),
    ]


def _exact_exp_of(x: float) -> float:
    return float(_exact_exp(x))


def hessian_suite() -> List[MatrixCase]:
    """Return scalar functions with their exact Hessians (every entry non-zero)."""
    x, y = Fraction(-1.2), Fraction(1)
    e = _exact_exp_of(0.5)  # exp(x y) at (1, 0.5)
    return [
        MatrixCase("Rosenbrock", _rosenbrock, [-1.2, 1.0],
                   [[float(1200 * x * x - 400 * y + 2), float(-400 * x)],
                    [float(-400 * x), 200.0]]),
        MatrixCase("exp(x y)", lambda v: _exp(v[0] * v[1]), [1.0, 0.5],
                   [[0.25 * e, 1.5 * e], [1.5 * e, e]]),
        MatrixCase("sin(x) cos(y)", lambda v: _sin(v[0]) * _cos(v[1]), [1.0, 2.0],
                   [[-math.sin(1.0) * math.cos(2.0), -math.cos(1.0) * math.sin(2.0)],
                    [-math.cos(1.0) * math.sin(2.0), -math.sin(1.0) * math.cos(2.0)]]),
        MatrixCase("x^3 y^2 + y", lambda v: v[0] ** 3 * v[1] ** 2 + v[1], [1.5, 2.0],
                   [[float(6 * Fraction(1.5) * 4), float(6 * Fraction(1.5) ** 2 * 2)],
                    [float(6 * Fraction(1.5) ** 2 * 2), float(2 * Fraction(1.5) ** 3)]]),
    ]


def hard_hessian_suite() -> List[MatrixCase]:
    """Return Hessians at large and tiny coordinates, near overflow and near a singularity."""
    return [
        MatrixCase("exp(x)", lambda v: _exp(v[0]), [100.0], [[_exact_exp_of(100.0)]]),
        MatrixCase("exp(x), overflow past 709.78", lambda v: _exp(v[0]), [650.0],
                   [[_exact_exp_of(650.0)]]),
        MatrixCase("sin(x)", lambda v: _sin(v[0]), [100.0], [[-math.sin(100.0)]]),
        MatrixCase("log(x) + x y", lambda v: _log(v[0]) + v[0] * v[1], [1e-6, 1.0],
                   [[-1e12, 1.0], [1.0, 1e-300]]),
        MatrixCase("x^3 y", lambda v: v[0] ** 3 * v[1], [1e3, 2e3],
                   [[6 * 1e3 * 2e3, 3e6], [3e6, 1e-300]]),
        MatrixCase("x^3 y", lambda v: v[0] ** 3 * v[1], [1e-3, 2e-3],
                   [[float(6 * Fraction(1e-3) * Fraction(2e-3)), float(3 * Fraction(1e-3) ** 2)],
                    [float(3 * Fraction(1e-3) ** 2), 1e-300]]),
    ]


def measure_matrix(case: MatrixCase, method: str,
                   hessian: bool) -> Tuple[float, int, float]:
    """Return (largest relative error over the entries, evaluations of f, least bound / error).

    An exact entry of 1e-300 stands for a true 0: it is left out of the
    relative error (none exists), but its bound must still hold.
    """
    calls = 0

    def counted(v: Any) -> Any:
        nonlocal calls
        calls += 1
        return case.f(v)

    plain, bounded = ((estimate_hessian, estimate_hessian_with_error) if hessian
                      else (estimate_jacobian, estimate_jacobian_with_error))
    got = plain(counted, case.at, method=method)
    bounds = bounded(case.f, case.at, method=method)
    error, holds = 0.0, math.inf
    for row, bound_row, exact_row in zip(got, bounds, case.exact):
        for value, bound, exact in zip(row, bound_row, exact_row):
            truth = 0.0 if exact == 1e-300 else exact
            if truth:
                error = max(error, abs(value - truth) / abs(truth))
            miss = abs(bound.value - truth)
            holds = min(holds, bound.error / miss if miss else math.inf)
    return error, calls, holds


def matrix_table(cases: List[MatrixCase], methods: Tuple[str, ...], hessian: bool,
                 targets: dict[str, float] | None) -> Tuple[str, dict[str, float], bool]:
    """Return the Markdown table, each method's worst error, and whether every bound held."""
    worst, held = dict.fromkeys(methods, 0.0), True
    lines = ["| function | at | " + " | ".join(methods) + " |",
             "| --- | --- |" + " ---: |" * len(methods)]
    for case in cases:
        cells = []
        for method in methods:
            error, calls, holds = measure_matrix(case, method, hessian)
            worst[method] = max(worst[method], error)
            held = held and holds >= 1
            cells.append(f"{error:.1e} ({calls}){'' if holds >= 1 else ' bound fails'}")
        at = ", ".join(f"{x:g}" for x in case.at)
        lines.append(f"| {case.name} | {at} | " + " | ".join(cells) + " |")
    if targets is not None:
        lines.append("| **worst** | | " + " | ".join(f"**{worst[m]:.1e}**" for m in methods)
                     + " |")
        lines.append("| target | | " + " | ".join(f"{targets[m]:.0e}" if m in targets else "-"
                                                  for m in methods) + " |")
    return "\n".join(lines), worst, held


def matrix_report() -> Tuple[str, bool]:
    """Return the Jacobian and Hessian tables, and whether every target and bound held."""
    jacobian, worst_j, held_j = matrix_table(jacobian_suite(), METHODS, False, JACOBIAN_TARGETS)
    hessian, worst_h, held_h = matrix_table(hessian_suite(), HESSIAN_METHODS, True,
                                            HESSIAN_TARGETS)
    hard, _, held_hard = matrix_table(hard_hessian_suite(), HESSIAN_METHODS, True, None)
    text = ("\nRelative error of estimate_jacobian, the largest over the entries "
            "(evaluations of f in brackets):\n\n" + jacobian
            + "\n\nRelative error of estimate_hessian (evaluations of f in brackets):\n\n"
            + hessian + "\n\nThe Hessian's hard cases (no targets; every bound must hold; "
            "a true 0 is left out of the error):\n\n" + hard)
    ok = held_j and held_h and held_hard
    for worst, targets, what in ((worst_j, JACOBIAN_TARGETS, "jacobian"),
                                 (worst_h, HESSIAN_TARGETS, "hessian")):
        for method, target in targets.items():
            if not worst[method] <= target:
                print(f"{what} {method}: worst {worst[method]:.1e} misses the target "
                      f"{target:.0e}", file=sys.stderr)
                ok = False
    if not (held_j and held_h and held_hard):
        print("an error bound of a Jacobian or Hessian estimate was smaller than the error it "
              "bounds", file=sys.stderr)
    return text, ok



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
    matrices, matrices_ok = matrix_report()
    print(matrices)
    return 1 if missed or not held or not matrices_ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
