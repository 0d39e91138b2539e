"""The book's building blocks of gradient descent: one step, and minibatches.

``gradient_step`` and ``minibatches`` are the functions of the gradient
descent chapter of Data Science from Scratch, with the same names,
parameters and results; the training loops in ``vecgd.training`` and the
optimizers in ``vecgd.optimizers`` are built from the same idea.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import TypeVar

from vecgd._checks import describe, require_bool, require_finite, require_int, require_pair
from vecgd.vector import Vector

__all__ = ["gradient_step", "minibatches"]

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
    if isinstance(dataset, (str, bytes)) or not isinstance(dataset, Sequence):
        raise TypeError(f"minibatches: dataset must be a sequence (got {describe(dataset)})")
    require_int("minibatches", "batch_size", batch_size, minimum=1)
    require_bool("minibatches", "shuffle", shuffle)
    if rng is not None and not isinstance(rng, random.Random):
        raise TypeError(f"minibatches: rng must be a random.Random (got {describe(rng)})")
    starts = list(range(0, len(dataset), batch_size))
    if shuffle:
        (rng if rng is not None else random.Random()).shuffle(starts)
    return (list(dataset[start : start + batch_size]) for start in starts)
