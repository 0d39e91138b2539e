"""Numeric derivatives: the book chapter's difference quotients, and better estimates.

``difference_quotient``, ``partial_difference_quotient`` and
``estimate_gradient`` are the functions of the book chapter (Data Science
from Scratch, gradient descent), with the same names, parameters and
results.  ``estimate_gradient`` offers four methods, the book's and three
more accurate ones:

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

``estimate_partial`` and ``estimate_directional`` give one partial or
directional derivative by any of the four.  Comparing an analytic gradient
with these estimates is ``vecgd.gradcheck``'s work.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any, Callable, Tuple

from vecgd._checks import (
    describe,
    is_real,
    require_callable,
    require_choice,
    require_finite,
    require_index,
    require_same_length,
    require_step,
    require_vector,
)
from vecgd.vector import Vector

__all__ = [
    "NotComplexError",
    "difference_quotient",
    "estimate_directional",
    "estimate_gradient",
    "estimate_partial",
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


class NotComplexError(TypeError):
    """Raised by ``method="complex"`` when f cannot take complex numbers.

    A ``TypeError`` whose message says why (f raised ``TypeError``, or it
    returned a real number for a complex v, dropping the imaginary part) and
    what to do instead; ``check_gradient`` catches it to fall back to
    Ridders' method.

    >>> import math
    >>> try:
    ...     estimate_gradient(lambda v: math.exp(v[0]), [1.0], method="complex")
    ... except NotComplexError as error:
    ...     print(str(error)[:70])
    estimate_gradient: method='complex' needs an f that accepts complex nu
    """


def _call(where: str, f: Callable[[Any], Any], x: Any) -> float:
    """Return f(x), which must be a real number (a complex one with zero imaginary part will do)."""
    y = f(x)
    if is_real(y):
        return y  # type: ignore[no-any-return]
    if isinstance(y, complex) and y.imag == 0:
        return y.real  # f written with cmath returns complex numbers for real inputs
    raise TypeError(f"{where}: f must return a real number (got {describe(y)})")


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
    require_step("difference_quotient", "h", h)
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
    require_index(where, "i", i, len(v))
    require_step(where, "h", h)
    return _forward(where, f, v, i, h)


def _forward(where: str, f: RealFunction, v: Sequence[float], i: int, h: float,
             at_v: float | None = None) -> float:
    """Return the book's (f(w) - f(v)) / h, w = v + h e_i; f(v) is at_v when given."""
    # The book's arithmetic, so the book's numbers come out bit for bit.
    w = [v_j + (h if i == j else 0) for j, v_j in enumerate(v)]
    at_w = _call(where, f, w)
    return (at_w - (_call(where, f, v) if at_v is None else at_v)) / h


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
        require_step("richardson_derivative", "h", h)
    step = _ridders_step(x) if h is None else h
    return _ridders("richardson_derivative", f, x, step)


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
        raise NotComplexError(
            f"{where}: method='complex' needs an f that accepts complex numbers, but f "
            f"raised TypeError ({error}); {advice}"
        ) from error
    if isinstance(y, complex):
        return y.imag / step
    if is_real(y):
        raise NotComplexError(
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
    accept complex numbers, or ``NotComplexError`` (a ``TypeError``) says
    so.  ``"richardson"`` extrapolates central differences (see
    ``richardson_derivative``; at most 20n evaluations).  A given h is used
    as it is, for every element.

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
        require_step(where, "h", h)
    if method != "forward":
        return [_partial(where, f, v, k, h, method) for k in range(len(v))]
    step = BOOK_STEP if h is None else h
    at_v = _call(where, f, v)  # the book's partial_difference_quotient, with f(v) computed once
    return [_forward(where, f, v, i, step, at_v) for i in range(len(v))]


def estimate_partial(
    f: RealFunction, v: Sequence[float], i: int, h: float | None = None, *,
    method: str = "central", caller: str = "estimate_partial",
) -> float:
    """Return a numeric estimate of the i-th partial derivative of f at v.

    The same number as element i of ``estimate_gradient(f, v, h,
    method=method)``, by the same formula and default step, at the cost of
    that one element (``"forward"``: 2 evaluations of f, as
    ``partial_difference_quotient``).  ``caller`` is the name error messages
    start with (``check_gradient`` passes its own).  Arguments and errors as
    ``estimate_gradient``'s; i must be a valid index of v.

    >>> estimate_partial(lambda v: v[0] * v[1] ** 2, [2.0, 3.0], 1, method="complex")
    12.0
    """
    require_callable(caller, "f", f)
    require_vector(caller, "v", v, finite=True)
    require_choice(caller, "method", method, METHODS)
    if h is not None:
        require_step(caller, "h", h)
    require_index(caller, "i", i, len(v))
    if method == "forward":
        return _forward(caller, f, v, i, BOOK_STEP if h is None else h)
    return _partial(caller, f, v, i, h, method)


def estimate_directional(
    f: RealFunction, v: Sequence[float], u: Sequence[float], h: float | None = None, *,
    method: str = "central", caller: str = "estimate_directional",
) -> float:
    """Return a numeric estimate of the derivative of f at v along u.

    Formula: the derivative of ``g(t) = f(v + t u)`` at t = 0, which is
    ``dot(gradient of f at v, u)``.  The methods are ``estimate_gradient``'s,
    applied to g: ``"forward"`` ``(g(h) - g(0)) / h`` with ``h = 0.0001``;
    ``"central"`` ``(g(h) - g(-h)) / 2h`` with ``h = eps**(1/3) * max(1,
    max |v_i|)``; ``"complex"`` ``Im f(v + i h u) / h`` with ``h = 1e-20``
    (1 evaluation); ``"richardson"`` Ridders' extrapolation, whose first step
    keeps every non-zero coordinate on its side of zero.  u must be a finite
    vector as long as v (any length; a unit vector gives the slope per unit
    of distance).  ``caller`` is the name error messages start with.

    >>> round(estimate_directional(lambda v: v[0] * v[1], [2.0, 3.0], [0.6, 0.8]), 6)
    3.4
    """
    require_callable(caller, "f", f)
    require_vector(caller, "v", v, finite=True, nonempty=True)
    require_choice(caller, "method", method, METHODS)
    if h is not None:
        require_step(caller, "h", h)
    require_vector(caller, "u", u, finite=True)
    require_same_length(caller, v, u, "v and u")
    if method == "complex":
        return _complex_step(caller, f, v, u, h)

    def along(t: float) -> float:
        return f([v_j + t * u_j for v_j, u_j in zip(v, u)])

    if method == "forward":
        step = BOOK_STEP if h is None else h
        return (_call(caller, along, step) - _call(caller, along, 0.0)) / step
    if method == "central":
        step = CENTRAL_STEP * max(1.0, max(abs(v_j) for v_j in v)) if h is None else h
        return _central(caller, along, 0.0, step)
    if h is None:
        # Keep every non-zero coordinate on its side of zero, as for one coordinate.
        h = min((0.1 * abs(v_j / u_j) for v_j, u_j in zip(v, u) if v_j and u_j), default=0.1)
    return _ridders(caller, along, 0.0, h)[0]
