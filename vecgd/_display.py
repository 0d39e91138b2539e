"""Private: how fit's, minimize's and lr_range_test's results show themselves.

In a terminal a result's repr is one summary line under 1,000 characters
whatever its history's length (a fit of 20,000 epochs once printed 1.8
million): the epochs, the first and last loss, why it stopped, the first
few parameters.  In a notebook ``_repr_html_()`` adds a small table and,
for fits and minimize, the loss per epoch as an inline SVG chart, drawn
from at most ``CURVE_POINTS`` of the history's points.  The results'
classes call these functions from their ``__repr__`` and ``_repr_html_``,
importing this module only then: a fit that is never displayed never loads
the pictures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, List, Tuple

from vecgd import _svg

__all__: list[str] = []

SHOWN = 6  # parameters shown before "... (N in all)"
CURVE_POINTS = 400  # a longer history is drawn through every k-th point and the last
Row = Tuple[str, str]


def number(value: object) -> str:
    """Return a number in at most 6 significant digits (other values as repr, cut short)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def vector(values: Sequence[float]) -> str:
    """Return the first SHOWN values of a vector, and how many there are if more."""
    shown = ", ".join(number(float(v)) for v in list(values)[:SHOWN])
    more = f", ... ({len(values)} in all)" if len(values) > SHOWN else ""
    return f"[{shown}{more}]"


def fit_rows(result: Any) -> List[Row]:
    """Return the summary of a FitResult as (name, text) rows."""
    losses = [record.loss for record in result.history]
    rows = [("epochs", str(result.epochs)), ("stop_reason", repr(result.stop_reason)),
            ("loss", number(result.loss))]
    if losses:
        rows.append(("first loss", number(losses[0])))
    return rows + [("theta", vector(result.theta)),
                   ("history", f"{len(result.history)} EpochRecord (epoch, loss, lr, "
                               "gradient_norm)")]


def minimize_rows(result: Any) -> List[Row]:
    """Return the summary of a MinimizeResult as (name, text) rows."""
    rows = [("success", repr(result.success)), ("message", number(result.message)),
            ("fun", number(result.fun)), ("nit", str(result.nit)), ("nfev", str(result.nfev)),
            ("njev", str(result.njev)), ("x", vector(result.x))]
    if result.history:
        rows.append(("history", f"{len(result.history)} values of f, first "
                                f"{number(result.history[0])}"))
    return rows


def lr_range_rows(result: Any) -> List[Row]:
    """Return the summary of an LRRangeResult as (name, text) rows."""
    rows = [("suggested_lr", number(result.suggested_lr)), ("tried", f"{len(result.lrs)} lrs")]
    if result.lrs:
        rows.append(("lrs", f"{number(result.lrs[0])} to {number(result.lrs[-1])}"))
    if result.losses:
        rows.append(("losses", f"{number(min(result.losses))} to {number(max(result.losses))}"
                               " (smoothed)"))
    return rows


def summary(name: str, rows: List[Row]) -> str:
    """Return a result's one-line repr, ``Name(key=value, ...)``, under 1,000 characters."""
    fields = ", ".join(f"{key.replace(' ', '_')}={value}" for key, value in rows)
    text = f"{name}({fields})"
    return text if len(text) < 1000 else text[:995] + "...)"


def html(name: str, rows: List[Row], curve: Sequence[float] = (), what: str = "loss") -> str:
    """Return a result's HTML: a small table, and its curve as inline SVG when there is one."""
    cells = "".join(f"<tr><th style='text-align:left'>{_svg.escape(key)}</th>"
                    f"<td style='text-align:left'>{_svg.escape(value)}</td></tr>"
                    for key, value in rows)
    picture = curve_svg(curve, what) if sum(abs(v) < _svg.LARGEST for v in curve) > 1 else ""
    return (f"<div class='vecgd-result'><table><caption style='text-align:left'><b>"
            f"{_svg.escape(name)}</b></caption>{cells}</table>{picture}</div>")


def curve_svg(values: Sequence[float], what: str) -> str:
    """Return the values per epoch as a small chart (log y when all are positive)."""
    finite = [(i + 1.0, float(v)) for i, v in enumerate(values) if abs(v) < _svg.LARGEST]
    stride = max(1, -(-len(finite) // CURVE_POINTS))
    points = finite[::stride] + ([finite[-1]] if (len(finite) - 1) % stride else [])
    ys = [y for _, y in points]
    chart = _svg.Chart(420, 220, "", "epoch", what + (" (log)" if min(ys) > 0 else ""))
    chart.set_x(1.0, max(2.0, points[-1][0]), integer=True)
    chart.set_y(min(ys), max(ys), log=min(ys) > 0)
    chart.polyline(points, _svg.Style.of(0), what)
    return chart.render(legend=False)
