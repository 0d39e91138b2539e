"""The cases of docs/gradients.md's "A check that never lies": each wrong gradient fails,
each right one passes or is reported unverifiable.

Each case is a function f (as a user writes it, with math or cmath), a
point, and an analytic gradient that is right or wrong; the script runs
``check_gradient`` with default settings and prints the outcome next to
the one expected, and the evaluations of f it cost.

Run from the repository root, nothing installed:

    python scripts/gradcheck_cases.py

It exits 1 if any outcome differs from the expected one;
tests/test_gradcheck_cases.py runs it.
"""

from __future__ import annotations

import cmath
import math
import sys
from pathlib import Path
from typing import Any, Callable, List, NamedTuple, Tuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vecgd import Polynomial, check_gradient  # noqa: E402


class Case(NamedTuple):
    name: str
    f: Callable[[Any], Any]
    gradient: Callable[[Any], List[float]]
    at: List[float]
    expected: Tuple[str, ...]  # the outcomes accepted: "verified", "failed", "unverifiable"
    options: dict[str, Any] = {}


def _huber(r: Any, epsilon: float = 1.0) -> Any:
    # scikit-learn's Huber: r**2 / 2 inside epsilon, epsilon * (|r| - epsilon / 2) outside.
    return r * r / 2 if abs(r) <= epsilon else epsilon * (abs(r) - epsilon / 2)


def _huber_slope(r: float, epsilon: float = 1.0) -> float:
    return r if abs(r) <= epsilon else epsilon * math.copysign(1.0, r)


XS, YS = [0.0, 1.0, 2.0, 3.0], [0.1, 1.2, 1.9, 9.0]  # the last sample is an outlier


def _huber_loss(theta: Any) -> Any:
    a, b = theta
    return sum(_huber(a * x + b - y) for x, y in zip(XS, YS)) / len(XS)


def _huber_gradient(theta: Any, skip_outlier: bool = False) -> List[float]:
    a, b = theta
    ga = gb = 0.0
    for x, y in zip(XS, YS):
        r = a * x + b - y
        if skip_outlier and abs(r) > 1.0:
            continue
        ga += _huber_slope(r) * x / len(XS)
        gb += _huber_slope(r) / len(XS)
    return [ga, gb]


def _l1_loss(theta: Any) -> Any:
    a, b = theta
    return sum((a * x + b - y) ** 2 for x, y in zip(XS, YS)) / len(XS) + 0.1 * abs(a)


def _l1_gradient(theta: Any, with_l1: bool = True) -> List[float]:
    a, b = theta
    ga = sum(2 * (a * x + b - y) * x for x, y in zip(XS, YS)) / len(XS)
    gb = sum(2 * (a * x + b - y) for x, y in zip(XS, YS)) / len(XS)
    return [ga + (0.1 * math.copysign(1.0, a) if with_l1 else 0.0), gb]


POLY_XS = [float(x) for x in range(0, 101, 10)]
POLY_YS = [math.sin(x / 10) for x in POLY_XS]
POLY, POLY_THETA = Polynomial(4), [1e-7, -2e-5, 1e-3, 0.05, 0.3]


def _poly_loss(theta: Any) -> Any:
    return POLY.mean_gradient(theta, POLY_XS, POLY_YS)[1]


def _poly_gradient(theta: Any, intercept_off: float = 0.0) -> List[float]:
    g = POLY.mean_gradient(theta, POLY_XS, POLY_YS)[0]
    return g[:-1] + [g[-1] * (1 + intercept_off)]


def _logistic(v: Any) -> Any:
    return 1 / (1 + math.exp(-v[0]))


def _logistic_c(v: Any) -> Any:
    return 1 / (1 + cmath.exp(-v[0]))


def _logistic_slope(v: Any) -> List[float]:
    e = math.exp(-v[0])
    return [e / (1 + e) ** 2]


def _conjugate(v: Any) -> Any:
    return v[0] * v[0].conjugate() + v[1] ** 2


def _real_part(v: Any) -> Any:
    return v[0].real ** 2 + v[1] ** 2


OK, WRONG, OPEN = ("verified",), ("failed",), ("unverifiable",)


def cases() -> List[Case]:
    """Return the issue's cases, each with the outcomes a check that never lies may give."""
    abs3 = lambda v: v[0] ** 2 + abs(v[1]) ** 3  # noqa: E731
    return [
        Case("v0^2 + |v1|^3, right", abs3, lambda v: [2 * v[0], 3 * v[1] ** 2], [1.0, 2.0], OK),
        Case("v0^2 + |v1|^3, |v1|^3 left out", abs3, lambda v: [2 * v[0], 0.0], [1.0, 2.0], WRONG),
        Case("v0 * conjugate(v0) + v1^2, right", _conjugate,
             lambda v: [2 * v[0], 2 * v[1]], [1.5, 2.0], OK),
        Case("v0 * conjugate(v0) + v1^2, what the complex step sees", _conjugate,
             lambda v: [0.0, 2 * v[1]], [1.5, 2.0], WRONG),
        Case("v0.real^2 + v1^2, right", _real_part, lambda v: [2 * v[0], 2 * v[1]],
             [1.5, 2.0], OK),
        Case("v0.real^2 + v1^2, what the complex step sees", _real_part,
             lambda v: [0.0, 2 * v[1]], [1.5, 2.0], WRONG),
        Case("Huber with an outlier, right", _huber_loss, _huber_gradient, [1.0, 0.0], OK),
        Case("Huber, outlier's term left out", _huber_loss,
             lambda t: _huber_gradient(t, skip_outlier=True), [1.0, 0.0], WRONG),
        Case("Huber, outlier's term left out, directions=3", _huber_loss,
             lambda t: _huber_gradient(t, skip_outlier=True), [1.0, 0.0], WRONG,
             {"directions": 3}),
        Case("L1 penalty, right", _l1_loss, _l1_gradient, [1.0, 0.0], OK),
        Case("L1 penalty left out", _l1_loss, lambda t: _l1_gradient(t, False), [1.0, 0.0], WRONG),
        Case("L1 penalty left out, directions=3", _l1_loss, lambda t: _l1_gradient(t, False),
             [1.0, 0.0], WRONG, {"directions": 3}),
        Case("L1 penalty, right, directions=3", _l1_loss, _l1_gradient, [1.0, 0.0], OK,
             {"directions": 3}),
        Case("2 v0, inf (second row)", lambda v: v[0] ** 2 + v[1],
             lambda v: [2 * v[0], math.inf], [1.0, 2.0], WRONG),
        Case("inf, 1 (first row)", lambda v: v[0] ** 2 + v[1], lambda v: [math.inf, 1.0],
             [1.0, 2.0], WRONG),
        Case("1e6 v0 + v1^2, second component 0", lambda v: 1e6 * v[0] + v[1] ** 2,
             lambda v: [1e6, 0.0], [1.0, 1e-5], WRONG),
        Case("1e6 v0 + v1^2, right", lambda v: 1e6 * v[0] + v[1] ** 2,
             lambda v: [1e6, 2 * v[1]], [1.0, 1e-5], OK),
        Case("degree-4 least squares, x in [0, 100], right", _poly_loss, _poly_gradient,
             POLY_THETA, OK),
        Case("degree-4 least squares, intercept off by 1e-4", _poly_loss,
             lambda t: _poly_gradient(t, 1e-4), POLY_THETA, WRONG),
        Case("exp at 100 (math), right", lambda v: math.exp(v[0]), lambda v: [math.exp(v[0])],
             [100.0], OK),
        Case("sin at 100 (math), right", lambda v: math.sin(v[0]), lambda v: [math.cos(v[0])],
             [100.0], OK),
        Case("sin at 100 (math), off by 1e-4", lambda v: math.sin(v[0]),
             lambda v: [math.cos(v[0]) * 1.0001], [100.0], WRONG),
        Case("exp at 650 (math), right", lambda v: math.exp(v[0]), lambda v: [math.exp(v[0])],
             [650.0], OK),
        Case("cmath.log at 1e-18, right", lambda v: cmath.log(v[0]), lambda v: [1 / v[0]],
             [1e-18], OK),
        Case("cmath.log at 1e-300, right", lambda v: cmath.log(v[0]), lambda v: [1 / v[0]],
             [1e-300], OK),
        Case("cmath.log at 1e-300, off by 1e-4", lambda v: cmath.log(v[0]),
             lambda v: [1.0001 / v[0]], [1e-300], WRONG),
        Case("logistic at 30 (math.exp), right", _logistic, _logistic_slope, [30.0], OPEN),
        # Real arithmetic cannot confirm the complex step here: by default the entry is
        # unverifiable; method="complex" vouches for f (no abs()) and trusts the complex step.
        Case("logistic at 30 (cmath.exp), right", _logistic_c, _logistic_slope, [30.0], OPEN),
        Case("logistic at 30 (cmath.exp), right, method='complex'", _logistic_c,
             _logistic_slope, [30.0], OK, {"method": "complex"}),
        Case("logistic at 30 (cmath.exp), off by 1e-4, method='complex'", _logistic_c,
             lambda v: [_logistic_slope(v)[0] * 1.0001], [30.0], WRONG, {"method": "complex"}),
    ]


def run() -> List[Tuple[Case, str, int]]:
    """Return (case, outcome, evaluations of f) for every case."""
    results = []
    for case in cases():
        calls = [0]

        def counted(v: Any, f: Callable[[Any], Any] = case.f, calls: List[int] = calls) -> Any:
            calls[0] += 1
            return f(v)

        check = check_gradient(counted, case.gradient, case.at, **case.options)
        results.append((case, check.outcome, calls[0]))
    return results


def _five(lib: Any) -> Callable[[Any], Any]:
    def f(v: Any) -> Any:
        total = sum(lib.exp(x / 3) * (i + 1) for i, x in enumerate(v))
        return total + v[0] * v[1] * v[2] - v[3] ** 2 * v[4]
    return f


def _five_gradient(v: List[float]) -> List[float]:
    g = [math.exp(x / 3) * (i + 1) / 3 for i, x in enumerate(v)]
    g[0] += v[1] * v[2]
    g[1] += v[0] * v[2]
    g[2] += v[0] * v[1]
    g[3] -= 2 * v[3] * v[4]
    g[4] -= v[3] ** 2
    return g


def cost() -> List[Tuple[str, str, int]]:
    """Return (f, mode, evaluations) of check_gradient on a 5-dimensional function."""
    rows = []
    v = [0.3, -1.2, 2.5, 0.7, -0.4]
    for name, lib in (("written with cmath", cmath), ("written with math", math)):
        for directions in (None, 3):
            calls = [0]
            f = _five(lib)

            def counted(w: Any, f: Callable[[Any], Any] = f, calls: List[int] = calls) -> Any:
                calls[0] += 1
                return f(w)

            check = check_gradient(counted, _five_gradient, v, directions=directions)
            mode = "components" if directions is None else f"directions={directions}"
            rows.append((name, f"{mode}, {check.outcome} by {check.method}", calls[0]))
    return rows


def main() -> int:
    print("Evaluations of f by check_gradient on a 5-dimensional function:")
    for name, mode, calls in cost():
        print(f"  {name:<20} {mode:<40} {calls:>4}")
    print()
    results = run()
    width = max(len(case.name) for case, _, _ in results)
    print(f"{'case':<{width}}  {'expected':<13} {'outcome':<13} evaluations")
    misses = 0
    for case, outcome, calls in results:
        mark = "" if outcome in case.expected else "  <-- differs"
        misses += bool(mark)
        expected = "/".join(case.expected)
        print(f"{case.name:<{width}}  {expected:<13} {outcome:<13} {calls:>11}{mark}")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
