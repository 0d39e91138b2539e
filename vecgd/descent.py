"""The building blocks of gradient descent: one step, minibatches, clipping, divergence.

``gradient_step`` and ``minibatches`` are the functions of the book
chapter (Data Science from Scratch, "Gradient Descent"), with the same
names, parameters and results; ``SGD.update`` is ``gradient_step(theta, g,
-lr)``.  ``clip_by_norm`` and ``clip_by_value`` shorten a gradient before a
step, as PyTorch's ``clip_grad_norm_`` and ``clip_grad_value_`` do.
``DivergenceError`` is what ``fit``, ``minimize`` and ``lr_range_test``
raise when a loss or theta stops being finite.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import TypeVar

from vecgd._checks import (
    describe,
    require_bool,
    require_finite,
    require_int,
    require_pair,
    require_positive,
    require_sequence,
    require_vector,
)
from vecgd.vector import Vector, magnitude

__all__ = ["DivergenceError", "clip_by_norm", "clip_by_value", "gradient_step", "minibatches"]

T = TypeVar("T")


def gradient_step(v: Sequence[float], gradient: Sequence[float], step_size: float) -> Vector:
    """Move step_size in the gradient direction from v.

    Formula: ``gradient_step(v, g, s)[i] = v[i] + s * g[i]``.  To descend,
    pass a negative step size, as the book does
    (``gradient_step(theta, grad, -learning_rate)``).  v and gradient must
    have the same length and step_size must be finite.

    >>> gradient_step([1.0, 2.0], [0.5, -1.0], -0.5)
    [0.75, 2.5]
    """
    require_pair("gradient_step", v, gradient, names=("v", "gradient"))
    require_finite("gradient_step", "step_size", step_size)
    return [v_i + step_size * g_i for v_i, g_i in zip(v, gradient)]


def minibatches(
    dataset: Sequence[T],
    batch_size: int,
    shuffle: bool = True,
    rng: random.Random | None = None,
) -> Iterator[list[T]]:
    """Yield consecutive slices of dataset of length batch_size (the last may be shorter).

    Batches are cut at ``0, batch_size, 2*batch_size, ...``; with
    ``shuffle=True`` the *order of the batches* is shuffled, not the
    samples inside them, exactly as the book does.  Shuffling uses ``rng``
    (a ``random.Random``), or a new unseeded one: never the global
    ``random`` state, so ``rng=random.Random(seed)`` gives the same batches
    every run.  batch_size must be an integer of at least 1.

    >>> list(minibatches([1, 2, 3, 4, 5], 2, shuffle=False))
    [[1, 2], [3, 4], [5]]
    >>> sorted(minibatches([1, 2, 3, 4, 5], 2, rng=random.Random(0)))
    [[1, 2], [3, 4], [5]]
    """
    require_sequence("minibatches", "dataset", dataset)
    require_int("minibatches", "batch_size", batch_size, minimum=1)
    require_bool("minibatches", "shuffle", shuffle)
    if rng is not None and not isinstance(rng, random.Random):
        raise TypeError(f"minibatches: rng must be a random.Random (got {describe(rng)})")
    starts = list(range(0, len(dataset), batch_size))
    if shuffle:
        (rng if rng is not None else random.Random()).shuffle(starts)
    return (list(dataset[start : start + batch_size]) for start in starts)


def clip_by_norm(gradient: Sequence[float], max_norm: float) -> Vector:
    """Return gradient scaled so that its Euclidean norm is at most max_norm.

    PyTorch's ``clip_grad_norm_``: every entry is multiplied by
    ``min(1, max_norm / (norm + 1e-6))``, so a gradient already short
    enough comes back unchanged and a long one comes back a hair under
    max_norm.  max_norm must be positive and the gradient finite, else
    ValueError.

    >>> clip_by_norm([3.0, 4.0], 10.0)
    [3.0, 4.0]
    >>> [round(g, 6) for g in clip_by_norm([3.0, 4.0], 1.0)]
    [0.6, 0.8]
    """
    require_vector("clip_by_norm", "gradient", gradient, finite=True)
    require_positive("clip_by_norm", "max_norm", max_norm)
    factor = min(max_norm / (magnitude(gradient) + 1e-6), 1.0)
    return [g * factor for g in gradient]


def clip_by_value(gradient: Sequence[float], limit: float) -> Vector:
    """Return gradient with every entry clamped to [-limit, limit].

    PyTorch's ``clip_grad_value_``: ``max(-limit, min(g, limit))`` entry by
    entry (the direction may change).  limit must be positive and the
    gradient finite, else ValueError.

    >>> clip_by_value([3.0, -0.5, -7.0], 1.0)
    [1.0, -0.5, -1.0]
    """
    require_vector("clip_by_value", "gradient", gradient, finite=True)
    require_positive("clip_by_value", "limit", limit)
    return [max(-limit, min(float(g), limit)) for g in gradient]


class DivergenceError(ArithmeticError):
    """Raised when a loss or theta stops being finite during training.

    Attributes: ``epoch`` (0-based; for ``minimize``, the step), ``lr`` (the
    learning rate in use) and ``theta``, the last theta known to be finite:
    for ``minimize``, the point before the step that diverged (the new
    point, when only f there overflowed); for ``fit``, the theta at the end
    of the epoch when only the loss overflowed, else the theta at the start
    of the epoch (fit tests theta once per epoch).

    >>> error = DivergenceError(3, 0.5, [1.0, 2.0])
    >>> print(error)  # doctest: +NORMALIZE_WHITESPACE
    fit: the loss or theta stopped being finite in epoch 3 with lr=0.5;
    try a smaller learning rate, such as 0.05
    >>> error.theta
    [1.0, 2.0]
    """

    def __init__(
        self, epoch: int, lr: float, theta: Sequence[float], where: str = "fit", unit: str = "epoch"
    ) -> None:
        self.epoch = epoch
        self.lr = lr
        self.theta: Vector = list(theta)
        super().__init__(
            f"{where}: the loss or theta stopped being finite in {unit} {epoch} with lr={lr!r}; "
            f"try a smaller learning rate, such as {lr / 10!r}"
        )
