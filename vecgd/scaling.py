"""Scaling features to mean 0 and scale 1, and mapping theta back: ``Standardizer``.

On real data the features come in their own units (a count of friends, a
blood pressure, an income), and the mean squared error's valleys are long
and narrow: the condition number of its Hessian (``vecgd.exact``) is in
the millions, and descent crawls or spikes.  Standardizing each feature,
``z_j = (x_j - m_j) / s_j`` with ``m_j`` its mean and ``s_j`` its
(population) standard deviation, rounds the valley; a theta fitted on z
then maps back to the same predictions in data units, exactly:

    w_j = w'_j / s_j,        b = b' - sum(w'_j * m_j / s_j)

(each value computed in exact arithmetic and rounded once).  This is the
``StandardScaler`` of scikit-learn followed by the algebra its users do by
hand.  It holds for models linear in theta with an intercept whose
features come from x alone: ``Linear`` (the feature x), ``MultipleLinear``
(the features of x) and ``Polynomial(d)`` (the powers ``x**d, ..., x``,
each scaled on its own); any other model is a TypeError.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, List

from vecgd._checks import as_inputs, as_vector, require_length, require_scalable
from vecgd.vector import Vector

__all__ = ["Standardizer"]


class Standardizer:
    """Scale a model's features to mean 0 and scale 1, and map theta between the units.

    ``Standardizer(model).fit(xs)`` learns, for each feature j of the
    model (its design row without the intercept's 1), the mean ``m_j`` and
    the population standard deviation ``s_j`` over xs (1.0 where the
    feature does not vary).  ``transform(xs)`` gives the scaled feature
    rows ``(features(x)[j] - m_j) / s_j``; fit a ``MultipleLinear`` (or,
    with one feature, a ``Linear``) on them, then ``to_data(theta)`` gives
    the theta of the original model in data units.  ``fit(...,
    standardize=True)`` does all of this inside.

    >>> from vecgd.models import Linear
    >>> scaler = Standardizer(Linear()).fit([1, 2, 3])
    >>> scaler.means, [round(s, 6) for s in scaler.scales]
    ([2.0], [0.816497])
    >>> [[round(z, 6)] for [z] in scaler.transform([1, 3])]
    [[-1.224745], [1.224745]]
    >>> scaler.to_data(scaler.to_scaled([2.0, 1.0]))   # y = 2x + 1, there and back
    [2.0, 1.0]
    >>> Standardizer(Linear()).fit([1, 2, 3]).to_data([0.816496580927726, 4.0])
    [1.0, 2.0]
    """

    def __init__(self, model: Any) -> None:
        require_scalable("Standardizer", model)
        self.model = model
        self.means: List[float] | None = None
        self.scales: List[float] | None = None

    def __repr__(self) -> str:
        return f"Standardizer({self.model!r})"

    def fit(self, xs: Sequence[Any]) -> Standardizer:
        """Learn each feature's mean and population standard deviation over xs; return self.

        ``m_j = mean(features(x)[j])``, ``s_j = sqrt(mean((features(x)[j] -
        m_j)**2))``, both exact, then rounded once, and ``s_j = 1.0`` for a
        feature that does not vary.  xs must be what the model takes, at
        least one; a spread past the largest float is a ValueError.
        """
        where = "Standardizer.fit"
        xs = as_inputs(where, self.model, xs)
        if len(xs) == 0:
            raise ValueError(f"{where}: xs must not be empty")
        columns = list(zip(*(self._features(x) for x in xs)))
        means, scales = [], []
        for j, column in enumerate(columns):
            mean, scale = _mean_and_scale(column)
            if not math.isfinite(scale):
                raise ValueError(f"{where}: feature {j + 1} spreads past the largest float "
                                 "(rescale xs)")
            means.append(mean)
            scales.append(scale)
        self.means, self.scales = means, scales
        return self

    def features(self, x: Any) -> Vector:
        """Return the model's features of one x: its design row without the intercept's 1.

        ``[x]`` for Linear, ``x`` for MultipleLinear, ``[x**d, ..., x]`` for
        Polynomial(d), each rounded once from exact arithmetic.

        >>> from vecgd.models import Polynomial
        >>> Standardizer(Polynomial(2)).features(3)
        [9.0, 3.0]
        """
        [x] = as_inputs("Standardizer.features", self.model, [x])
        return self._features(x)

    def transform(self, xs: Sequence[Any]) -> List[Vector]:
        """Return the scaled feature rows ``(features(x)[j] - m_j) / s_j``, one list per x.

        The rows are lists whatever the model (``Linear``'s too: ``[[x'],
        ...]``): fit them with ``MultipleLinear()`` (``w' . row + b'``),
        whose theta ``[w'_1, ..., w'_k, b']`` is what ``to_data`` maps back
        (``Linear()`` takes ``row[0]`` instead, as ``fit(standardize=True)``
        does for one feature).  The models live a layer above this module,
        so there is no method returning one.
        """
        means, scales = self._fitted("transform")
        xs = as_inputs("Standardizer.transform", self.model, xs)
        return [[(f - m) / s for f, m, s in zip(self._features(x), means, scales)] for x in xs]

    def to_data(self, theta: Sequence[float]) -> Vector:
        """Return the theta in data units that predicts what theta does on the scaled features.

        ``w_j = w'_j / s_j`` and ``b = b' - sum(w'_j * m_j / s_j)``, each
        value exact, then rounded once (past the largest float, to an
        infinity, as IEEE arithmetic rounds).  theta is ``[w'_1, ..., w'_k,
        b']``.
        """
        means, scales = self._fitted("to_data")
        theta = self._theta("to_data", theta, len(means))
        weights = [Fraction(w) / Fraction(s) for w, s in zip(theta, scales)]
        intercept = Fraction(theta[-1]) - sum(
            (w * Fraction(m) for w, m in zip(weights, means)), Fraction(0))
        return [_rounded(w) for w in weights] + [_rounded(intercept)]

    def to_scaled(self, theta: Sequence[float]) -> Vector:
        """Return the theta on the scaled features that predicts what theta (data units) does.

        The inverse of to_data: ``w'_j = w_j * s_j``, ``b' = b + sum(w_j *
        m_j)``, exact, then rounded once.
        """
        means, scales = self._fitted("to_scaled")
        theta = self._theta("to_scaled", theta, len(means))
        weights = [Fraction(w) for w in theta[:-1]]
        intercept = Fraction(theta[-1]) + sum(
            (w * Fraction(m) for w, m in zip(weights, means)), Fraction(0))
        return [_rounded(w * Fraction(s)) for w, s in zip(weights, scales)] + [_rounded(intercept)]

    def gradient_to_data(self, gradient: Sequence[float]) -> Vector:
        """Return the loss's gradient in data-unit theta, from its gradient in scaled theta.

        The chain rule through to_scaled: ``dL/dw_j = g'_j * s_j + g'_b *
        m_j`` and ``dL/db = g'_b``, where g' is the gradient with respect
        to the scaled theta.
        """
        means, scales = self._fitted("gradient_to_data")
        gradient = self._theta("gradient_to_data", gradient, len(means), "gradient")
        g_b = gradient[-1]
        return [g * s + g_b * m for g, s, m in zip(gradient, scales, means)] + [g_b]

    def _features(self, x: Any) -> Vector:
        """Return the design row of x without its last value (the intercept's 1), as floats."""
        return [float(v) for v in self.model.design_row(x)[:-1]]

    def _fitted(self, name: str) -> tuple[List[float], List[float]]:
        """Return (means, scales), or raise ValueError if fit has not been called."""
        if self.means is None or self.scales is None:
            raise ValueError(f"Standardizer.{name}: call fit(xs) first")
        return self.means, self.scales

    def _theta(self, name: str, theta: Any, k: int, what: str = "theta") -> List[float]:
        """Return theta as finite floats with k weights and an intercept, or raise."""
        where = f"Standardizer.{name}"
        values = as_vector(where, what, theta, finite=True)
        names = [f"w_{j}" for j in range(1, k + 1)] + ["b"]
        shown = names if len(names) <= 4 else [names[0], "...", names[-2], names[-1]]
        require_length(where, what, values, k + 1, shown)
        return [float(v) for v in values]


def _mean_and_scale(column: Sequence[float]) -> tuple[float, float]:
    """Return (mean, population standard deviation) of column, exact then rounded once.

    The deviations are divided by the largest first, so that their squares
    stay inside the floats; 1.0 for a column that does not vary (inf past
    the floats).
    """
    exact = [Fraction(v) for v in column]
    mean = sum(exact, Fraction(0)) / len(exact)
    deviations = [v - mean for v in exact]
    largest = max(abs(d) for d in deviations)
    if largest == 0:
        return float(mean), 1.0
    ratio = sum(((d / largest) ** 2 for d in deviations), Fraction(0)) / len(exact)
    return float(mean), _rounded(largest) * math.sqrt(ratio)


def _rounded(value: Fraction) -> float:
    """Return value rounded to the nearest float; an infinity past the largest, as IEEE does."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
