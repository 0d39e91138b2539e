"""Second derivatives in the plane of two coordinates, with their error models (serves
vecgd.jacobians and vecgd.jacobcheck).

``hessian_entry`` estimates the entry ``d2f / dv_i dv_j`` of f's Hessian
at v and bounds its error, as ``vecgd._estimates`` does for first
derivatives; ``hessian_value`` gives the same number without the bound,
at half the cost.  The methods, by their error model:

* ``"central"``: the central second difference at steps
  ``h_k = eps**(1/4) * max(1, |v_k|)``: truncation ``h**2 f''''/12``,
  rounding ``eps |f| / h**2``; about 8 digits near |v| = 1;
* ``"complex"``: the central difference along v_j of the complex-step
  partial along v_i, ``Im f(v + t e_j + i h e_i) / h``: the inner
  derivative has no step error (only f's own rounding), so one difference is taken, at
  ``eps**(1/3) * max(1, |v_j|)``; about 10 digits;
* ``"richardson"``: central second differences at shrinking steps,
  extrapolated by Ridders' tableau;
* ``"cs-ridders"`` (for checks): Ridders' extrapolation of the
  complex-step partial, for where ``"complex"``'s bound is too wide.

Default steps stay within a quarter of |v_k| of v_k, so that no probe
crosses zero.  ``Memo`` evaluates f once per point, so that the outputs of
a Jacobian, and the entries of a Hessian, share their probes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable, Dict, Tuple

from vecgd._checks import require_same_length, require_sequence, require_vector
from vecgd._estimates import (
    CENTRAL_STEP,
    EPS,
    EXACT_ZERO,
    NOT_FINITE,
    PROBE_ERRORS,
    RIDDERS_MARGIN,
    RIDDERS_STARTS,
    ROUNDING_ULPS,
    Counted,
    Estimate,
    call_real,
    central,
    central_bounded,
    complex_h,
    complex_step,
    ridders_bounded,
    ridders_steps,
    tableau,
)

__all__ = [
    "HESSIAN_GOOD",
    "HESSIAN_METHODS",
    "HESSIAN_STEP",
    "Memo",
    "hessian_entry",
    "hessian_value",
    "second_step",
]

HESSIAN_METHODS = ("central", "complex", "richardson")
# The central second difference's error is truncation h**2 |f''''| / 12
# plus rounding about eps |f| / h**2: smallest near h = eps**(1/4), the
# balance that gives the first difference its eps**(1/3) (Numerical
# Recipes, section 5.7), scaled by the coordinate.
HESSIAN_STEP = EPS ** (1 / 4)
# Ridders' method on second differences stops at the first start whose
# bound is below this, relative (1e-12, as for first derivatives, is out of
# reach: the rounding grows as 1 / h**2).
HESSIAN_GOOD = 1e-10


class Memo:
    """f, evaluated once per point and counted; ``first`` is f(v), once the caller sets it."""

    def __init__(self, where: str, f: Callable[[Any], Any]) -> None:
        self.where, self.f, self.calls = where, f, 0
        self.first: Sequence[Any] = []
        self.seen: Dict[Tuple[Any, ...], Any] = {}

    def outputs_at(self, v: Sequence[float]) -> Sequence[Any]:
        """Return f(v), kept as ``first``: a non-empty sequence of real numbers, checked.

        f written with cmath returns complex numbers with a zero imaginary
        part for a real v: they count as real.
        """
        y = self(v)
        require_sequence(self.where, "f(v)", y, "a sequence of numbers")
        real = [y_k.real if isinstance(y_k, complex) and y_k.imag == 0 else y_k for y_k in y]
        require_vector(self.where, "f(v)", real, nonempty=True)
        self.first = y
        return self.first

    def __call__(self, w: Sequence[Any]) -> Any:
        key = tuple(w)
        if key not in self.seen:
            self.calls += 1
            y = self.f(list(w))
            # A copy, in case f hands back one list it refills at every call.
            self.seen[key] = list(y) if isinstance(y, list) else y
        return self.seen[key]

    def output(self, j: int) -> Callable[[Any], Any]:
        """Return w -> f(w)[j], f(w) being checked to be as long as f(v)."""

        def f_j(w: Any) -> Any:
            y = self(w)
            require_sequence(self.where, "f(w)", y, "a sequence of numbers")
            require_same_length(self.where, self.first, y, "f's values at v and near v")
            return y[j]

        return f_j


def second_step(x: float, h: float | None, per_unit: float) -> float:
    """Return h, or per_unit * max(1, |x|) kept within |x| / 4 of x (no probe crosses 0)."""
    if h is not None:
        return h
    step = per_unit * max(1.0, abs(x))
    # At least one ulp, so that the step moves a subnormal x (to zero at most).
    return max(min(step, abs(x) / 4), math.ulp(x)) if x else step


class _Plane:
    """(a, b) -> f(v with v_i = a and v_j = b), real, counted, its largest |value| kept."""

    def __init__(self, where: str, f: Callable[[Any], Any], v: Sequence[float], i: int,
                 j: int) -> None:
        self.where, self.f, self.v, self.i, self.j = where, f, v, i, j
        self.calls, self.largest = 0, 0.0

    def __call__(self, a: float, b: float) -> float:
        w = list(self.v)
        w[self.j] = b
        w[self.i] = a  # on the diagonal (i == j), a is the coordinate
        y = call_real(self.where, self.f, w)
        self.calls += 1
        self.largest = max(self.largest, abs(y))
        return y


def _moved(where: str, x: float, h: float) -> float:
    """Return the step the float x + h really takes; ValueError when it is 0."""
    step = (x + h) - x
    if step == 0:
        raise ValueError(f"{where}: h is too small to move x (got x={x!r}, h={h!r})")
    return step


def _central2(p: _Plane, x_i: float, x_j: float, h_i: float, h_j: float) -> float:
    """Return the central second difference, divided by the distances the floats really take."""
    if p.i == p.j:
        above, below = x_i + h_i, x_i - h_i
        at = p(x_i, x_i)
        # Three unevenly spaced points where x - h rounds: exact for quadratics.
        return 2 * ((p(above, above) - at) / (above - x_i)
                    - (at - p(below, below)) / (x_i - below)) / (above - below)
    a_i, b_i, a_j, b_j = x_i + h_i, x_i - h_i, x_j + h_j, x_j - h_j
    # Divided one distance at a time: their product underflows at tiny coordinates.
    across = (p(a_i, a_j) - p(a_i, b_j)) / (a_j - b_j) - (p(b_i, a_j) - p(b_i, b_j)) / (a_j - b_j)
    return across / (a_i - b_i)


def _rounding(p: _Plane, h_i: float, h_j: float) -> float:
    """Return the rounding of a second difference: 8 ulps of the largest |f| per value, weighed.

    Off the diagonal four values weigh 1 / (4 h_i h_j) each; on it, the
    weights 1, 2, 1 over h**2 add to 4 / h**2.
    """
    weight = 4.0 if p.i == p.j else 1.0
    return weight * ROUNDING_ULPS * EPS * p.largest / abs(h_i) / abs(h_j)


def _complex_partial(where: str, f: Callable[[Any], Any], v: Sequence[float], i: int,
                     j: int) -> Callable[[float], float]:
    """Return t -> the complex-step partial along v_i at v with v_j = t."""
    unit = [1.0 if k == i else 0.0 for k in range(len(v))]

    def partial(t: float) -> float:
        w = list(v)
        w[j] = t
        e = complex_step(where, f, w, unit, complex_h(abs(w[i])), bounded=False)
        if e.error == math.inf:  # probing f raised: no partial to difference
            raise ValueError(f"{where}: {e.note}")
        return e.value

    return partial


def hessian_value(where: str, f: Callable[[Any], Any], v: Sequence[float], i: int, j: int,
                  h: float | None, method: str) -> float:
    """Return the (i, j) entry of f's Hessian at v by method, without a bound (richardson: with)."""
    if method == "complex":
        step = second_step(v[j], h, CENTRAL_STEP)
        _moved(where, v[j], step)
        return central(where, _complex_partial(where, f, v, i, j), v[j], step)
    if method == "central":
        h_i, h_j = (second_step(v[k], h, HESSIAN_STEP) for k in (i, j))
        try:
            return _central2(_Plane(where, f, v, i, j), v[i], v[j], _moved(where, v[i], h_i),
                             _moved(where, v[j], h_j))
        except (OverflowError, ZeroDivisionError) as caught:  # math.exp(709.79) raises
            raise ValueError(f"{where}: {NOT_FINITE}, so no derivative can be estimated "
                             f"(f raised {type(caught).__name__})") from caught
    estimate = hessian_entry(where, f, v, i, j, h, method)
    if estimate.error == math.inf:
        raise ValueError(f"{where}: method='richardson' got no estimate ({estimate.note})")
    return estimate.value


def hessian_entry(where: str, f: Callable[[Any], Any], v: Sequence[float], i: int, j: int,
                  h: float | None, method: str) -> Estimate:
    """Return the (i, j) entry of f's Hessian at v, and its bound, by method."""
    if method in ("complex", "cs-ridders"):
        g = Counted(where, _complex_partial(where, f, v, i, j))
        x = v[j]
        try:
            e = (central_bounded(g, x, second_step(x, h, CENTRAL_STEP)) if method == "complex"
                 else ridders_bounded(g, x, ridders_steps(abs(x) if x else 1.0, h)))
        except PROBE_ERRORS as caught:  # 0 +- inf: probing f beside v overflowed
            return Estimate(0.0, math.inf, method, g.calls, f"{type(caught).__name__}: {caught}")
        return Estimate(e.value, e.error, method, e.evaluations, e.note)
    p = _Plane(where, f, v, i, j)
    if method == "central":
        h_i, h_j = (_moved(where, v[k], second_step(v[k], h, HESSIAN_STEP)) for k in (i, j))
        try:
            one = _central2(p, v[i], v[j], h_i, h_j)
            two = _central2(p, v[i], v[j], 2 * h_i, 2 * h_j)
        except PROBE_ERRORS as caught:  # 0 +- inf: probing f beside v overflowed
            return Estimate(0.0, math.inf, method, p.calls, f"{type(caught).__name__}: {caught}")
        # D(2h) - D(h) is three times D(h)'s truncation; each value of f is
        # within 8 ulps of the largest.
        rounding = _rounding(p, h_i, h_j)
        # The differences cancel exactly, at a wide step too (not only below f's rounding).
        wide = [_moved(where, v[k], second_step(v[k], None, RIDDERS_STARTS[0])) for k in (i, j)]
        exact = EXACT_ZERO if one == two == 0 == _flat_central2(p, v, i, j, wide) else ""
        return Estimate(one, abs(two - one) + rounding, "central", p.calls, exact)
    return _ridders2(p, v[i], v[j], h)


def _flat_central2(p: _Plane, v: Sequence[float], i: int, j: int,
                   wide: Sequence[float]) -> float:
    """Return the second difference at the wide steps, or 1.0 where probing f raised there."""
    try:
        return _central2(p, v[i], v[j], wide[0], wide[1])
    except PROBE_ERRORS:  # f's domain ends nearer: no claim of an exact zero
        return 1.0


def _ridders2(p: _Plane, x_i: float, x_j: float, h: float | None) -> Estimate:
    """Return Ridders' extrapolation of central second differences, as ridders_bounded does."""
    s_i, s_j = (1.0, 1.0) if h is not None else (abs(x_i) or 1.0, abs(x_j) or 1.0)
    best, error, reasons = 0.0, math.inf, []  # 0 +- inf: no estimate, never NaN
    for start in ridders_steps(1.0, h):
        p.largest = 0.0
        try:
            value, change, smallest = tableau(
                lambda t: _central2(p, x_i, x_j, _moved(p.where, x_i, t * s_i),
                                    _moved(p.where, x_j, t * s_j)), start)
        except PROBE_ERRORS as caught:
            reasons.append(f"{type(caught).__name__} at step {start:.3g}")
            continue
        if not (math.isfinite(value) and math.isfinite(change)):
            reasons.append(f"no finite estimate at step {start:.3g}")
            continue
        rounding = _rounding(p, smallest * s_i, smallest * s_j)
        bound = RIDDERS_MARGIN * change + rounding + 4 * EPS * abs(value)
        if bound < error:
            best, error = value, bound
        if bound <= HESSIAN_GOOD * abs(value):
            break
    note = "" if math.isfinite(error) else "f could not be probed: " + "; ".join(reasons)
    return Estimate(best, error, "richardson", p.calls, note)
