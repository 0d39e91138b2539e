"""The checked entry points of ``vecgd.Model``, written once for every model.

``Model`` (in ``vecgd.models``) inherits these from ``CheckedModel``: each
checks its arguments, naming the model, then calls the maths a model
writes (``prediction``, ``sample_gradient``, ``mean_gradient``,
``parameter_names``).  They live here, out of the way of the models'
maths; ``Model`` refuses a subclass that redefines them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar, List, Tuple

from vecgd._checks import (
    as_inputs,
    as_vector,
    convert_numbers,
    require_length,
    require_real,
    require_rows,
    require_same_length,
    require_vector,
)

__all__ = ["CheckedModel"]

Vector = List[float]


class CheckedModel:
    """``predict``, ``gradient``, ``batch_gradient``, ``check_theta`` and ``check_inputs``.

    >>> from vecgd.models import Linear
    >>> Linear().predict([2.0, 1.0], "3")
    Traceback (most recent call last):
    TypeError: Linear: x must be a real number (got '3' (str))
    """

    takes_vectors: ClassVar[bool] = False
    has_intercept: ClassVar[bool] = False

    # The maths a model writes (vecgd.models.Model declares them).
    def prediction(self, theta: Sequence[float], x: Any) -> float:
        raise NotImplementedError

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        raise NotImplementedError

    def mean_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        raise NotImplementedError

    def parameter_names(self, x: Any = None) -> List[str]:
        raise NotImplementedError

    def predict(self, theta: Sequence[float], x: Any) -> float:
        """Return ``prediction(theta, x)`` after checking theta and x (any shape: as_vector)."""
        theta, x = self._check_sample(theta, x)
        return self.prediction(theta, x)

    def gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        """Return ``sample_gradient(theta, x, y)`` after checking theta, x and y."""
        theta, x = self._check_sample(theta, x)
        require_real(self._where(), "y", y)
        [y] = convert_numbers([y])
        return self.sample_gradient(theta, x, y)

    def batch_gradient(
        self, theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        """Return ``mean_gradient(theta, xs, ys)`` after checking the data and theta.

        xs must pass ``check_inputs`` and ys be finite numbers, as many as
        xs, at least one.
        """
        where = self._where()
        xs = as_inputs(where, self, xs)
        ys = as_vector(where, "ys", ys, finite=True, nonempty=True)
        require_same_length(where, xs, ys, what="xs and ys")
        theta = as_vector(where, "theta", theta)
        self.check_theta(theta, xs[0])
        return self.mean_gradient(theta, xs, ys)

    def check_theta(self, theta: Sequence[float], x: Any = None) -> None:
        """Raise unless theta is a vector with one value per name of ``parameter_names(x)``.

        A model that takes vectors sizes theta by x's features; without x,
        theta needs at least one weight (and the intercept).
        """
        where = self._where()
        require_vector(where, "theta", theta)
        if not self.takes_vectors:
            names = self.parameter_names(x)
            require_length(where, "theta", theta, len(names), names)
        elif x is None:
            names = self.parameter_names()
            require_length(where, "theta", theta, 1 + self.has_intercept, names, at_least=True)
        else:
            require_vector(where, "x", x)
            names = self.parameter_names(x)
            shown = names if len(names) <= 4 else [names[0], "...", names[-2], names[-1]]
            features = f" for x with {len(x)} feature{'s' if len(x) != 1 else ''}"
            require_length(where, "theta", theta, len(names), shown, extra=features)

    def check_inputs(self, where: str, xs: Sequence[Any]) -> None:
        """Raise unless every x is usable, naming the first bad row (where: the caller).

        Finite real numbers; for a model that takes vectors, non-empty
        vectors of finite numbers, all one length.
        """
        if self.takes_vectors:
            require_rows(where, "xs", xs)
        else:
            require_vector(where, "xs", xs, finite=True)

    def _check_sample(self, theta: Sequence[float], x: Any) -> tuple[list[Any], Any]:
        """Return (theta, x) as plain numbers; raise unless x is an input and theta fits it."""
        where = self._where()
        theta = as_vector(where, "theta", theta)
        if self.takes_vectors:
            x = as_vector(where, "x", x, nonempty=True)
        else:
            require_real(where, "x", x)
            [x] = convert_numbers([x])
        self.check_theta(theta, x)
        return theta, x

    def _where(self) -> str:
        """Return the model's name for errors: its class, and the fields that set it up."""
        name = type(self).__name__
        if not dataclasses.is_dataclass(self):
            return name
        fields = [f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self)]
        return f"{name}({', '.join(fields)})" if fields else name  # Polynomial(degree=2)
