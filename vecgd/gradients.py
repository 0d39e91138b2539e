"""Numeric derivatives: the book chapter's difference quotients, and better estimates.

``difference_quotient``, ``partial_difference_quotient`` and
``estimate_gradient`` are the functions of the book chapter (Data Science
from Scratch, gradient descent), with the same names, parameters and
results.  ``estimate_gradient`` offers four methods, the book's and three
more accurate ones:

* ``"forward"``, the book's ``(f(v + h e_i) - f(v)) / h`` with ``h = 0.0001``:
  about 4 correct digits;
* ``"central"``, ``(f(v + h e_i) - f(v - h e_i)) / 2h`` with the step chosen
  from the rounding-error model: about 10 correct digits near |x| = 1;
* ``"complex"``, the complex step ``Im f(v + i h e_i) / h`` (Squire & Trapp,
  1998) with h = 1e-20 |v_i|: no subtraction along the step, so to the
  rounding of f's own arithmetic (which a derivative that cancels, at an
  optimum, carries: its bound measures it), for functions written with
  operators and ``cmath``;
* ``"richardson"``, central differences at shrinking steps extrapolated to a
  zero step (Ridders' method, Numerical Recipes' ``dfridr``), for functions
  that cannot take complex numbers.

Every method also reports an error bound: ``estimate_gradient_with_error``,
``estimate_partial_with_error`` and ``estimate_directional_with_error``
return an ``Estimate`` (value and bound) per entry, the piece the gradient
checks of ``vecgd.gradcheck`` and the Jacobian checks of ``vecgd.jacobcheck``
judge.  The module is
past 400 lines because each method's error model sits beside its formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable, List, Tuple

from vecgd._checks import (
    as_vector,
    require_callable,
    require_choice,
    require_finite,
    require_index,
    require_same_length,
    require_step,
)
from vecgd._estimates import (
    CENTRAL_STEP,
    NOT_FINITE,
    Counted,
    Estimate,
    NotComplexError,
    call_real,
    central,
    central_bounded,
    complex_h,
    complex_step,
    finite_estimate,
    finite_value,
    forward_bounded,
    ridders_bounded,
    ridders_steps,
)
from vecgd.vector import Vector

__all__ = [
    "Estimate",
    "NotComplexError",
    "difference_quotient",
    "estimate_directional",
    "estimate_directional_with_error",
    "estimate_gradient",
    "estimate_gradient_with_error",
    "estimate_partial",
    "estimate_partial_with_error",
    "partial_difference_quotient",
    "richardson_derivative",
]

METHODS = ("forward", "central", "complex", "richardson")
BOOK_STEP = 0.0001

RealFunction = Callable[[Vector], float]
# The estimators and their error models are in vecgd._estimates; CENTRAL_STEP
# (eps**(1/3), the central difference's step per unit of |x|) is shared with
# vecgd.gradcheck, and NotComplexError is raised there.


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
    return finite_value("difference_quotient", (call_real("difference_quotient", f, x + h)
                                           - call_real("difference_quotient", f, x)) / h)


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
    v = as_vector(where, "v", v, finite=True)  # any shape; a huge int becomes a float
    require_index(where, "i", i, len(v))
    require_step(where, "h", h)
    return finite_value(where, _forward(where, f, v, i, h))


def _forward(where: str, f: RealFunction, v: Sequence[float], i: int, h: float,
             at_v: float | None = None) -> float:
    """Return the book's (f(w) - f(v)) / h, w = v + h e_i; f(v) is at_v when given."""
    # The book's arithmetic, so the book's numbers come out bit for bit.
    w = [v_j + (h if i == j else 0) for j, v_j in enumerate(v)]
    at_w = call_real(where, f, w)
    return (at_w - (call_real(where, f, v) if at_v is None else at_v)) / h


def _partial(where: str, f: RealFunction, v: Sequence[float], k: int, h: float | None,
             method: str, at_v: float | None = None, bounded: bool = True) -> Estimate:
    """Return the k-th partial derivative of f at v and its bound, by any method."""
    x = v[k]
    if method == "complex":  # bounded=False: the plain estimates, one evaluation
        unit = [1.0 if j == k else 0.0 for j in range(len(v))]
        return complex_step(where, f, v, unit, complex_h(abs(x)) if h is None else h, bounded)

    if method == "forward":
        # The book's w = v + h e_i, so the value is the book's quotient bit for bit.
        step = BOOK_STEP if h is None else h
        book = Counted(where, lambda t: f([v_j + (t if j == k else 0) for j, v_j in enumerate(v)]))
        estimate = forward_bounded(book, 0.0, step, at_v)
        if x and abs(step) > abs(x) / 4:  # f may change beyond recognition: no bound to give
            return Estimate(estimate.value, math.inf, "forward", estimate.evaluations,
                            f"the step {step:g} is not small against |v[{k}]| = {abs(x):g}")
        return estimate
    g = Counted(where, _along(f, v, k))
    if method == "central":
        return central_bounded(g, x, CENTRAL_STEP * max(1.0, abs(x)) if h is None else h)
    return ridders_bounded(g, x, ridders_steps(abs(x) if x != 0 else 1.0, h))


def _directional(where: str, f: RealFunction, v: Sequence[float], u: Sequence[float],
                 h: float | None, method: str, bounded: bool = True) -> Estimate:
    """Return the derivative of f at v along u and its bound, by any method."""
    # The coordinates' own scale along u: the step at which one of them
    # would reach zero (1 where v or u is zero throughout).
    scale = min((abs(v_j / u_j) for v_j, u_j in zip(v, u) if v_j and u_j), default=1.0)
    if method == "complex":
        # Floored at 1e-280 so that h * u_j * (a partial) stays a normal float.
        return complex_step(where, f, v, u, complex_h(max(scale, 1e-280)) if h is None else h,
                            bounded)
    g = Counted(where, _line(f, v, u))
    if method == "forward":
        return forward_bounded(g, 0.0, BOOK_STEP if h is None else h)
    if method == "central":
        step = CENTRAL_STEP * max(1.0, max(abs(v_j) for v_j in v)) if h is None else h
        return central_bounded(g, 0.0, step)
    return ridders_bounded(g, 0.0, ridders_steps(scale, h))


def _exact_or_raise(where: str, estimate: Estimate) -> float:
    """Return estimate.value for the plain functions, which cannot carry an error."""
    failed = estimate.note.startswith(("f could not be probed", "the complex step raised"))
    if estimate.method in ("richardson", "complex") and estimate.error == math.inf and failed:
        # Every first step failed, or the complex step overflowed: no number to give.
        raise ValueError(f"{where}: method={estimate.method!r} got no estimate ({estimate.note}): "
                         f"{NOT_FINITE}")
    return finite_value(where, estimate.value)


def richardson_derivative(
    f: Callable[[float], float], x: float, h: float | None = None
) -> Tuple[float, float]:
    """Return (derivative, error bound) of f at x by Ridders' extrapolation.

    Central differences ``(f(x + h) - f(x - h)) / 2h`` are taken at steps h,
    h/1.4, h/1.4**2, ... and extrapolated to a zero step with Richardson's
    tableau (Ridders, 1982; Numerical Recipes' ``dfridr``); the error bound
    is twice the last change of the chosen entry, plus 8 ulps of f over the
    smallest step and 4 ulps of the estimate.  Without h the first step is
    ``0.1 * |x|``, then ``0.01``, ``0.001`` and ``0.0001`` times ``|x|``
    (``|x|`` read as 1 at zero), until one reaches 1e-12 relative; the one
    with the smallest bound is returned.  A first step whose probing overflows (or leaves f's
    domain) is passed over; when none is left, ``ValueError`` says so.  At
    most 20 evaluations of f per first step.

    >>> estimate, error = richardson_derivative(lambda x: x ** 3, 2.0)
    >>> round(estimate, 6), error < 1e-9
    (12.0, True)
    """
    where = "richardson_derivative"
    require_callable(where, "f", f)
    require_finite(where, "x", x)
    if h is not None:
        require_step(where, "h", h)
    estimate = ridders_bounded(Counted(where, f), x,
                                ridders_steps(abs(x) if x != 0 else 1.0, h))
    return _exact_or_raise(where, estimate), estimate.error


def _arguments(where: str, f: Any, v: Any, method: str, h: Any,
               nonempty: bool = False) -> List[Any]:
    """Check the arguments; return v as plain numbers (any shape; a huge int becomes a float)."""
    require_callable(where, "f", f)
    plain = as_vector(where, "v", v, finite=True, nonempty=nonempty)
    require_choice(where, "method", method, METHODS)
    if h is not None:
        require_step(where, "h", h)
    return plain


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
    ``Im f(v + i h e_i) / h`` with ``h = 1e-20 * |v_i|`` (1e-20 at zero; n
    evaluations): f must accept complex numbers, or ``NotComplexError`` (a
    ``TypeError``) says so.  ``"richardson"`` extrapolates central
    differences (see ``richardson_derivative``).  A given h is used as it
    is, for every element.  ``estimate_gradient_with_error`` gives each
    element's error bound too.

    h must be finite and not zero and method one of the four
    (``ValueError``); f must return real numbers (``TypeError``).

    >>> estimate_gradient(lambda v: v[0] ** 2 + v[1], [3.0, 1.0], method="complex")
    [6.0, 1.0]
    >>> [round(g, 6) for g in estimate_gradient(lambda v: v[0] ** 3, [2.0], method="central")]
    [12.0]
    """
    where = "estimate_gradient"
    v = _arguments(where, f, v, method, h)
    if method == "central":
        return [_central_partial(where, f, v, k, h) for k in range(len(v))]
    if method != "forward":
        return [_exact_or_raise(where, _partial(where, f, v, k, h, method, bounded=False))
                for k in range(len(v))]
    step = BOOK_STEP if h is None else h
    at_v = call_real(where, f, v)  # the book's partial_difference_quotient, with f(v) computed once
    return [finite_value(where, _forward(where, f, v, i, step, at_v)) for i in range(len(v))]


def _central_partial(where: str, f: RealFunction, v: Sequence[float], k: int,
                     h: float | None) -> float:
    """Return the plain central difference along v_k, at eps**(1/3) max(1, |v_k|) by default."""
    step = CENTRAL_STEP * max(1.0, abs(v[k])) if h is None else h
    return finite_value(where, central(where, _along(f, v, k), v[k], step))


def _line(f: RealFunction, v: Sequence[float], u: Sequence[float]) -> Callable[[float], float]:
    """Return t -> f(v + t u), f along the line through v in the direction u."""
    return lambda t: f([v_j + t * u_j for v_j, u_j in zip(v, u)])


def _along(f: RealFunction, v: Sequence[float], k: int) -> Callable[[float], float]:
    """Return t -> f(v with its k-th element replaced by t)."""

    def along(t: float) -> float:
        w = list(v)
        w[k] = t
        return f(w)

    return along


def estimate_gradient_with_error(
    f: RealFunction, v: Sequence[float], h: float | None = None, *, method: str = "central"
) -> List[Estimate]:
    """Return one ``Estimate`` (value and error bound) per element of the gradient of f at v.

    The values are ``estimate_gradient``'s for the same method and h, each
    with a bound from the method's error model: for ``"forward"`` and
    ``"central"``, the truncation measured by a second quotient at step 2h
    plus 8 ulps of f over the step (so one more evaluation per element for
    forward, two for central); for ``"complex"``, 4 ulps of the value plus
    twice its change when v moves by 32 ulps along the coordinate (the
    rounding of f's own arithmetic, which a derivative that cancels
    carries; one more evaluation); for ``"richardson"``, twice the tableau's error
    estimate plus rounding (see ``richardson_derivative``).  Forward's
    bound is infinite where its step exceeds a quarter of |v_i| (the model
    assumes a step small against the coordinate).  Arguments and errors as
    ``estimate_gradient``'s.

    >>> [(e.value, e.error < 1e-14) for e in
    ...  estimate_gradient_with_error(lambda v: v[0] * v[1], [2.0, 3.0], method="complex")]
    [(3.0, True), (2.0, True)]
    >>> e = estimate_gradient_with_error(lambda v: v[0] ** 3, [1.0])[0]
    >>> abs(e.value - 3) <= e.error < 1e-9, e.evaluations
    (True, 4)
    """
    where = "estimate_gradient_with_error"
    v = _arguments(where, f, v, method, h)
    at_v = call_real(where, f, v) if method == "forward" and len(v) else None
    estimates = [finite_estimate(_partial(where, f, v, k, h, method, at_v)) for k in range(len(v))]
    if at_v is not None and estimates:  # f(v) was evaluated once, for all of them
        first = estimates[0]
        estimates[0] = Estimate(first.value, first.error, first.method, first.evaluations + 1,
                                first.note)
    return estimates


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
    v = _arguments(caller, f, v, method, h)
    require_index(caller, "i", i, len(v))
    if method == "forward":
        return finite_value(caller, _forward(caller, f, v, i, BOOK_STEP if h is None else h))
    if method == "central":
        return _central_partial(caller, f, v, i, h)
    return _exact_or_raise(caller, _partial(caller, f, v, i, h, method, bounded=False))


def estimate_partial_with_error(
    f: RealFunction, v: Sequence[float], i: int, h: float | None = None, *,
    method: str = "central", caller: str = "estimate_partial_with_error",
) -> Estimate:
    """Return the i-th partial derivative of f at v as an ``Estimate``: value and error bound.

    Element i of ``estimate_gradient_with_error(f, v, h, method=method)``,
    at the cost of that element; the building block of the checks of a
    gradient, a Jacobian (one output of f at a time) or a Hessian.
    ``caller`` is the name error messages start with.

    >>> e = estimate_partial_with_error(lambda v: v[0] * v[1] ** 2, [2.0, 3.0], 1)
    >>> round(e.value, 6), e.error < 1e-8, e.method
    (12.0, True, 'central')
    """
    v = _arguments(caller, f, v, method, h)
    require_index(caller, "i", i, len(v))
    return finite_estimate(_partial(caller, f, v, i, h, method))


def estimate_directional(
    f: RealFunction, v: Sequence[float], u: Sequence[float], h: float | None = None, *,
    method: str = "central", caller: str = "estimate_directional",
) -> float:
    """Return a numeric estimate of the derivative of f at v along u.

    Formula: the derivative of ``g(t) = f(v + t u)`` at t = 0, which is
    ``dot(gradient of f at v, u)``.  The methods are ``estimate_gradient``'s,
    applied to g: ``"forward"`` ``(g(h) - g(0)) / h`` with ``h = 0.0001``;
    ``"central"`` ``(g(h) - g(-h)) / 2h`` with ``h = eps**(1/3) * max(1,
    max |v_i|)``; ``"complex"`` ``Im f(v + i h u) / h`` with h 1e-20 times
    the smallest ``|v_i / u_i|`` (1 evaluation); ``"richardson"`` Ridders'
    extrapolation, whose first steps keep every non-zero coordinate on its
    side of zero.  u must be a finite vector as long as v (any length; a
    unit vector gives the slope per unit of distance).  ``caller`` is the
    name error messages start with.

    >>> round(estimate_directional(lambda v: v[0] * v[1], [2.0, 3.0], [0.6, 0.8]), 6)
    3.4
    """
    v, u = _directional_arguments(caller, f, v, u, method, h)
    line = _line(f, v, u)
    if method == "forward":
        step = BOOK_STEP if h is None else h
        quotient = (call_real(caller, line, step) - call_real(caller, line, 0.0)) / step
        return finite_value(caller, quotient)
    if method == "central":
        step = CENTRAL_STEP * max(1.0, max(abs(v_j) for v_j in v)) if h is None else h
        return finite_value(caller, central(caller, line, 0.0, step))
    return _exact_or_raise(caller, _directional(caller, f, v, u, h, method, bounded=False))


def estimate_directional_with_error(
    f: RealFunction, v: Sequence[float], u: Sequence[float], h: float | None = None, *,
    method: str = "central", caller: str = "estimate_directional_with_error",
) -> Estimate:
    """Return the derivative of f at v along u as an ``Estimate``: value and error bound.

    The value of ``estimate_directional(f, v, u, h, method=method)`` with
    the error model of ``estimate_gradient_with_error``.

    >>> e = estimate_directional_with_error(lambda v: v[0] * v[1], [2.0, 3.0], [0.6, 0.8])
    >>> round(e.value, 6), e.error < 1e-8
    (3.4, True)
    """
    v, u = _directional_arguments(caller, f, v, u, method, h)
    return finite_estimate(_directional(caller, f, v, u, h, method))


def _directional_arguments(where: str, f: Any, v: Any, u: Any, method: str,
                           h: Any) -> Tuple[List[Any], List[Any]]:
    v = _arguments(where, f, v, method, h, nonempty=True)
    u = as_vector(where, "u", u, finite=True)
    require_same_length(where, v, u, "v and u")
    return v, u
