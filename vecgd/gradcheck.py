"""Gradient checks: an analytic gradient compared with a numeric one, entry by entry.

``check_gradient`` compares ``gradient(v)`` with the numeric estimates of
``vecgd.gradients``, component by component or along random directions,
and returns a ``GradientCheck`` that prints as a table.  Each entry is
judged on its own scale, ``|analytic - numeric| <= rtol * |numeric| +
(the estimate's error bound) + atol``, and gets one of three outcomes:
verified, failed, or unverifiable (f's values cannot pin the entry down
to rtol).  The complex step, exact where it applies, is cross-checked
against real arithmetic, which overrules it where f uses ``abs()``,
``.real`` or a comparison on a coordinate.  The pieces are public so that
checks of Jacobians and Hessians judge their entries the same way:
``cross_checked_partial`` and ``cross_checked_directional`` give an
``Estimate``, ``check_entry`` its ``EntryCheck``.  ``assert_gradient_ok``
turns a check that is not ok into an ``AssertionError`` for unit tests.
The cross-check itself, the verdict on one entry, a check's summary and
the table are in ``vecgd._verdicts``, shared with the checks of Jacobians
and Hessians (``vecgd.jacobcheck``).  The module is past 400 lines because
the estimates a gradient check trusts (per component, per direction) and
the check with its table read best side by side.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, List, Tuple

from vecgd._checks import (
    as_vector,
    require_callable,
    require_choice,
    require_index,
    require_instance,
    require_int,
    require_nonnegative,
    require_real,
    require_same_length,
    require_step,
)
from vecgd._estimates import CENTRAL_STEP
from vecgd._verdicts import (
    FAILED,
    UNVERIFIABLE,
    VERIFIED,
    EntryCheck,
    abs_error,
    asserted_ok,
    cross_checked,
    judge,
    relative_error,
    shown_rows,
    summary,
    table_html,
    table_lines,
)
from vecgd.gradients import (
    METHODS,
    Estimate,
    RealFunction,
    estimate_directional_with_error,
    estimate_partial_with_error,
)
from vecgd.vector import Vector, dot, scalar_multiply

__all__ = [
    "EntryCheck",
    "GradientCheck",
    "assert_gradient_ok",
    "check_entry",
    "check_gradient",
    "cross_checked_directional",
    "cross_checked_partial",
]


def check_entry(analytic: float, estimate: Estimate, *, rtol: float = 1e-6,
                atol: float = 0.0) -> EntryCheck:
    """Judge one analytic derivative against a numeric estimate with its error bound.

    Failed when ``|analytic - value| > rtol * |value| + error + atol`` or
    analytic is not finite; unverifiable when not failed but ``error >
    rtol * |value| + atol`` (or the estimate is not finite) unless the
    complex step gave exactly 0 for an analytic 0; verified otherwise
    (``EntryCheck`` gives the fields).  rtol and atol must be
    non-negative numbers (``ValueError``).

    >>> entry = check_entry(3.0001, Estimate(3.0, 1e-15, "complex", 1))
    >>> entry.outcome, round(entry.error, 6)
    ('failed', 0.0001)
    """
    require_instance("check_entry", "estimate", estimate, Estimate, "an Estimate")
    require_real("check_entry", "analytic", analytic)
    require_nonnegative("check_entry", "rtol", rtol)
    require_nonnegative("check_entry", "atol", atol)
    return judge(float(analytic), estimate, rtol, atol)


# === Estimates a check can trust: the complex step, confirmed by real arithmetic ===


def cross_checked_partial(
    f: RealFunction, v: Sequence[float], i: int, *, method: str | None = None,
    h: float | None = None, rtol: float = 1e-6, atol: float = 0.0,
    caller: str = "cross_checked_partial",
) -> Estimate:
    """Return the i-th partial derivative of f at v as a check should take it, with its bound.

    With ``method=None`` (or ``"complex"``): the complex step, confirmed
    by central differences (4 evaluations, side of zero kept) or, where
    they cannot resolve rtol or disagree, by Ridders' extrapolation; where
    the real estimate contradicts the complex step, f used something the
    complex step cannot see (abs, .real, a comparison), and the real
    estimate is returned, its note saying so.  Where no real estimate
    resolves rtol, method None returns the best real one with its wide
    bound and a note (the complex step is never trusted alone), and
    method ``"complex"`` the complex step with a note.  When f takes no complex
    numbers (method None): central differences, or Ridders' estimate when
    central's bound exceeds ``rtol * |value| + atol``.  Any other method:
    that method's ``Estimate``.  ``caller`` names errors.

    >>> e = cross_checked_partial(lambda v: v[0] ** 2 + abs(v[1]) ** 3, [1.0, 2.0], 1)
    >>> round(e.value, 6), e.method, e.note[:50]
    (12.0, 'richardson', 'the complex step gave 0, which real arithmetic con')
    """
    require_callable(caller, "f", f)
    v = as_vector(caller, "v", v, finite=True, nonempty=True)  # any shape; huge ints as floats
    require_index(caller, "i", i, len(v))
    _options(caller, method, h, rtol, atol)
    require_nonnegative(caller, "atol", atol)

    def estimate(how: str, step: float | None) -> Estimate:
        return estimate_partial_with_error(f, v, i, step, method=how, caller=caller)

    x = abs(v[i])
    central_h = min(CENTRAL_STEP * max(1.0, x), x / 4 if x else 1.0) if h is None else h
    return cross_checked(estimate, method, h, central_h, rtol, atol)


def cross_checked_directional(
    f: RealFunction, v: Sequence[float], u: Sequence[float], *, method: str | None = None,
    h: float | None = None, rtol: float = 1e-6, atol: float = 0.0,
    caller: str = "cross_checked_directional",
) -> Estimate:
    """Return the derivative of f at v along u as a check should take it, with its bound.

    ``cross_checked_partial``'s rules, along u (a finite vector as long as
    v): the complex step ``Im f(v + i h u) / h`` confirmed by real
    arithmetic, which overrules it where it is blind.

    >>> e = cross_checked_directional(lambda v: v[0] * v[1], [2.0, 3.0], [0.6, 0.8])
    >>> round(e.value, 6), e.method, e.evaluations
    (3.4, 'complex', 6)
    """
    require_callable(caller, "f", f)
    v = as_vector(caller, "v", v, finite=True, nonempty=True)  # any shape; huge ints as floats
    u = as_vector(caller, "u", u, finite=True)
    require_same_length(caller, v, u, "v and u")
    _options(caller, method, h, rtol, atol)
    require_nonnegative(caller, "atol", atol)

    def estimate(how: str, step: float | None) -> Estimate:
        return estimate_directional_with_error(f, v, u, step, method=how, caller=caller)

    # Central's steps (h and 2h), kept short of moving any coordinate across zero.
    scale = min((abs(v_j / u_j) for v_j, u_j in zip(v, u) if v_j and u_j), default=math.inf)
    central_h = min(CENTRAL_STEP * max(1.0, max(map(abs, v))), scale / 4) if h is None else h
    return cross_checked(estimate, method, h, central_h, rtol, atol)


def _options(where: str, method: Any, h: Any, rtol: Any, atol: Any) -> None:
    if method is not None:
        require_choice(where, "method", method, METHODS)
    if h is not None:
        require_step(where, "h", h)
    require_nonnegative(where, "rtol", rtol)
    if atol is not None:
        require_nonnegative(where, "atol", atol)


# === The check of a whole gradient and its table ===


@dataclass(frozen=True)
class GradientCheck:
    """The result of comparing an analytic gradient with a numeric one, entry by entry.

    ``analytic`` and ``numeric`` hold the components (or, with
    ``mode="directions"``, the directional derivatives) compared, ``bounds``
    the numeric estimates' error bounds and ``entries`` each row's
    ``EntryCheck``.  ``ok`` is True when every row is verified;
    ``failures()``, ``unverifiable()`` and ``verified()`` list the rows of
    each outcome, and ``outcome`` is the check's: ``"failed"`` if a row
    failed, else ``"unverifiable"`` if a row could not be verified, else
    ``"verified"``.  ``worst_index`` is the row that decides it (the one
    furthest past what it is allowed).  ``method`` names the estimates used
    (``"complex+richardson"`` when rows differ), ``evaluations`` counts the
    calls of f.  ``str()`` is a table with one row per entry, then a note
    for each row with something to say (why it is not verified, or that
    real arithmetic overruled the complex step); ``repr()`` and the
    notebook display (``_repr_html_``) show its first 40 rows and every row
    that is not verified.

    >>> f = lambda v: v[0] ** 2 + 3 * v[1]
    >>> check = check_gradient(f, lambda v: [2 * v[0], 3.5], [1.0, 2.0])
    >>> check.ok, check.outcome, check.worst_index, check.max_abs_error
    (False, 'failed', 1, 0.5)
    >>> print(check)
    check_gradient: FAILED, 1 of 2 components wrong (rtol 1e-06, atol 0)
    index            analytic             numeric    bound  rel error  method      outcome
        0                   2                   2    3e-14   0.00e+00  complex     verified
        1                 3.5                   3  2.7e-15   1.43e-01  complex     FAILED
    index 1: off by 0.5, more than the 3e-06 allowed
    """

    ok: bool
    outcome: str
    max_abs_error: float
    max_rel_error: float
    analytic: Vector
    numeric: Vector
    bounds: Vector
    entries: Tuple[EntryCheck, ...]
    worst_index: int
    rtol: float
    atol: float
    method: str
    mode: str
    evaluations: int

    def failures(self) -> List[int]:
        """Return the indexes of the rows that fail, in order.

        >>> check_gradient(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).failures()
        []
        """
        return [i for i, e in enumerate(self.entries) if e.outcome == FAILED]

    def unverifiable(self) -> List[int]:
        """Return the indexes of the rows f's values cannot verify, in order.

        >>> import math
        >>> logistic = lambda v: 1 / (1 + math.exp(-v[0]))
        >>> slope = lambda v: [math.exp(-v[0]) / (1 + math.exp(-v[0])) ** 2]
        >>> check_gradient(logistic, slope, [30.0]).unverifiable()
        [0]
        """
        return [i for i, e in enumerate(self.entries) if e.outcome == UNVERIFIABLE]

    def verified(self) -> List[int]:
        """Return the indexes of the verified rows, in order.

        >>> check_gradient(lambda v: v[0] * v[1], lambda v: [v[1], 0.0], [2.0, 3.0]).verified()
        [0]
        """
        return [i for i, e in enumerate(self.entries) if e.outcome == VERIFIED]

    def __str__(self) -> str:
        return "\n".join(table_lines(self._title(), *self._labels(), self.entries,
                                      range(len(self.entries)), 0))

    def __repr__(self) -> str:
        return "\n".join(table_lines(self._title(), *self._labels(), self.entries,
                                      *shown_rows(self.entries)))

    def _repr_html_(self) -> str:
        """Return the table as HTML for a notebook: the rows ``repr()`` shows."""
        return table_html(self._title(), *self._labels(), self.entries, *shown_rows(self.entries))

    def _labels(self) -> Tuple[str, List[str]]:
        label = "index" if self.mode == "components" else "direction"
        return label, [str(i) for i in range(len(self.entries))]

    def _title(self) -> str:
        n, what = len(self.entries), self.mode
        failed, unverifiable = len(self.failures()), len(self.unverifiable())
        if failed:
            verdict = f"FAILED, {failed} of {n} {what} wrong"
            verdict += f", {unverifiable} unverifiable" if unverifiable else ""
        elif unverifiable:
            verdict = f"UNVERIFIED, {unverifiable} of {n} {what} cannot be verified, none wrong"
        else:
            verdict = f"ok, {n} of {n} {what} verified"
        return f"check_gradient: {verdict} (rtol {self.rtol:.3g}, atol {self.atol:.3g})"


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
    """Compare the analytic gradient(v) with a numeric gradient of f at v, entry by entry.

    Row i fails when ``|analytic[i] - numeric[i]| > rtol * |numeric[i]| +
    bound[i] + atol``, bound[i] being the numeric estimate's error bound,
    or when analytic[i] is not finite; it is unverifiable when it does not
    fail but ``bound[i] > rtol * |numeric[i]| + atol`` (f's values cannot
    resolve it); verified otherwise (see ``check_entry``).  ``ok`` is True
    only when every row is verified.  ``atol`` defaults to 0: each row on
    its own scale (give it for a gradient whose true zeros carry rounding).

    The numeric estimate (``method=None``) is ``cross_checked_partial``'s:
    the complex step when f accepts complex numbers (2 evaluations, its
    bound measuring the rounding it carries), confirmed by central
    differences (4 more per component) and overruled by real arithmetic
    where f uses abs(), .real or a comparison on a coordinate; where no
    real estimate resolves rtol the row is unverifiable, never verified
    on the complex step alone.  Central differences, or Ridders'
    extrapolation where they cannot resolve rtol, when f takes no complex
    numbers.  ``method`` and ``h`` choose one method of
    ``estimate_gradient`` instead (``"complex"`` is still cross-checked,
    and trusted where real arithmetic cannot confirm it).  With ``rtol=1e-6`` right
    gradients pass at ordinary scales, and a component wrong by 1e-4 of its
    size fails (PyTorch's gradcheck, rtol 1e-3, lets it through).

    With ``directions=k``, the check compares k directional derivatives,
    ``dot(gradient(v), u)`` against the numeric derivative of f along u,
    for unit vectors u drawn from ``random.Random(seed)``, by
    ``cross_checked_directional``: 6 evaluations per direction instead of
    6 per component, for long vectors.

    >>> f = lambda v: v[0] ** 2 * v[1]
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], v[0] ** 2], [3.0, -2.0]).ok
    True
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], 9.0009], [3.0, -2.0]).worst_index
    1
    """
    where = "check_gradient"
    require_callable(where, "f", f)
    require_callable(where, "gradient", gradient)
    v = as_vector(where, "v", v, finite=True, nonempty=True)  # any shape; huge ints as floats
    _options(where, method, h, rtol, atol)
    if directions is not None:
        require_int(where, "directions", directions, minimum=1)
    require_int(where, "seed", seed)
    g = as_vector(where, "gradient(v)", gradient(list(v)))
    require_same_length(where, v, g, "v and gradient(v)")
    tolerance = 0.0 if atol is None else float(atol)
    if directions is None:
        units = None
        analytic = [float(g_i) for g_i in g]
        estimates = [cross_checked_partial(f, v, k, method=method, h=h, rtol=rtol,
                                           atol=tolerance, caller=where) for k in range(len(v))]
    else:
        units = _random_directions(len(v), directions, seed)
        analytic = [_dot(g, u) for u in units]
        estimates = [cross_checked_directional(f, v, u, method=method, h=h, rtol=rtol,
                                               atol=tolerance, caller=where) for u in units]
    entries = tuple(judge(a, e, rtol, tolerance) for a, e in zip(analytic, estimates))
    return _result(entries, rtol, tolerance, units is None,
                   sum(e.evaluations for e in estimates))


def _dot(g: Sequence[float], u: Sequence[float]) -> float:
    """Return dot(g, u), or inf or NaN where g has one (the row then fails, by name)."""
    if all(map(math.isfinite, g)):
        return dot(g, u)
    return sum(g_i * u_i for g_i, u_i in zip(g, u))


def _result(entries: Tuple[EntryCheck, ...], rtol: float, atol: float, components: bool,
            evaluations: int) -> GradientCheck:
    outcome, worst, method = summary(entries)
    return GradientCheck(
        ok=outcome == VERIFIED,
        outcome=outcome,
        max_abs_error=max(abs_error(e.analytic, e.numeric) for e in entries),
        max_rel_error=max(relative_error(e.analytic, e.numeric) for e in entries),
        analytic=[e.analytic for e in entries],
        numeric=[e.numeric for e in entries],
        bounds=[e.bound for e in entries],
        entries=entries,
        worst_index=worst,
        rtol=rtol,
        atol=atol,
        method=method,
        mode="components" if components else "directions",
        evaluations=evaluations,
    )


def assert_gradient_ok(
    f: RealFunction, gradient: Callable[[Vector], Sequence[float]], v: Sequence[float],
    **options: Any,
) -> GradientCheck:
    """Return check_gradient(f, gradient, v, **options), or raise AssertionError unless it is ok.

    The message of the ``AssertionError`` is the check's table, whose first
    line says FAILED (a row is wrong) or UNVERIFIED (no row is wrong, but
    f's values cannot verify some), and whose notes say why and what would
    help.  It is raised explicitly, so this works under ``python -O``.

    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).ok
    True
    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], 3.0], [2.0, 3.0])
    Traceback (most recent call last):
        ...
    AssertionError: check_gradient: FAILED, 1 of 2 components wrong (rtol 1e-06, atol 0)
    ...
    """
    return asserted_ok(check_gradient(f, gradient, v, **options))
