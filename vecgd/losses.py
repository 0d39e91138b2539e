"""Losses: the documents' squared error, the losses and penalties of classification and robust fits.

Each takes predictions and actual values (one pair, or two sequences of
one length) and returns a float:

* ``squared_error(p, a) = (p - a)**2``, one sample's loss: what every
  model's gradient differentiates;
* ``sum_of_squared_errors``: the line-fit lesson's ``SSE``;
* ``mean_squared_error``: the lecture's loss, the mean over N samples,
  and what ``fit`` reports per epoch;
* ``root_mean_squared_error``: the line-fit lesson's ``AVG_LOSS``.

Sums use ``vecgd.vector.accurate_sum`` (``math.fsum``, correctly rounded);
a sum past the largest float is inf, never OverflowError.

Then the loss objects ``fit(..., loss=...)`` takes, each with ``loss(p, y)``
and ``derivative(p, y)`` (with respect to the prediction p): ``SquaredError``
(the documents', the default), ``Huber``, ``EpsilonInsensitive``, and for
labels 0 and 1 ``LogLoss``, ``Hinge``, ``ModifiedHuber``; the penalties
``L2``, ``L1``, ``ElasticNet`` (``fit(..., penalty=...)``).  What fit
descends with them is ``vecgd.objective.Objective``.  docs/losses.md gives
each formula's source and the exact correspondence with scikit-learn.  This
module is past 400 lines because the loss objects sit beside the documents'
loss functions they generalize, each with its formula and source.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Tuple

from vecgd._checks import (
    as_pair,
    convert_numbers,
    is_real,
    require_finite,
    require_nonnegative,
    require_real,
    require_vector,
)
from vecgd.vector import Vector, accurate_sum

__all__ = [
    "ElasticNet",
    "EpsilonInsensitive",
    "Hinge",
    "Huber",
    "L1",
    "L2",
    "LogLoss",
    "Loss",
    "ModifiedHuber",
    "Penalty",
    "SquaredError",
    "mean_squared_error",
    "root_mean_squared_error",
    "squared_error",
    "sum_of_squared_errors",
]


def squared_error(predicted: float, actual: float) -> float:
    """Return the squared error of one prediction.

    Formula: ``squared_error(p, a) = (p - a)**2``, computed as
    ``error * error`` (a huge error gives inf, never OverflowError).

    >>> squared_error(3.5, 2.0)
    2.25
    """
    require_real("squared_error", "predicted", predicted)
    require_real("squared_error", "actual", actual)
    predicted, actual = convert_numbers([predicted, actual])
    error = predicted - actual
    return error * error


def sum_of_squared_errors(predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the sum of the squared errors of the predictions (the line-fit lesson's ``SSE``).

    Formula: ``sum((p_i - a_i)**2)``, summed with ``math.fsum``; inf when the
    sum is beyond the float range.  predicted and actual must be sequences
    of numbers of one length.

    >>> sum_of_squared_errors([1.0, 2.0, 3.0], [1.0, 2.5, 4.0])
    1.25
    """
    predicted, actual = as_pair("sum_of_squared_errors", predicted, actual, ("predicted", "actual"))
    return accurate_sum([(p - a) * (p - a) for p, a in zip(predicted, actual)])


def mean_squared_error(predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the mean of the squared errors of the predictions (the lecture's loss).

    Formula: ``sum((p_i - a_i)**2) / n``, summed with ``math.fsum``.  The
    sequences must have one length, at least 1.

    >>> mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.5, 4.0])
    0.4166666666666667
    """
    return _mean_squared_error("mean_squared_error", predicted, actual)


def root_mean_squared_error(predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the square root of the mean squared error (the line-fit lesson's ``AVG_LOSS``).

    Formula: ``sqrt(sum((p_i - a_i)**2) / n)``.  The sequences must have one
    length, at least 1.

    >>> root_mean_squared_error([1.0, 3.0], [4.0, 0.0])
    3.0
    """
    return math.sqrt(_mean_squared_error("root_mean_squared_error", predicted, actual))


def _mean_squared_error(where: str, predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the mean squared error; where names the public function in errors."""
    predicted, actual = as_pair(where, predicted, actual, names=("predicted", "actual"))
    if len(predicted) == 0:
        raise ValueError(f"{where}: needs at least one prediction (got none)")
    # Divided inside accurate_sum: where the sum passes the largest float, the
    # mean may not, and is then rounded once from the exact sum.
    return accurate_sum([(p - a) * (p - a) for p, a in zip(predicted, actual)], len(predicted))


# === Loss objects: what fit(..., loss=...) descends ===


class _Settings:  # not dataclasses: nine frozen ones cost milliseconds at import vecgd
    """A loss's or a penalty's repr, ``==`` and hash, from its ``fields``; set once, then fixed.

    >>> Huber(0.25), Huber(0.25) == Huber(0.25), L2(0.5) == L1(0.5)
    (Huber(epsilon=0.25), True, False)
    """

    fields: ClassVar[Tuple[str, ...]] = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.values() == other.values()

    def __hash__(self) -> int:  # equal objects, equal hashes: one set holds each once
        return hash((type(self).__name__, *self.values()))

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__:
            raise AttributeError(f"{type(self).__name__}: {name} is fixed once made")
        super().__setattr__(name, value)

    def values(self) -> Tuple[Any, ...]:
        """Return the values of the fields, in order."""
        return tuple(getattr(self, name) for name in self.fields)


class Loss(_Settings, ABC):
    """The base of the loss objects: a subclass writes ``value`` and ``slope``, Loss the checks.

    ``value(p, y)`` is one sample's loss at prediction p and target y, and
    ``slope(p, y)`` its derivative with respect to p: unchecked maths, which
    fit calls per sample.  ``loss(p, y)`` and ``derivative(p, y)`` check p
    and y first.  ``classification`` losses take labels 0 and 1 (or
    booleans); their maths uses the sign ``s = 2*y - 1`` and the margin
    ``z = s*p``, scikit-learn's y in {-1, 1}.

    >>> Huber(epsilon=1.0).loss(3.0, 0.0), Huber(epsilon=1.0).derivative(3.0, 0.0)
    (2.5, 1.0)
    >>> LogLoss().loss(0.0, 5)
    Traceback (most recent call last):
    ValueError: LogLoss: y must be a label 0 or 1 (or a bool) (got 5)
    """

    classification: ClassVar[bool] = False

    @abstractmethod
    def value(self, prediction: float, y: float) -> float:
        """Return the loss of one sample (unchecked)."""

    @abstractmethod
    def slope(self, prediction: float, y: float) -> float:
        """Return d loss / d prediction of one sample (unchecked)."""

    def loss(self, prediction: float, y: Any) -> float:
        """Return ``value(prediction, y)`` after checking both."""
        return self.value(prediction, self._checked(prediction, y))

    def derivative(self, prediction: float, y: Any) -> float:
        """Return ``slope(prediction, y)`` after checking both."""
        return self.slope(prediction, self._checked(prediction, y))

    def label(self, where: str, name: str, y: Any) -> float:
        """Return y as a number; for classification, raise unless a label 0 or 1 or a bool."""
        if self.classification:
            if isinstance(y, bool) or (is_real(y) and y in (0, 1)):
                return int(y)
            raise ValueError(f"{where}: {name} must be a label 0 or 1 (or a bool) (got {y!r})")
        require_finite(where, name, y)
        return float(y)

    def labels(self, where: str, ys: Any) -> Any:
        """Return ys with each label checked, as 0 or 1, for classification (else ys itself).

        ys that are not a list or tuple are returned as they are: the
        caller's own checks name those.
        """
        if not self.classification or not isinstance(ys, (list, tuple)):
            return ys
        return [self.label(where, f"ys[{i}]", y) for i, y in enumerate(ys)]

    def _checked(self, prediction: Any, y: Any) -> float:
        require_finite(type(self).__name__, "prediction", prediction)
        return self.label(type(self).__name__, "y", y)


class SquaredError(Loss):
    """The documents' squared error ``(p - y)**2``; derivative ``2 * (p - y)``.

    The default of fit.  scikit-learn's ``squared_error`` is half of it,
    ``(p - y)**2 / 2``: the same fit with twice scikit-learn's eta0 and
    alpha (docs/losses.md).

    >>> SquaredError().loss(3.0, 1.0), SquaredError().derivative(3.0, 1.0)
    (4.0, 4.0)
    """

    def value(self, prediction: float, y: float) -> float:
        """Return ``(p - y)**2``."""
        error = prediction - y
        return error * error

    def slope(self, prediction: float, y: float) -> float:
        """Return ``2 * (p - y)``."""
        return 2 * (prediction - y)


class Huber(Loss):
    """Huber's loss, scikit-learn's arrangement: quadratic near the target, linear beyond epsilon.

    With r = p - y: ``r**2 / 2`` where ``|r| <= epsilon``, else
    ``epsilon * |r| - epsilon**2 / 2``; the derivative is r, or
    ``epsilon * sign(r)`` (Huber 1964; scikit-learn's ``Huber`` in
    ``_sgd_fast.pyx.tp``, whose ``epsilon`` this is).  epsilon >= 0.

    >>> Huber(0.5).loss(2.0, 0.0), Huber(0.5).derivative(-2.0, 0.0)
    (0.875, -0.5)
    """

    fields = ("epsilon",)

    def __init__(self, epsilon: float = 0.1) -> None:
        require_nonnegative("Huber", "epsilon", epsilon)
        self.epsilon = epsilon

    def value(self, prediction: float, y: float) -> float:
        """Return ``r**2 / 2`` for ``|r| <= epsilon``, else ``epsilon * |r| - epsilon**2 / 2``."""
        r = prediction - y
        if abs(r) <= self.epsilon:
            return 0.5 * r * r
        return self.epsilon * abs(r) - 0.5 * self.epsilon * self.epsilon

    def slope(self, prediction: float, y: float) -> float:
        """Return r for ``|r| <= epsilon``, else ``epsilon * sign(r)``."""
        r = prediction - y
        if abs(r) <= self.epsilon:
            return r
        return self.epsilon if r > 0 else -self.epsilon


class EpsilonInsensitive(Loss):
    """The support-vector regression loss ``max(0, |p - y| - epsilon)``.

    The derivative is 1 where ``p - y > epsilon``, -1 where ``y - p >
    epsilon``, else 0 (0 at the kinks: scikit-learn's ``EpsilonInsensitive``
    in ``_sgd_fast.pyx.tp``).  epsilon >= 0.

    >>> EpsilonInsensitive(0.5).loss(2.0, 0.0), EpsilonInsensitive(0.5).derivative(0.0, 2.0)
    (1.5, -1.0)
    """

    fields = ("epsilon",)

    def __init__(self, epsilon: float = 0.1) -> None:
        require_nonnegative("EpsilonInsensitive", "epsilon", epsilon)
        self.epsilon = epsilon

    def value(self, prediction: float, y: float) -> float:
        """Return ``max(0, |p - y| - epsilon)``."""
        return max(0.0, abs(y - prediction) - self.epsilon)

    def slope(self, prediction: float, y: float) -> float:
        """Return 1, -1 or 0: the sign of ``p - y`` outside the band of half-width epsilon."""
        if y - prediction > self.epsilon:
            return -1.0
        if prediction - y > self.epsilon:
            return 1.0
        return 0.0


class LogLoss(Loss):
    """Logistic regression's loss: the prediction is the logit (log-odds) of label 1.

    With s = 2y - 1 and the margin z = s * p: ``log(1 + exp(-z))``, the
    negative log-likelihood of y under ``P(y=1) = sigmoid(p)`` (the book's
    ``_negative_log_likelihood``, chapter 16; scikit-learn's ``log_loss``).
    Computed as ``log1p(exp(-z))`` for z > 0 and ``-z + log1p(exp(z))``
    otherwise: no overflow for any logit.  The derivative is ``-s / (exp(z)
    + 1)`` (scikit-learn's form), ``-s * exp(-z)`` beyond z = 35, where the
    two agree to the last bit.

    >>> round(LogLoss().loss(0.0, 1), 6), LogLoss().derivative(0.0, 1)
    (0.693147, -0.5)
    >>> LogLoss().loss(-1000.0, True), LogLoss().loss(1000.0, 1)
    (1000.0, 0.0)
    """

    classification = True

    def value(self, prediction: float, y: float) -> float:
        """Return ``log(1 + exp(-z))``, z = (2y - 1) * p, without overflow."""
        z = (2 * y - 1) * prediction
        if z > 0:
            return math.log1p(math.exp(-z))
        return -z + math.log1p(math.exp(z))

    def slope(self, prediction: float, y: float) -> float:
        """Return ``-s / (exp(z) + 1)``: ``sigmoid(p) - y``."""
        s = 2 * y - 1
        z = s * prediction
        if z > 35:
            return -s * math.exp(-z)
        return -s / (math.exp(z) + 1.0)


class Hinge(Loss):
    """The support-vector machine's loss ``max(0, threshold - z)``, z = (2y - 1) * p.

    The derivative is ``-s`` where ``z <= threshold`` (the kink included,
    scikit-learn's ``Hinge`` in ``_sgd_fast.pyx.tp``), else 0.  threshold
    >= 0 (0: the perceptron's loss).

    >>> Hinge().loss(0.25, 1), Hinge().derivative(1.0, 1), Hinge().derivative(1.5, 0)
    (0.75, -1.0, 1.0)
    """

    fields = ("threshold",)
    classification = True

    def __init__(self, threshold: float = 1.0) -> None:
        require_nonnegative("Hinge", "threshold", threshold)
        self.threshold = threshold

    def value(self, prediction: float, y: float) -> float:
        """Return ``max(0, threshold - z)``."""
        return max(0.0, self.threshold - (2 * y - 1) * prediction)

    def slope(self, prediction: float, y: float) -> float:
        """Return ``-s`` where ``z <= threshold``, else 0."""
        s = 2.0 * y - 1
        return -s if s * prediction <= self.threshold else 0.0


class ModifiedHuber(Loss):
    """Zhang's (2004) modified Huber loss, a smoothed hinge, z = (2y - 1) * p.

    ``0`` for z >= 1, ``(1 - z)**2`` for -1 <= z < 1, ``-4z`` below; the
    derivative ``0``, ``-2s(1 - z)``, ``-4s`` (scikit-learn's
    ``ModifiedHuber``, T. Zhang, ICML 2004).

    >>> loss = ModifiedHuber()
    >>> loss.loss(0.0, 1), loss.derivative(0.0, 0), loss.loss(-3.0, 1)
    (1.0, 2.0, 12.0)
    """

    classification = True

    def value(self, prediction: float, y: float) -> float:
        """Return 0, ``(1 - z)**2`` or ``-4z``."""
        z = (2 * y - 1) * prediction
        if z >= 1.0:
            return 0.0
        return (1.0 - z) * (1.0 - z) if z >= -1.0 else -4.0 * z

    def slope(self, prediction: float, y: float) -> float:
        """Return 0, ``-2s(1 - z)`` or ``-4s``."""
        s = 2.0 * y - 1
        z = s * prediction
        if z >= 1.0:
            return 0.0
        return 2.0 * (1.0 - z) * -s if z >= -1.0 else -4.0 * s


# === Penalties: alpha * R(w), on the weights, never on the intercept ===


class Penalty(_Settings):
    """The base of the penalties: ``alpha * R(w)`` with scikit-learn's meaning of alpha.

    ``R(w) = l1_ratio * ||w||_1 + (1 - l1_ratio) * ||w||**2 / 2`` (the
    elastic net of scikit-learn's SGD); ``L2`` is l1_ratio 0, ``L1`` is 1.
    w is the weights only: ``Objective`` leaves a model's intercept out.

    >>> ElasticNet(0.5, l1_ratio=0.5).value([2.0, -1.0])
    1.375
    >>> L2(0.5).gradient([2.0, -1.0]), L1(0.5).gradient([2.0, 0.0, -1.0])
    ([1.0, -0.5], [0.5, 0.0, -0.5])
    """

    alpha: float
    l1_ratio: float
    fields: ClassVar[Tuple[str, ...]] = ("alpha",)

    def __init__(self, alpha: float) -> None:
        if type(self) is Penalty:  # the base of L2, L1 and ElasticNet
            raise TypeError("Penalty: make an L2, L1 or ElasticNet penalty")
        self._check(alpha, self.l1_ratio)
        self.alpha = alpha

    def value(self, weights: Sequence[float]) -> float:
        """Return ``alpha * (l1_ratio * sum(|w_j|) + (1 - l1_ratio) * sum(w_j**2) / 2)``."""
        require_vector(type(self).__name__, "weights", weights, finite=True)
        return self.unchecked_value(weights)

    def gradient(self, weights: Sequence[float]) -> Vector:
        """Return ``alpha * ((1 - l1_ratio) * w_j + l1_ratio * sign(w_j))``, sign(0) = 0.

        At w_j = 0 this is the subgradient 0; fits do not step on it (``Objective``).
        """
        require_vector(type(self).__name__, "weights", weights, finite=True)
        l1, l2 = self.l1_strength, self.l2_strength
        return [l2 * w + (l1 if w > 0 else -l1 if w < 0 else 0.0) for w in weights]

    @property
    def l1_strength(self) -> float:
        """Return ``alpha * l1_ratio``, the weight of ``||w||_1``."""
        return self.alpha * self.l1_ratio

    @property
    def l2_strength(self) -> float:
        """Return ``alpha * (1 - l1_ratio)``, the weight of ``||w||**2 / 2``."""
        return self.alpha * (1.0 - self.l1_ratio)

    def unchecked_value(self, weights: Sequence[float]) -> float:
        """Return ``value(weights)`` without checking weights."""
        l1, l2 = self.l1_strength, self.l2_strength
        return accurate_sum([l1 * abs(w) + 0.5 * l2 * w * w for w in weights])

    def _check(self, alpha: float, l1_ratio: float) -> None:
        where = type(self).__name__
        require_nonnegative(where, "alpha", alpha)
        require_finite(where, "l1_ratio", l1_ratio)
        if not 0.0 <= l1_ratio <= 1.0:
            raise ValueError(f"{where}: l1_ratio must be in [0, 1] (got {l1_ratio!r})")


class L2(Penalty):
    """The ridge penalty ``alpha * ||w||**2 / 2`` (scikit-learn's ``penalty='l2'``).

    The book's chapter 15 ``ridge_penalty`` is ``alpha * ||w||**2``: its
    alpha is half of this one (``L2(2 * book_alpha)``).

    >>> L2(0.1).value([3.0, 4.0])
    1.25
    """

    l1_ratio = 0.0


class L1(Penalty):
    """The lasso penalty ``alpha * ||w||_1`` (scikit-learn's ``penalty='l1'``).

    >>> L1(0.5).value([3.0, -4.0])
    3.5
    """

    l1_ratio = 1.0


class ElasticNet(Penalty):
    """The elastic net ``alpha * (l1_ratio * ||w||_1 + (1 - l1_ratio) * ||w||**2 / 2)``.

    l1_ratio in [0, 1]: 0 is ``L2(alpha)``, 1 is ``L1(alpha)``; 0.15 is
    scikit-learn's default.

    >>> ElasticNet(1.0, l1_ratio=0.25).value([2.0])
    2.0
    """

    fields = ("alpha", "l1_ratio")

    def __init__(self, alpha: float, l1_ratio: float = 0.15) -> None:
        self._check(alpha, l1_ratio)
        self.alpha = alpha
        self.l1_ratio = l1_ratio
