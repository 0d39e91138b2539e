"""Numeric Jacobians and Hessians: the gradient's estimates, one output or one partial at a time.

``estimate_jacobian`` differentiates an f that returns a sequence, one
row per output, by ``estimate_gradient``'s four methods (the rows share
f's evaluations).  ``estimate_hessian`` differentiates a scalar f twice,
by a method chosen from the error model: ``"complex"`` (central
differences of the complex-step gradient: one difference, about 10
digits), ``"central"`` (second differences: two differences, about 8
digits) or ``"richardson"`` (second differences extrapolated to a zero
step).  Each has a ``_with_error`` variant giving an ``Estimate`` (value
and error bound) per entry, which ``vecgd.jacobcheck`` judges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, List

from vecgd._checks import as_vector, require_callable, require_choice, require_step
from vecgd._estimates import Estimate, call_real, finite_estimate, finite_value
from vecgd._second import HESSIAN_METHODS, Memo, hessian_entry, hessian_value
from vecgd.gradients import METHODS, estimate_partial, estimate_partial_with_error
from vecgd.vector import Vector

__all__ = [
    "estimate_hessian",
    "estimate_hessian_with_error",
    "estimate_jacobian",
    "estimate_jacobian_with_error",
]

VectorFunction = Callable[[Vector], Sequence[float]]


def _arguments(where: str, f: Any, v: Any, method: Any, h: Any,
               hessian: bool = False) -> tuple[Memo, List[Any]]:
    """Check the arguments of a Jacobian (or, with hessian, a Hessian) estimate.

    Return f memoised, with f(v) checked (a sequence of real numbers; one real
    number for a Hessian), and v as plain numbers (any shape; a huge int becomes
    a float), as everywhere.
    """
    require_callable(where, "f", f)
    v = as_vector(where, "v", v, finite=True)
    require_choice(where, "method", method, HESSIAN_METHODS if hessian else METHODS)
    if h is not None:
        require_step(where, "h", h)
    memo = Memo(where, f)
    if not hessian:
        memo.outputs_at(v)
    elif len(v):
        call_real(where, memo, v)
    return memo, v


def estimate_jacobian(
    f: VectorFunction, v: Sequence[float], h: float | None = None, *, method: str = "central"
) -> List[Vector]:
    """Return a numeric estimate of the Jacobian of f at v: one row per output of f.

    Formula: entry ``[j][i]`` is ``d f(v)[j] / d v_i``, row j being
    ``estimate_gradient(lambda w: f(w)[j], v, h, method=method)``, with
    that method's formula and default step.  f returns a non-empty
    sequence of real numbers, the same length at every point (with
    ``method="complex"``, complex numbers for a complex v: write f with
    operators and ``cmath``).  f is evaluated once per point, for all the
    rows (central: 2n evaluations for n coordinates, whatever the number of
    outputs).  h and method as ``estimate_gradient``'s (``ValueError``);
    ``TypeError`` when f returns something else.

    >>> f = lambda v: [v[0] * v[1], v[0] + 3 * v[1]]
    >>> estimate_jacobian(f, [2.0, 5.0], method="complex")
    [[5.0, 2.0], [1.0, 3.0]]
    """
    where = "estimate_jacobian"
    memo, v = _arguments(where, f, v, method, h)
    # estimate_partial and its _with_error twin already refuse a NaN quotient.
    return [[estimate_partial(memo.output(j), v, i, h, method=method, caller=where)
             for i in range(len(v))] for j in range(len(memo.first))]


def estimate_jacobian_with_error(
    f: VectorFunction, v: Sequence[float], h: float | None = None, *, method: str = "central"
) -> List[List[Estimate]]:
    """Return the Jacobian of f at v as one ``Estimate`` (value and error bound) per entry.

    Entry ``[j][i]`` is ``estimate_partial_with_error(lambda w: f(w)[j], v,
    i, h, method=method)``: the values of ``estimate_jacobian`` with the
    error model of ``estimate_gradient_with_error``.  An entry's
    ``evaluations`` are those its row alone would make; the rows share the
    points, so f is called fewer times in all.  Arguments and errors as
    ``estimate_jacobian``'s.

    >>> rows = estimate_jacobian_with_error(lambda v: [v[0] ** 3, 2 * v[0]], [1.0])
    >>> [[(round(e.value, 6), e.error < 1e-8) for e in row] for row in rows]
    [[(3.0, True)], [(2.0, True)]]
    """
    where = "estimate_jacobian_with_error"
    memo, v = _arguments(where, f, v, method, h)
    return [[estimate_partial_with_error(memo.output(j), v, i, h, method=method, caller=where)
             for i in range(len(v))] for j in range(len(memo.first))]


def estimate_hessian(
    f: Callable[[Vector], float], v: Sequence[float], h: float | None = None, *,
    method: str = "central",
) -> List[Vector]:
    """Return a numeric estimate of the Hessian of f at v, symmetric.

    Formula: entry ``[i][j]`` is ``d2 f / dv_i dv_j``, estimated for
    ``i <= j`` and mirrored.  ``method="central"``: the central second
    difference ``(f(v + h_i e_i + h_j e_j) - f(v + h_i e_i - h_j e_j) -
    f(v - h_i e_i + h_j e_j) + f(v - h_i e_i - h_j e_j)) / 4 h_i h_j`` (on
    the diagonal ``(f(v + h e_i) - 2 f(v) + f(v - h e_i)) / h**2``) with
    ``h_k = eps**(1/4) * max(1, |v_k|)``: about 8 correct digits.
    ``"complex"``: the central difference along v_j, at ``h_j = eps**(1/3)
    * max(1, |v_j|)``, of the complex-step partial ``Im f(w + i 1e-20 |w_i|
    e_i) / (1e-20 |w_i|)``: one difference instead of two, about 10 digits;
    f must take complex numbers (``NotComplexError``).  ``"richardson"``:
    central second differences at shrinking steps, extrapolated to a zero
    step (Ridders' tableau): 10 or more digits, for an f that takes no
    complex numbers.  Default steps stay within |v_k| / 4 of v_k (no probe
    crosses zero); a given h is used for every coordinate.  f(v) must be a
    real number; h finite and not zero, method one of the three
    (``ValueError``).

    >>> f = lambda v: v[0] ** 2 * v[1]
    >>> [[round(x, 6) for x in row] for row in estimate_hessian(f, [3.0, 2.0], method="complex")]
    [[4.0, 6.0], [6.0, 0.0]]
    """
    where = "estimate_hessian"
    memo, v = _arguments(where, f, v, method, h, hessian=True)
    n = len(v)
    rows = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            value = hessian_value(where, memo, v, i, j, h, method)
            rows[i][j] = rows[j][i] = finite_value(where, value)
    return rows


def estimate_hessian_with_error(
    f: Callable[[Vector], float], v: Sequence[float], h: float | None = None, *,
    method: str = "central",
) -> List[List[Estimate]]:
    """Return the Hessian of f at v as one ``Estimate`` (value and error bound) per entry.

    The values of ``estimate_hessian`` (the same ``Estimate`` at [i][j] and
    [j][i]), each bounded by its method's error model: ``"central"`` and
    ``"complex"`` by the same difference at twice the step (``|D(2h) -
    D(h)|``, three times the truncation ``h**2 f''''/12``), plus the rounding
    of f's values (8 ulps each) over the steps; ``"richardson"`` by twice the
    tableau's last change plus that rounding.  Twice the evaluations of
    ``estimate_hessian`` for central and complex.  Arguments and errors as
    ``estimate_hessian``'s.

    >>> e = estimate_hessian_with_error(lambda v: v[0] ** 3 * v[1], [1.0, 2.0])
    >>> round(e[0][1].value, 6), e[0][1].error < 1e-6, e[1][0] is e[0][1]
    (3.0, True, True)
    """
    where = "estimate_hessian_with_error"
    memo, v = _arguments(where, f, v, method, h, hessian=True)
    n = len(v)
    rows: List[List[Estimate]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            rows[i].append(finite_estimate(hessian_entry(where, memo, v, i, j, h, method)) if j >= i
                           else rows[j][i])
    return rows
