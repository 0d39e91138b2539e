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
many epochs full-batch descent needs on real data.

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

from vecgd import _svg
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


# === The picture: the (lr, momentum) plane coloured by the predicted contraction ===

# Sequential blues, dark where descent is fast (ColorBrewer's "Blues", which readers
# with the common colour-vision deficiencies read in order); grey where it diverges.
# A band is a speed, -log(rate) (steps to shrink by a factor are inversely
# proportional to it), as a share of the best heavy ball's: the same picture
# whatever the condition number.
BANDS: Tuple[Tuple[float, str], ...] = (
    (0.9, "#08306b"), (0.7, "#08519c"), (0.5, "#3182bd"), (0.3, "#6baed6"),
    (0.15, "#9ecae1"), (0.0, "#deebf7"))
DIVERGES = "#d9d9d9"


def _colour(rate: float, best: float) -> str:
    if rate >= 1:
        return DIVERGES
    if rate == 0 or best == 0:
        return BANDS[0][1]
    share = math.log(rate) / math.log(best)
    return next(colour for lowest, colour in BANDS if share >= lowest)


def theory_chart(eigenvalues: Sequence[float], points: Sequence[Tuple[float, float]] | None = None,
                 *, lr_range: Tuple[float, float] | None = None, resolution: int = 48,
                 steps: int = 2000, title: str = "", width: int = 640,
                 height: int = 480) -> _svg.SVG:
    """Return an SVG map of the (lr, momentum) plane coloured by the predicted contraction.

    The picture is an ``SVG``: its text, a str, which a notebook displays.

    Each cell is coloured by ``predicted_rate(eigenvalues, lr, momentum)``:
    its speed, ``-log(rate)``, as a share of the best heavy ball's (darkest:
    90% of it or more, then 70, 50, 30, 15 and above 0%; grey: a rate of 1
    or more, diverges).  The edge of convergence, ``lr = 2 (1 + momentum) /
    l_max``, is a dashed line.  Each of ``points`` (pairs (lr, momentum);
    default: the best plain step, the best heavy ball and two others) is
    marked with the contraction a vecgd run shows there (``observed_rate``
    of ``Momentum(lr, momentum)``, or ``SGD(lr)`` for momentum 0, over
    ``steps`` steps) beside the prediction.  ``lr_range`` defaults to (0, 4
    / l_max).  Raises ValueError or TypeError for bad eigenvalues, points or
    sizes.

    >>> svg = theory_chart([1.0, 10.0], resolution=8)
    >>> svg.count('class="observed"'), svg.count("predicted 0.519")   # the best heavy ball
    (4, 1)
    """
    where = "theory_chart"
    values = _eigenvalues(where, eigenvalues)
    rates = quadratic_rates(values)
    low, high = (0.0, 4 / rates.l_max) if lr_range is None else require_range(
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
    require_int(where, "steps", steps, minimum=2)
    require_int(where, "width", width, minimum=200)
    require_int(where, "height", height, minimum=150)
    require_str(where, "title", title)
    chart = _svg.Chart(width, height, title or f"Contraction per step, condition number "
                       f"{rates.condition_number:.3g}", "learning rate", "momentum")
    chart.set_x(low, high, pad=False)
    # Above momentum 1 nothing converges (the roots' product is momentum): a grey band
    # there, which leaves the legend room off the picture's interesting part.
    chart.set_y(0.0, 1.25, pad=False)
    chart.elements.append(
        f'<rect class="cells" x="{_svg.num(chart.left)}" y="{_svg.num(chart.top)}" '
        f'width="{_svg.num(chart.right - chart.left)}" '
        f'height="{_svg.num(chart.py(1.0) - chart.top)}" fill="{DIVERGES}"/>')
    _shade(chart, values, rates.momentum_rate, (low, high), resolution)
    edge = [(2 * (1 + m / 50) / rates.l_max, m / 50) for m in range(50)]
    dashed = _svg.Style("#000000", "6 3", "circle")
    chart.polyline(edge, dashed, "edge of convergence")
    chart.legend_entry("edge: lr = 2 (1 + momentum) / l_max", dashed, line=True, marker=False)
    for lr, momentum in marked:
        _mark(chart, values, lr, momentum, steps)
    chart.legend_entry("observed (predicted)", _svg.Style("#D55E00", "", "circle"),
                       line=False, marker=True)
    chart.note = "darker: faster; grey: diverges"
    return _svg.SVG(chart.render(legend=True))


def _shade(chart: _svg.Chart, values: List[float], best: float, lr_range: Tuple[float, float],
           resolution: int) -> None:
    """Colour the plane's cells by the predicted rate: a rect per run of one colour in a row."""
    lrs = [_svg.between(*lr_range, i, resolution) for i in range(resolution + 1)]
    for j in range(resolution):  # one row of cells per momentum
        m0, m1 = j / resolution, (j + 1) / resolution
        shades = [_colour(predicted_rate(values, (a + b) / 2, (m0 + m1) / 2), best)
                  for a, b in zip(lrs, lrs[1:])]
        start = 0
        for i in range(1, resolution + 1):
            if i < resolution and shades[i] == shades[start]:
                continue
            x0, x1, y0, y1 = chart.px(lrs[start]), chart.px(lrs[i]), chart.py(m1), chart.py(m0)
            chart.elements.append(
                f'<rect class="cells" x="{_svg.num(x0)}" y="{_svg.num(y0)}" '
                f'width="{_svg.num(x1 - x0 + 0.5)}" height="{_svg.num(y1 - y0 + 0.5)}" '
                f'fill="{shades[start]}"/>')
            start = i


def _mark(chart: _svg.Chart, values: List[float], lr: float, momentum: float,
          steps: int) -> None:
    """Mark (lr, momentum) with the rate a vecgd run observes there and the predicted one."""
    optimizer = None if lr == 0 else Momentum(lr, momentum) if momentum else SGD(lr)
    seen = 1.0 if optimizer is None else observed_rate(values, optimizer, steps=steps)
    x, y = chart.px(lr), chart.py(momentum)
    text = f"{_fmt(seen)} (predicted {_fmt(predicted_rate(values, lr, momentum))})"
    anchor = "end" if x > (chart.left + chart.right) / 2 else "start"
    shift = -8 if anchor == "end" else 8
    # Keep the legend off the marker and its label.
    chart.occupied.extend((x + math.copysign(k * 8, shift), y - 8) for k in range(len(text)))
    chart.elements.append(
        f'<g class="observed">{_svg.marker("circle", x, y, "#D55E00", 5.0, fill="white")}'
        f'<text x="{_svg.num(x + shift)}" y="{_svg.num(y - 8)}" text-anchor="{anchor}" '
        f'fill="#000" stroke="white" stroke-width="3" paint-order="stroke">'
        f'{_svg.escape(text)}</text></g>')


def _fmt(rate: float) -> str:
    """Return a rate with enough digits to tell it from 1."""
    if rate >= 1:
        return "diverges"
    return f"{rate:.5f}" if rate >= 0.99 else f"{rate:.3f}"
