"""The documents' loss functions: how far predictions are from the actual values.

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
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vecgd._checks import require_pair, require_real
from vecgd.vector import accurate_sum

__all__ = [
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
    require_pair("sum_of_squared_errors", predicted, actual, names=("predicted", "actual"))
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
    require_pair(where, predicted, actual, names=("predicted", "actual"))
    if len(predicted) == 0:
        raise ValueError(f"{where}: needs at least one prediction (got none)")
    # Divided inside accurate_sum: where the sum passes the largest float, the
    # mean may not, and is then rounded once from the exact sum.
    return accurate_sum([(p - a) * (p - a) for p, a in zip(predicted, actual)], len(predicted))
