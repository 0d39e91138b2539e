"""Models: a prediction, and the gradient of one sample's squared error.

A model predicts from parameters ``theta`` and one input ``x``, and knows
the gradient of ``(prediction - y)**2`` with respect to theta.  In every
model theta lists the weights first and the intercept last:

* ``Linear()``: ``y = slope * x + intercept``, theta = [slope, intercept]
  (the book chapter's ``linear_gradient``, the line-fit lesson's line);
* ``Proportional()``: ``y = w * x``, theta = [w] (the lecture's model);
* ``Polynomial(degree)``: ``y = w_d * x**d + ... + w_1 * x + b``,
  theta = [w_d, ..., w_1, b], highest power first (the lecture's exercise);
* ``MultipleLinear()``: x is a sequence of k features,
  ``y = w_1 * x_1 + ... + w_k * x_k + b``, theta = [w_1, ..., w_k, b];
* ``FunctionModel(predict, parameter_names)``: any model written as
  arithmetic, its gradient from autodiff.

Each is a subclass of ``Model``, whose docstring says what ``fit`` needs
of a model and shows one written from scratch.  The losses are in
``vecgd.losses``; the exact least-squares answer is in ``vecgd.exact``;
the checks every model inherits are in ``vecgd._model_checks``.  This
module is past 400 lines because each built-in model writes its maths out in
full (its prediction, its gradients, its fused batch loop), to be read
beside the documents.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, List, Tuple

from vecgd._checks import require_callable, require_int, require_real, require_sequence, require_str
from vecgd._model_checks import CheckedModel
from vecgd.autodiff import Value
from vecgd.losses import mean_squared_error
from vecgd.vector import Vector, accurate_sum, vector_mean

__all__ = ["FunctionModel", "Linear", "Model", "MultipleLinear", "Polynomial", "Proportional",
           "linear_gradient"]

# The checked entry points (vecgd._model_checks), and the hook to write instead.
_HOOK_FOR = {
    "predict": "prediction(theta, x)",
    "gradient": "sample_gradient(theta, x, y)",
    "batch_gradient": "mean_gradient(theta, xs, ys)",
    "check_theta": "parameter_names(x=None)",
    "check_inputs": "the class attribute takes_vectors",
}


class Model(CheckedModel, ABC):
    """The base of every model: a subclass writes the maths, Model the checks.

    What ``fit`` needs of a model, all of it unchecked maths (fit checks the
    data and theta once, then calls these per sample or batch):

    * ``prediction(theta, x) -> float``;
    * ``sample_gradient(theta, x, y) -> Vector``: the gradient of
      ``(prediction(theta, x) - y)**2`` with respect to theta;
    * ``parameter_names(x=None) -> list[str]``: one name per value of
      theta (x, an example input, for models whose size depends on it);
    * class attributes ``takes_vectors`` (x is a feature vector, not a
      number; default False) and ``has_intercept`` (the last value of
      theta is an intercept; default False);
    * optionally ``mean_gradient(theta, xs, ys) -> (Vector, float)``: the
      mean of the sample gradients and the mean squared error, in one
      fused pass.  Model's own takes the book chapter's ``vector_mean`` of
      the sample gradients and the ``mean_squared_error`` of the
      predictions; a subclass that redefines ``prediction`` or
      ``sample_gradient`` but not ``mean_gradient`` gets Model's again,
      so its formula holds in every batch mode and in the reported loss;
    * for ``fit(..., loss=...)`` other than squared error, or a penalty:
      ``prediction_gradient(theta, x) -> Vector``, d prediction / d theta
      (``vecgd.losses.Objective`` multiplies it by the loss's derivative).

    From these Model writes, once, the checked ``predict``, ``gradient``,
    ``batch_gradient``, ``check_theta`` and ``check_inputs`` (inherited
    from ``vecgd._model_checks``), naming the model in their errors; a
    subclass may not redefine them (TypeError: write the hook instead).  A
    model of your own:

    >>> class Cubic(Model):
    ...     '''y = a * x**3 + b; theta = [a, b].'''
    ...     has_intercept = True
    ...     def prediction(self, theta, x):
    ...         a, b = theta
    ...         return a * x * x * x + b
    ...     def sample_gradient(self, theta, x, y):
    ...         error = self.prediction(theta, x) - y
    ...         return [2 * error * x * x * x, 2 * error]
    ...     def parameter_names(self, x=None):
    ...         return ["a", "b"]
    >>> Cubic().predict([1.0, 0.5], 2.0), Cubic().gradient([1.0, 0.5], 2.0, 8.0)
    (8.5, [8.0, 1.0])
    >>> Cubic().batch_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 10.0])
    ([-16.0, -2.0], 2.0)
    >>> Cubic().predict([1.0, 0.5, 2.0], 2.0)
    Traceback (most recent call last):
    ValueError: Cubic: theta must have 2 values [a, b] (got 3)
    >>> Cubic().gradient([1.0, 0.5], "2", 8.0)
    Traceback (most recent call last):
    TypeError: Cubic: x must be a real number (got '2' (str))
    """

    takes_vectors: ClassVar[bool] = False
    has_intercept: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse a redefined entry point; give a changed formula the generic mean_gradient."""
        super().__init_subclass__(**kwargs)
        below_model = cls.__mro__[: cls.__mro__.index(Model)]  # cls, its parents and mixins
        for klass in below_model:
            for name in set(_HOOK_FOR) & set(vars(klass)):
                raise TypeError(
                    f"{cls.__name__}: do not define {name}, which Model writes once "
                    f"(check the arguments, then call the maths); write {_HOOK_FOR[name]} instead"
                )
        # A fused mean_gradient has its class's formula built in: where a class
        # earlier in the method order (this one, or a mixin) redefines the
        # prediction or the sample gradient, Model's generic one takes over.
        for klass in below_model:
            if "mean_gradient" in vars(klass):
                break
            if "prediction" in vars(klass) or "sample_gradient" in vars(klass):
                cls.mean_gradient = Model.mean_gradient  # type: ignore[method-assign]
                break

    # === The maths: what a subclass writes ===

    @abstractmethod
    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return the model's prediction at x (unchecked)."""
        raise NotImplementedError

    @abstractmethod
    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return the gradient of ``(prediction(theta, x) - y)**2`` with respect to theta."""
        raise NotImplementedError

    @abstractmethod
    def parameter_names(self, x: Any = None) -> List[str]:
        """Return the names of theta's values, in order (x: an example input)."""
        raise NotImplementedError

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return d prediction / d theta at x (unchecked): what other losses need."""
        raise NotImplementedError(f"{type(self).__name__} has no prediction_gradient")

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (mean of the sample gradients, mean squared error) over the samples.

        ``vector_mean([sample_gradient(theta, x_i, y_i) ...])`` and
        ``mean_squared_error([prediction(theta, x_i) ...], ys)``, both
        summed with ``math.fsum`` (inf or NaN where the values overflow:
        fit reports those as a divergence).  Unchecked, like the hooks.
        """
        gradients = [self.sample_gradient(theta, x, y) for x, y in zip(xs, ys)]
        predictions = [self.prediction(theta, x) for x in xs]
        return vector_mean(gradients), mean_squared_error(predictions, ys)


def _mean_gradient_of_rows(
    prediction: Callable[[Sequence[float], Any], float],
    row: Callable[[Any], Sequence[float]],
    theta: Sequence[float],
    xs: Sequence[Any],
    ys: Sequence[float],
) -> Tuple[Vector, float]:
    """Return (mean of 2 * error * row(x), mean of error**2) for a model linear in theta."""
    sums = [0.0] * len(theta)
    sum_ee = 0.0  # plain running sums: see Linear.mean_gradient
    for x, y in zip(xs, ys):
        error = prediction(theta, x) - y
        sum_ee += error * error
        for j, r_j in enumerate(row(x)):
            sums[j] += error * r_j
    n = len(xs)
    return [2 * s / n for s in sums], sum_ee / n


@dataclass(frozen=True)
class Linear(Model):
    """The line ``y = slope * x + intercept``; theta = [slope, intercept].

    Its gradient is the book chapter's ``linear_gradient(x, y, theta)``:
    ``error = (intercept + x * slope) - y``, then ``[2 * error * x, 2 *
    error]``, the derivatives of ``error**2`` with respect to slope and
    intercept, in the book's order of operations (the documents' numbers
    come out digit for digit).

    >>> Linear().predict([2.0, 1.0], 3.0)
    7.0
    >>> Linear().gradient([2.0, 1.0], 3.0, 5.0)
    [12.0, 4.0]
    """

    has_intercept = True

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x, 2 * error]``: the book chapter's ``linear_gradient``."""
        slope, intercept = theta
        predicted = intercept + x * slope
        error = predicted - y
        return [2 * error * x, 2 * error]

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return ``intercept + x * slope``."""
        slope, intercept = theta
        predicted: float = intercept + x * slope
        return predicted

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return ``([2 * mean(error * x), 2 * mean(error)], mean(error**2))``, in one loop."""
        slope, intercept = theta
        # One fused loop with the sums in locals: fit's full-batch speed.
        # Plain running sums (not fsum) keep it within reach of a hand-fused
        # loop; their error, about n ulps, is far below any tolerance.
        sum_e = sum_ex = sum_ee = 0.0
        for x, y in zip(xs, ys):
            error = (intercept + x * slope) - y
            sum_e += error
            sum_ex += error * x
            sum_ee += error * error
        n = len(xs)
        return [2 * sum_ex / n, 2 * sum_e / n], sum_ee / n

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return ``[x, 1]``."""
        return [x, 1.0]

    def parameter_names(self, x: Any = None) -> List[str]:
        """Return ``["slope", "intercept"]``."""
        return ["slope", "intercept"]

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: the prediction is its dot with theta."""
        return [Fraction(x), Fraction(1)]


def linear_gradient(x: float, y: float, theta: Sequence[float]) -> Vector:
    """Return the gradient of one sample's squared error for the line: the book chapter's.

    The chapter's function, with its name and argument order:
    ``predicted = intercept + x * slope``, ``error = predicted - y``, and
    the gradient of ``error**2`` with respect to [slope, intercept] is
    ``[2 * error * x, 2 * error]``.  It is ``Linear``'s maths: the four
    lines live in ``Linear.sample_gradient``, which fit calls per sample;
    this checks x, y and theta first (errors name Linear).

    >>> linear_gradient(3.0, 5.0, [2.0, 1.0])
    [12.0, 4.0]
    """
    return _LINE.gradient(theta, x, y)


_LINE = Linear()


@dataclass(frozen=True)
class Proportional(Model):
    """The line through the origin ``y = w * x``; theta = [w].

    Its gradient is the lecture's ``gradient(x, y)``: ``2 * x * (x * w -
    y)``, in its order of operations (the lecture's printed trace comes out
    digit for digit).

    >>> Proportional().predict([2.0], 3.0)
    6.0
    >>> Proportional().gradient([1.0], 1.0, 2.0)
    [-2.0]
    """

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * x * (x * w - y)]``: the lecture's ``gradient``."""
        return [2 * x * (x * theta[0] - y)]

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return ``x * w``: the lecture's ``forward``."""
        predicted: float = x * theta[0]
        return predicted

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return ``([2 * mean(error * x)], mean(error**2))``, in one loop."""
        w = theta[0]
        sum_ex = sum_ee = 0.0  # plain running sums: see Linear.mean_gradient
        for x, y in zip(xs, ys):
            error = x * w - y
            sum_ex += error * x
            sum_ee += error * error
        n = len(xs)
        return [2 * sum_ex / n], sum_ee / n

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return ``[x]``."""
        return [x]

    def parameter_names(self, x: Any = None) -> List[str]:
        """Return ``["w"]``."""
        return ["w"]

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: the prediction is its dot with theta."""
        return [Fraction(x)]


@dataclass(frozen=True)
class Polynomial(Model):
    """The polynomial ``y = w_d * x**d + ... + w_1 * x + b``; theta = [w_d, ..., w_1, b].

    degree must be an int >= 0 (degree 0 is the constant model ``y = b``).
    The gradient is ``2 * error * x**j`` for each power j, from d down to 0
    (the lecture's exercise: ``2 * x * error`` for w_1); the prediction is
    Horner's rule.  Powers are built by multiplication (``**`` raises
    OverflowError on huge floats; ``*`` gives inf, which fit reports).

    >>> Polynomial(2).predict([1.0, 0.0, 1.0], 3.0)
    10.0
    >>> Polynomial(2).gradient([1.0, 0.0, 1.0], 3.0, 9.0)
    [18.0, 6.0, 2.0]
    """

    degree: int
    has_intercept = True

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x**d, ..., 2 * error * x, 2 * error]``."""
        error = self.prediction(theta, x) - y
        return [2 * error * power for power in self._powers(x)]

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return ``w_d * x**d + ... + w_1 * x + b`` by Horner's rule."""
        value = theta[0]
        for coefficient in theta[1:]:
            value = value * x + coefficient
        return value

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (mean of 2 * error * [x**d, ..., x, 1], mean of error**2), in one loop."""
        return _mean_gradient_of_rows(self.prediction, self._powers, theta, xs, ys)

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return ``[x**d, ..., x, 1]``."""
        return self._powers(x)

    def parameter_names(self, x: Any = None) -> List[str]:
        """Return ``["w_d", ..., "w_1", "b"]``."""
        return [f"w_{j}" for j in range(self.degree, 0, -1)] + ["b"]

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: the prediction is its dot with theta."""
        return [Fraction(x) ** j for j in range(self.degree, -1, -1)]

    def __post_init__(self) -> None:
        require_int("Polynomial", "degree", self.degree, minimum=0)

    def _powers(self, x: Any) -> List[Any]:
        """Return [x**d, ..., x, 1], built by multiplication."""
        powers = [1.0]
        for _ in range(self.degree):
            powers.append(powers[-1] * x)
        powers.reverse()
        return powers


@dataclass(frozen=True)
class MultipleLinear(Model):
    """The hyperplane ``y = w_1 * x_1 + ... + w_k * x_k + b``; theta = [w_1, ..., w_k, b].

    x is a sequence of k features; k is fixed by the data, so theta's length
    is checked against x (k + 1 values).  The gradient is ``2 * error *
    x_i`` for each weight and ``2 * error`` for b.  The weighted sum uses
    ``math.fsum`` (exactly rounded; where fsum raises, ``accurate_sum``'s
    IEEE answer: inf past the largest float; for a complex theta, the
    complex step's, fsum of the real and of the imaginary parts).

    >>> MultipleLinear().predict([1.0, 2.0, 0.5], [3.0, 4.0])
    11.5
    >>> MultipleLinear().gradient([1.0, 2.0, 0.5], [3.0, 4.0], 10.5)
    [6.0, 8.0, 2.0]
    """

    takes_vectors = True
    has_intercept = True

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``[2 * error * x_1, ..., 2 * error * x_k, 2 * error]``."""
        error = self.prediction(theta, x) - y
        return [2 * error * x_i for x_i in x] + [2 * error]

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return ``fsum(w_i * x_i) + b``."""
        products = [w_i * x_i for w_i, x_i in zip(theta, x)]
        try:
            return math.fsum(products) + theta[-1]
        except (OverflowError, ValueError):  # a partial sum past the floats, or inf - inf
            return accurate_sum(products) + theta[-1]  # IEEE arithmetic's answer
        except TypeError:  # a complex theta, for the complex step: each part summed by fsum
            real, imag = math.fsum(p.real for p in products), math.fsum(p.imag for p in products)
            return complex(real, imag) + theta[-1]  # type: ignore[return-value]

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (mean of 2 * error * [x_1, ..., x_k, 1], mean of error**2), in one loop."""
        return _mean_gradient_of_rows(self.prediction, lambda x: [*x, 1.0], theta, xs, ys)

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return ``[x_1, ..., x_k, 1]``."""
        return [*x, 1.0]

    def parameter_names(self, x: Any = None) -> List[str]:
        """Return ``["w_1", ..., "w_k", "b"]`` for x's k features (without x, symbolically)."""
        if x is None:
            return ["w_1", "...", "w_k", "b"]
        return [f"w_{j}" for j in range(1, len(x) + 1)] + ["b"]

    def design_row(self, x: Any) -> List[Fraction]:
        """Return x's row of the design matrix, exactly: the prediction is its dot with theta."""
        return [Fraction(x_i) for x_i in x] + [Fraction(1)]


class FunctionModel(Model):
    """Any model written as arithmetic, its gradients from ``vecgd.autodiff``.

    ``predict(theta, x)``, the prediction at the number x, uses operators and
    vecgd's ``exp``, ``log``, ``tanh``, ``sigmoid``, ``relu`` (not ``math``'s),
    so that it runs on ``Value``s.  ``prediction_gradient`` is one backward
    pass; a sample's gradient is ``2 * (prediction - y)`` times it.  ``theta[0]
    * x + theta[1]`` gives ``Linear``'s numbers to the last bit in every mode.

    >>> line = FunctionModel(lambda theta, x: theta[0] * x + theta[1], ["slope", "intercept"])
    >>> line.gradient([2.0, 1.0], 3.0, 5.0), line.prediction_gradient([2.0, 1.0], 3.0)
    ([12.0, 4.0], [3.0, 1.0])
    """

    def __init__(self, predict: Callable[[Any, Any], Any], parameter_names: Sequence[str]) -> None:
        require_callable("FunctionModel", "predict", predict)
        require_sequence("FunctionModel", "parameter_names", parameter_names, "a sequence of names")
        if not parameter_names:
            raise ValueError("FunctionModel: parameter_names must name a value (got none)")
        for name in parameter_names:
            require_str("FunctionModel", "parameter_names", name)
        self.function, self.names = predict, list(parameter_names)

    def __repr__(self) -> str:
        return f"FunctionModel({getattr(self.function, '__name__', '...')}, {self.names!r})"

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        """Return ``predict(theta, x)`` (run on Values: NaN propagates as in the other models)."""
        return self._traced(theta, x, grads=False)[0]

    def prediction_gradient(self, theta: Sequence[float], x: Any) -> Vector:
        """Return ``d prediction / d theta``: predict on Values, then one backward pass."""
        return self._traced(theta, x)[1]

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``2 * (prediction - y) * d prediction / d theta``."""
        predicted, slopes = self._traced(theta, x)
        return [2 * (predicted - y) * d for d in slopes]

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return (mean of 2 * error * d prediction / d theta, mean of error**2), in one loop."""
        sums, sum_ee = [0.0] * len(theta), 0.0  # running sums, as Linear's: the same bits
        for x, y in zip(xs, ys):
            predicted, slopes = self._traced(theta, x)
            error = predicted - y
            sum_ee += error * error
            for j, d in enumerate(slopes):
                sums[j] += error * d
        return [2 * s / len(xs) for s in sums], sum_ee / len(xs)

    def parameter_names(self, x: Any = None) -> List[str]:
        """Return the names given to the constructor."""
        return list(self.names)

    def _traced(self, theta: Sequence[float], x: Any, grads: bool = True) -> Tuple[float, Vector]:
        """Return (prediction, d prediction / d theta) from predict run on Values."""
        values = [Value(t) for t in theta]
        out = self.function(values, x)
        if not isinstance(out, Value):  # a constant: it does not use theta
            require_real("FunctionModel", "predict(theta, x)", out)
            return float(out), [0.0] * len(values)
        if grads:
            out.backward()
        return float(out.data), [float(v.grad) for v in values]
