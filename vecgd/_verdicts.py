"""The verdict on one derivative entry, and the table of many (serves vecgd.gradcheck).

``cross_checked`` chooses the estimate a check trusts (the complex step,
confirmed or overruled by real arithmetic), for a gradient's component, a
direction, or an entry of a Jacobian or a Hessian; ``judge`` compares an
analytic value with that ``Estimate`` and its error bound, and says
verified, failed or unverifiable; ``summary`` gives a check's outcome and
worst entry; ``table_lines`` and ``table_html`` show a list of verdicts,
one row each, labelled by the caller (a component, a direction, or an
(i, j) entry of a Jacobian).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Callable, List, NamedTuple, Protocol, Tuple, TypeVar

from vecgd._estimates import EXACT_ZERO, Estimate, NotComplexError

__all__ = [
    "ADVICE",
    "FAILED",
    "SHOWN_ROWS",
    "UNVERIFIABLE",
    "VERIFIED",
    "EntryCheck",
    "abs_error",
    "asserted_ok",
    "cross_checked",
    "judge",
    "relative_error",
    "shown_rows",
    "summary",
    "table_html",
    "table_lines",
]

VERIFIED, FAILED, UNVERIFIABLE = "verified", "failed", "unverifiable"
SHOWN_ROWS = 40  # rows a notebook or repr shows before "... more rows"
ADVICE = ("write f with cmath (and operators) and pass method='complex', so the complex step "
          "applies")


class EntryCheck(NamedTuple):
    """The verdict on one entry: an analytic derivative against a numeric ``Estimate``.

    ``error`` is ``|analytic - numeric|`` and ``allowed`` is ``rtol *
    |numeric| + bound + atol``, where ``bound`` is the estimate's error
    bound.  ``outcome`` is ``"failed"`` when the error exceeds what is
    allowed (or the analytic value is not finite), ``"unverifiable"`` when
    it does not but the bound alone exceeds ``rtol * |numeric| + atol`` (or
    there is no finite estimate): f's values cannot tell a right entry from
    one wrong by rtol; ``"verified"`` otherwise, and for an analytic 0 where
    every probe of the estimate gave exactly 0 (its note is
    ``EXACT_ZERO``: f's values do not change along the coordinate, so no
    rtol of 0 is ever resolved otherwise).  ``reason`` says why and what
    would help; ``method`` is the estimate's.

    >>> from vecgd import Estimate, check_entry
    >>> check_entry(2.0, Estimate(2.0, 1e-15, "complex", 1)).outcome
    'verified'
    >>> print(check_entry(0.0, Estimate(1e-13, 1e-11, "central", 4)).reason[:45])
    f's values pin this entry only to +-1e-11, mo
    """

    analytic: float
    numeric: float
    bound: float
    allowed: float
    error: float
    outcome: str
    method: str
    reason: str

    @property
    def ok(self) -> bool:
        """Return True when the entry is verified."""
        return self.outcome == VERIFIED


def judge(a: float, estimate: Estimate, rtol: float, atol: float) -> EntryCheck:
    """Return the verdict on analytic value a against the estimate (unchecked)."""
    if math.isnan(estimate.value) or math.isnan(estimate.error):  # f gave inf - inf
        estimate = Estimate(0.0, math.inf, estimate.method, estimate.evaluations,
                            estimate.note or "f's values near v are not finite")
    n, bound, method = estimate.value, estimate.error, estimate.method
    if not math.isfinite(a):
        allowed = rtol * abs(n) + bound + atol
        return EntryCheck(a, n, bound, allowed if math.isfinite(allowed) else math.inf,
                          math.inf, FAILED, method, f"the analytic value is {a!r}")
    if not (math.isfinite(n) and math.isfinite(bound)):
        why = estimate.note or "f's values overflowed or were not finite near v"
        return EntryCheck(a, n if math.isfinite(n) else math.inf, math.inf, math.inf, math.inf,
                          UNVERIFIABLE, method, f"no finite numeric estimate ({why})")
    error, resolved = abs(a - n), rtol * abs(n) + atol
    allowed = resolved + bound
    note = f"; {estimate.note}" if estimate.note else ""
    if error > allowed:
        return EntryCheck(a, n, bound, allowed, error, FAILED, method,
                          f"off by {error:.3g}, more than the {allowed:.3g} allowed{note}")
    # An exact zero from the complex step (the imaginary part is 0: f does
    # not depend on the coordinate) against an analytic 0 is verified: its
    # bound is only the underflow below 5e-324 / h, which no rtol resolves.
    exact_zero = a == n == 0 and estimate.note.endswith(EXACT_ZERO)
    if bound > resolved and not exact_zero:
        # The complex step applied already: more of it will not help.
        applied = method in ("complex", "cs-ridders") or estimate.note.startswith("not cross")
        advice = "" if applied else f"{ADVICE}, or "
        rel = f" or rtol={bound / abs(n):.1g}" if n else ""
        return EntryCheck(a, n, bound, allowed, error, UNVERIFIABLE, method,
                          f"f's values pin this entry only to +-{bound:.2g}, more than rtol * "
                          f"|numeric| + atol = {resolved:.2g}: {advice}pass "
                          f"atol={bound:.1g}{rel}{note}")
    # An exact zero's note is left out of the table: a Jacobian is mostly such zeros.
    reason = "" if estimate.note == EXACT_ZERO else estimate.note
    return EntryCheck(a, n, bound, allowed, error, VERIFIED, method, reason)


def summary(entries: Sequence[EntryCheck]) -> Tuple[str, int, str]:
    """Return (the check's outcome, the index of its worst entry, the methods used).

    The outcome is failed if an entry failed, else unverifiable if one
    could not be verified, else verified; the worst entry is the one
    furthest past what it is allowed among those that decide the outcome;
    the methods are joined by "+" in order of first use.
    """
    failed = [i for i, e in enumerate(entries) if e.outcome == FAILED]
    open_ = [i for i, e in enumerate(entries) if e.outcome == UNVERIFIABLE]

    def past(i: int) -> float:  # how far entry i is past what it is allowed
        e = entries[i]
        measure = e.error if e.outcome == FAILED else e.bound
        limit = e.allowed if e.outcome == FAILED else e.allowed - e.bound
        return 0.0 if measure == 0 else (measure / limit if limit > 0 else math.inf)

    rows = failed or open_ or list(range(len(entries)))
    methods: List[str] = []
    for e in entries:
        if e.method not in methods:
            methods.append(e.method)
    outcome = FAILED if failed else UNVERIFIABLE if open_ else VERIFIED
    return outcome, max(rows, key=past), "+".join(methods)


# === Estimates a check can trust: the complex step, confirmed by real arithmetic ===


def _attempt(estimate: Callable[[str, float | None], Estimate], method: str,
             h: float | None) -> Estimate:
    """Return estimate(method, h), or an infinitely uncertain one when probing f raised."""
    try:
        return estimate(method, h)
    except (OverflowError, ValueError, ZeroDivisionError) as caught:
        # 0 +- inf: any value is consistent with what could be learnt.
        return Estimate(0.0, math.inf, method, 0, f"{type(caught).__name__}: {caught}")


def _agree(a: Estimate, b: Estimate) -> bool:
    """Return True when a and b are within their bounds of each other, both bounds finite."""
    allowed = a.error + b.error
    return math.isfinite(allowed) and abs(a.value - b.value) <= allowed


def _resolves(e: Estimate, rtol: float, atol: float) -> bool:
    """Return True when e's bound is within rtol * |value| + atol, or every probe gave 0."""
    return math.isfinite(e.error) and (e.error <= rtol * abs(e.value) + atol
                                       or e.note == EXACT_ZERO)


def _real(estimate: Callable[[str, float | None], Estimate], central_h: float | None,
          rtol: float, atol: float, spent: int, why: str) -> Estimate:
    """Return central differences, or Ridders' estimate when central cannot resolve rtol.

    why (the complex step's refusal) becomes the note of an estimate that
    still cannot resolve rtol: the row will not be verified, and the user
    learns why the exact method did not apply.
    """
    central = _attempt(estimate, "central", central_h)
    if _resolves(central, rtol, atol):
        return _spent(central, spent + central.evaluations)
    ridders = _attempt(estimate, "richardson", None)
    best = central if central.error < ridders.error else ridders
    spent += central.evaluations + ridders.evaluations
    if _resolves(best, rtol, atol) or not math.isfinite(best.error):
        return _spent(best, spent)
    return _spent(best, spent, f"no complex step: {why}")


def _spent(e: Estimate, evaluations: int, note: str | None = None) -> Estimate:
    return Estimate(e.value, e.error, e.method, evaluations, e.note if note is None else note)


UNCHECKED = ("not cross-checked: the complex step gave {value:.6g}, but real arithmetic {why}, "
             "so it cannot tell whether f uses abs(), .real or a comparison here, which the "
             "complex step cannot see; pass method='complex' to trust the complex step where f "
             "uses none of them, or check f's terms separately, or where |f| is smaller")
TRUSTED = ("method='complex': the complex step is trusted, not cross-checked (real arithmetic "
           "{why})")


def cross_checked(estimate: Callable[[str, float | None], Estimate], method: str | None,
                  h: float | None, central_h: float | None, rtol: float,
                  atol: float) -> Estimate:
    """Return the estimate a check should use, cross-checking the complex step.

    estimate(method, h) gives one entry's estimate by a method (a partial,
    a directional or a second derivative); the complex step, unless f
    refuses it, is confirmed by central differences at central_h (None:
    the estimate's own step) or, where they cannot resolve rtol, by
    Ridders' extrapolation, and overruled where real arithmetic
    contradicts it.  Where no real estimate resolves rtol, the complex
    step is not trusted alone (method None): the best real estimate is
    returned with its (wide) bound and a note, so the entry fails only
    where real arithmetic says so, and is otherwise unverifiable; with
    method "complex" the user vouches for f (no abs(), .real or comparison
    on the coordinate) and the complex step is returned with a note.
    """
    if method not in (None, "complex"):
        return estimate(method, h)
    try:
        c = estimate("complex", h)
    except NotComplexError as refusal:
        if method == "complex":
            raise
        # "caller: method='complex' needs ..., but f raised TypeError (...); advice": the middle.
        why = str(refusal).split(": ", 1)[-1].split("; write f")[0]
        return _real(estimate, central_h, rtol, atol, 1, why)
    if not math.isfinite(c.error):  # the complex step could not probe f (it overflowed)
        return _real(estimate, central_h, rtol, atol, c.evaluations,
                     c.note or "the complex step could not probe f here")
    reals = [_attempt(estimate, "central", central_h)]
    if not (_resolves(reals[0], rtol, atol) and _agree(c, reals[0])):
        reals.append(_attempt(estimate, "richardson", None))  # a second opinion
    spent = c.evaluations + sum(e.evaluations for e in reals)
    resolving = [e for e in reals if _resolves(e, rtol, atol)]
    if any(_agree(c, e) for e in resolving):
        return _spent(c, spent)
    if resolving:
        real = min(resolving, key=lambda e: e.error)
        return _spent(real, spent, (
            f"the complex step gave {c.value:.6g}, which real arithmetic contradicts: f "
            f"uses abs(), .real, .conjugate() or a comparison here, which the complex step "
            f"cannot see; {real.method} used instead"))
    real = min(reals, key=lambda e: e.error)
    if math.isfinite(real.error):
        why = f"pins this entry only to +-{real.error:.2g}"
    else:
        why = f"could not probe f here ({real.note})"
    if method == "complex":  # the user vouches that f is analytic here
        exact = f"; {EXACT_ZERO}" if c.note == EXACT_ZERO else ""
        return _spent(c, spent, TRUSTED.format(why=why) + exact)
    if not math.isfinite(real.error):
        return Estimate(c.value, math.inf, c.method, spent, UNCHECKED.format(
            value=c.value, why=why))
    return _spent(real, spent, UNCHECKED.format(value=c.value, why=why))


class _Check(Protocol):
    @property
    def ok(self) -> bool: ...


CheckT = TypeVar("CheckT", bound=_Check)


def asserted_ok(check: CheckT) -> CheckT:
    """Return check, or raise AssertionError with its table unless it is ok.

    Raised explicitly (not ``assert``), so the unittest assertions work under ``python -O``.
    """
    if not check.ok:
        raise AssertionError(str(check))
    return check


def abs_error(a: float, n: float) -> float:
    """Return |a - n|, inf where it is NaN."""
    error = abs(a - n)
    return error if not math.isnan(error) else math.inf


def relative_error(a: float, n: float) -> float:
    """Return |a - n| / max(|a|, |n|) (0 where both are 0, inf where one is not finite)."""
    scale = max(abs(a), abs(n))
    if not math.isfinite(scale):
        return 0.0 if a == n else math.inf
    return abs(a - n) / scale if scale else 0.0


def shown_rows(entries: Sequence[EntryCheck]) -> Tuple[List[int], int]:
    """Return (rows a short display shows, how many it hides).

    The first 40 rows, then any row not verified (at most 80 in all).
    """
    rows = [i for i, e in enumerate(entries) if i < SHOWN_ROWS or not e.ok]
    rows = rows[: 2 * SHOWN_ROWS]
    return rows, len(entries) - len(rows)


def _escape(text: str) -> str:
    """Return text with &, <, >, ' and " escaped for HTML (html.escape's, without its import)."""
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#x27;"),
                         ('"', "&quot;")):
        text = text.replace(raw, escaped)
    return text


def _cells(e: EntryCheck) -> List[str]:
    return [f"{e.analytic:.12g}", f"{e.numeric:.12g}", f"{e.bound:.2g}",
            f"{relative_error(e.analytic, e.numeric):.2e}", e.method,
            "verified" if e.ok else e.outcome.upper()]


HEADINGS = ["analytic", "numeric", "bound", "rel error", "method", "outcome"]


def table_lines(title: str, label: str, labels: Sequence[str], entries: Sequence[EntryCheck],
                rows: Sequence[int], hidden: int) -> List[str]:
    """Return the table's lines: title, headings, the given rows, then each row's note."""
    width = max([len(label)] + [len(labels[i]) for i in rows])
    lines = [title, f"{label:>{width}}{HEADINGS[0]:>20}{HEADINGS[1]:>20}{HEADINGS[2]:>9}"
             f"{HEADINGS[3]:>11}  {HEADINGS[4]:<12}{HEADINGS[5]}"]
    for i in rows:
        c = _cells(entries[i])
        lines.append(f"{labels[i]:>{width}}{c[0]:>20}{c[1]:>20}{c[2]:>9}{c[3]:>11}  "
                     f"{c[4]:<12}{c[5]}")
    if hidden:
        lines.append(f"... {hidden} more rows (str() shows every row)")
    lines += [f"{label} {labels[i]}: {entries[i].reason}" for i in rows if entries[i].reason]
    return lines


def table_html(title: str, label: str, labels: Sequence[str], entries: Sequence[EntryCheck],
               rows: Sequence[int], hidden: int) -> str:
    """Return the same table as HTML, for a notebook (every text escaped)."""
    head = "".join(f"<th>{_escape(h)}</th>" for h in [label] + HEADINGS)
    body = []
    for i in rows:
        c = _cells(entries[i])
        style = "" if entries[i].ok else " style='font-weight:bold'"
        body.append(f"<tr{style}><td>{_escape(labels[i])}</td>" + "".join(
            f"<td style='text-align:right'>{_escape(x)}</td>" for x in c[:4])
            + f"<td>{_escape(c[4])}</td><td>{_escape(c[5])}</td></tr>")
    if hidden:
        body.append(f"<tr><td colspan='7'>... {hidden} more rows (str() shows every row)</td></tr>")
    notes = "".join(f"<li>{_escape(label)} {_escape(labels[i])}: "
                    f"{_escape(entries[i].reason)}</li>" for i in rows if entries[i].reason)
    return (f"<div><p><code>{_escape(title)}</code></p><table><tr>{head}</tr>"
            + "".join(body) + "</table>" + (f"<ul>{notes}</ul>" if notes else "") + "</div>")
