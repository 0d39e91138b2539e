"""SVG charts and terminal sparklines, with the standard library only.

The line-fit lesson watches a fitted line converge with matplotlib's
``FuncAnimation``; here the same pictures are plain SVG text that any
browser opens: a ``viewBox`` so they scale, round-number ticks, axis labels,
a title, a legend when there are several series (in a corner that hides
no data, or beside the plot), and the Okabe-Ito colours together with a
dash pattern and a marker per series, so that no reader needs to tell
colours apart.  The pictures speak one language: an optimizer named in a
series (``"Adam"``, ``"adam"``) has the same colour and dash in every
picture, data are grey hollow circles, least squares is black.  Each
function returns an ``SVG`` (``animated_fit`` an ``AnimatedSVG``): a
``str`` of SVG that a notebook displays as a picture, whose one internal
id (the plot area's clip path) is derived from its content.

* ``line_chart`` -- loss curves, one series per optimizer, optional log axis;
* ``scatter_chart`` -- data with fitted curves ``f(x)`` drawn over it;
* ``contour_chart`` -- a loss surface ``f(x, y)`` (marching squares) with the
  paths optimizers took across it;
* ``animated_fit`` -- the line-fit lesson's animation, as SMIL ``<animate>`` elements;
* ``sparkline`` -- one line of block characters for a terminal;
* ``write_svg`` -- write a picture atomically (all of it, or nothing).

The functions take plain numbers and callables, never models, and check
them with ``vecgd._checks``.  The drawing primitives (ticks, axes, legend,
markers, marching squares) live in ``vecgd._svg``.  The module runs past
400 lines because it is the whole public face of the pictures: six
functions, each with its checks, its formula in words and a doctest, which
a reader compares side by side.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import List, Tuple, Union

from vecgd import _contour, _svg
from vecgd._checks import (
    as_vector,
    describe,
    require_bool,
    require_callable,
    require_finite,
    require_int,
    require_named,
    require_points,
    require_positive,
    require_range,
    require_same_length,
    require_str,
)
from vecgd._svg import SVG, AnimatedSVG

__all__ = [
    "AnimatedSVG",
    "SVG",
    "animated_fit",
    "contour_chart",
    "line_chart",
    "scatter_chart",
    "sparkline",
    "write_svg",
]

Point = Tuple[float, float]
Named = Union[Mapping[str, object], Sequence[Tuple[str, object]]]

BLOCKS = "▁▂▃▄▅▆▇█"
MIN_WIDTH, MIN_HEIGHT = 200, 150  # smaller, the margins and the legend leave no plot


def line_chart(
    series: Named,
    *,
    title: str = "",
    xlabel: str = "epoch",
    ylabel: str = "loss",
    log_y: bool = False,
    width: int = 640,
    height: int = 400,
) -> SVG:
    """Return an SVG line chart of one or more series, such as loss curves.

    ``series`` maps each name to its values (or is a sequence of ``(name,
    values)`` pairs); value ``i`` of a series is drawn at ``x = i + 1``, the
    epoch it ends.  Each series gets its own colour, dash pattern and (for up
    to 20 points) marker; with several series a legend names them.  With
    ``log_y=True`` the y axis is logarithmic, ticked at powers of ten, and
    every value must be positive: a zero or negative value raises
    ``ValueError`` naming it (nothing is clipped silently).  Empty series,
    NaN or infinite values raise ``ValueError``.

    >>> svg = line_chart({"sgd": [4, 2, 1], "adam": [4, 1, 0.5]}, log_y=True)
    >>> svg.startswith("<svg") and svg.count('class="legend-entry"')
    2
    """
    where = "line_chart"
    pairs = require_named(where, "series", series)
    if not pairs:
        raise ValueError(f"{where}: series must name at least one series (got none)")
    require_bool(where, "log_y", log_y)
    for key, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        require_str(where, key, text)
    require_int(where, "width", width, minimum=MIN_WIDTH)
    require_int(where, "height", height, minimum=MIN_HEIGHT)
    lines: List[Tuple[str, List[Point]]] = []
    for name, values in pairs:
        # any shape of numbers (array.array, NumPy's by tolist()), each a plain number
        numbers = as_vector(where, f"series {name!r}", values, finite=True, nonempty=True)
        for i, value in enumerate(numbers):
            if log_y and value <= 0:
                raise ValueError(f"{where}: series {name!r}[{i}] must be positive "
                                 f"when log_y=True (got {value!r})")
        lines.append((name, [(i + 1.0, float(v)) for i, v in enumerate(numbers)]))
    all_y = [y for _, line in lines for _, y in line]
    longest = max(len(line) for _, line in lines)
    chart = _svg.Chart(width, height, title, xlabel, ylabel)
    chart.set_x(1.0, float(longest), integer=True)
    chart.set_y(min(all_y), max(all_y), log=log_y)
    for (name, line), style in zip(lines, _svg.styles([name for name, _ in lines])):
        chart.polyline(line, style, name, markers=len(line) <= 20)
        chart.legend_entry(name, style, line=True, marker=len(line) <= 20)
    return SVG(chart.render(legend=len(lines) > 1))


def scatter_chart(
    xs: Sequence[float],
    ys: Sequence[float],
    curves: Named | None = None,
    *,
    title: str = "",
    xlabel: str = "x",
    ylabel: str = "y",
    label: str = "data",
    samples: int = 200,
    width: int = 640,
    height: int = 400,
) -> SVG:
    """Return an SVG scatter chart of (xs[i], ys[i]) with fitted curves drawn over it.

    ``curves`` maps a name to a callable ``f(x) -> float`` (or is a sequence
    of pairs); each is sampled at ``samples`` evenly spaced x from ``min(xs)``
    to ``max(xs)`` and drawn as a line.  xs and ys must be non-empty, finite
    and of one length, and every sampled ``f(x)`` must be finite, or
    ``ValueError`` is raised.  With curves a legend names the data
    (``label``) and each curve.

    >>> svg = scatter_chart([0, 1, 2], [1, 3, 5], {"fit": lambda x: 2 * x + 1})
    >>> svg.count("<circle"), svg.count('class="legend-entry"')
    (4, 2)
    """
    where = "scatter_chart"
    xs = as_vector(where, "xs", xs, finite=True, nonempty=True)  # any shape: plain numbers
    ys = as_vector(where, "ys", ys, finite=True, nonempty=True)
    require_same_length(where, xs, ys, "xs and ys")
    for key, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel), ("label", label)):
        require_str(where, key, text)
    require_int(where, "samples", samples, minimum=2)
    require_int(where, "width", width, minimum=MIN_WIDTH)
    require_int(where, "height", height, minimum=MIN_HEIGHT)
    low, high = min(xs), max(xs)
    grid = [_svg.between(low, high, k, samples - 1) for k in range(samples)]
    drawn: List[Tuple[str, List[Point]]] = []
    for name, f in require_named(where, "curves", curves if curves is not None else {}):
        require_callable(where, f"curve {name!r}", f)
        line = []
        for x in grid:
            y = f(x)
            require_finite(where, f"curve {name!r} at x={x!r}", y)
            line.append((x, float(y)))
        drawn.append((name, line))
    chart = _svg.Chart(width, height, title, xlabel, ylabel)
    chart.set_x(float(low), float(high))
    heights = [*ys, *(y for _, line in drawn for _, y in line)]
    chart.set_y(min(heights), max(heights))
    chart.scatter(list(zip(xs, ys)), _svg.DATA, label)
    chart.legend_entry(label, _svg.DATA, line=False, marker=True)
    for (name, line), style in zip(drawn, _svg.styles([name for name, _ in drawn])):
        chart.polyline(line, style, name)
        chart.legend_entry(name, style, line=True, marker=False)
    return SVG(chart.render(legend=bool(drawn)))


def contour_chart(
    f: Callable[[float, float], float],
    x_range: Tuple[float, float],
    y_range: Tuple[float, float],
    paths: Named | None = None,
    *,
    levels: int | Sequence[float] = 12,
    resolution: int = 60,
    log_levels: bool = True,
    title: str = "",
    xlabel: str = "x",
    ylabel: str = "y",
    width: int = 640,
    height: int = 480,
) -> SVG:
    """Return an SVG contour map of f(x, y), with optimizers' paths drawn across it.

    f is evaluated on a grid of ``resolution`` by ``resolution`` cells over
    ``x_range`` by ``y_range``, and marching squares draws each level as
    lines.  ``levels`` is a list of heights, or how many to choose: with
    ``log_levels=True`` they are geometric in the height above the lowest
    grid value, ``low + (high - low) * 10**(-3 * (n - k) / n)`` for ``k = 0 ..
    n - 1``, so a long narrow valley (the loss surface of a linear fit) gets
    as many lines near its floor as on its walls; otherwise they are evenly
    spaced.  ``paths`` maps a name to a sequence of (x, y) points; each is
    drawn with a circle at its start, a square at its end and a legend entry.
    Ranges need low < high, f must return finite numbers on the grid, and
    paths must hold finite (x, y) pairs, or ``ValueError`` is raised.

    >>> svg = contour_chart(lambda x, y: x * x + y * y, (-2, 2), (-2, 2),
    ...                     {"gd": [(1.5, 1.5), (0.5, 0.5), (0, 0)]}, levels=[1, 2])
    >>> svg.count('class="contour"'), svg.count('class="legend-entry"')
    (2, 1)
    """
    where = "contour_chart"
    require_callable(where, "f", f)
    x_low, x_high = require_range(where, "x_range", x_range)
    y_low, y_high = require_range(where, "y_range", y_range)
    require_int(where, "resolution", resolution, minimum=2)
    require_bool(where, "log_levels", log_levels)
    for key, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        require_str(where, key, text)
    require_int(where, "width", width, minimum=MIN_WIDTH)
    require_int(where, "height", height, minimum=MIN_HEIGHT)
    drawn = [(name, require_points(where, f"path {name!r}", path))
             for name, path in require_named(where, "paths", paths if paths is not None else {})]
    xs = [_svg.between(x_low, x_high, i, resolution) for i in range(resolution + 1)]
    ys = [_svg.between(y_low, y_high, j, resolution) for j in range(resolution + 1)]
    grid = []
    for y in ys:
        row = [f(x, y) for x in xs]
        for x, value in zip(xs, row):
            require_finite(where, f"f({x!r}, {y!r})", value)
        grid.append(row)
    heights = _levels(where, levels, grid, log_levels)
    chart = _svg.Chart(width, height, title, xlabel, ylabel)
    chart.set_x(x_low, x_high, pad=False)
    chart.set_y(y_low, y_high, pad=False)
    drawn_lines = [(level, [chart.to_picture(line)
                            for line in _contour.contour_lines(grid, xs, ys, level)])
                   for level in heights]
    drawn_lines = [(level, lines) for level, lines in drawn_lines if lines]
    # The paths' points, densified, so that no label sits on a path; each segment clipped
    # to the plot area first, so that a diverging run's long jumps are dense where seen.
    area = (chart.left, chart.top, chart.right, chart.bottom)
    avoid = [p for _, path in drawn for a, b in zip(chart.to_picture(path),
                                                    chart.to_picture(path[1:]))
             for p in _svg.densify(_contour.clip(a, b, area), 4.0)]
    avoid += [p for _, path in drawn if len(path) == 1 for p in chart.to_picture(path)]
    for k, (level, lines) in enumerate(drawn_lines):
        # Grey, darker towards the valley floor, so the coloured paths stand out.
        shade = 90 + int(110 * k / max(1, len(drawn_lines) - 1))
        d = "".join("M" + "L".join(f"{_svg.num(x)},{_svg.num(y)}" for x, y in line)
                    for line in lines)
        chart.elements.append(
            f'<path class="contour" d="{d}" stroke="rgb({shade},{shade},{shade})" '
            f'stroke-width="1" fill="none"><title>f = {level:.4g}</title></path>')
    texts = [(_contour.short_number(level), lines) for level, lines in drawn_lines]
    for text, (x, y) in _contour.place_labels(texts, avoid, area):
        chart.occupied.append((x, y))  # the legend covers no label
        # An opaque box of the background under the label: a contour line crossing it
        # would turn "7.2" into "7:2".
        half_w, half_h = len(text) * _contour.LABEL_CHAR / 2 + 1, _contour.LABEL_FONT / 2 + 1
        chart.elements.append(
            f'<g class="level-label"><rect class="level-box" x="{_svg.num(x - half_w)}" '
            f'y="{_svg.num(y - half_h)}" width="{_svg.num(2 * half_w)}" '
            f'height="{_svg.num(2 * half_h)}" fill="white"/>'
            f'<text class="level" x="{_svg.num(x)}" y="{_svg.num(y + 3)}" font-size="9" '
            f'text-anchor="middle" fill="#555">{text}</text></g>')
    # Every halo first, then every path, then every end: a path sharing another's route
    # (SGD under Momentum) would otherwise vanish under the other's white halo.
    halos: List[str] = []
    ends: List[str] = []
    points: List[str] = []
    lines_at = len(chart.elements)
    for (name, path), style in zip(drawn, _svg.styles([name for name, _ in drawn])):
        if len(path) == 1:  # a point (least squares): its own marker, larger, on top
            (x0, y0), = chart.to_picture(path)
            points.append(_svg.marker(style.marker, x0, y0, style.colour, 6.0))
            chart.occupied.append((x0, y0))
            chart.legend_entry(name, style, line=False, marker=True)
            continue
        # A white halo under each path keeps it visible across the grey lines.
        halo = _svg.points_attribute(chart.to_picture(path))
        halos.append(f'<polyline points="{halo}" stroke="white" stroke-width="4.5" '
                     f'stroke-opacity="0.8" fill="none" stroke-linejoin="round"/>')
        drawn_path = chart.polyline(path, style, name, css="path")
        (x0, y0), (x1, y1) = drawn_path[0], drawn_path[-1]
        ends.append(_svg.marker("circle", x0, y0, style.colour, 5.0, fill="white"))
        ends.append(_svg.marker("square", x1, y1, style.colour, 5.0))
        chart.legend_entry(name, style, line=True, marker=False)
    chart.elements[lines_at:lines_at] = halos
    chart.elements.extend(ends + points)
    chart.note = "\u25cb start \u00a0 \u25a0 end"  # no-break spaces: SVG collapses plain ones
    return SVG(chart.render(legend=bool(drawn)))


def _levels(where: str, levels: object, grid: List[List[float]], log: bool) -> List[float]:
    """Return the contour heights: the given ones sorted, or chosen from the grid's range."""
    if not isinstance(levels, int) or isinstance(levels, bool):
        return sorted(float(v) for v in as_vector(where, "levels", levels, finite=True,
                                                  nonempty=True))
    require_int(where, "levels", levels, minimum=1)
    low = min(min(row) for row in grid)
    span = max(max(row) for row in grid) - low
    if log:
        return [low + span * 10.0 ** (-3 * (levels - k) / levels) for k in range(levels)]
    return [low + span * (k + 1) / (levels + 1) for k in range(levels)]


def animated_fit(
    xs: Sequence[float],
    ys: Sequence[float],
    frames: Sequence[Tuple[float, float]],
    *,
    interval: float = 0.1,
    title: str = "",
    xlabel: str = "x",
    ylabel: str = "y",
    counter: bool = True,
    width: int = 640,
    height: int = 400,
) -> AnimatedSVG:
    """Return an animated SVG of a fitted line converging over the data.

    The line-fit lesson's ``FuncAnimation`` without matplotlib: frame k
    draws the line ``y = slope * x + intercept`` of ``frames[k] = (slope,
    intercept)`` over the scatter of (xs, ys); each frame shows for
    ``interval`` seconds and the animation repeats (SMIL ``<animate>`` on
    the line's ends, ``calcMode="discrete"``).  Without SMIL a viewer shows
    the last frame.  With ``counter=True`` a box names the frame, slope and
    intercept, counting as a terminal does: ``frame 0/N`` (the start) to
    ``frame N/N``, N = len(frames) - 1 steps; the lesson's 41 frames read
    0/40 to 40/40.  The y axis covers the data and the first and last
    lines; others are clipped.  xs and ys must be non-empty, finite and of
    one length, frames non-empty finite pairs, interval positive, or
    ``ValueError`` is raised.

    >>> svg = animated_fit([0, 1, 2], [1, 3, 5], [(0, 0), (1, 1), (2, 1)], interval=0.5)
    >>> svg.count("<animate "), 'dur="1.5s"' in svg, "frame 2/2: slope 2" in svg
    (5, True, True)
    """
    where = "animated_fit"
    xs = as_vector(where, "xs", xs, finite=True, nonempty=True)  # any shape: plain numbers
    ys = as_vector(where, "ys", ys, finite=True, nonempty=True)
    require_same_length(where, xs, ys, "xs and ys")
    lines = require_points(where, "frames", frames)
    require_positive(where, "interval", interval)
    require_bool(where, "counter", counter)
    for key, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        require_str(where, key, text)
    require_int(where, "width", width, minimum=MIN_WIDTH)
    require_int(where, "height", height, minimum=MIN_HEIGHT)
    chart = _svg.Chart(width, height, title, xlabel, ylabel)
    chart.set_x(min(xs), max(xs))
    x0, x1 = chart.xlim
    # A diverging frame's line may leave the floats: clamp its ends to them.
    ends = [(_svg.clamp(a * x0 + b), _svg.clamp(a * x1 + b)) for a, b in lines]
    chart.set_y(min(*ys, *ends[0], *ends[-1]), max(*ys, *ends[0], *ends[-1]))
    chart.scatter(list(zip(xs, ys)), _svg.DATA, "data")
    n, dur = len(lines), f"{_svg.num(len(lines) * float(interval))}s"

    def animate(attribute: str, values: Sequence[str], key_times: str = "") -> str:
        keys = f' keyTimes="{key_times}"' if key_times else ""
        return (f'<animate attributeName="{attribute}" values="{";".join(values)}"{keys} '
                f'dur="{dur}" calcMode="discrete" repeatCount="indefinite"/>')

    # A diverging frame could put an end at 1e300 pixels: clamp far outside the picture.
    y1s = [_svg.num(max(-1e6, min(1e6, chart.py(y)))) for y, _ in ends]
    y2s = [_svg.num(max(-1e6, min(1e6, chart.py(y)))) for _, y in ends]
    fit = _svg.Style.of(0)
    chart.elements.append(
        f'<line class="fit" x1="{_svg.num(chart.px(x0))}" y1="{y1s[-1]}" '
        f'x2="{_svg.num(chart.px(x1))}" y2="{y2s[-1]}" {fit.stroke()}>'
        + (animate("y1", y1s) + animate("y2", y2s) if n > 1 else "") + "</line>")
    extra = ""
    if counter:
        texts = [f"frame {k}/{n - 1}: slope {a:.4g}, intercept {b:.4g}"
                 for k, (a, b) in enumerate(lines)]
        box_w, box_h = 12 + max(map(len, texts)) * _svg.CHAR, 22.0
        left, top = chart.free_corner(box_w, box_h)
        shown = []
        for k, text in enumerate(texts):
            # Frame k is visible from k/n to (k+1)/n of the cycle and hidden otherwise.
            if n == 1:
                show = ""
            elif k == 0:
                show = animate("visibility", ["visible", "hidden"], f"0;{1 / n:.6g}")
            else:
                times = f"0;{k / n:.6g}" + (f";{(k + 1) / n:.6g}" if k < n - 1 else "")
                values = ["hidden", "visible", "hidden"][: 3 if k < n - 1 else 2]
                show = animate("visibility", values, times)
            hidden = ' visibility="hidden"' if k < n - 1 else ""  # no SMIL: the last frame
            shown.append(f'<text x="{_svg.num(left + 6)}" y="{_svg.num(top + 15)}"{hidden}>'
                         f"{_svg.escape(text)}{show}</text>")
        extra = (f'<g class="counter"><rect x="{_svg.num(left)}" y="{_svg.num(top)}" '
                 f'width="{_svg.num(box_w)}" height="{_svg.num(box_h)}" fill="white" '
                 f'fill-opacity="0.9" stroke="#bbb" rx="3"/>' + "".join(shown) + "</g>")
    return AnimatedSVG(chart.render(legend=False, extra=extra))


def sparkline(values: Sequence[float], *, width: int | None = None) -> str:
    """Return values as one line of block characters, lowest ``▁`` to highest ``█``.

    Value v becomes block ``round(7 * (v - min) / (max - min))`` of the eight
    in ``▁▂▃▄▅▆▇█``.  Equal values give a flat line of ``▄``; an empty
    sequence gives ``""``.  With ``width``, a longer series is first
    resampled to ``width`` buckets, each the mean of its values.  NaN or
    infinite values raise ``ValueError``.

    >>> sparkline([1, 2, 3, 4, 5, 6, 7, 8])
    '▁▂▃▄▅▆▇█'
    >>> sparkline([8, 6, 4, 2, 1, 1], width=3)
    '█▃▁'
    """
    values = as_vector("sparkline", "values", values, finite=True)  # any shape: plain numbers
    if width is not None:
        require_int("sparkline", "width", width, minimum=1)
    n = len(values)
    if width is not None and n > width:
        buckets = [values[k * n // width:(k + 1) * n // width] for k in range(width)]
        # Each value divided before summing, so huge finite values cannot overflow.
        values = [math.fsum(v / len(bucket) for v in bucket) for bucket in buckets]
    if not values:
        return ""
    low, high = min(values), max(values)
    if low == high:
        return BLOCKS[3] * len(values)
    span = high / 2 - low / 2  # halves, so that max - min cannot overflow
    return "".join(BLOCKS[round(7 * ((v / 2 - low / 2) / span))] for v in values)


def write_svg(path: str | os.PathLike[str], svg: str) -> None:
    """Write svg to path atomically: the whole picture or, after any failure, nothing.

    The text goes (UTF-8) into a temporary file in path's own folder, which
    is flushed, synced to disk and then renamed over path with
    ``os.replace`` (atomic on POSIX and Windows), so no reader ever sees
    half a picture.  On any failure the temporary file is removed and the
    error re-raised.  The folder must exist; a new file is made readable
    by all (mode 0o644), an existing file keeps its mode.  A non-str svg
    raises ``TypeError``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_svg(os.path.join(folder, "loss.svg"), line_chart({"sgd": [3, 2, 1]}))
    ...     sorted(os.listdir(folder))
    ['loss.svg']
    """
    # Here, not at the top: only write_svg needs them (tempfile imports random).
    import contextlib
    import stat
    import tempfile

    if not isinstance(svg, str):
        raise TypeError(f"write_svg: svg must be a str (got {describe(svg)})")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"write_svg: path must be a str or path (got {describe(path)})")
    data = svg.encode("utf-8")
    target = os.path.abspath(os.fspath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
