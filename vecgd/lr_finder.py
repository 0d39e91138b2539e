"""The learning-rate range test: Smith (2015), fastai's ``lr_find``.

Take one step per batch with a learning rate that grows geometrically,
from very small to very large, and watch the loss: it falls slowly, then
fast, then explodes.  The learning rate where it falls fastest is a good
one to start from.  The caller's theta and optimizer are left as they were.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, List, Tuple

from vecgd._checks import (
    as_data,
    is_finite_vector,
    require_batching,
    require_int,
    require_members,
    require_positive,
    require_unit_interval,
)
from vecgd.descent import minibatches
from vecgd.models import Model
from vecgd.optimizers import Optimizer

__all__ = ["LRRangeResult", "lr_range_test"]

_OPTIMIZER_MEMBERS = ["lr", "step()", "reset()", "state_dict()", "load_state_dict()"]
@dataclass(frozen=True)
class LRRangeResult:
    """The result of lr_range_test: the learning rates tried, the smoothed losses, a suggestion.

    >>> LRRangeResult([0.1, 1.0], [2.0, 1.0], 0.1).suggested_lr
    0.1
    """

    lrs: List[float]
    losses: List[float]
    suggested_lr: float

    def __repr__(self) -> str:  # a summary: the whole history would run to megabytes
        from vecgd import _display  # only when shown: fitting never loads the pictures

        return _display.summary("LRRangeResult", _display.lr_range_rows(self))

    def _repr_html_(self) -> str:
        """Return a small table, for notebooks."""
        from vecgd import _display

        return _display.html("LRRangeResult", _display.lr_range_rows(self))


def lr_range_test(
    model: Model,
    xs: Sequence[Any],
    ys: Sequence[float],
    theta: Sequence[float],
    optimizer: Optimizer | Any,
    *,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    steps: int = 100,
    batch_size: int | None = 1,
    shuffle: bool = False,
    seed: int | None = None,
    smoothing: float = 0.98,
    diverge_factor: float = 4.0,
) -> LRRangeResult:
    """Run the learning-rate range test and suggest a learning rate.

    Step i of ``steps`` uses ``lr = exp(log(start_lr) + i * (log(end_lr) -
    log(start_lr)) / (steps - 1))`` (geometric growth, computed through logs
    so that no ratio overflows) on the next batch (``batch_size`` as in fit; the data
    is cycled).  Before each step it records the mean squared error over ALL
    the data (not the batch's, as fastai does: on small data one sample's
    loss says more about the sample than about the lr), smoothed as fastai
    does: ``avg = smoothing * avg + (1 - smoothing) * loss``,
    recorded ``avg / (1 - smoothing**(i + 1))``.  It stops early when the
    smoothed loss exceeds ``diverge_factor`` times the best so far, or stops
    being finite.  The suggestion is the lr where the smoothed loss falls
    fastest against log(lr).  The caller's theta and optimizer are left as
    they were: the optimizer is reset for the test and its state_dict
    restored after.  Raises ValueError when fewer than 3 losses were
    recorded (lower start_lr).

    >>> from vecgd.models import Linear
    >>> from vecgd.optimizers import SGD
    >>> xs = [i / 10 for i in range(10)]
    >>> result = lr_range_test(Linear(), xs, [2 * x + 1 for x in xs], [0.0, 0.0], SGD(0.1))
    >>> 0.01 < result.suggested_lr < 10
    True
    """
    where = "lr_range_test"
    require_positive(where, "start_lr", start_lr)
    require_positive(where, "end_lr", end_lr)
    if not start_lr < end_lr:
        raise ValueError(
            f"{where}: start_lr must be below end_lr (got {start_lr!r} and {end_lr!r})"
        )
    require_int(where, "steps", steps, minimum=3)
    require_batching(where, batch_size, shuffle, seed)
    require_unit_interval(where, "smoothing", smoothing)
    require_positive(where, "diverge_factor", diverge_factor)
    require_members(where, "optimizer", optimizer, _OPTIMIZER_MEMBERS, "SGD(0.1)")
    xs, ys, theta = as_data(where, model, Model, xs, ys, theta)  # plain lists, any shape given

    mean_gradient = model.mean_gradient
    saved_state = copy.deepcopy(optimizer.state_dict())
    saved_lr = optimizer.lr
    batches = _cycle(list(zip(xs, ys)), batch_size, shuffle, random.Random(seed))
    current = list(theta)
    lrs: List[float] = []
    losses: List[float] = []
    average, best = 0.0, math.inf
    optimizer.reset()
    try:
        for i, lr in enumerate(_geometric(start_lr, end_lr, steps)):
            batch = next(batches)
            try:
                gradient, loss = mean_gradient(current, xs, ys)
                average = smoothing * average + (1 - smoothing) * loss
                smoothed = average / (1 - smoothing ** (i + 1))
                if not math.isfinite(smoothed):
                    break
                lrs.append(lr)
                losses.append(smoothed)
                if smoothed > diverge_factor * best:
                    break
                best = min(best, smoothed)
                if batch_size is not None:
                    batch_xs, batch_ys = [p[0] for p in batch], [p[1] for p in batch]
                    gradient = mean_gradient(current, batch_xs, batch_ys)[0]
                if not is_finite_vector(gradient):
                    break
                optimizer.lr = lr
                current = optimizer.step(current, gradient)
            except OverflowError:
                break
            if not is_finite_vector(current):
                break
    finally:
        optimizer.load_state_dict(saved_state)
        optimizer.lr = saved_lr
    if len(losses) < 3:
        raise ValueError(
            f"{where}: the loss exploded after {len(losses)} steps, too few to find a slope; "
            f"lower start_lr (got {start_lr!r})"
        )
    return LRRangeResult(lrs, losses, _steepest(lrs, losses))


def _geometric(start: float, end: float, steps: int) -> List[float]:
    """Return steps learning rates from start to end, evenly spaced in log(lr).

    Through logs, so that no ratio ``end / start`` overflows (1e-300 to
    1e300 is fine), and clamped to [start, end], so that rounding never
    makes exp overflow or step outside the range asked for.
    """
    low, high = math.log(start), math.log(end)
    lrs = []
    for k in range(steps):
        log_lr = min(low + k * (high - low) / (steps - 1), high)
        lrs.append(min(max(math.exp(log_lr), start), end))
    return lrs


def _cycle(
    pairs: List[Tuple[Any, float]], batch_size: int | None, shuffle: bool, rng: random.Random
) -> Iterator[List[Tuple[Any, float]]]:
    """Yield batches for ever: passes over the data, reshuffled each pass when asked."""
    while True:
        if batch_size is None:
            yield pairs
        else:
            yield from minibatches(pairs, batch_size, shuffle=shuffle, rng=rng)


def _steepest(lrs: List[float], losses: List[float]) -> float:
    """Return the lr where the loss falls fastest against log(lr) (numpy.gradient's slopes)."""
    logs = [math.log(lr) for lr in lrs]
    last = len(losses) - 1
    slopes = []
    for i in range(len(losses)):
        lo, hi = max(i - 1, 0), min(i + 1, last)
        run = logs[hi] - logs[lo]  # 0 only when start_lr and end_lr are a few ulps apart
        slopes.append((losses[hi] - losses[lo]) / run if run else 0.0)
    return lrs[min(range(len(slopes)), key=slopes.__getitem__)]
