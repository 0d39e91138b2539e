"""The verdict on one derivative entry, and the table of many (serves vecgd.gradcheck).

``judge`` compares an analytic value with an ``Estimate`` and its error
bound, and says verified, failed or unverifiable; ``table_lines`` and
``table_html`` show a list of verdicts, one row each, labelled by the
caller (a component, a direction, or an (i, j) entry of a Jacobian).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import List, NamedTuple, Tuple

from vecgd._estimates import Estimate

__all__ = [
    "ADVICE",
    "FAILED",
    "SHOWN_ROWS",
    "UNVERIFIABLE",
    "VERIFIED",
    "EntryCheck",
    "abs_error",
    "judge",
    "relative_error",
    "shown_rows",
    "table_html",
    "table_lines",
]

VERIFIED, FAILED, UNVERIFIABLE = "verified", "failed", "unverifiable"
SHOWN_ROWS = 40  # rows a notebook or repr shows before "... more rows"
ADVICE = "write f with cmath (and operators) so the complex step applies"


class EntryCheck(NamedTuple):
    """The verdict on one entry: an analytic derivative against a numeric ``Estimate``.

    ``error`` is ``|analytic - numeric|`` and ``allowed`` is ``rtol *
    |numeric| + bound + atol``, where ``bound`` is the estimate's error
    bound.  ``outcome`` is ``"failed"`` when the error exceeds what is
    allowed (or the analytic value is not finite), ``"unverifiable"`` when
    it does not but the bound alone exceeds ``rtol * |numeric| + atol`` (or
    there is no finite estimate): f's values cannot tell a right entry from
    one wrong by rtol; ``"verified"`` otherwise.  ``reason`` says why and
    what would help; ``method`` is the estimate's.

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
    if bound > resolved:
        rel = f" or rtol={bound / abs(n):.1g}" if n else ""
        return EntryCheck(a, n, bound, allowed, error, UNVERIFIABLE, method,
                          f"f's values pin this entry only to +-{bound:.2g}, more than rtol * "
                          f"|numeric| + atol = {resolved:.2g}: {ADVICE}, or pass "
                          f"atol={bound:.1g}{rel}{note}")
    return EntryCheck(a, n, bound, allowed, error, VERIFIED, method, estimate.note)


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
