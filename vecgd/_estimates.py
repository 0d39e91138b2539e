"""The numeric derivatives along a line, each with its error model (serves vecgd.gradients).

Each estimator returns an ``Estimate``: the value and a bound on its
error, from the method's own error model (forward and central
differences: truncation measured by a second step, plus rounding; Ridders:
its tableau; the complex step: rounding).  ``vecgd.gradients`` applies
them to a coordinate or a direction of f.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any, Callable, List, NamedTuple, Tuple

from vecgd._checks import describe, is_real

__all__ = [
    "CENTRAL_STEP",
    "COMPLEX_MOVE",
    "COMPLEX_RELATIVE",
    "COMPLEX_STEP",
    "Counted",
    "EPS",
    "EXACT_ZERO",
    "Estimate",
    "NOT_FINITE",
    "NotComplexError",
    "PROBE_ERRORS",
    "RIDDERS_GOOD",
    "RIDDERS_MARGIN",
    "RIDDERS_STARTS",
    "ROUNDING_ULPS",
    "call_real",
    "central",
    "central_bounded",
    "complex_h",
    "complex_step",
    "finite_estimate",
    "finite_value",
    "forward_bounded",
    "ridders",
    "ridders_bounded",
    "ridders_steps",
    "tableau",
]

Vector = List[float]
RealFunction = Callable[[Vector], float]

EPS = sys.float_info.epsilon
# The complex step's h, relative to the coordinate: Im f(x + ih) / h is
# f'(x) - h**2 f'''(x) / 6 + ..., so h = 1e-20 |x| leaves a truncation of
# about 1e-40 relative for a function that varies on the scale of x, and no
# cancellation at all (Martins, Sturdza & Alonso, 2003).  A fixed h = 1e-20
# is as large as x itself at x = 1e-20.
COMPLEX_RELATIVE = 1e-20
COMPLEX_STEP = 1e-20  # the step at x = 0, where there is no scale
SMALLEST_STEP = 5e-324  # the least positive float: h must not round to 0
# The complex step's second probe moves v by this many ulps along u: the
# rounding of f's real arithmetic then changes (a least-squares residual
# rounds differently), so the change of Im f / h measures it (1 ulp may not
# move v at all; 32 gave 1 miss in 400 optima of a line fit, by margin 2).
COMPLEX_MOVE = 32
# The note of an estimate whose every probe gave exactly 0 (the differences
# at h and 2h, or the complex step's imaginary parts): f's values do not
# change along the coordinate, so an analytic 0 is verified.
EXACT_ZERO = "every probe gave exactly 0: f's values do not change here"
# The central difference's error is truncation h**2 |f'''| / 6 plus rounding
# eps |f| / h; their sum is smallest near h = eps**(1/3) (Numerical Recipes,
# section 5.7), scaled by the coordinate so that x + h differs from x.
CENTRAL_STEP = EPS ** (1 / 3)
# A value of f computed in floats is taken to be within this many ulps of
# |f|: the rounding part of the forward and central error models.
ROUNDING_ULPS = 8
# Ridders' tableau, Numerical Recipes' dfridr: steps shrink by 1.4 per
# column, at most 10 columns, stop once the error grows by a factor of 2.
RIDDERS_SHRINK, RIDDERS_COLUMNS, RIDDERS_SAFE = 1.4, 10, 2.0
# Ridders' first step, as fractions of the coordinate's size, tried in turn
# until one gives an error below RIDDERS_GOOD relative: 0.1 |x| alone (the
# book's advice) extrapolates exp and sin at 100 from steps of 10 and gets
# garbage, and probes exp(715) at x = 650.  The reported bound is the
# tableau's own error estimate times RIDDERS_MARGIN, plus the rounding of
# f's values over the smallest step and 4 ulps of the value.
RIDDERS_STARTS = (0.1, 0.01, 0.001, 0.0001)
RIDDERS_GOOD, RIDDERS_MARGIN = 1e-12, 2.0
# What probing f may raise at a step, to be answered by a smaller step.
PROBE_ERRORS = (OverflowError, ValueError, ZeroDivisionError)


class Estimate(NamedTuple):
    """One numeric derivative and a bound on its error.

    Returned by ``estimate_gradient_with_error`` (one per element),
    ``estimate_partial_with_error``, ``estimate_directional_with_error``
    and the cross-checked estimates of ``vecgd.gradcheck``.

    ``value`` estimates the derivative; the derivative lies within
    ``value - error`` and ``value + error`` as far as the method's error
    model can tell (``error`` may be inf: f's values could not give the
    derivative).  ``method`` is the method used and ``evaluations`` how many
    times f was called; ``note`` says anything a reader should know (the
    checks of ``vecgd.gradcheck`` note a cross-check there).

    >>> from vecgd import estimate_partial_with_error
    >>> e = estimate_partial_with_error(lambda v: v[0] ** 3, [2.0], 0, method="complex")
    >>> e.value, e.error < 1e-12, e.method, e.evaluations
    (12.0, True, 'complex', 2)
    """

    value: float
    error: float
    method: str
    evaluations: int
    note: str = ""


class NotComplexError(TypeError):
    """Raised by ``method="complex"`` when f cannot take complex numbers.

    A ``TypeError`` whose message says why (f raised ``TypeError``, or it
    returned a real number for a complex v, dropping the imaginary part) and
    what to do instead; ``check_gradient`` catches it to fall back to a
    real-arithmetic estimate.

    >>> import math
    >>> from vecgd import estimate_gradient
    >>> try:
    ...     estimate_gradient(lambda v: math.exp(v[0]), [1.0], method="complex")
    ... except NotComplexError as error:
    ...     print(str(error)[:70])
    estimate_gradient: method='complex' needs an f that accepts complex nu
    """


NOT_FINITE = "f's values near v are not finite (it overflows, or leaves its domain)"


def finite_value(where: str, x: float) -> float:
    """Return x, a derivative estimated; ValueError where f's values made it NaN (inf - inf)."""
    # Nothing in vecgd returns NaN: a quotient of infinite values has no value to give.
    if math.isnan(x):
        raise ValueError(f"{where}: {NOT_FINITE}, so no derivative can be estimated")
    return x


def finite_estimate(e: Estimate) -> Estimate:
    """Return e, or 0 +- inf (no estimate, never NaN) where f's values made it NaN."""
    if math.isnan(e.value) or math.isnan(e.error):
        return Estimate(0.0, math.inf, e.method, e.evaluations, NOT_FINITE)
    return e


def call_real(where: str, f: Callable[[Any], Any], x: Any) -> float:
    """Return f(x), which must be a real number (a complex one with zero imaginary part will do)."""
    y = f(x)
    if is_real(y):
        return y  # type: ignore[no-any-return]
    if isinstance(y, complex) and y.imag == 0:
        return y.real  # f written with cmath returns complex numbers for real inputs
    raise TypeError(f"{where}: f must return a real number (got {describe(y)})")


class Counted:
    """g(t) for real t, checked to be real and counted (g is f along a line)."""

    def __init__(self, where: str, g: Callable[[float], Any]) -> None:
        self.where, self.g, self.calls, self.largest = where, g, 0, 0.0

    def __call__(self, t: float) -> float:
        self.calls += 1
        y = call_real(self.where, self.g, t)
        self.largest = max(self.largest, abs(y))  # for the rounding part of an error bound
        return y


def central(where: str, g: Callable[[float], float], x: float, h: float) -> float:
    """Return (g(x + h) - g(x - h)) / 2h, the step being the one the float x + h really takes."""
    step = (x + h) - x  # the step the float x + h really takes: exactly representable
    if step == 0:
        raise ValueError(f"{where}: h is too small to move x (got x={x!r}, h={h!r})")
    # Divide by how far apart the two points really are, not by the 2h asked for.
    above, below = x + step, x - step
    try:
        return (call_real(where, g, above) - call_real(where, g, below)) / (above - below)
    except (OverflowError, ZeroDivisionError) as caught:  # math.exp(709.79) raises
        raise ValueError(f"{where}: {NOT_FINITE}, so no derivative can be estimated "
                         f"(f raised {type(caught).__name__} at x +- {step:.3g})") from caught


def central_bounded(g: Counted, x: float, h: float) -> Estimate:
    """Return the central difference at step h, bounded by truncation plus rounding.

    D(h) = f' + h**2 f''' / 6 + ..., so D(2h) - D(h) is three times D(h)'s
    truncation, the bound's first term (a margin of 3); the second is the
    rounding of f's values, ROUNDING_ULPS ulps of the largest, over the
    distance between the points.
    """
    step = (x + h) - x
    if step == 0:
        raise ValueError(f"{g.where}: h is too small to move x (got x={x!r}, h={h!r})")
    values, quotients = [], []
    for s in (step, 2 * step):
        above, below = x + s, x - s
        up, down = g(above), g(below)
        values += [up, down]
        quotients.append((up - down) / (above - below))
    rounding = ROUNDING_ULPS * EPS * max(map(abs, values)) / step
    error = abs(quotients[1] - quotients[0]) + rounding
    exact = quotients[0] == quotients[1] == 0 and _flat_wide(g, x, step)
    return Estimate(quotients[0], error, "central", g.calls, EXACT_ZERO if exact else "")


def _flat_wide(g: Counted, x: float, step: float) -> bool:
    """Return True when g(x + w) == g(x - w) also at a wide step w (Ridders' first, 0.1 |x|).

    Equal values at steps of 1e-5 |x| may only mean that f's rounding hides
    its change (4e12 + abs(x) at x = 2): an exact zero must hold wide too.
    """
    wide = max(abs(step), RIDDERS_STARTS[0] * (abs(x) or 1.0))
    try:
        return g(x + wide) == g(x - wide)
    except PROBE_ERRORS:  # f's domain ends nearer: no claim of an exact zero
        return False


def forward_bounded(g: Counted, x: float, h: float, at_x: float | None = None) -> Estimate:
    """Return the book's forward quotient at step h, bounded by truncation plus rounding.

    F(h) = f' + h f'' / 2 + ..., so F(2h) - F(h) is about F(h)'s truncation;
    the bound is twice it, plus ROUNDING_ULPS ulps of f over h.
    """
    base = g(x) if at_x is None else at_x
    one, two = g(x + h), g(x + 2 * h)
    quotient = (one - base) / h
    rounding = ROUNDING_ULPS * EPS * max(abs(base), abs(one), abs(two)) / abs(h)
    error = 2 * abs((two - base) / (2 * h) - quotient) + rounding
    return Estimate(quotient, error, "forward", g.calls)


def ridders(where: str, g: Callable[[float], float], x: float,
             h: float) -> Tuple[float, float, float]:
    """Return (derivative, error estimate, smallest step) of g at x by Ridders' extrapolation."""
    return tableau(lambda step: central(where, g, x, step), h)


def tableau(quotient: Callable[[float], float], h: float) -> Tuple[float, float, float]:
    """Return (limit, error estimate, smallest step) of quotient(h) as h goes to 0.

    quotient's error must be a series in even powers of h (a central first
    or second difference), so that Richardson's tableau eliminates them.
    """
    factor2 = RIDDERS_SHRINK * RIDDERS_SHRINK
    row = [quotient(h)]
    best, error = row[0], math.inf
    for i in range(1, RIDDERS_COLUMNS):
        h /= RIDDERS_SHRINK
        new = [quotient(h)]
        factor = factor2
        for j in range(1, i + 1):
            # Eliminate the h**(2j) term of the error, as in Richardson's tableau.
            new.append((new[j - 1] * factor - row[j - 1]) / (factor - 1))
            factor *= factor2
            change = max(abs(new[j] - new[j - 1]), abs(new[j] - row[j - 1]))
            if change <= error:
                best, error = new[j], change
        if abs(new[i] - row[i - 1]) >= RIDDERS_SAFE * error:
            break  # higher orders got worse: rounding has taken over
        row = new
    return best, error, h


def ridders_bounded(g: Counted, x: float, steps: Sequence[float]) -> Estimate:
    """Return Ridders' estimate from the first of the steps that does well, or the best one.

    A start whose probing raises (exp past 709 overflows) or gives a
    non-finite number is passed over: the next, smaller, step is tried.
    The bound is RIDDERS_MARGIN times the tableau's error, plus the
    rounding of f's values over the smallest step (as central's).
    """
    best, error, reasons = 0.0, math.inf, []  # 0 +- inf: no estimate, never NaN
    exact = False  # every quotient of the chosen tableau was exactly 0
    for h in steps:
        g.largest = 0.0
        try:
            value, change, smallest = ridders(g.where, g, x, h)
        except PROBE_ERRORS as caught:
            reasons.append(f"{type(caught.__cause__ or caught).__name__} at step {h:.3g}")
            continue
        if not (math.isfinite(value) and math.isfinite(change)):
            reasons.append(f"no finite estimate at step {h:.3g}")
            continue
        rounding = ROUNDING_ULPS * EPS * g.largest / abs(smallest)
        bound = RIDDERS_MARGIN * change + rounding + 4 * EPS * abs(value)
        if bound < error:
            best, error, exact = value, bound, value == change == 0
        if bound <= RIDDERS_GOOD * abs(value):
            break
    note = "" if math.isfinite(error) else "f could not be probed: " + "; ".join(reasons)
    return Estimate(best, error, "richardson", g.calls, EXACT_ZERO if exact else note)


def ridders_steps(scale: float, h: float | None) -> Sequence[float]:
    """Return the first steps Ridders' method tries: [h] when given, else fractions of scale."""
    # Fractions of |x| keep both points on the side of zero x is on (so log and
    # sqrt work near 0); Ridders wants a step over which f changes noticeably.
    return [h] if h is not None else [c * scale for c in RIDDERS_STARTS]


def _imaginary(where: str, f: RealFunction, v: Sequence[float], u: Sequence[float],
               h: float) -> float | BaseException:
    """Return Im f(v + i h u) / h, or the error probing f raised (overflow, domain)."""
    # Every element complex, so that f returns a complex number even where
    # u is 0 (those elements then add nothing to the imaginary part).
    w = [complex(v_j, h * u_j) for v_j, u_j in zip(v, u)]
    advice = "write f with operators and cmath, or use method='central' or 'richardson'"
    try:
        y = f(w)  # type: ignore[arg-type]
    except TypeError as error:
        raise NotComplexError(
            f"{where}: method='complex' needs an f that accepts complex numbers, but f "
            f"raised TypeError ({error}); {advice}"
        ) from error
    except PROBE_ERRORS as caught:  # cmath.exp(710) overflows where math.exp gives inf
        return caught
    if isinstance(y, complex):
        return y.imag / h
    if is_real(y):
        raise NotComplexError(
            f"{where}: method='complex' got a real number from f for a complex v "
            f"(got {describe(y)}): f drops the imaginary part (abs(), .real, float()) "
            f"or does not depend on v; {advice}"
        )
    raise TypeError(f"{where}: f must return a number (got {describe(y)})")


def complex_step(where: str, f: RealFunction, v: Sequence[float], u: Sequence[float],
                  h: float, bounded: bool = True) -> Estimate:
    """Return Im f(v + i h u) / h and its bound, explaining why when f cannot take complex numbers.

    Nothing is subtracted along the step, but the imaginary part carries the
    rounding of f's real arithmetic: where f' is a sum of terms that cancel
    (f at a least-squares optimum), it is off by about eps times the sum of
    the terms' magnitudes, whatever h.  So the bound is 4 ulps of the value
    (and the least subnormal over h), plus twice the change of the estimate
    when v moves by COMPLEX_MOVE ulps along u, which rounds f's terms
    differently (and adds f'' times the move, about 1e-14 relative); the
    truncation h**2 f''' / 6 is negligible at h = 1e-20 |x| for an f
    analytic along the step: ``check_gradient`` cross-checks that.
    bounded=False skips the second probe (1 evaluation, for the plain
    estimates, which report no bound).  Where probing f raises
    (OverflowError, ValueError, ZeroDivisionError) the estimate is 0 +- inf
    with a note: no complex step there, real arithmetic may take over.
    """
    first = _imaginary(where, f, v, u, h)
    if isinstance(first, BaseException):
        return _no_complex(first, 1)
    if not bounded:
        return Estimate(first, 4 * EPS * abs(first) + SMALLEST_STEP / h, "complex", 1)
    moved = [v_j + math.copysign(COMPLEX_MOVE * EPS * (abs(v_j) if v_j else abs(u_j)), u_j)
             if u_j else v_j for v_j, u_j in zip(v, u)]
    second = _imaginary(where, f, moved, u, h)
    if isinstance(second, BaseException):
        return _no_complex(second, 2)
    error = 4 * EPS * abs(first) + SMALLEST_STEP / h + 2 * abs(second - first)
    return Estimate(first, error, "complex", 2, EXACT_ZERO if first == second == 0 else "")


def _no_complex(caught: BaseException, evaluations: int) -> Estimate:
    """Return 0 +- inf: probing f with a complex v raised, so the complex step gives nothing."""
    return Estimate(0.0, math.inf, "complex", evaluations,
                    f"the complex step raised {type(caught).__name__} ({caught})")


def complex_h(scale: float) -> float:
    """Return the complex step for a coordinate of size scale (0: no scale)."""
    return max(COMPLEX_RELATIVE * scale, SMALLEST_STEP) if scale else COMPLEX_STEP
