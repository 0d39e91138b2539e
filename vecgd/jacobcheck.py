"""Checks of Jacobians and Hessians: analytic matrices against numeric ones, entry by entry.

``check_jacobian`` and ``check_hessian`` judge every entry the way
``check_gradient`` judges a component (``vecgd._verdicts``): on its own
scale, ``|analytic - numeric| <= rtol * |numeric| + bound + atol``, with
three outcomes (verified, failed, unverifiable), the complex step
cross-checked against real arithmetic.  They return a ``JacobianCheck``
(a Hessian is the Jacobian of the gradient) that prints as a table with a
row per entry, labelled ``(i, j)``.  A module of its own because it stands
on both ``vecgd.gradcheck`` (the cross-checked partial derivative) and
``vecgd.jacobians`` (the layer below it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, List, NamedTuple, Tuple

from vecgd._checks import (
    as_vector,
    require_callable,
    require_choice,
    require_nonnegative,
    require_same_length,
    require_sequence,
    require_step,
    require_vector,
)
from vecgd._estimates import EXACT_ZERO, Estimate, call_real
from vecgd._second import HESSIAN_METHODS, Memo, hessian_entry
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
from vecgd.gradcheck import cross_checked_partial
from vecgd.gradients import METHODS
from vecgd.vector import Vector

__all__ = [
    "JacobianCheck",
    "assert_hessian_ok",
    "assert_jacobian_ok",
    "check_hessian",
    "check_jacobian",
]

Matrix = List[Vector]
Entry = Tuple[int, int]


class JacobianCheck(NamedTuple):
    """The result of comparing an analytic Jacobian (or Hessian) with a numeric one, entry by entry.

    ``analytic``, ``numeric`` and ``bounds`` are matrices (one row per
    output of f; a Hessian's numeric matrix is symmetric), ``entries`` the
    ``EntryCheck`` of each entry, row by row.  ``ok`` is True when every
    entry is verified; ``failures()``, ``unverifiable()`` and
    ``verified()`` list the ``(i, j)`` entries of each outcome; ``outcome``
    is ``"failed"`` if one failed, else ``"unverifiable"`` if one could not
    be verified, else ``"verified"``; ``worst`` is the ``(i, j)`` entry that
    decides it.  ``kind`` is ``"jacobian"`` or ``"hessian"``; ``method``
    names the estimates used, ``evaluations`` the calls of f.  ``str()`` is
    a table, one row per entry, then a note per entry with something to
    say; ``repr()`` and ``_repr_html_()`` show its first 40 rows and every
    row not verified.  A named tuple, as ``Estimate`` is: import vecgd
    stays as quick as it was (a frozen dataclass takes 0.7 ms to create).

    >>> f = lambda v: [v[0] * v[1], v[0] ** 2]
    >>> check = check_jacobian(f, lambda v: [[v[1], v[0]], [4.0004, 0.0]], [2.0, 3.0])
    >>> check.ok, check.outcome, check.worst, check.failures()
    (False, 'failed', (1, 0), [(1, 0)])
    >>> print(check)
    check_jacobian: FAILED, 1 of 4 entries wrong (rtol 1e-06, atol 0)
    (i, j)            analytic             numeric    bound  rel error  method      outcome
    (0, 0)                   3                   3  2.7e-15   0.00e+00  complex     verified
    (0, 1)                   2                   2  1.8e-15   0.00e+00  complex     verified
    (1, 0)              4.0004                   4    6e-14   1.00e-04  complex     FAILED
    (1, 1)                   0                   0 1.6e-304   0.00e+00  complex     verified
    (i, j) (1, 0): off by 0.0004, more than the 4e-06 allowed
    """

    ok: bool
    outcome: str
    max_abs_error: float
    max_rel_error: float
    analytic: Matrix
    numeric: Matrix
    bounds: Matrix
    entries: Tuple[Tuple[EntryCheck, ...], ...]
    worst: Entry
    rtol: float
    atol: float
    method: str
    kind: str
    evaluations: int

    def _where(self, outcome: str) -> List[Entry]:
        return [(i, j) for i, row in enumerate(self.entries) for j, e in enumerate(row)
                if e.outcome == outcome]

    def failures(self) -> List[Entry]:
        """Return the (i, j) entries that fail, row by row.

        >>> check_hessian(lambda v: v[0] * v[1], lambda v: [[0.0, 1.0], [1.0, 0.0]],
        ...               [2.0, 3.0]).failures()
        []
        """
        return self._where(FAILED)

    def unverifiable(self) -> List[Entry]:
        """Return the (i, j) entries f's values cannot verify, row by row.

        >>> import math
        >>> f = lambda v: [1 / (1 + math.exp(-v[0]))]
        >>> check_jacobian(f, lambda v: [[math.exp(-v[0]) / (1 + math.exp(-v[0])) ** 2]],
        ...                [30.0]).unverifiable()
        [(0, 0)]
        """
        return self._where(UNVERIFIABLE)

    def verified(self) -> List[Entry]:
        """Return the verified (i, j) entries, row by row.

        >>> check_jacobian(lambda v: [v[0], v[1]], lambda v: [[1.0, 0.0], [0.0, 2.0]],
        ...                [2.0, 3.0]).verified()
        [(0, 0), (0, 1), (1, 0)]
        """
        return self._where(VERIFIED)

    def _flat(self) -> Tuple[List[str], List[EntryCheck]]:
        labels = [f"({i}, {j})" for i, row in enumerate(self.entries) for j in range(len(row))]
        return labels, [e for row in self.entries for e in row]

    def __str__(self) -> str:
        labels, flat = self._flat()
        return "\n".join(table_lines(self._title(), "(i, j)", labels, flat, range(len(flat)), 0))

    def __repr__(self) -> str:
        labels, flat = self._flat()
        return "\n".join(table_lines(self._title(), "(i, j)", labels, flat, *shown_rows(flat)))

    def _repr_html_(self) -> str:
        """Return the table as HTML for a notebook: the rows ``repr()`` shows."""
        labels, flat = self._flat()
        return table_html(self._title(), "(i, j)", labels, flat, *shown_rows(flat))

    def _title(self) -> str:
        n = sum(len(row) for row in self.entries)
        failed, unverifiable = len(self.failures()), len(self.unverifiable())
        if failed:
            verdict = f"FAILED, {failed} of {n} entries wrong"
            verdict += f", {unverifiable} unverifiable" if unverifiable else ""
        elif unverifiable:
            verdict = f"UNVERIFIED, {unverifiable} of {n} entries cannot be verified, none wrong"
        else:
            verdict = f"ok, {n} of {n} entries verified"
        return f"check_{self.kind}: {verdict} (rtol {self.rtol:.3g}, atol {self.atol:.3g})"


def _options(where: str, f: Any, derivative: Any, name: str, v: Any, method: Any, h: Any,
             rtol: Any, atol: Any, methods: Sequence[str]) -> List[Any]:
    """Check the options; return v as plain numbers (any shape; a huge int becomes a float)."""
    require_callable(where, "f", f)
    require_callable(where, name, derivative)
    plain = as_vector(where, "v", v, finite=True, nonempty=True)
    if method is not None:
        require_choice(where, "method", method, methods)
    if h is not None:
        require_step(where, "h", h)
    require_nonnegative(where, "rtol", rtol)
    if atol is not None:
        require_nonnegative(where, "atol", atol)
    return plain


def _matrix(where: str, name: str, rows: Any, first: Tuple[str, Sequence[Any]],
            v: Sequence[float]) -> Matrix:
    """Return rows as floats, checked: one row per item of first, of len(v) numbers each.

    inf and NaN are allowed: their entries fail, by name.
    """
    require_sequence(where, name, rows, "a sequence of rows")
    require_same_length(where, first[1], rows, f"{first[0]} and {name}")
    for i, row in enumerate(rows):
        require_vector(where, f"{name}[{i}]", row)
        require_same_length(where, v, row, f"v and {name}[{i}]")
    return [[float(x) for x in row] for row in rows]


def _result(where: str, analytic: Matrix, estimates: List[List[Estimate]], rtol: float,
            atol: float, evaluations: int) -> JacobianCheck:
    entries = tuple(tuple(judge(a, e, rtol, atol) for a, e in zip(row, estimated))
                    for row, estimated in zip(analytic, estimates))
    flat = [e for row in entries for e in row]
    outcome, worst, method = summary(flat)
    width = len(entries[0])
    return JacobianCheck(
        ok=outcome == VERIFIED,
        outcome=outcome,
        max_abs_error=max(abs_error(e.analytic, e.numeric) for e in flat),
        max_rel_error=max(relative_error(e.analytic, e.numeric) for e in flat),
        analytic=analytic,
        numeric=[[e.numeric for e in row] for row in entries],
        bounds=[[e.bound for e in row] for row in entries],
        entries=entries,
        worst=(worst // width, worst % width),
        rtol=rtol,
        atol=atol,
        method=method,
        kind=where.split("_")[1],
        evaluations=evaluations,
    )


def check_jacobian(
    f: Callable[[Vector], Sequence[float]],
    jacobian: Callable[[Vector], Sequence[Sequence[float]]],
    v: Sequence[float],
    *,
    method: str | None = None,
    h: float | None = None,
    rtol: float = 1e-6,
    atol: float | None = None,
) -> JacobianCheck:
    """Compare the analytic jacobian(v) with a numeric Jacobian of f at v, entry by entry.

    ``jacobian(v)[i][j]`` is ``d f(v)[i] / d v_j`` (one row per output of
    f).  Entry (i, j) fails when ``|analytic - numeric| > rtol * |numeric|
    + bound + atol`` (bound: the numeric estimate's error bound) or the
    analytic value is not finite; it is unverifiable when it does not fail
    but ``bound > rtol * |numeric| + atol``; verified otherwise (see
    ``check_entry``).  The numeric entry is ``cross_checked_partial``'s on
    output i: the complex step where f takes complex numbers, confirmed by
    central differences and overruled by real arithmetic where f uses
    abs(), .real or a comparison; central differences or Ridders'
    extrapolation otherwise; ``method`` and ``h`` choose one of
    ``estimate_gradient``'s methods instead.  f is evaluated once per
    point for all outputs.  f(v) must be a non-empty sequence of numbers
    and jacobian(v) one row of len(v) numbers per output (``TypeError``,
    ``ValueError``); rtol and atol non-negative (atol 0 by default).

    >>> f = lambda v: [v[0] * v[1], v[0] + v[1] ** 2]
    >>> check_jacobian(f, lambda v: [[v[1], v[0]], [1.0, 2 * v[1]]], [2.0, 3.0]).ok
    True
    """
    where = "check_jacobian"
    v = _options(where, f, jacobian, "jacobian", v, method, h, rtol, atol, METHODS)
    memo = Memo(where, f)
    first = memo.outputs_at(v)
    analytic = _matrix(where, "jacobian(v)", jacobian(list(v)), ("f(v)", first), v)
    tolerance = 0.0 if atol is None else float(atol)
    estimates = [[cross_checked_partial(memo.output(i), v, j, method=method, h=h, rtol=rtol,
                                        atol=tolerance, caller=where) for j in range(len(v))]
                 for i in range(len(first))]
    return _result(where, analytic, estimates, rtol, tolerance, memo.calls)


def check_hessian(
    f: Callable[[Vector], float],
    hessian: Callable[[Vector], Sequence[Sequence[float]]],
    v: Sequence[float],
    *,
    method: str | None = None,
    h: float | None = None,
    rtol: float = 1e-6,
    atol: float | None = None,
) -> JacobianCheck:
    """Compare the analytic hessian(v) with a numeric Hessian of f at v, entry by entry.

    ``hessian(v)[i][j]`` is ``d2 f / dv_i dv_j``; each entry is judged as
    ``check_jacobian`` judges one (both (i, j) and (j, i) against the same
    estimate, so an analytic Hessian that is not symmetric fails).  With
    ``method=None`` the estimate is ``estimate_hessian``'s ``"complex"``
    (central differences of the complex-step gradient), extrapolated by
    Ridders' method where its bound cannot resolve rtol, and cross-checked
    against real second differences, which overrule it where they
    contradict it (f uses abs(), .real or a comparison); where f takes no
    complex numbers, central second differences, or Ridders' extrapolation
    of them where central cannot resolve rtol.  ``method`` (``"central"``,
    ``"complex"``, ``"richardson"``) and ``h`` choose one instead.  f(v)
    must be a real number and hessian(v) len(v) rows of len(v) numbers.

    An entry that is 0 because f is linear in a coordinate is pinned by its
    bound only to about ``eps |df/dv_i| / h`` (rounding), but every
    difference there is exactly 0 (near and at a wide step): an analytic 0
    is verified, a wrong value is judged by the bound.

    >>> f = lambda v: v[0] ** 2 * v[1] + v[1] ** 3
    >>> check_hessian(f, lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 6 * v[1]]], [3.0, 2.0]).ok
    True
    >>> g = lambda v: v[0] ** 2 * v[1]
    >>> hessian = lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 0.0]]
    >>> check_hessian(g, hessian, [3.0, 2.0]).ok
    True
    >>> check_hessian(g, lambda v: [[2 * v[1], 2 * v[0]], [2 * v[0], 1e-3]], [3.0, 2.0]).failures()
    [(1, 1)]
    """
    where = "check_hessian"
    v = _options(where, f, hessian, "hessian", v, method, h, rtol, atol, HESSIAN_METHODS)
    memo = Memo(where, f)
    call_real(where, memo, v)  # f(v) must be a real number
    n = len(v)
    analytic = _matrix(where, "hessian(v)", hessian(list(v)), ("v", v), v)
    tolerance = 0.0 if atol is None else float(atol)
    estimates: List[List[Estimate]] = [[] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            estimates[i].append(_hessian_estimate(where, memo, v, i, j, method, h, rtol,
                                                  tolerance) if j >= i else estimates[j][i])
    return _result(where, analytic, estimates, rtol, tolerance, memo.calls)


def _hessian_estimate(where: str, f: Callable[[Any], Any], v: Sequence[float], i: int, j: int,
                      method: str | None, h: float | None, rtol: float,
                      atol: float) -> Estimate:
    """Return entry (i, j) of f's Hessian as a check should take it, with its bound."""

    def estimate(how: str, step: float | None) -> Estimate:
        e = hessian_entry(where, f, v, i, j, step, how)
        if how != "complex" or e.error <= rtol * abs(e.value) + atol or e.note == EXACT_ZERO:
            return e
        # One difference of exact partials, too coarse for rtol: extrapolate them.
        r = hessian_entry(where, f, v, i, j, step, "cs-ridders")
        best = e if e.error <= r.error else r
        return Estimate(best.value, best.error, best.method, e.evaluations + r.evaluations,
                        best.note)

    return cross_checked(estimate, method, h, h, rtol, atol)


def assert_jacobian_ok(
    f: Callable[[Vector], Sequence[float]],
    jacobian: Callable[[Vector], Sequence[Sequence[float]]], v: Sequence[float],
    **options: Any,
) -> JacobianCheck:
    """Return check_jacobian(f, jacobian, v, **options), or raise AssertionError unless it is ok.

    The message is the check's table (first line FAILED or UNVERIFIED, a
    note per entry saying why); raised explicitly, so it works under
    ``python -O``.

    >>> assert_jacobian_ok(lambda v: [3 * v[0]], lambda v: [[3.0]], [2.0]).ok
    True
    >>> assert_jacobian_ok(lambda v: [3 * v[0]], lambda v: [[3.001]], [2.0])
    Traceback (most recent call last):
        ...
    AssertionError: check_jacobian: FAILED, 1 of 1 entries wrong (rtol 1e-06, atol 0)
    ...
    """
    return asserted_ok(check_jacobian(f, jacobian, v, **options))


def assert_hessian_ok(
    f: Callable[[Vector], float],
    hessian: Callable[[Vector], Sequence[Sequence[float]]], v: Sequence[float],
    **options: Any,
) -> JacobianCheck:
    """Return check_hessian(f, hessian, v, **options), or raise AssertionError unless it is ok.

    As ``assert_jacobian_ok``, for ``check_hessian``.

    >>> assert_hessian_ok(lambda v: v[0] ** 3, lambda v: [[6 * v[0]]], [2.0]).ok
    True
    >>> assert_hessian_ok(lambda v: v[0] ** 3, lambda v: [[12.001]], [2.0])
    Traceback (most recent call last):
        ...
    AssertionError: check_hessian: FAILED, 1 of 1 entries wrong (rtol 1e-06, atol 0)
    ...
    """
    return asserted_ok(check_hessian(f, hessian, v, **options))
