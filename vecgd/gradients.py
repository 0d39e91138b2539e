"""Numeric derivatives: the book's difference quotients, better estimates, and a gradient check.

``difference_quotient``, ``partial_difference_quotient`` and
``estimate_gradient`` are the functions of the gradient descent chapter of
Data Science from Scratch, with the same names, parameters and results.
``estimate_gradient`` offers four methods, the book's and three more
accurate ones:

* ``"forward"``, the book's ``(f(v + h e_i) - f(v)) / h`` with ``h = 0.0001``:
  about 4 correct digits;
* ``"central"``, ``(f(v + h e_i) - f(v - h e_i)) / 2h`` with the step chosen
  from the rounding-error model: about 10 correct digits;
* ``"complex"``, the complex step ``Im f(v + i h e_i) / h`` (Squire & Trapp,
  1998): no subtraction, so exact to rounding, for functions written with
  operators and ``cmath``;
* ``"richardson"``, central differences at shrinking steps extrapolated to a
  zero step (Ridders' method, Numerical Recipes' ``dfridr``): 11 or more
  digits, for functions that cannot take complex numbers.

``check_gradient`` compares an analytic gradient with a numeric one and
``assert_gradient_ok`` turns a failed comparison into an ``AssertionError``
for unit tests.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, List, Tuple

from vecgd._checks import (
    describe,
    is_real,
    require_callable,
    require_choice,
    require_finite,
    require_int,
    require_nonnegative,
    require_same_length,
    require_vector,
)
from vecgd.vector import Vector, dot, scalar_multiply

__all__ = [
    "GradientCheck",
    "assert_gradient_ok",
    "check_gradient",
    "difference_quotient",
    "estimate_gradient",
    "partial_difference_quotient",
    "richardson_derivative",
]

METHODS = ("forward", "central", "complex", "richardson")
BOOK_STEP = 0.0001
COMPLEX_STEP = 1e-20
# The central difference's error is truncation h**2 |f'''| / 6 plus rounding
# eps |f| / h; their sum is smallest near h = eps**(1/3) (Numerical Recipes,
# section 5.7), scaled by the coordinate so that x + h differs from x.
CENTRAL_STEP = sys.float_info.epsilon ** (1 / 3)
# Ridders' tableau, Numerical Recipes' dfridr: steps shrink by 1.4 per
# column, at most 10 columns, stop once the error grows by a factor of 2.
RIDDERS_SHRINK, RIDDERS_COLUMNS, RIDDERS_SAFE = 1.4, 10, 2.0

RealFunction = Callable[[Vector], float]


def _call(where: str, f: Callable[[Any], Any], x: Any) -> float:
    """Return f(x), which must be a real number (a complex one with zero imaginary part will do)."""
    y = f(x)
    if is_real(y):
        return y  # type: ignore[no-any-return]
    if isinstance(y, complex) and y.imag == 0:
        return y.real  # f written with cmath returns complex numbers for real inputs
    raise TypeError(f"{where}: f must return a real number (got {describe(y)})")


def _check_step(where: str, h: Any) -> None:
    require_finite(where, "h", h)
    if h == 0:
        raise ValueError(f"{where}: h must not be zero (got {h!r})")


def _check_index(where: str, v: Sequence[float], i: Any) -> None:
    require_int(where, "i", i, minimum=0)
    if i >= len(v):
        raise ValueError(f"{where}: i must be less than len(v) (got {i} for length {len(v)})")


def difference_quotient(f: Callable[[float], float], x: float, h: float) -> float:
    """Return the difference quotient of f at x with step h.

    Formula: ``(f(x + h) - f(x)) / h``, whose limit as h goes to 0 is the
    derivative f'(x).  h must be finite and not zero (``ValueError``); f
    must be callable and return a real number (``TypeError``).

    >>> difference_quotient(lambda x: x * x, 3, 0.5)
    6.5
    """
    require_callable("difference_quotient", "f", f)
    require_finite("difference_quotient", "x", x)
    _check_step("difference_quotient", h)
    return (_call("difference_quotient", f, x + h) - _call("difference_quotient", f, x)) / h


def partial_difference_quotient(f: RealFunction, v: Sequence[float], i: int, h: float) -> float:
    """Return the i-th partial difference quotient of f at v.

    Formula: ``(f(w) - f(v)) / h`` where ``w`` is v with h added to its i-th
    element only.  i must be a valid index of v, counted from 0, and h finite
    and not zero (``ValueError`` otherwise).

    >>> partial_difference_quotient(lambda v: v[0] * v[1], [2, 3], 1, 0.5)
    2.0
    """
    where = "partial_difference_quotient"
    require_callable(where, "f", f)
    require_vector(where, "v", v, finite=True)
    _check_index(where, v, i)
    _check_step(where, h)
    # The book's arithmetic, so the book's numbers come out bit for bit.
    w = [v_j + (h if i == j else 0) for j, v_j in enumerate(v)]
    return (_call(where, f, w) - _call(where, f, v)) / h


def _central(where: str, g: Callable[[float], float], x: float, h: float) -> float:
    step = (x + h) - x  # the step the float x + h really takes: exactly representable
    if step == 0:
        raise ValueError(f"{where}: h is too small to move x (got x={x!r}, h={h!r})")
    # Divide by how far apart the two points really are, not by the 2h asked for.
    above, below = x + step, x - step
    return (_call(where, g, above) - _call(where, g, below)) / (above - below)


def _ridders(where: str, g: Callable[[float], float], x: float, h: float) -> Tuple[float, float]:
    """Return (derivative, error estimate) of g at x by Ridders' extrapolation from step h."""
    factor2 = RIDDERS_SHRINK * RIDDERS_SHRINK
    row = [_central(where, g, x, h)]
    best, error = row[0], math.inf
    for i in range(1, RIDDERS_COLUMNS):
        h /= RIDDERS_SHRINK
        new = [_central(where, g, x, h)]
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
    return best, error


def _ridders_step(x: float) -> float:
    # A tenth of |x| keeps both points on the side of zero x is on (so log and
    # sqrt work near 0); Ridders wants a step over which f changes noticeably.
    return 0.1 * abs(x) if x != 0 else 0.1


def richardson_derivative(
    f: Callable[[float], float], x: float, h: float | None = None
) -> Tuple[float, float]:
    """Return (derivative, error estimate) of f at x by Ridders' extrapolation.

    Central differences ``(f(x + h) - f(x - h)) / 2h`` are taken at steps h,
    h/1.4, h/1.4**2, ... and extrapolated to a zero step with Richardson's
    tableau (Ridders, 1982; Numerical Recipes' ``dfridr``); the error
    estimate is the last change of the chosen entry.  The first step h
    defaults to ``0.1 * |x|`` (``0.1`` at zero).  At most 20 evaluations of f.

    >>> estimate, error = richardson_derivative(lambda x: x ** 3, 2.0)
    >>> round(estimate, 6), error < 1e-9
    (12.0, True)
    """
    require_callable("richardson_derivative", "f", f)
    require_finite("richardson_derivative", "x", x)
    if h is not None:
        _check_step("richardson_derivative", h)
    step = _ridders_step(x) if h is None else h
    return _ridders("richardson_derivative", f, x, step)


class _NotComplexError(TypeError):
    """f cannot take complex numbers: check_gradient falls back to Ridders' method."""


def _complex_step(where: str, f: RealFunction, v: Sequence[float], u: Sequence[float],
                  h: float | None) -> float:
    """Return Im f(v + i h u) / h, explaining why when f cannot take complex numbers."""
    step = COMPLEX_STEP if h is None else h
    # Every element complex, so that f returns a complex number even where
    # u is 0 (those elements then add nothing to the imaginary part).
    w = [complex(v_j, step * u_j) for v_j, u_j in zip(v, u)]
    advice = "write f with operators and cmath, or use method='central' or 'richardson'"
    try:
        y = f(w)  # type: ignore[arg-type]
    except TypeError as error:
        raise _NotComplexError(
            f"{where}: method='complex' needs an f that accepts complex numbers, but f "
            f"raised TypeError ({error}); {advice}"
        ) from error
    if isinstance(y, complex):
        return y.imag / step
    if is_real(y):
        raise _NotComplexError(
            f"{where}: method='complex' got a real number from f for a complex v "
            f"(got {describe(y)}): f drops the imaginary part (abs(), .real, float()) "
            f"or does not depend on v; {advice}"
        )
    raise TypeError(f"{where}: f must return a number (got {describe(y)})")


def _partial(where: str, f: RealFunction, v: Sequence[float], k: int, h: float | None,
             method: str) -> float:
    """Return the k-th partial derivative of f at v by central, complex or richardson."""
    if method == "complex":
        return _complex_step(where, f, v, [1.0 if j == k else 0.0 for j in range(len(v))], h)
    x = v[k]

    def along(t: float) -> float:
        w = list(v)
        w[k] = t
        return f(w)

    if method == "central":
        return _central(where, along, x, CENTRAL_STEP * max(1.0, abs(x)) if h is None else h)
    return _ridders(where, along, x, _ridders_step(x) if h is None else h)[0]


def estimate_gradient(
    f: RealFunction, v: Sequence[float], h: float | None = None, *, method: str = "forward"
) -> Vector:
    """Return a numeric estimate of the gradient of f at v.

    ``method="forward"`` is the book's: element i is
    ``partial_difference_quotient(f, v, i, h)`` with ``h = 0.0001`` by
    default, the book's numbers bit for bit (f(v) is evaluated once, not n
    times; n + 1 evaluations).  ``"central"`` uses
    ``(f(v + h e_i) - f(v - h e_i)) / 2h`` with ``h = eps**(1/3) * max(1,
    |v_i|)`` by default (2n evaluations).  ``"complex"`` uses
    ``Im f(v + i h e_i) / h`` with ``h = 1e-20`` (n evaluations): f must
    accept complex numbers, or ``TypeError`` says so.  ``"richardson"``
    extrapolates central differences (see ``richardson_derivative``; at most
    20n evaluations).  A given h is used as it is, for every element.

    h must be finite and not zero and method one of the four
    (``ValueError``); f must return real numbers (``TypeError``).

    >>> estimate_gradient(lambda v: v[0] ** 2 + v[1], [3.0, 1.0], method="complex")
    [6.0, 1.0]
    >>> [round(g, 6) for g in estimate_gradient(lambda v: v[0] ** 3, [2.0], method="central")]
    [12.0]
    """
    where = "estimate_gradient"
    require_callable(where, "f", f)
    require_vector(where, "v", v, finite=True)
    require_choice(where, "method", method, METHODS)
    if h is not None:
        _check_step(where, h)
    if method != "forward":
        return [_partial(where, f, v, k, h, method) for k in range(len(v))]
    step = BOOK_STEP if h is None else h
    at_v = _call(where, f, v)
    # The book's partial_difference_quotient, with f(v) computed once.
    return [
        (_call(where, f, [v_j + (step if i == j else 0) for j, v_j in enumerate(v)]) - at_v) / step
        for i in range(len(v))
    ]


@dataclass(frozen=True)
class GradientCheck:
    """The result of comparing an analytic gradient with a numeric one.

    ``analytic`` and ``numeric`` hold the components (or, with
    ``mode="directions"``, the directional derivatives) compared; row i
    passes when ``|analytic[i] - numeric[i]| <= atol + rtol * |numeric[i]|``.
    ``worst_index`` is the row whose error is the largest fraction of what
    it is allowed.  ``str()`` gives a table with one row per component and
    ``FAIL`` on the rows that fail.

    >>> f = lambda v: v[0] ** 2 + 3 * v[1]
    >>> check = check_gradient(f, lambda v: [2 * v[0], 3.5], [1.0, 2.0])
    >>> check.ok, check.worst_index, check.max_abs_error
    (False, 1, 0.5)
    >>> print(check)
    check_gradient: FAILED, 1 of 2 components (method 'complex', rtol 1e-06, atol 3.5e-10)
        index              analytic               numeric   abs error   rel error
            0                     2                     2    0.00e+00    0.00e+00
            1                   3.5                     3    5.00e-01    1.43e-01  FAIL
    """

    ok: bool
    max_abs_error: float
    max_rel_error: float
    analytic: Vector
    numeric: Vector
    worst_index: int
    rtol: float
    atol: float
    method: str
    mode: str

    def failures(self) -> List[int]:
        """Return the indexes of the rows that fail, in order.

        >>> check_gradient(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).failures()
        []
        """
        return [i for i, (a, n) in enumerate(zip(self.analytic, self.numeric))
                if _share(abs(a - n), self.atol + self.rtol * abs(n)) > 1]

    def __str__(self) -> str:
        failed = self.failures()
        row = "index" if self.mode == "components" else "direction"
        verdict = "ok" if self.ok else f"FAILED, {len(failed)} of {len(self.numeric)} {self.mode}"
        lines = [
            f"check_gradient: {verdict} (method {self.method!r}, rtol {self.rtol:.3g}, "
            f"atol {self.atol:.3g})",
            f"{row:>9}{'analytic':>22}{'numeric':>22}{'abs error':>12}{'rel error':>12}",
        ]
        for i, (a, n) in enumerate(zip(self.analytic, self.numeric)):
            mark = "  FAIL" if i in failed else ""
            lines.append(
                f"{i:>9}{a:>22.15g}{n:>22.15g}{abs(a - n):>12.2e}{_relative(a, n):>12.2e}{mark}"
            )
        return "\n".join(lines)


def _share(error: float, allowed: float) -> float:
    """Return how much of its allowed error a row uses; above 1 fails, NaN is infinite."""
    if error == 0:
        return 0.0
    return error / allowed if allowed > 0 and not math.isnan(error) else math.inf


def _relative(a: float, n: float) -> float:
    scale = max(abs(a), abs(n))
    return abs(a - n) / scale if scale else 0.0


def _directional(where: str, f: RealFunction, v: Sequence[float], u: Sequence[float],
                 h: float | None, method: str) -> float:
    """Return the derivative of f at v along the unit vector u."""
    if method == "complex":
        return _complex_step(where, f, v, u, h)

    def along(t: float) -> float:
        return f([v_j + t * u_j for v_j, u_j in zip(v, u)])

    if method == "forward":
        step = BOOK_STEP if h is None else h
        return (_call(where, along, step) - _call(where, along, 0.0)) / step
    if method == "central":
        step = CENTRAL_STEP * max(1.0, max(abs(v_j) for v_j in v)) if h is None else h
        return _central(where, along, 0.0, step)
    if h is None:
        # Keep every non-zero coordinate on its side of zero, as for one coordinate.
        h = min((0.1 * abs(v_j / u_j) for v_j, u_j in zip(v, u) if v_j and u_j), default=0.1)
    return _ridders(where, along, 0.0, h)[0]


def _random_directions(n: int, count: int, seed: int) -> List[Vector]:
    # Normal components, normalised: uniform on the unit sphere (Muller, 1959).
    rng = random.Random(seed)
    directions = []
    for _ in range(count):
        u = [rng.gauss(0.0, 1.0) for _ in range(n)]
        directions.append(scalar_multiply(1.0 / math.hypot(*u), u))
    return directions


def check_gradient(
    f: RealFunction,
    gradient: Callable[[Vector], Sequence[float]],
    v: Sequence[float],
    *,
    method: str | None = None,
    h: float | None = None,
    rtol: float = 1e-6,
    atol: float | None = None,
    directions: int | None = None,
    seed: int = 0,
) -> GradientCheck:
    """Compare the analytic gradient(v) with a numeric gradient of f at v.

    Row i passes when ``|analytic[i] - numeric[i]| <= atol + rtol *
    |numeric[i]|``.  The numeric method (``method=None``) is the complex
    step when f accepts complex numbers, exact to rounding, and Ridders'
    extrapolation (``"richardson"``, 11 or more correct digits at ordinary
    scales) when it does not.  Either is accurate enough that ``rtol=1e-6``
    passes right gradients at ordinary scales (coordinates from 1e-3 to
    1e3), yet catches a component that is wrong by 1e-4 of its size
    (PyTorch's gradcheck, with rtol 1e-3 and a central difference, cannot).
    ``atol`` defaults to ``1e-10`` times the largest component of either
    gradient, so rows that are rounding noise next to the others pass; give
    it when the whole gradient is zero.  ``method`` and ``h`` are those of
    ``estimate_gradient``.

    With ``directions=k``, the check compares k directional derivatives,
    ``dot(gradient(v), u)`` against the numeric derivative of f along u,
    for unit vectors u drawn from ``random.Random(seed)``: 1 evaluation of
    f per direction by complex step (2 by central differences, at most 20
    by Ridders' method, whose first step keeps every non-zero coordinate on
    its side of zero) instead of one or more per component, for long vectors.

    >>> f = lambda v: v[0] ** 2 * v[1]
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], v[0] ** 2], [3.0, -2.0]).ok
    True
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], 9.0009], [3.0, -2.0]).worst_index
    1
    """
    where = "check_gradient"
    require_callable(where, "f", f)
    require_callable(where, "gradient", gradient)
    require_vector(where, "v", v, finite=True, nonempty=True)
    if method is not None:
        require_choice(where, "method", method, METHODS)
    if h is not None:
        _check_step(where, h)
    require_nonnegative(where, "rtol", rtol)
    if atol is not None:
        require_nonnegative(where, "atol", atol)
    if directions is not None:
        require_int(where, "directions", directions, minimum=1)
    require_int(where, "seed", seed)
    g = gradient(list(v))
    require_vector(where, "gradient(v)", g)
    require_same_length(where, v, g, "v and gradient(v)")
    if directions is None:
        units = None
        analytic = [float(g_i) for g_i in g]
    else:
        units = _random_directions(len(v), directions, seed)
        analytic = [dot(g, u) for u in units]

    def numeric(method: str) -> Vector:
        if units is None:
            return [_partial(where, f, v, k, h, method) for k in range(len(v))]
        return [_directional(where, f, v, u, h, method) for u in units]

    if method is not None:
        estimates = numeric(method)
    else:
        try:
            method, estimates = "complex", numeric("complex")
        except _NotComplexError:
            method, estimates = "richardson", numeric("richardson")
    return _compare(analytic, estimates, rtol, atol, method, units is None)


def _compare(analytic: Vector, numeric: Vector, rtol: float, atol: float | None,
             method: str, components: bool) -> GradientCheck:
    if atol is None:
        atol = 1e-10 * max(abs(x) for x in analytic + numeric)
    errors = [abs(a - n) for a, n in zip(analytic, numeric)]
    shares = [_share(e, atol + rtol * abs(n)) for e, n in zip(errors, numeric)]
    return GradientCheck(
        ok=max(shares) <= 1,
        max_abs_error=max(errors),
        max_rel_error=max(_relative(a, n) for a, n in zip(analytic, numeric)),
        analytic=analytic,
        numeric=numeric,
        worst_index=shares.index(max(shares)),
        rtol=rtol,
        atol=atol,
        method=method,
        mode="components" if components else "directions",
    )


def assert_gradient_ok(
    f: RealFunction, gradient: Callable[[Vector], Sequence[float]], v: Sequence[float],
    **options: Any,
) -> GradientCheck:
    """Return check_gradient(f, gradient, v, **options), or raise AssertionError if it fails.

    The message of the ``AssertionError`` is the check's table, so a failed
    unit test shows every component.  It is raised explicitly, so this works
    under ``python -O`` as well.

    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).ok
    True
    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], 3.0], [2.0, 3.0])
    Traceback (most recent call last):
        ...
    AssertionError: check_gradient: FAILED, 1 of 2 components (method 'complex', ...)
    ...
    """
    check = check_gradient(f, gradient, v, **options)
    if not check.ok:
        raise AssertionError(str(check))
    return check
