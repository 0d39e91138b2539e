"""Line searches: how far to step along a direction, Armijo's backtracking and Wolfe's search.

A line search looks at f along a ray, ``phi(alpha) = f(x + alpha *
direction)``, whose slope at 0 is ``phi'(0) = gradient . direction`` (below
0 for a descent direction), and returns a step alpha that lowers f enough:

* ``backtracking``: Armijo's sufficient decrease, ``phi(alpha) <= phi(0) +
  c1 * alpha * phi'(0)``, trying alpha, rho * alpha, rho^2 * alpha, ...
  (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 3.1);
* ``wolfe``: the strong Wolfe conditions, sufficient decrease and
  ``|phi'(alpha)| <= c2 * |phi'(0)|`` (a flat enough slope), by doubling the
  step until a bracket holds an acceptable one, then zooming in by cubic,
  quadratic or halving interpolation (Nocedal & Wright, Algorithms 3.5 and
  3.6), in SciPy's arrangement (``scipy.optimize.line_search``, its
  ``scalar_search_wolfe2``), so that both return the same step, value and
  counts.

Both return a ``LineSearchResult``; its ``alpha`` is None, and its message
says why, when no acceptable step was found.

>>> from vecgd.vector import sum_of_squares
>>> double = lambda v: [2 * v_i for v_i in v]
>>> backtracking(sum_of_squares, [1.0, 1.0], [-2.0, -2.0], [2.0, 2.0]).alpha
0.5
>>> wolfe(sum_of_squares, double, [1.8, 1.7], [-1.0, -1.0])[:4]   # SciPy's own example
(1.0, 1.1300000000000001, 2, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple, Optional, Tuple

from vecgd._checks import (
    require_callable,
    require_finite,
    require_int,
    require_positive,
    require_real,
    require_same_length,
    require_vector,
)
from vecgd.vector import Vector, dot

__all__ = ["LineSearchResult", "backtracking", "wolfe"]

Function = Callable[[Vector], float]


class LineSearchResult(NamedTuple):
    """What a line search found: ``x + alpha * direction`` is the new point.

    ``alpha``: the step, None when none was found; ``fun``: f at the new
    point (at x when alpha is None); ``nfev`` and ``ngev``: the calls of f
    and of the gradient the search made; ``message``: why it stopped.

    >>> LineSearchResult(0.5, 0.25, 2, 0, "sufficient decrease").alpha
    0.5
    """

    alpha: float | None
    fun: float
    nfev: int
    ngev: int
    message: str


def _check(where: str, f: object, x: object, direction: object, c1: object) -> None:
    require_callable(where, "f", f)
    require_vector(where, "x", x, finite=True, nonempty=True)
    require_vector(where, "direction", direction, finite=True)
    require_same_length(where, x, direction, what="x and direction")  # type: ignore[arg-type]
    require_positive(where, "c1", c1)


def _value(where: str, f: Function, point: Vector) -> float:
    """Return f(point) as a float; not a number counts as +inf (too high to accept)."""
    try:
        value = f(point)
    except OverflowError:  # f past the floats along the ray: as high as it gets
        return math.inf
    require_real(where, "f(x)", value)
    value = float(value)
    return math.inf if math.isnan(value) else value


def _ray(x: Sequence[float], direction: Sequence[float]) -> Callable[[float], Vector]:
    return lambda alpha: [x_i + alpha * d_i for x_i, d_i in zip(x, direction)]


def backtracking(
    f: Function,
    x: Sequence[float],
    direction: Sequence[float],
    gradient: Sequence[float],
    *,
    alpha: float = 1.0,
    rho: float = 0.5,
    c1: float = 1e-4,
    fx: float | None = None,
    maxiter: int = 100,
) -> LineSearchResult:
    """Return the first of alpha, rho * alpha, rho^2 * alpha, ... that lowers f enough.

    Enough is Armijo's sufficient decrease: ``f(x + alpha * direction) <=
    f(x) + c1 * alpha * (gradient . direction)``, gradient being f's
    gradient at x (Nocedal & Wright, Algorithm 3.1).  ``fx`` is f(x) when
    known (else it is computed and counted); a step must also lower f,
    where rounding would let the condition hold with f unchanged.  No step
    (alpha None) when the direction does not descend (gradient . direction
    >= 0), after ``maxiter`` trials, or when the step no longer moves x.
    Raises ValueError or TypeError for bad arguments: rho must be in (0,
    1), alpha and c1 positive, c1 below 1.

    >>> from vecgd.vector import sum_of_squares
    >>> result = backtracking(sum_of_squares, [1.0], [-2.0], [2.0], alpha=4.0)
    >>> result.alpha, result.fun, result.nfev   # 4, 2 and 1 overshoot; 0.5 lands on 0
    (0.5, 0.0, 5)
    """
    where = "backtracking"
    _check(where, f, x, direction, c1)
    require_vector(where, "gradient", gradient, finite=True)
    require_same_length(where, x, gradient, what="x and gradient")
    require_positive(where, "alpha", alpha)
    require_positive(where, "rho", rho)
    if rho >= 1 or c1 >= 1:
        raise ValueError(f"{where}: rho and c1 must be below 1 (got rho={rho!r}, c1={c1!r})")
    require_int(where, "maxiter", maxiter, minimum=1)
    calls = 0
    if fx is None:
        fx, calls = _value(where, f, list(x)), 1
    require_finite(where, "fx", fx)
    fx = float(fx)
    slope = dot(gradient, direction)
    if not slope < 0:
        return LineSearchResult(None, fx, calls, 0, f"the direction does not descend: "
                                f"gradient . direction = {slope!r} is not below 0")
    at = _ray(x, direction)
    step, start = float(alpha), list(x)
    for _ in range(maxiter):
        point = at(step)
        if point == start:  # the step no longer moves x: nothing smaller will lower f
            return LineSearchResult(None, fx, calls, 0, f"no step lowers f: the step "
                                    f"{step!r} no longer moves x")
        value = _value(where, f, point)
        calls += 1
        # value < fx as well: where c1 * step * slope is below fx's last bit, the
        # condition rounds to value <= fx, and a step must lower f.
        if value <= fx + c1 * step * slope and value < fx:
            return LineSearchResult(step, value, calls, 0, "sufficient decrease")
        step *= rho
    return LineSearchResult(None, fx, calls, 0, f"no sufficient decrease in {maxiter} trials "
                            f"(the last step tried was {step / rho!r})")


def wolfe(
    f: Function,
    gradient: Callable[[Vector], Sequence[float]],
    x: Sequence[float],
    direction: Sequence[float],
    *,
    c1: float = 1e-4,
    c2: float = 0.9,
    amax: float | None = None,
    maxiter: int = 10,
    fx: float | None = None,
    gx: Sequence[float] | None = None,
) -> LineSearchResult:
    """Return a step alpha that meets the strong Wolfe conditions, by SciPy's algorithm.

    With ``phi(alpha) = f(x + alpha * direction)`` and its slope
    ``phi'(alpha) = gradient(x + alpha * direction) . direction``: sufficient
    decrease, ``phi(alpha) <= phi(0) + c1 * alpha * phi'(0)``, and the
    curvature condition, ``|phi'(alpha)| <= c2 * |phi'(0)|``.  The trial
    step starts at 1 (at most amax) and doubles until it overshoots; then
    a zoom between the last two steps (cubic, else quadratic, else halfway)
    finds it, as ``scipy.optimize.line_search`` does, with its counts: f(x)
    counts in nfev unless given as ``fx``; the gradient at x (``gx``, else
    computed) never counts in ngev.  alpha is None, and the message says
    why (first, along a direction that does not descend, that it does not:
    SciPy searches it all the same), when the zoom fails after 11 trials
    (a step capped at amax may make it fail); when ``maxiter`` doublings
    all still descend, the last one is returned, as SciPy does.  A value of
    f that is not a number counts as +inf.  Raises ValueError unless 0 < c1 < c2 < 1.

    >>> from vecgd.vector import sum_of_squares
    >>> double = lambda v: [2 * v_i for v_i in v]
    >>> result = wolfe(sum_of_squares, double, [1.0], [-4.0])
    >>> result.alpha, result.fun, result.nfev, result.ngev
    (0.25, 0.0, 3, 1)
    """
    where = "wolfe"
    _check(where, f, x, direction, c1)
    require_callable(where, "gradient", gradient)
    require_positive(where, "c2", c2)
    if not c1 < c2 < 1:
        raise ValueError(f"{where}: c1 and c2 must satisfy 0 < c1 < c2 < 1 "
                         f"(got c1={c1!r}, c2={c2!r})")
    if amax is not None:
        require_positive(where, "amax", amax)
    require_int(where, "maxiter", maxiter, minimum=1)
    x, direction = list(x), list(direction)
    at = _ray(x, direction)
    counts = [0, 0]

    def phi(alpha: float) -> float:
        counts[0] += 1
        return _value(where, f, at(alpha))

    def slope_of(g: Sequence[float]) -> float:
        require_vector(where, "gradient(x)", g, finite=True)
        require_same_length(where, x, g, what="x and gradient(x)")
        return dot(g, direction)

    def derphi(alpha: float) -> float:
        counts[1] += 1
        return slope_of(gradient(at(alpha)))

    if fx is not None:
        require_finite(where, "fx", fx)
    phi0 = phi(0.0) if fx is None else float(fx)
    require_finite(where, "fx", phi0)
    derphi0 = slope_of(gradient(x) if gx is None else gx)
    alpha, value, message = _search(phi, derphi, phi0, derphi0, c1, c2, amax, maxiter)
    if alpha is None and not derphi0 < 0:  # SciPy's counts and path, backtracking's reason
        message = (f"the direction does not descend: gradient . direction = {derphi0!r} is "
                   f"not below 0 ({message})")
    return LineSearchResult(alpha, phi0 if value is None else value, counts[0], counts[1],
                            message)


Search = Tuple[Optional[float], Optional[float], str]  # typing: a runtime alias, Python 3.9


def _search(phi: Callable[[float], float], derphi: Callable[[float], float], phi0: float,
            derphi0: float, c1: float, c2: float, amax: float | None, maxiter: int) -> Search:
    """Return (alpha, phi(alpha), message): SciPy's scalar_search_wolfe2, step by step.

    Nocedal & Wright's Algorithm 3.5: grow the step until phi rises above
    the sufficient-decrease line, rises from the last step, or slopes
    upwards; then the bracket [last, this] holds an acceptable step.
    """
    alpha0, alpha1 = 0.0, 1.0 if amax is None else min(1.0, amax)
    phi_a0, phi_a1, derphi_a0 = phi0, phi(alpha1), derphi0
    for i in range(maxiter):
        # SciPy also gives up when alpha1 == 0 (its first step may come from the last
        # iteration's values, which wolfe does not take) or alpha0 > amax: neither can
        # happen here, every step being positive and capped at amax.
        if phi_a1 > phi0 + c1 * alpha1 * derphi0 or (phi_a1 >= phi_a0 and i > 0):
            return _zoom(alpha0, alpha1, phi_a0, phi_a1, derphi_a0, phi, derphi, phi0,
                         derphi0, c1, c2)
        derphi_a1 = derphi(alpha1)
        if abs(derphi_a1) <= -c2 * derphi0:
            return alpha1, phi_a1, "the strong Wolfe conditions hold"
        if derphi_a1 >= 0:
            return _zoom(alpha1, alpha0, phi_a1, phi_a0, derphi_a1, phi, derphi, phi0,
                         derphi0, c1, c2)
        alpha2 = 2 * alpha1  # still descending: double the step
        if amax is not None:
            alpha2 = min(alpha2, amax)
        alpha0, alpha1, phi_a0, derphi_a0 = alpha1, alpha2, phi_a1, derphi_a1
        phi_a1 = phi(alpha1)
    return alpha1, phi_a1, (f"the line search did not converge in maxiter = {maxiter} "
                            "doublings: the last step, as SciPy returns it")


def _zoom(a_lo: float, a_hi: float, phi_lo: float, phi_hi: float, derphi_lo: float,
          phi: Callable[[float], float], derphi: Callable[[float], float], phi0: float,
          derphi0: float, c1: float, c2: float) -> Search:
    """Zoom into [a_lo, a_hi] for a strong Wolfe step: Nocedal & Wright's Algorithm 3.6.

    Each trial is the minimum of the cubic through phi_lo, derphi_lo,
    phi_hi and the step dropped last (a_rec), unless it falls within 20% of
    the interval's length from an end; then the quadratic through phi_lo,
    derphi_lo and phi_hi, unless within 10%; then the midpoint.  At most 11
    trials (SciPy's maxiter = 10).
    """
    phi_rec, a_rec = phi0, 0.0
    for i in range(11):
        dalpha = a_hi - a_lo
        a, b = (a_hi, a_lo) if dalpha < 0 else (a_lo, a_hi)
        a_j = None
        if i > 0:
            cchk = 0.2 * dalpha
            a_j = _cubicmin(a_lo, phi_lo, derphi_lo, a_hi, phi_hi, a_rec, phi_rec)
        if i == 0 or a_j is None or a_j > b - cchk or a_j < a + cchk:
            qchk = 0.1 * dalpha
            a_j = _quadmin(a_lo, phi_lo, derphi_lo, a_hi, phi_hi)
            if a_j is None or a_j > b - qchk or a_j < a + qchk:
                a_j = a_lo + 0.5 * dalpha
        phi_aj = phi(a_j)
        if phi_aj > phi0 + c1 * a_j * derphi0 or phi_aj >= phi_lo:
            phi_rec, a_rec, a_hi, phi_hi = phi_hi, a_hi, a_j, phi_aj
        else:
            derphi_aj = derphi(a_j)
            if abs(derphi_aj) <= -c2 * derphi0:
                return a_j, phi_aj, "the strong Wolfe conditions hold"
            if derphi_aj * (a_hi - a_lo) >= 0:
                phi_rec, a_rec, a_hi, phi_hi = phi_hi, a_hi, a_lo, phi_lo
            else:
                phi_rec, a_rec = phi_lo, a_lo
            a_lo, phi_lo, derphi_lo = a_j, phi_aj, derphi_aj
    return None, None, "the zoom found no step meeting the Wolfe conditions in 11 trials"


def _finite(*values: float) -> bool:
    return all(map(math.isfinite, values))


def _cubicmin(a: float, fa: float, fpa: float, b: float, fb: float, c: float,
              fc: float) -> float | None:
    """Return the minimum of the cubic through (a, fa), (b, fb), (c, fc) with slope fpa at a.

    None where SciPy's NumPy arithmetic would raise (a division by 0, an
    overflow, the root of a negative number) or the minimum is not finite.
    """
    # f(x) = A (x - a)^3 + B (x - a)^2 + C (x - a) + D, solved for A and B by Cramer's rule.
    C, db, dc = fpa, b - a, c - a
    try:
        denom = (db * dc) ** 2 * (db - dc)
        first, second = fb - fa - C * db, fc - fa - C * dc
        A = (dc**2 * first + -(db**2) * second) / denom
        B = (-(dc**3) * first + db**3 * second) / denom
        radical = B * B - 3 * A * C
        if not _finite(denom, first, second, A, B, radical) or radical < 0:
            return None
        xmin = a + (-B + math.sqrt(radical)) / (3 * A)
    except (ZeroDivisionError, OverflowError):
        return None
    return xmin if math.isfinite(xmin) else None


def _quadmin(a: float, fa: float, fpa: float, b: float, fb: float) -> float | None:
    """Return the minimum of the quadratic through (a, fa), (b, fb) with slope fpa at a."""
    # f(x) = B (x - a)^2 + C (x - a) + D
    D, C, db = fa, fpa, b - a * 1.0
    try:
        B = (fb - D - C * db) / (db * db)
        xmin = a - C / (2.0 * B)
    except (ZeroDivisionError, OverflowError):
        return None
    return xmin if _finite(B, xmin) else None
