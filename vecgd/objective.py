"""The objective fit descends with another loss or a penalty, and the classes of a classifier.

``Objective(model, loss, penalty)`` is the mean of a loss (``vecgd.losses``)
over the data plus a penalty on the model's weights: its gradient per sample
and per batch, and the penalty's L1 part applied step by step as
scikit-learn's SGD applies it.  ``predict_probability`` and
``predict_class`` turn a classifier's prediction (a logit) into P(y = 1)
and a label.  docs/losses.md says how each corresponds to scikit-learn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, List, Tuple

from vecgd._checks import describe, require_finite, require_instance, require_members
from vecgd.losses import Loss, Penalty, SquaredError
from vecgd.vector import Vector, accurate_sum

__all__ = ["Objective", "predict_class", "predict_probability"]

Update = Callable[[Vector, Sequence[float]], Vector]

# scikit-learn's SGD clips each sample's loss derivative to [-1e12, 1e12]
# (MAX_DLOSS in sklearn/linear_model/_sgd_fast.pyx.tp); so does Objective.
MAX_DERIVATIVE = 1e12


class Objective:
    """The mean loss of a model over the data plus a penalty on its weights.

    ``objective(theta) = mean_i loss(prediction(theta, x_i), y_i) +
    penalty(w)``, w = theta without the intercept (its last value, when
    ``model.has_intercept``).  What ``fit(..., loss=..., penalty=...)``
    descends, in three pieces (unchecked maths, like a model's hooks):

    * ``sample_gradient(theta, x, y)``: ``d * prediction_gradient(theta,
      x)`` with ``d = loss.slope(p, y)`` clipped to [-1e12, 1e12] (as
      scikit-learn's SGD clips it), plus ``alpha * (1 - l1_ratio) * w`` on
      the weights: the smooth part of the penalty;
    * ``mean_gradient(theta, xs, ys)``: (the mean of those, with the penalty
      added once; the objective's value, L1 part included);
    * ``penalized(update, optimizer, per_sample)``: the step with the L1
      part, which has no gradient at 0.  One sample per step: after each
      step, scikit-learn's cumulative truncated penalty (Tsuruoka, Tsujii
      and Ananiadou, 2009): ``u += lr * alpha * l1_ratio``, then each
      weight moves toward 0 by what it has not yet received of u, never
      across 0.  Batches: the proximal step (soft thresholding),
      ``w_j = sign(w_j) * max(0, |w_j| - lr * alpha * l1_ratio)`` after the
      optimizer's step: with SGD this is proximal gradient descent, which
      converges to the minimizer with a constant lr and sets weights exactly
      to 0, where a subgradient step would oscillate around 0.

    With plain SGD and one sample per step, the L2 part in the gradient is
    scikit-learn's shrink ``w *= 1 - lr * alpha * (1 - l1_ratio)`` before
    the loss's step, to rounding: the fit matches ``SGDClassifier`` and
    ``SGDRegressor`` (docs/losses.md, scripts/parity_sklearn.py).

    >>> from vecgd.losses import L2, LogLoss
    >>> from vecgd.models import Linear
    >>> objective = Objective(Linear(), LogLoss(), L2(0.5))
    >>> gradient, value = objective.mean_gradient([1.0, 0.0], [-1.0, 1.0], [0, 1])
    >>> [round(g, 6) for g in gradient], round(value, 6)
    ([0.231059, 0.0], 0.563262)
    """

    def __init__(self, model: Any, loss: Loss | None = None,
                 penalty: Penalty | None = None) -> None:
        where = "Objective"
        require_members(where, "model", model, ["prediction()", "prediction_gradient()"],
                        "Linear()")
        if loss is not None:
            require_instance(where, "loss", loss, Loss, "a loss such as LogLoss() or Huber(0.1)")
        if penalty is not None:
            require_instance(where, "penalty", penalty, Penalty, "a penalty such as L2(0.01)")
        self.model = model
        self.loss = SquaredError() if loss is None else loss
        self.penalty = penalty
        self.l1_sums: List[Any] = [0.0, []]  # penalized's u and q (scikit-learn's names)

    def __repr__(self) -> str:
        return f"Objective({self.model!r}, {self.loss!r}, {self.penalty!r})"

    def check_model(self, where: str, theta: Sequence[float], x: Any) -> None:
        """Raise TypeError unless the model computes ``prediction_gradient(theta, x)``."""
        try:
            self.model.prediction_gradient(theta, x)
        except NotImplementedError:
            raise TypeError(
                f"{where}: loss={self.loss!r} needs the model's prediction_gradient(theta, x), "
                f"d prediction / d theta ({describe(self.model)} does not define it)") from None

    def weight_count(self, theta: Sequence[float]) -> int:
        """Return how many values of theta the penalty sees (all but an intercept)."""
        return len(theta) - bool(getattr(self.model, "has_intercept", False))

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return the gradient of one sample's loss plus the smooth part of the penalty."""
        d = self.loss.slope(self.model.prediction(theta, x), y)
        d = min(max(d, -MAX_DERIVATIVE), MAX_DERIVATIVE)
        gradient = [d * r for r in self.model.prediction_gradient(theta, x)]
        if self.penalty is not None and self.penalty.l2_strength:
            l2 = self.penalty.l2_strength
            for j in range(self.weight_count(theta)):
                gradient[j] += l2 * theta[j]
        return gradient

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (the mean gradient, with the penalty's smooth part; the objective's value)."""
        value, slope, row = self.loss.value, self.loss.slope, self.model.prediction_gradient
        terms: List[Vector] = []
        losses: List[float] = []
        for x, y in zip(xs, ys):
            p = self.model.prediction(theta, x)
            d = min(max(slope(p, y), -MAX_DERIVATIVE), MAX_DERIVATIVE)
            terms.append([d * r for r in row(theta, x)])
            losses.append(value(p, y))
        n = len(xs)
        mean = [accurate_sum(column, n) for column in zip(*terms)]
        objective = accurate_sum(losses, n)
        if self.penalty is not None:
            k = self.weight_count(theta)
            l2 = self.penalty.l2_strength
            for j in range(k):
                mean[j] += l2 * theta[j]
            objective += self.penalty.unchecked_value(theta[:k])
        return mean, objective

    def penalized(self, update: Update, optimizer: Any, per_sample: bool,
                  sums: Sequence[Any] | None = None) -> Update:
        """Return update followed by the penalty's L1 part (the class docstring says how).

        One sample per step, the cumulative penalty's sums live on in
        ``l1_sums`` (scikit-learn's u, the penalty so far, and q, what each
        weight has received): ``sums``, a list ``l1_sums`` gave, goes on
        from them, so that a resumed fit repeats the uninterrupted one.
        """
        u, q = (0.0, []) if sums is None else (float(sums[0]), [float(v) for v in sums[1]])
        self.l1_sums = [u, q]
        l1 = 0.0 if self.penalty is None else self.penalty.l1_strength
        if not l1:
            return update

        def truncated(theta: Vector, gradient: Sequence[float]) -> Vector:
            new = list(update(theta, gradient))
            k = self.weight_count(new)
            sums = self.l1_sums
            if len(sums[1]) != k:
                sums[1] = [0.0] * k
            sums[0] += l1 * optimizer.lr
            u, q = sums
            for j in range(k):
                z = new[j]
                if z > 0.0:
                    new[j] = max(0.0, z - (u + q[j]))
                elif z < 0.0:
                    new[j] = min(0.0, z + (u - q[j]))
                q[j] += new[j] - z
            return new

        def proximal(theta: Vector, gradient: Sequence[float]) -> Vector:
            new = list(update(theta, gradient))
            t = l1 * optimizer.lr
            for j in range(self.weight_count(new)):
                z = new[j]
                new[j] = z - t if z > t else z + t if z < -t else 0.0
            return new

        return truncated if per_sample else proximal

    def accuracy(self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]) -> float:
        """Return the fraction of samples whose class (1 where the prediction > 0) is y."""
        right = sum(int(self.model.prediction(theta, x) > 0) == y for x, y in zip(xs, ys))
        return right / len(xs)


def predict_probability(model: Any, theta: Sequence[float], x: Any) -> float:
    """Return ``sigmoid(model.predict(theta, x))``: P(y = 1) of a fit with LogLoss.

    The prediction of a log-loss fit is the logit; this is
    scikit-learn's ``predict_proba(x)[:, 1]``.

    >>> from vecgd.models import Linear
    >>> predict_probability(Linear(), [2.0, -1.0], 0.5)
    0.5
    """
    return _sigmoid(_prediction("predict_probability", model, theta, x))


def predict_class(model: Any, theta: Sequence[float], x: Any, threshold: float = 0.5) -> int:
    """Return 1 where ``predict_probability(model, theta, x) > threshold``, else 0.

    With the threshold 0.5, the class is 1 where the prediction is above
    0 (scikit-learn's ``predict``, for every classification loss).

    >>> from vecgd.models import Linear
    >>> predict_class(Linear(), [2.0, -1.0], 0.75), predict_class(Linear(), [2.0, -1.0], 0.5)
    (1, 0)
    """
    p = _prediction("predict_class", model, theta, x)
    require_finite("predict_class", "threshold", threshold)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"predict_class: threshold must be in [0, 1] (got {threshold!r})")
    return int(p > 0) if threshold == 0.5 else int(_sigmoid(p) > threshold)


def _prediction(where: str, model: Any, theta: Sequence[float], x: Any) -> float:
    """Return ``model.predict(theta, x)``; ValueError where it is NaN (no class, no probability)."""
    require_members(where, "model", model, ["predict()"], "Linear()")
    prediction: float = model.predict(theta, x)
    if math.isnan(prediction):
        raise ValueError(f"{where}: the prediction at x is NaN (theta or x is not finite)")
    return prediction


def _sigmoid(z: float) -> float:
    """Return ``1 / (1 + exp(-z))`` without overflow (the public one: vecgd.autodiff.sigmoid)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)

