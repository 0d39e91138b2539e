"""Models and losses: a prediction, and the analytic gradient of its squared error.

A model is a small object that knows how to predict from parameters
``theta`` and one input ``x``, and the gradient of one sample's squared
error ``(predict(theta, x) - y)**2`` with respect to theta.  In every model
theta lists the weights first and the intercept last:

* ``Linear()``: ``y = slope * x + intercept``, theta = [slope, intercept]
  (the book's ``linear_gradient`` and the lesson's ``b + w*x``);
* ``Proportional()``: ``y = w * x``, theta = [w] (the lecture's model);
* ``Polynomial(degree)``: ``y = w_d * x**d + ... + w_1 * x + b``,
  theta = [w_d, ..., w_1, b], highest power first (the lecture's exercise);
* ``MultipleLinear()``: x is a sequence of k features,
  ``y = w_1 * x_1 + ... + w_k * x_k + b``, theta = [w_1, ..., w_k, b].

The ``Model`` protocol (what ``vecgd.training.fit`` needs) is:

* ``predict(theta, x) -> float`` and ``gradient(theta, x, y) -> Vector``;
* ``check_theta(theta, x=None)``: raise ``ValueError`` unless theta has the
  length the model needs (``Linear: theta must have 2 values [slope,
  intercept] (got 3)``).  x is an example input; only ``MultipleLinear``
  needs it, because its length depends on the number of features;
* ``check_inputs(where, xs)``: raise unless every input is usable (finite
  numbers; for ``MultipleLinear``, equal-length feature vectors), naming
  the row: ``fit: xs[3] must be finite (got nan)``.

The built-in models also offer ``batch_gradient(theta, xs, ys)``, returning
the mean of the per-sample gradients and the mean squared error in one pass;
``fit`` uses it when a model has it.  Every public method checks its
arguments and names the model in its errors (``Linear: x must be a real
number (got '1' (str))``).  Each built-in model keeps its arithmetic in
private unchecked twins, ``_gradient`` and ``_batch_gradient`` (and
``_predict``): ``fit`` validates the data and theta once, then calls those
once per sample or batch, so the checks are not paid per sample.

The losses take a sequence of predictions and a sequence of actual values;
their sums use ``math.fsum``.  ``least_squares`` solves the normal equations
exactly, for the closed-form answer that descent should approach.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, List, Protocol, Tuple

from vecgd._checks import (
    describe,
    require_int,
    require_pair,
    require_real,
    require_same_length,
    require_vector,
)
from vecgd.vector import Vector, _fsum

__all__ = [
    "Linear",
    "Model",
    "MultipleLinear",
    "Polynomial",
    "Proportional",
    "least_squares",
    "mean_squared_error",
    "root_mean_squared_error",
    "squared_error",
    "sum_of_squared_errors",
]


class Model(Protocol):
    """What a model offers to fit: prediction, gradient and its two checks.

    ``gradient(theta, x, y)`` is the gradient of ``(predict(theta, x) - y)**2``
    with respect to theta.  Any object with these four methods works with
    ``vecgd.fit``; ``batch_gradient`` is optional.

    >>> model: Model = Linear()
    >>> model.predict([2.0, 1.0], 3.0), model.gradient([2.0, 1.0], 3.0, 7.0)
    (7.0, [0.0, 0.0])
    """

    def predict(self, theta: Sequence[float], x: Any) -> float: ...

    def gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector: ...

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None: ...

    def check_inputs(self, where: str, xs: Sequence[Any]) -> None: ...


def _require_length(model: str, theta: Any, expected: int, names: str, extra: str = "") -> None:
    """Raise unless theta is a vector of the expected length; the message lists the names."""
    require_vector(model, "theta", theta)
    if len(theta) != expected:
        values = "value" if expected == 1 else "values"
        raise ValueError(
            f"{model}: theta must have {expected} {values} [{names}]{extra} (got {len(theta)})"
        )


def _rows_batch_gradient(
    predict: Callable[[Sequence[float], Any], float],
    row: Callable[[Any], Sequence[float]],
    theta: Sequence[float],
    xs: Sequence[Any],
    ys: Sequence[float],
) -> Tuple[Vector, float]:
    """Return (mean of 2 * error * row(x), mean of error**2) for a model linear in theta."""
    sums = [0.0] * len(theta)
    sum_ee = 0.0  # plain running sums: see Linear._batch_gradient
    for x, y in zip(xs, ys):
        error = predict(theta, x) - y
        sum_ee += error * error
        for j, r_j in enumerate(row(x)):
            sums[j] += error * r_j
    n = len(xs)
    return [2 * s / n for s in sums], sum_ee / n


class _Model:
    """The public methods of the built-in models: check the arguments, then compute.

    A model names itself in errors with ``_where``; checks with
    ``check_theta``, ``check_inputs`` and ``_check_x``; and computes in the
    unchecked ``_predict``, ``_gradient`` and ``_batch_gradient``, which fit
    calls directly on the data and theta it has checked once.
    """

    _where: str

    def predict(self, theta: Sequence[float], x: Any) -> float:
        """Return the model's prediction at x (the class docstring gives the formula)."""
        self._check_sample(theta, x)
        return self._predict(theta, x)

    def gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return the gradient of ``(predict(theta, x) - y)**2`` with respect to theta."""
        self._check_sample(theta, x)
        require_real(self._where, "y", y)
        return self._gradient(theta, x, y)

    def batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (mean gradient over the samples, mean squared error), in one pass.

        xs must pass ``check_inputs`` (finite numbers; for MultipleLinear,
        feature vectors of one length) and ys be finite numbers, as many as
        xs, at least one.
        """
        self._check_batch(theta, xs, ys)
        return self._batch_gradient(theta, xs, ys)

    def _predict(self, theta: Sequence[float], x: Any) -> float:
        raise NotImplementedError

    def _gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        raise NotImplementedError

    def _batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        raise NotImplementedError

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        raise NotImplementedError

    def check_inputs(self, where: str, xs: Sequence[Any]) -> None:
        raise NotImplementedError

    def _check_x(self, x: Any) -> None:
        raise NotImplementedError

    def _check_sample(self, theta: Sequence[float], x: Any) -> None:
        """Raise unless theta fits this model and x is an input (predict's and gradient's check)."""
        self._check_x(x)
        self.check_theta(theta, x)

    def _check_batch(self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]) -> None:
        """Raise unless xs and ys are finite data of one length, at least 1, and theta fits.

        One pass over the data, in C for plain lists of floats (see
        ``require_vector``): cheap beside the Python loop of the gradient.
        """
        where = self._where
        self.check_inputs(where, xs)
        require_vector(where, "ys", ys, finite=True, nonempty=True)
        require_same_length(where, xs, ys, what="xs and ys")
        self.check_theta(theta, xs[0])


class _ScalarInputs(_Model):
    """The input checks of the models whose x is one number."""

    def check_inputs(self, where: str, xs: Sequence[Any]) -> None:
        """Raise unless every x is a finite real number, naming the first bad row."""
        require_vector(where, "xs", xs, finite=True)

    def _check_x(self, x: Any) -> None:
        require_real(self._where, "x", x)


@dataclass(frozen=True)
class Linear(_ScalarInputs):
    """The line ``y = slope * x + intercept``; theta = [slope, intercept].

    gradient: ``error = (slope * x + intercept) - y``, then
    ``[2 * error * x, 2 * error]``, the book's ``linear_gradient`` with its
    exact order of operations (so the lesson's numbers come out digit for
    digit).

    >>> Linear().predict([2.0, 1.0], 3.0)
    7.0
    >>> Linear().gradient([2.0, 1.0], 3.0, 5.0)
    [12.0, 4.0]
    """

    _where = "Linear"

    def _predict(self, theta: Sequence[float], x: Any) -> float:
        """Return ``slope * x + intercept``."""
        slope, intercept = theta
        prediction: float = slope * x + intercept
        return prediction

    def _gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x, 2 * error]`` where ``error = predict - y``."""
        slope, intercept = theta
        error = (slope * x + intercept) - y
        return [2 * error * x, 2 * error]

    def _batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        slope, intercept = theta
        # One fused loop with the sums in locals: this is fit's full-batch
        # speed path.  Plain running sums (not fsum) keep it within reach of a
        # hand-fused loop; their error, about n ulps, is far below any tolerance.
        sum_e = sum_ex = sum_ee = 0.0
        for x, y in zip(xs, ys):
            error = (slope * x + intercept) - y
            sum_e += error
            sum_ex += error * x
            sum_ee += error * error
        n = len(xs)
        return [2 * sum_ex / n, 2 * sum_e / n], sum_ee / n

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: predict is its dot with theta."""
        return [Fraction(x), Fraction(1)]

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        """Raise ValueError unless theta is [slope, intercept]."""
        _require_length("Linear", theta, 2, "slope, intercept")


@dataclass(frozen=True)
class Proportional(_ScalarInputs):
    """The line through the origin ``y = w * x``; theta = [w].

    gradient: ``2 * x * (x * w - y)``, the lecture's, in its order of
    operations (so the lecture's printed trace comes out digit for digit).

    >>> Proportional().predict([2.0], 3.0)
    6.0
    >>> Proportional().gradient([1.0], 1.0, 2.0)
    [-2.0]
    """

    _where = "Proportional"

    def _predict(self, theta: Sequence[float], x: Any) -> float:
        """Return ``x * w`` (the lecture's ``forward``)."""
        prediction: float = x * theta[0]
        return prediction

    def _gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * x * (x * w - y)]``."""
        return [2 * x * (x * theta[0] - y)]

    def _batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        w = theta[0]
        sum_ex = sum_ee = 0.0  # plain running sums: see Linear._batch_gradient
        for x, y in zip(xs, ys):
            error = x * w - y
            sum_ex += error * x
            sum_ee += error * error
        n = len(xs)
        return [2 * sum_ex / n], sum_ee / n

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: predict is its dot with theta."""
        return [Fraction(x)]

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        """Raise ValueError unless theta is [w]."""
        _require_length("Proportional", theta, 1, "w")


@dataclass(frozen=True)
class Polynomial(_ScalarInputs):
    """The polynomial ``y = w_d * x**d + ... + w_1 * x + b``; theta = [w_d, ..., w_1, b].

    degree must be an int >= 0 (degree 0 is the constant model ``y = b``).
    predict uses Horner's rule; gradient is ``2 * error * x**j`` for each
    power j, from d down to 0, with powers built by multiplication (``**``
    raises OverflowError on huge floats; ``*`` gives inf, which fit reports).

    >>> Polynomial(2).predict([1.0, 0.0, 1.0], 3.0)
    10.0
    >>> Polynomial(2).gradient([1.0, 0.0, 1.0], 3.0, 9.0)
    [18.0, 6.0, 2.0]
    """

    degree: int

    def __post_init__(self) -> None:
        require_int("Polynomial", "degree", self.degree, minimum=0)

    @property
    def _where(self) -> str:  # type: ignore[override]  # a property, not a class attribute
        return f"Polynomial(degree={self.degree})"

    def _predict(self, theta: Sequence[float], x: Any) -> float:
        """Return ``w_d * x**d + ... + w_1 * x + b`` by Horner's rule."""
        value = theta[0]
        for coefficient in theta[1:]:
            value = value * x + coefficient
        return value

    def _gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x**d, ..., 2 * error * x, 2 * error]``."""
        error = self._predict(theta, x) - y
        return [2 * error * power for power in self._powers(x)]

    def _batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        return _rows_batch_gradient(self._predict, self._powers, theta, xs, ys)

    def _powers(self, x: Any) -> List[Any]:
        """Return [x**d, ..., x, 1], built by multiplication."""
        powers = [1.0]
        for _ in range(self.degree):
            powers.append(powers[-1] * x)
        powers.reverse()
        return powers

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: predict is its dot with theta."""
        return [Fraction(x) ** j for j in range(self.degree, -1, -1)]

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        """Raise ValueError unless theta has degree + 1 values."""
        names = ", ".join([f"w_{j}" for j in range(self.degree, 0, -1)] + ["b"])
        _require_length(self._where, theta, self.degree + 1, names)


@dataclass(frozen=True)
class MultipleLinear(_Model):
    """The hyperplane ``y = w_1 * x_1 + ... + w_k * x_k + b``; theta = [w_1, ..., w_k, b].

    x is a sequence of k features; k is fixed by the data, so theta's length
    is checked against x (k + 1 values).  The weighted sum uses ``math.fsum``
    (exactly rounded; inf where it passes the largest float).

    >>> MultipleLinear().predict([1.0, 2.0, 0.5], [3.0, 4.0])
    11.5
    >>> MultipleLinear().gradient([1.0, 2.0, 0.5], [3.0, 4.0], 10.5)
    [6.0, 8.0, 2.0]
    """

    _where = "MultipleLinear"

    def _predict(self, theta: Sequence[float], x: Any) -> float:
        """Return ``fsum(w_i * x_i) + b``."""
        return _fsum([w_i * x_i for w_i, x_i in zip(theta, x)]) + theta[-1]

    def _gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x_1, ..., 2 * error * x_k, 2 * error]``."""
        error = self._predict(theta, x) - y
        return [2 * error * x_i for x_i in x] + [2 * error]

    def _batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        return _rows_batch_gradient(self._predict, lambda x: [*x, 1.0], theta, xs, ys)

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: predict is its dot with theta."""
        return [Fraction(x_i) for x_i in x] + [Fraction(1)]

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        """Raise ValueError unless theta has one weight per feature of x, plus b."""
        require_vector("MultipleLinear", "theta", theta)
        if x is None:
            if len(theta) < 2:
                raise ValueError(
                    "MultipleLinear: theta must have at least 2 values [w_1, ..., w_k, b] "
                    f"(got {len(theta)})"
                )
            return
        require_vector("MultipleLinear", "x", x)
        k = len(x)
        weights = [f"w_{j}" for j in range(1, k + 1)] if k <= 3 else ["w_1", "...", f"w_{k}"]
        extra = f" for x with {k} feature{'s' if k != 1 else ''}"
        _require_length("MultipleLinear", theta, k + 1, ", ".join(weights + ["b"]), extra)

    def check_inputs(self, where: str, xs: Sequence[Any]) -> None:
        """Raise unless every x is a non-empty vector of finite numbers, all one length."""
        _require_rows(where, "xs", xs)

    def _check_x(self, x: Any) -> None:
        require_vector(self._where, "x", x, nonempty=True)


def _require_rows(where: str, name: str, rows: Any) -> None:
    """Raise unless rows is a sequence of equal-length, non-empty, finite vectors."""
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence):
        raise TypeError(f"{where}: {name} must be a sequence of vectors (got {describe(rows)})")
    for i, row in enumerate(rows):
        require_vector(where, f"{name}[{i}]", row, finite=True, nonempty=True)
        if len(row) != len(rows[0]):
            raise ValueError(
                f"{where}: {name}[{i}] must have {len(rows[0])} features like {name}[0] "
                f"(got {len(row)})"
            )


# === Losses ===


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
    """Return the sum of the squared errors of the predictions (seed 000's ``SSE``).

    Formula: ``sum((p_i - a_i)**2)``, summed with ``math.fsum``; inf when the
    sum is beyond the float range.  predicted and actual must be sequences
    of numbers of one length.

    >>> sum_of_squared_errors([1.0, 2.0, 3.0], [1.0, 2.5, 4.0])
    1.25
    """
    require_pair("sum_of_squared_errors", predicted, actual, names=("predicted", "actual"))
    return _fsum([(p - a) * (p - a) for p, a in zip(predicted, actual)])


def _mean_squared_error(where: str, predicted: Sequence[float], actual: Sequence[float]) -> float:
    require_pair(where, predicted, actual, names=("predicted", "actual"))
    if len(predicted) == 0:
        raise ValueError(f"{where}: needs at least one prediction (got none)")
    # Divided inside _fsum: where the sum passes the largest float, the mean
    # may not, and is then rounded once from the exact sum.
    return _fsum([(p - a) * (p - a) for p, a in zip(predicted, actual)], len(predicted))


def mean_squared_error(predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the mean of the squared errors of the predictions.

    Formula: ``sum((p_i - a_i)**2) / n``, summed with ``math.fsum``.  The
    sequences must have one length, at least 1.

    >>> mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.5, 4.0])
    0.4166666666666667
    """
    return _mean_squared_error("mean_squared_error", predicted, actual)


def root_mean_squared_error(predicted: Sequence[float], actual: Sequence[float]) -> float:
    """Return the square root of the mean squared error (seed 000's ``AVG_LOSS``).

    Formula: ``sqrt(sum((p_i - a_i)**2) / n)``.  The sequences must have one
    length, at least 1.

    >>> root_mean_squared_error([1.0, 3.0], [4.0, 0.0])
    3.0
    """
    return math.sqrt(_mean_squared_error("root_mean_squared_error", predicted, actual))


# === Closed form ===


def _solve_exact(a: List[List[Fraction]], b: List[Fraction]) -> List[Fraction]:
    """Solve a x = b by Gauss-Jordan elimination in exact arithmetic."""
    k = len(b)
    rows = [a_i[:] + [b_i] for a_i, b_i in zip(a, b)]
    for col in range(k):
        pivot = next((r for r in range(col, k) if rows[r][col] != 0), None)
        if pivot is None:
            raise ValueError(
                "least_squares: the normal equations are singular: the columns of the "
                "design matrix are linearly dependent (too few distinct x values for the "
                f"model's {k} parameters, or a feature that repeats another)"
            )
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(k):
            factor = rows[r][col]
            if r != col and factor != 0:
                rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col])]
    return [row[k] for row in rows]


def least_squares(model: Any, xs: Sequence[Any], ys: Sequence[float]) -> Vector:
    """Return the ordinary least-squares theta of a built-in model, in closed form.

    Solves the normal equations ``(X^T X) theta = X^T y``, where row i of X
    is ``model.design_row(x_i)`` (Linear: ``[x, 1]``; Proportional: ``[x]``;
    Polynomial(d): ``[x**d, ..., x, 1]``; MultipleLinear: ``[x_1, ..., x_k,
    1]``), exactly in ``fractions.Fraction`` arithmetic, then rounds each
    value to the nearest float.  Exact arithmetic costs about n * k**2
    fraction operations: meant for the small k of these models.  Raises
    ValueError for bad data or a singular system (for example, all x equal
    for Linear), TypeError for a model that is not built in.

    >>> least_squares(Linear(), [0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    [2.0, 1.0]
    >>> least_squares(Polynomial(2), [-1.0, 0.0, 1.0, 2.0], [2.0, 1.0, 2.0, 5.0])
    [1.0, 0.0, 1.0]
    """
    if not callable(getattr(model, "design_row", None)):
        raise TypeError(
            "least_squares: model must be linear in theta, with a design_row method "
            f"like Linear, Proportional, Polynomial and MultipleLinear (got {describe(model)})"
        )
    require_vector("least_squares", "ys", ys, finite=True, nonempty=True)
    model.check_inputs("least_squares", xs)
    require_same_length("least_squares", xs, ys, what="xs and ys")
    design = [model.design_row(x) for x in xs]
    targets = [Fraction(y) for y in ys]
    k = len(design[0])
    a = [[Fraction(0)] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            a[i][j] = a[j][i] = sum((row[i] * row[j] for row in design), Fraction(0))
    b = [sum((row[i] * y for row, y in zip(design, targets)), Fraction(0)) for i in range(k)]
    return [_to_float(j, v) for j, v in enumerate(_solve_exact(a, b))]


def _to_float(j: int, value: Fraction) -> float:
    """Return value rounded to the nearest float; ValueError when it is beyond them."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"least_squares: theta[{j}] of the exact solution is beyond the largest float "
            "(rescale xs or ys)"
        ) from None
