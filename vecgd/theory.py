"""How fast descent goes on a quadratic: the best constant step and the contraction per step.

On ``f(theta) = (theta - theta*)^T H (theta - theta*) / 2`` whose Hessian H
has eigenvalues from l_min to l_max (condition number ``kappa = l_max /
l_min``), each step of plain descent multiplies the distance to theta*
along an eigenvector of eigenvalue l by ``1 - lr * l``.  The best constant
step, ``lr = 2 / (l_min + l_max)``, shrinks every distance by at most
``(kappa - 1) / (kappa + 1)`` per step.  Polyak's heavy ball, ``theta <-
theta - lr * g + momentum * (theta - theta_previous)``, at its best
setting, ``lr = (2 / (sqrt(l_min) + sqrt(l_max)))^2`` and ``momentum =
((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2``, contracts by ``(sqrt(kappa) -
1) / (sqrt(kappa) + 1)``: with kappa = 100, 0.98 against 0.82 per step
(Polyak 1964; Nocedal & Wright, section 3.3; Goh, "Why Momentum Really
Works", Distill 2017).

vecgd's ``Momentum`` is PyTorch's form, ``v <- momentum * v + g; theta <-
theta - lr * v``.  Since ``theta_new - theta = -lr * v_new = momentum *
(theta - theta_previous) - lr * g``, it is the heavy ball with the same lr
and momentum (dampening 0; its first step, ``v = g``, is the heavy ball's
from ``theta_previous = theta``).  The optimizer lesson's form, ``v <-
momentum * v - lr * g; theta <- theta + v``, is the same heavy ball too.

The least-squares loss of a linear model, ``mean((X theta - y)^2)``, is
such a quadratic, with ``H = 2 / n X^T X``: its eigenvalues predict how
many epochs full-batch descent needs on real data.  Past 400 lines: the
picture of the (lr, momentum) plane (cells, colour key, placed labels)
stays beside the rates it draws and measures.

>>> rates = quadratic_rates([1.0, 100.0])
>>> rates.condition_number, round(rates.descent_rate, 4), round(rates.momentum_rate, 4)
(100.0, 0.9802, 0.8182)
>>> rates.steps(1e-6), rates.steps(1e-6, "momentum")
(691, 69)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, List, NamedTuple, Tuple

from vecgd import _contour, _svg
from vecgd._checks import (
    require_choice,
    require_int,
    require_members,
    require_nonnegative,
    require_points,
    require_positive,
    require_range,
    require_str,
    require_unit_interval,
    require_vector,
)
from vecgd.optimizers import SGD, Momentum

__all__ = ["QuadraticRates", "observed_rate", "predicted_rate", "quadratic_rates", "theory_chart"]


class QuadraticRates(NamedTuple):
    """What theory predicts for descent on a quadratic with these Hessian eigenvalues.

    ``l_min``, ``l_max``: the smallest and largest eigenvalue;
    ``condition_number``: l_max / l_min; ``descent_lr`` and
    ``descent_rate``: plain descent's best constant step, 2 / (l_min +
    l_max), and its contraction per step, (kappa - 1) / (kappa + 1);
    ``momentum_lr``, ``momentum`` and ``momentum_rate``: the heavy ball's
    best setting and contraction, (sqrt(kappa) - 1) / (sqrt(kappa) + 1).
    A contraction r shrinks the distance to the minimum by r per step, and
    the loss above its minimum by r^2.

    >>> quadratic_rates([2.0, 2.0]).descent_rate   # kappa 1: one step lands
    0.0
    """

    l_min: float
    l_max: float
    condition_number: float
    descent_lr: float
    descent_rate: float
    momentum_lr: float
    momentum: float
    momentum_rate: float

    def steps(self, tolerance: float, method: str = "descent") -> int:
        """Return the steps predicted to shrink the distance to the minimum by tolerance.

        ``ceil(log(tolerance) / log(rate))``, rate the ``method``'s
        ("descent" or "momentum") contraction; 0 for tolerance >= 1, 1 when
        the rate is 0.  Raises ValueError unless tolerance is positive.

        >>> quadratic_rates([1.0, 3.0]).steps(1e-3)   # rate 1/2: 2^-10 < 1e-3
        10
        """
        where = "QuadraticRates.steps"
        require_positive(where, "tolerance", tolerance)
        require_choice(where, "method", method, ["descent", "momentum"])
        rate = self.descent_rate if method == "descent" else self.momentum_rate
        if tolerance >= 1:
            return 0
        if rate == 0:
            return 1
        if rate >= 1:  # kappa past the floats: (kappa - 1) / (kappa + 1) rounds to 1
            raise ValueError(f"{where}: a contraction of {rate!r} never reaches a tolerance "
                             f"(condition number {self.condition_number!r})")
        # The tiny margin keeps an exact power (0.5^10 = 2^-10) from rounding to one step more.
        return max(1, math.ceil(math.log(tolerance) / math.log(rate) - 1e-9))


def _eigenvalues(where: str, eigenvalues: Any) -> List[float]:
    require_vector(where, "eigenvalues", eigenvalues, finite=True, nonempty=True)
    values = [float(v) for v in eigenvalues]
    if min(values) <= 0:
        raise ValueError(f"{where}: eigenvalues must all be positive, the Hessian of a "
                         f"quadratic with one minimum (got {min(values)!r})")
    return values


def quadratic_rates(eigenvalues: Sequence[float]) -> QuadraticRates:
    """Return the best constant steps and contractions for descent on a quadratic.

    From the Hessian's eigenvalues: ``kappa = l_max / l_min``; plain
    descent: ``lr = 2 / (l_min + l_max)``, contraction ``(kappa - 1) /
    (kappa + 1)``; heavy ball (vecgd's ``Momentum``): ``lr = (2 /
    (sqrt(l_min) + sqrt(l_max)))^2``, ``momentum = ((sqrt(kappa) - 1) /
    (sqrt(kappa) + 1))^2``, contraction ``(sqrt(kappa) - 1) / (sqrt(kappa) +
    1)``.  Raises ValueError unless the eigenvalues are finite and positive.

    >>> rates = quadratic_rates([1.0, 9.0])
    >>> rates.descent_lr, rates.descent_rate, rates.momentum_lr, rates.momentum, rates.momentum_rate
    (0.2, 0.8, 0.25, 0.25, 0.5)
    """
    values = _eigenvalues("quadratic_rates", eigenvalues)
    low, high = min(values), max(values)
    # In l_min and l_max rather than kappa, halved where the sum passes the floats:
    # (kappa - 1) / (kappa + 1) = (l_max - l_min) / (l_max + l_min), and so on.
    sum_half = (low + high) / 2 if math.isfinite(low + high) else low / 2 + high / 2
    root_low, root_high = math.sqrt(low), math.sqrt(high)
    heavy = (root_high - root_low) / (root_high + root_low)
    step = 2 / (root_low + root_high)
    return QuadraticRates(
        low, high, high / low,
        descent_lr=1 / sum_half, descent_rate=(high / 2 - low / 2) / sum_half,
        momentum_lr=step * step, momentum=heavy * heavy, momentum_rate=heavy)


def predicted_rate(eigenvalues: Sequence[float], lr: float, momentum: float = 0.0) -> float:
    """Return the heavy ball's contraction per step at (lr, momentum) on the quadratic.

    Along an eigenvector of eigenvalue l the distance e obeys ``e_next = (1
    + momentum - lr * l) e - momentum * e_previous``; the roots z of ``z^2 -
    (1 + momentum - lr * l) z + momentum = 0`` give its contraction, the
    largest |z| (sqrt(momentum) when they are complex).  The answer is the
    largest over the eigenvalues; 1 or more diverges (or stalls).  Momentum
    0 is plain descent, ``max |1 - lr * l|``.  Raises ValueError for lr
    negative or momentum outside [0, 1).

    >>> predicted_rate([1.0, 9.0], 0.2), predicted_rate([1.0, 9.0], 0.25, 0.25)
    (0.8, 0.5)
    """
    where = "predicted_rate"
    values = _eigenvalues(where, eigenvalues)
    require_nonnegative(where, "lr", lr)
    require_unit_interval(where, "momentum", momentum)
    worst = 0.0
    for value in values:
        b = 1 + momentum - lr * value
        disc = b * b - 4 * momentum
        # Complex roots (disc < 0) both have modulus sqrt(momentum), their product's root.
        radius = math.sqrt(momentum) if disc < 0 else (abs(b) + math.sqrt(disc)) / 2
        worst = max(worst, radius)
    return worst


def observed_rate(eigenvalues: Sequence[float], optimizer: Any, *, steps: int = 200) -> float:
    """Return the contraction per step an optimizer shows on the quadratic of these eigenvalues.

    The optimizer minimizes ``sum(l_i * theta_i^2) / 2`` (gradient ``l_i *
    theta_i``) from theta = [1, 1, ...] for ``steps`` steps; the answer is
    ``(|theta_steps| / |theta_half|)^(1 / (steps - half))``, half =
    steps // 2: the mean contraction of the distance to the minimum over
    the second half, where the slowest direction dominates (a run stops
    early, and counts as the whole run, when |theta| falls below 1e-250).
    0 when theta reached 0 exactly, inf when it stopped being finite.  Raises
    ValueError or TypeError for bad eigenvalues, an optimizer without lr
    and step, or steps below 2.

    >>> observed_rate([1.0, 9.0], SGD(0.2))
    0.8
    >>> round(observed_rate([1.0, 9.0], Momentum(0.25, 0.25)), 2)
    0.5
    """
    where = "observed_rate"
    values = _eigenvalues(where, eigenvalues)
    require_members(where, "optimizer", optimizer, ["lr", "step()"], "Momentum(0.1, 0.9)")
    require_int(where, "steps", steps, minimum=2)
    theta = [1.0] * len(values)
    norms = [1.0]
    for _ in range(steps):
        gradient = [v * t for v, t in zip(values, theta)]
        if not all(map(math.isfinite, gradient)):
            return math.inf
        theta = optimizer.step(theta, gradient)
        if not all(map(math.isfinite, theta)):
            return math.inf
        norms.append(math.hypot(*theta))
        if norms[-1] < 1e-250:  # stop before theta underflows: the run so far is the run
            break
    run = len(norms) - 1
    half = norms[run // 2]
    if half == 0:
        return 0.0
    return float((norms[-1] / half) ** (1 / (run - run // 2)))


# === The picture: the (lr, momentum) plane coloured by the steps to converge ===

# Sequential blues, dark where descent is fast (ColorBrewer's "Blues", which readers
# with the common colour-vision deficiencies read in order); grey where it diverges.
# A cell's colour is its steps to reach a tolerance as a multiple of the best heavy
# ball's, log(best rate) / log(rate), banded on a logarithmic scale: the same key
# whatever the condition number, and on real data (kappa 6.8e6, a best setting a
# thousand times faster than plain descent) the plane still shows its decades.
BANDS: Tuple[Tuple[float, str], ...] = (
    (1.25, "#08306b"), (2, "#08519c"), (4, "#2171b5"), (10, "#4292c6"), (30, "#6baed6"),
    (100, "#9ecae1"), (1000, "#c6dbef"), (math.inf, "#eff3ff"))
DIVERGES = "#d9d9d9"
KEY_WIDTH = 104  # the colour key, right of the plot area
MOST_STEPS = 300_000  # the longest run observed_rate makes for one mark


def _colour(rate: float, best: float) -> str:
    if rate >= 1:
        return DIVERGES
    if rate == 0 or best == 0:
        return BANDS[0][1]
    times = math.log(best) / math.log(rate)  # steps to a tolerance, over the fewest
    return next(colour for most, colour in BANDS if times <= most)


def _lift(momentum: float) -> float:
    """Return the picture's height of a momentum: -log10(1 - momentum), 0.9 at 1, 0.99 at 2."""
    return -math.log10(1 - momentum) if momentum > 0 else 0.0


def _drop(height: float) -> float:
    """Return the momentum at a picture height (the inverse of _lift)."""
    return 1 - math.pow(10.0, -height)


def theory_chart(eigenvalues: Sequence[float], points: Sequence[Tuple[float, float]] | None = None,
                 *, lr_range: Tuple[float, float] | None = None, resolution: int = 48,
                 steps: int | None = None, title: str = "", width: int = 640,
                 height: int = 480) -> _svg.SVG:
    """Return an SVG map of the (lr, momentum) plane coloured by the steps to converge.

    The picture is an ``SVG``: its text, a str, which a notebook displays.

    Each cell is coloured by ``predicted_rate(eigenvalues, lr, momentum)``
    as the steps it needs to reach a tolerance over the fewest any setting
    needs, ``log(best rate) / log(rate)`` (the best heavy ball's rate):
    darkest up to 1.25 times, then 2, 4, 10, 30, 100, 1000 times and more;
    grey: a rate of 1 or more, diverges.  Momentum is drawn on a
    logarithmic scale of ``1 - momentum`` (ticks 0, 0.5, 0.9, 0.99, ...),
    up to a decade past the best momentum, so that the fast region stays
    visible when the condition number is large.  The edge of convergence,
    ``lr = 2 (1 + momentum) / l_max``, is a dashed line.  Each of
    ``points`` (pairs (lr, momentum); default: the best plain step, the best
    heavy ball and two others) is marked with the contraction a vecgd run
    shows there (``observed_rate`` of ``Momentum(lr, momentum)``, or
    ``SGD(lr)`` for momentum 0) beside the prediction; rates from 0.99 on
    read ``1 - 7.7e-4``.  The run takes ``steps`` steps, by default enough
    for the transient to fade: ``2 * ceil(400 / (1 - rate))``, at least 200
    and at most 300,000 (at the best heavy ball, a double root, the
    distance falls as ``k * rate^k``, which over a window [N, 2N] reads
    ``rate * 2^(1/N)``: 1 - rate too small by ln(2) / 400, 0.2%).  A thin
    line joins each label to its marker.  Labels go where they cover no other label, marker
    or the edge line.  ``lr_range`` defaults to (0, 4.4 / l_max), a little
    past the edge's end, 4 / l_max at momentum 1.  Raises
    ValueError or TypeError for bad eigenvalues, points or sizes.

    >>> svg = theory_chart([1.0, 10.0], resolution=8)
    >>> svg.count('class="observed"'), svg.count("predicted 0.519")   # the best heavy ball
    (4, 1)
    """
    where = "theory_chart"
    values = _eigenvalues(where, eigenvalues)
    rates = quadratic_rates(values)
    low, high = (0.0, 4.4 / rates.l_max) if lr_range is None else require_range(
        where, "lr_range", lr_range)
    if low < 0:
        raise ValueError(f"{where}: lr_range must start at 0 or above (got {low!r})")
    if points is None:
        points = [(rates.descent_lr, 0.0), (rates.momentum_lr, rates.momentum),
                  (rates.descent_lr / 2, 0.5), (rates.momentum_lr, 0.8)]
    marked = require_points(where, "points", points)
    for lr, momentum in marked:
        require_nonnegative(where, "a point's lr", lr)
        require_unit_interval(where, "a point's momentum", momentum)
    require_int(where, "resolution", resolution, minimum=2)
    if steps is not None:
        require_int(where, "steps", steps, minimum=2)
    require_int(where, "width", width, minimum=200 + KEY_WIDTH)
    require_int(where, "height", height, minimum=150)
    require_str(where, "title", title)
    chart = _svg.Chart(width, height, title or f"Steps to converge, condition number "
                       f"{rates.condition_number:.3g}", "learning rate", "momentum")
    chart.set_x(low, high, pad=False)
    # A decade above the best momentum and above every marked one (16: 1 - 1e-16 is 1).
    top = min(16, max(2, math.ceil(max(_lift(m) for m in [rates.momentum, *(
        m for _, m in marked)])) + 1))
    chart.set_y(0.0, float(top), pad=False)
    chart.yticks = [(0.0, "0"), (_lift(0.5), "0.5")] + [
        (float(k), f"0.{'9' * k}") for k in range(1, top + 1)]
    chart.left = 10 + 22 + max(len(label) for _, label in chart.yticks) * _svg.CHAR
    chart.right -= KEY_WIDTH
    _shade(chart, values, rates.momentum_rate, (low, high), resolution, top)
    fast = list(chart.occupied)  # the fast cells' centres: no label covers them either
    edge = [(2 * (1 + _drop(top * k / 200)) / rates.l_max, top * k / 200) for k in range(201)]
    dashed = _svg.Style("#000000", "6 3", "circle")
    line = chart.polyline(edge, dashed, "edge of convergence")
    chart.legend_entry("edge: lr = 2 (1 + momentum) / l_max", dashed, line=True, marker=False)
    centres = [(chart.px(lr), chart.py(_lift(m))) for lr, m in marked]
    avoid = _svg.densify(line, 3.0) + [
        (x + dx, y + dy) for x, y in centres for dx in (-5, 0, 5) for dy in (-5, 0, 5)]
    placed: List[_contour.Box] = []
    for (lr, momentum), (x, y) in zip(marked, centres):
        _mark(chart, values, lr, momentum, (x, y), steps, (fast, avoid), placed)
    chart.legend_entry("observed (predicted)", _svg.Style("#D55E00", "", "circle"),
                       line=False, marker=True)
    return _svg.SVG(chart.render(legend=True, extra=_key(chart)))


def _shade(chart: _svg.Chart, values: List[float], best: float, lr_range: Tuple[float, float],
           resolution: int, top: int) -> None:
    """Colour the plane's cells by the predicted rate: a rect per run of one colour in a row."""
    lrs = [_svg.between(*lr_range, i, resolution) for i in range(resolution + 1)]
    fast = {colour for most, colour in BANDS if most <= 4}
    for j in range(resolution):  # one row of cells per band of momentum
        y0, y1 = top * j / resolution, top * (j + 1) / resolution
        momentum = _drop((y0 + y1) / 2)
        shades = [_colour(predicted_rate(values, (a + b) / 2, momentum), best)
                  for a, b in zip(lrs, lrs[1:])]
        start = 0
        for i in range(1, resolution + 1):
            if i < resolution and shades[i] == shades[start]:
                continue
            x0, x1, top_y, bottom_y = chart.px(lrs[start]), chart.px(lrs[i]), chart.py(y1), \
                chart.py(y0)
            chart.elements.append(
                f'<rect class="cells" x="{_svg.num(x0)}" y="{_svg.num(top_y)}" '
                f'width="{_svg.num(x1 - x0 + 0.5)}" height="{_svg.num(bottom_y - top_y + 0.5)}" '
                f'fill="{shades[start]}"/>')
            if shades[start] in fast:  # the legend covers none of the fast region
                chart.occupied.extend(((chart.px(a) + chart.px(b)) / 2, (top_y + bottom_y) / 2)
                                      for a, b in zip(lrs[start:i], lrs[start + 1:i + 1]))
            start = i


def _key(chart: _svg.Chart) -> str:
    """Return the colour key, right of the plot area: the bands and grey."""
    x, y = chart.right + 14, chart.top + 4
    out = [f'<g class="key" font-size="11"><text x="{_svg.num(x)}" y="{_svg.num(y + 8)}">'
           f'steps to converge,</text><text x="{_svg.num(x)}" y="{_svg.num(y + 22)}">'
           f'\u00d7 the fewest</text>']
    rows = [(f"\u2264 {most:g}" if math.isfinite(most) else "more", colour)
            for most, colour in BANDS] + [("diverges", DIVERGES)]
    for k, (text, colour) in enumerate(rows):
        top = y + 32 + 18 * k
        out.append(f'<rect x="{_svg.num(x)}" y="{_svg.num(top)}" width="14" height="14" '
                   f'fill="{colour}" stroke="#999"/><text x="{_svg.num(x + 20)}" '
                   f'y="{_svg.num(top + 11)}">{text}</text>')
    return "".join(out) + "</g>"


def _mark(chart: _svg.Chart, values: List[float], lr: float, momentum: float,
          at: Tuple[float, float], steps: int | None,
          avoiding: Tuple[List[_contour.Point], List[_contour.Point]],
          placed: List[_contour.Box]) -> None:
    """Mark (lr, momentum) with the rate a vecgd run observes there and the predicted one."""
    predicted = predicted_rate(values, lr, momentum)
    fast, avoid = avoiding
    if steps is None:  # enough for the transient k * rate^k to fade (theory_chart's docstring)
        steps = MOST_STEPS if predicted >= 1 - 800 / MOST_STEPS else max(
            200, 2 * math.ceil(400 / (1 - predicted)))
    optimizer = None if lr == 0 else Momentum(lr, momentum) if momentum else SGD(lr)
    seen = 1.0 if optimizer is None else observed_rate(values, optimizer, steps=steps)
    if seen >= 1 and predicted >= 1:
        text = "diverges, as predicted"
    else:
        text = f"{_fmt(seen)} (predicted {_fmt(predicted)})"
    x, y = at
    w, h = len(text) * LABEL_CHAR + 8, 15.0
    # Beside the marker, above then below, then farther: from its right to its left.
    corners = [(left, top) for top in (y - 8 - h, y + 8, y - 26 - h, y + 26, y - 44 - h, y + 44)
               for left in (x + 8, x - 8 - w, x - w / 2, x + 4 - w / 4, x - 4 - 3 * w / 4,
                            x - 24 - w, x - 40 - w)]
    area = (chart.left, chart.top, chart.right, chart.bottom)
    boxes = [(left, top, left + w, top + h) for left, top in corners]
    inside = [b for b in boxes if _contour.clear(b, [], [], area)] or boxes
    # The first box clear of everything; else the first clear of the other labels, the
    # markers and the edge, hiding fast cells; else the one that hides the fewest points.
    box = next((b for b in inside if _contour.clear(b, [*fast, *avoid], placed, area)),
               None) or next((b for b in inside if _contour.clear(b, avoid, placed, area)),
                             None) or min(inside, key=lambda b: sum(
                                 b[0] <= px <= b[2] and b[1] <= py <= b[3] for px, py in avoid))
    placed.append(box)
    chart.occupied.extend([(x, y), (box[0], box[1]), (box[2], box[1]), (box[0], box[3]),
                           (box[2], box[3]), ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)])
    # A leader from the marker to the nearest point of its label's box.
    near_x, near_y = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    chart.elements.append(
        f'<g class="observed"><line x1="{_svg.num(x)}" y1="{_svg.num(y)}" '
        f'x2="{_svg.num(near_x)}" y2="{_svg.num(near_y)}" stroke="#555" stroke-width="1"/>'
        f'{_svg.marker("circle", x, y, "#D55E00", 5.0, fill="white")}'
        f'<rect class="label-box" x="{_svg.num(box[0])}" y="{_svg.num(box[1])}" '
        f'width="{_svg.num(w)}" height="{_svg.num(h)}" fill="white" fill-opacity="0.9" '
        f'stroke="#999" rx="2"/><text x="{_svg.num(box[0] + 4)}" y="{_svg.num(box[1] + 11)}" '
        f'font-size="11" fill="#000">{_svg.escape(text)}</text></g>')


LABEL_CHAR = 0.6 * 11  # a character's mean width at the marks' font size


def _fmt(rate: float) -> str:
    """Return a rate with enough digits to tell it from 1: 0.948, or 1 - 7.7e-4 from 0.99."""
    if rate >= 1:
        return "diverges"
    if rate < 0.99:
        return f"{rate:.3f}"
    mantissa, exponent = f"{1 - rate:.1e}".split("e")
    return f"1 - {mantissa}e{int(exponent)}"
