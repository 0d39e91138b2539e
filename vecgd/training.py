"""Training loops: fit a model to data, minimize a function, find a learning rate.

``fit`` runs epochs of gradient descent on a model's mean squared error:
``batch_size=None`` takes one step per epoch on the whole data (the lesson
of seed 000, the book's batch descent), ``batch_size=1`` one step per
sample in data order (the lecture and the lesson of seed 003), and
``batch_size=k`` one step per minibatch from ``vecgd.descent.minibatches``.
After each epoch it records, in ``FitResult.history``:

* ``epoch``: the 0-based index of the epoch just finished (as in
  ``for epoch in range(epochs)``), so the lecture's ``epoch % 10 == 0``
  works unchanged;
* ``loss``: the mean squared error over ALL the data at the END of the
  epoch (not an average of the losses seen during the epoch);
* ``lr``: the learning rate used during the epoch;
* ``gradient_norm``: the length of the full-data mean gradient at the end
  of the epoch.

Then, in this order: ``callback(epoch, theta, loss)`` (raising
``StopIteration`` stops the fit, scipy's convention), the ``tolerance``
test (scikit-learn's ``tol``/``n_iter_no_change``: stop when the loss has
not improved by ``tolerance`` for ``patience`` epochs in a row), and
``schedule.step(loss)``.

Every argument is checked before any work.  When the loss or theta stops
being finite (overflow included), ``DivergenceError`` is raised with the
last theta known to be finite: no loop here returns NaN.  With vecgd's own
model and optimizer, fit tests theta once per epoch, at its end (a test
per step made per-sample fits about 1.2x slower), so a theta that
overflows within an epoch is reported with the theta of that epoch's
start.  Randomness (shuffling) comes only from ``random.Random(seed)``:
the same seed gives the same bits.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, NamedTuple, Tuple

from vecgd._checks import (
    describe,
    require_bool,
    require_callable,
    require_int,
    require_nonnegative,
    require_positive,
    require_same_length,
    require_unit_interval,
    require_vector,
)
from vecgd.descent import minibatches
from vecgd.gradients import estimate_gradient
from vecgd.models import (
    Linear,
    Model,
    MultipleLinear,
    Polynomial,
    Proportional,
    mean_squared_error,
)
from vecgd.optimizers import Optimizer, _unchecked, clip_by_norm
from vecgd.vector import Vector, _fsum

if TYPE_CHECKING:  # for fit's annotation only: fitting does not load the schedules
    from vecgd.schedules import Schedule

__all__ = [
    "DivergenceError",
    "EpochRecord",
    "FitResult",
    "LRRangeResult",
    "MinimizeResult",
    "fit",
    "lr_range_test",
    "minimize",
]


_BUILT_IN_MODELS = (Linear, Proportional, Polynomial, MultipleLinear)
_Step = Callable[[Sequence[float], Sequence[float]], Vector]


class DivergenceError(ArithmeticError):
    """Raised when a loss or theta stops being finite during training.

    Attributes: ``epoch`` (0-based; for ``minimize``, the step), ``lr`` (the
    learning rate in use) and ``theta``, the last theta known to be finite:
    for ``minimize``, the point before the step that diverged; for ``fit``,
    the theta at the end of the epoch when only the loss overflowed, else
    the theta at the START of the epoch, because fit tests theta once per
    epoch when the model and the optimizer are vecgd's own (other models and
    optimizers are tested at every step: theta is then the one before the
    step that diverged).

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


class _Diverged(Exception):
    """Internal: a step made theta non-finite; carries the last finite theta."""

    def __init__(self, theta: Vector) -> None:
        super().__init__()
        self.theta = theta


class EpochRecord(NamedTuple):
    """What fit records after each epoch (see the module docstring).

    A named tuple rather than a frozen dataclass: fit makes one per epoch,
    and a tuple is made in a third of the time.

    >>> EpochRecord(epoch=0, loss=0.25, lr=0.1, gradient_norm=1.5).loss
    0.25
    """

    epoch: int
    loss: float
    lr: float
    gradient_norm: float


@dataclass(frozen=True)
class FitResult:
    """The result of fit.

    ``theta``: the final parameters; ``loss``: the final mean squared error
    over all the data; ``history``: one ``EpochRecord`` per epoch run;
    ``epochs``: how many epochs ran; ``stop_reason``: ``"epochs"`` (ran
    them all), ``"tolerance"`` or ``"callback"``.

    >>> result = FitResult([2.0], 0.0, [EpochRecord(0, 0.0, 0.1, 0.0)], 1, "epochs")
    >>> result.losses
    [0.0]
    """

    theta: Vector
    loss: float
    history: List[EpochRecord]
    epochs: int
    stop_reason: str

    @property
    def losses(self) -> List[float]:
        """Return the per-epoch losses of the history."""
        return [record.loss for record in self.history]


def _finite(theta: Vector) -> bool:
    """Return True when every value of theta is finite (fast path: a finite sum)."""
    # A finite sum means no inf or NaN; only an overflowing sum needs the full look.
    return math.isfinite(sum(theta)) or all(map(math.isfinite, theta))


def _clip(gradient: Vector, max_norm: float | None) -> Vector:
    """Return gradient, checked finite and clipped to max_norm (PyTorch's clip_grad_norm_)."""
    # Optimizers refuse a non-finite gradient with ValueError; here it means the
    # step would diverge, which the loops report as such (OverflowError -> _Diverged).
    if not _finite(gradient):
        raise OverflowError("the gradient is not finite")
    return gradient if max_norm is None else clip_by_norm(gradient, max_norm)


_BatchGradient = Callable[[Sequence[float], Sequence[Any], Sequence[float]], Tuple[Vector, float]]


def _batch_gradient_of(model: Model) -> _BatchGradient:
    """Return model.batch_gradient; for a model without one, the same from its gradient.

    That is the mean of the per-sample gradients, summed with fsum, and the
    mean squared error of the predictions.
    """
    batch_gradient: _BatchGradient | None = getattr(model, "batch_gradient", None)
    if batch_gradient is not None:
        return batch_gradient

    def mean_gradient(
        theta: Sequence[float], xs: Sequence[Any], ys: Sequence[float]
    ) -> Tuple[Vector, float]:
        gradients = [model.gradient(theta, x, y) for x, y in zip(xs, ys)]
        # _fsum gives inf or NaN where fsum would raise: the loops report those.
        mean = [_fsum(column, len(gradients)) for column in zip(*gradients)]
        return mean, mean_squared_error([model.predict(theta, x) for x in xs], ys)

    return mean_gradient


def _evaluate(
    batch_gradient: _BatchGradient, theta: Vector, xs: Sequence[Any], ys: Sequence[float]
) -> Tuple[Vector, float]:
    """Return (mean gradient, mean squared error) at theta over (xs, ys), as a list and a float."""
    gradient, loss = batch_gradient(theta, xs, ys)
    return list(gradient), float(loss)


def _require_members(
    where: str, name: str, thing: Any, members: Tuple[str, ...], like: str
) -> None:
    """Raise TypeError unless thing has every one of members: lr, and methods to call."""
    def has(member: str) -> bool:
        return hasattr(thing, member) if member == "lr" else callable(getattr(thing, member, None))

    missing = [member for member in members if not has(member)]
    if missing:
        raise TypeError(
            f"{where}: {name} must have {', '.join(members)}, like {like} "
            f"(got {describe(thing)}, without {', '.join(missing)})"
        )


_MODEL_METHODS = ("predict", "gradient", "check_theta", "check_inputs")


def _check_data(
    where: str, model: Model, xs: Sequence[Any], ys: Sequence[float], theta: Sequence[float]
) -> None:
    """Check the model, data and theta once, before any work."""
    _require_members(where, "model", model, _MODEL_METHODS, "Linear()")
    require_vector(where, "ys", ys, finite=True)
    model.check_inputs(where, xs)
    require_same_length(where, xs, ys, what="xs and ys")
    if len(xs) == 0:
        raise ValueError(f"{where}: needs at least one sample (got empty xs and ys)")
    require_vector(where, "theta", theta, finite=True, nonempty=True)
    model.check_theta(theta, xs[0])


def _check_optional(
    where: str, name: str, value: Any, check: Callable[[str, str, Any], None]
) -> None:
    if value is not None:
        check(where, name, value)


def _check_batch_size(where: str, name: str, value: Any) -> None:
    require_int(where, name, value, minimum=1)


@dataclass(frozen=True)
class _Loop:
    """How fit's loops call the model and the optimizer, chosen once per fit (see _loop).

    ``check(theta)`` runs at the start of each epoch; ``step(theta,
    gradient)`` takes one step, clipping included; ``gradient`` and
    ``batch_gradient`` are the model's.
    """

    check: Callable[[Vector], None]
    step: _Step
    gradient: Callable[[Sequence[float], Any, float], Vector]
    batch_gradient: _BatchGradient


def _loop(model: Model, optimizer: Optimizer, clip_norm: float | None) -> _Loop:
    """Return how fit calls model and optimizer.

    vecgd's own model and optimizer (exactly their classes; a subclass may
    override a method) get the fast loop: the optimizer checks lr and theta
    once per epoch, then fit calls the unchecked ``_step`` and the model's
    unchecked ``_gradient`` and ``_batch_gradient`` on the data it checked
    once.  Their arithmetic turns an overflow into inf or NaN, never an
    error, so fit tests theta once per epoch, at its end.  Anything else
    gets the public ``step``, ``gradient`` and ``batch_gradient``, each
    gradient checked finite and each new theta tested, as a careful caller
    of ``step`` would.
    """
    unchecked = _unchecked(optimizer)
    if type(model) in _BUILT_IN_MODELS and unchecked is not None:
        built_in: Any = model  # one of _BUILT_IN_MODELS, with the private methods
        check, step = unchecked
        if clip_norm is not None:
            step = _clipped(step, clip_norm)
        return _Loop(check, step, built_in._gradient, built_in._batch_gradient)

    def checked_step(theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Step on a checked (and clipped) gradient; raise _Diverged with theta if it overflows."""
        try:
            new = optimizer.step(theta, _clip(list(gradient), clip_norm))
        except OverflowError:  # a custom optimizer's **, which raises where * gives inf
            raise _Diverged(list(theta)) from None
        if not _finite(new):
            raise _Diverged(list(theta))
        return new

    return _Loop(lambda theta: None, checked_step, model.gradient, _batch_gradient_of(model))


def _clipped(step: _Step, max_norm: float) -> _Step:
    """Return step with each gradient first checked finite and clipped to max_norm."""
    return lambda theta, gradient: step(theta, _clip(list(gradient), max_norm))


def _sample_steps(loop: _Loop, theta: Vector, samples: Iterable[Tuple[Any, float]]) -> Vector:
    """Take one step per sample, on the gradient at that sample."""
    gradient_of, step = loop.gradient, loop.step  # locals: the per-sample hot loop
    for x, y in samples:
        theta = step(theta, gradient_of(theta, x, y))
    return theta


def _batch_steps(
    loop: _Loop, theta: Vector, batches: Iterable[List[int]], data: Tuple[List[Any], List[float]]
) -> Vector:
    """Take one step per minibatch (a run of indices into data), on its mean gradient."""
    xs, ys = data
    for batch in batches:
        start, stop = batch[0], batch[-1] + 1
        gradient = _evaluate(loop.batch_gradient, theta, xs[start:stop], ys[start:stop])[0]
        theta = loop.step(theta, gradient)
    return theta


def fit(
    model: Model,
    xs: Sequence[Any],
    ys: Sequence[float],
    theta: Sequence[float],
    optimizer: Optimizer,
    *,
    epochs: int,
    batch_size: int | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    schedule: Schedule | None = None,
    tolerance: float | None = None,
    patience: int = 5,
    callback: Callable[[int, Vector, float], None] | None = None,
    clip_norm: float | None = None,
) -> FitResult:
    """Fit model to (xs, ys) from theta by descending the mean squared error.

    Each epoch: ``batch_size=None``, one step on the mean gradient over all
    the data; ``1``, one step per sample (``model.gradient``), in order
    unless ``shuffle``; ``k``, one step per batch from
    ``minibatches(..., k, shuffle, random.Random(seed))``.  A step is
    ``theta = optimizer.step(theta, gradient)``, the gradient first scaled
    to length ``clip_norm`` when longer.  fit does not reset the optimizer.
    The module docstring says what is recorded and when the fit stops.

    Raises TypeError or ValueError for bad arguments (data of different
    lengths, empty, non-finite or non-numeric data, theta of the wrong
    length, epochs not an int >= 0, batch_size not an int >= 1), before any
    work; DivergenceError when the loss or theta stops being finite.

    >>> from vecgd.models import Proportional
    >>> from vecgd.optimizers import SGD
    >>> xs, ys = [1, 2, 3], [2, 4, 6]
    >>> result = fit(Proportional(), xs, ys, [1.0], SGD(0.01), epochs=50, batch_size=1)
    >>> round(result.theta[0], 6), result.epochs, result.stop_reason
    (2.0, 50, 'epochs')
    """
    where = "fit"
    require_int(where, "epochs", epochs, minimum=0)
    _check_optional(where, "batch_size", batch_size, _check_batch_size)
    require_bool(where, "shuffle", shuffle)
    _check_optional(where, "seed", seed, require_int)
    _check_optional(where, "tolerance", tolerance, require_nonnegative)
    require_int(where, "patience", patience, minimum=1)
    _check_optional(where, "callback", callback, require_callable)
    _check_optional(where, "clip_norm", clip_norm, require_positive)
    if schedule is not None and not callable(getattr(schedule, "step", None)):
        raise TypeError(f"fit: schedule must have a step(loss) method (got {describe(schedule)})")
    _require_members(where, "optimizer", optimizer, ("lr", "step"), "SGD(0.1)")
    _check_data(where, model, xs, ys, theta)

    theta = list(theta)
    pairs = list(zip(xs, ys)) if batch_size == 1 else []  # samples for the per-sample loop
    data = (list(xs), list(ys)) if batch_size is not None and batch_size > 1 else ([], [])
    loop = _loop(model, optimizer, clip_norm)
    rng = random.Random(seed)
    try:
        gradient, loss = _evaluate(loop.batch_gradient, theta, xs, ys)
    except OverflowError:
        loss = math.inf
    if not math.isfinite(loss):
        raise DivergenceError(0, optimizer.lr, theta)
    history: List[EpochRecord] = []
    best, stale, reason = loss, 0, "epochs"
    for epoch in range(epochs):
        lr, start = optimizer.lr, theta
        try:
            loop.check(theta)  # what the optimizer's step checks, once per epoch
            if batch_size is None:  # the gradient at theta is known from the last evaluation
                theta = loop.step(theta, gradient)
            elif batch_size == 1:  # per sample: model.gradient, in data order unless shuffled
                samples = (b[0] for b in minibatches(pairs, 1, rng=rng)) if shuffle else pairs
                theta = _sample_steps(loop, theta, samples)
            else:  # minibatches of indices: the same batches, and rng draws, as of the pairs
                batches = minibatches(range(len(xs)), batch_size, shuffle=shuffle, rng=rng)
                theta = _batch_steps(loop, theta, batches, data)
            gradient, loss = _evaluate(loop.batch_gradient, theta, xs, ys)
        except _Diverged as diverged:  # a checked step: the last finite theta
            raise DivergenceError(epoch, lr, diverged.theta) from None
        except OverflowError:  # in the model or a step: start is the last theta known finite
            raise DivergenceError(epoch, lr, start) from None
        if not _finite(theta):  # the fast loop tests theta here, once per epoch
            raise DivergenceError(epoch, lr, start)
        if not math.isfinite(loss) or not _finite(gradient):
            raise DivergenceError(epoch, lr, theta)
        history.append(EpochRecord(epoch, loss, lr, math.hypot(*gradient)))
        if callback is not None:
            try:
                callback(epoch, list(theta), loss)
            except StopIteration:
                reason = "callback"
                break
        if tolerance is not None:
            stale = stale + 1 if loss > best - tolerance else 0
            best = min(best, loss)
            if stale >= patience:
                reason = "tolerance"
                break
        if schedule is not None:
            schedule.step(loss)
    return FitResult(theta, loss, history, len(history), reason)


# === minimize: a plain function of a Vector ===


@dataclass(frozen=True)
class MinimizeResult:
    """The result of minimize, in scipy.optimize's vocabulary.

    ``x``: the final point; ``fun``: f(x); ``nit``: steps taken; ``nfev``:
    calls of f (the numeric gradient's included); ``success`` and
    ``message``: why it stopped; ``history``: f after each step.

    >>> MinimizeResult([0.0], 0.0, 1, 2, True, "done", [0.0]).fun
    0.0
    """

    x: Vector
    fun: float
    nit: int
    nfev: int
    success: bool
    message: str
    history: List[float]


def _gradient_at(gradient: Callable[[Vector], Sequence[float]], x: Vector) -> Vector:
    """Return gradient(x) as a list, checked: numbers, one per coordinate of x."""
    g = gradient(x)
    require_vector("minimize", "gradient(x)", g)
    require_same_length("minimize", x, g, what="x and gradient(x)")
    return list(g)


def minimize(
    f: Callable[[Vector], float],
    v: Sequence[float],
    optimizer: Optimizer,
    *,
    steps: int,
    gradient: Callable[[Vector], Sequence[float]] | None = None,
    tolerance: float | None = None,
    callback: Callable[[int, Vector, float], None] | None = None,
) -> MinimizeResult:
    """Minimize f from v by taking optimizer steps along its gradient.

    Each step: ``g = gradient(x)`` (or, without ``gradient``,
    ``estimate_gradient(f, x, method="central")``), then
    ``x = optimizer.step(x, g)``.  With ``tolerance``, stop (success) as
    soon as the gradient's length ``|g|`` falls below it; otherwise run all
    ``steps`` (success without tolerance; failure with it).
    ``callback(step, x, f(x))`` runs after each step and may raise
    StopIteration to stop (success False, as in scipy).  Raises ValueError
    or TypeError for bad arguments, DivergenceError when f(x) or x stops
    being finite.

    >>> from vecgd.optimizers import SGD
    >>> from vecgd.vector import sum_of_squares
    >>> double = lambda v: [2 * v_i for v_i in v]          # sum_of_squares' gradient
    >>> result = minimize(sum_of_squares, [3.0, 4.0], SGD(0.25), steps=10, gradient=double)
    >>> result.x, result.fun, result.nit, result.nfev, result.success
    ([0.0029296875, 0.00390625], 2.384185791015625e-05, 10, 11, True)
    >>> estimated = minimize(sum_of_squares, [3.0, 4.0], SGD(0.25), steps=10)
    >>> [round(x_i, 6) for x_i in estimated.x], estimated.nfev   # 1 + 10 * (2 * 2 + 1)
    ([0.00293, 0.003906], 51)
    """
    where = "minimize"
    require_callable(where, "f", f)
    require_vector(where, "v", v, finite=True, nonempty=True)
    require_int(where, "steps", steps, minimum=0)
    _check_optional(where, "gradient", gradient, require_callable)
    _check_optional(where, "tolerance", tolerance, require_nonnegative)
    _check_optional(where, "callback", callback, require_callable)
    _require_members(where, "optimizer", optimizer, ("lr", "step"), "SGD(0.1)")
    calls = [0]

    def counted(w: Vector) -> float:
        calls[0] += 1
        return f(w)

    x = list(v)
    fun = counted(x)
    if not math.isfinite(fun):
        raise ValueError(f"minimize: f(v) must be finite (got {fun!r})")
    history: List[float] = []
    success, message = True, f"ran all {steps} steps"
    if tolerance is not None:
        success, message = False, f"the gradient stayed longer than tolerance for {steps} steps"
    for step in range(steps):
        lr = optimizer.lr
        try:
            if gradient is not None:
                g = _gradient_at(gradient, x)
            else:
                g = estimate_gradient(counted, x, method="central")
            if not _finite(g):
                raise DivergenceError(step, lr, x, where, "step")
            if tolerance is not None and math.hypot(*g) < tolerance:
                success, message = True, f"gradient length fell below tolerance at step {step}"
                break
            new = optimizer.step(x, g)
            if not _finite(new):
                raise DivergenceError(step, lr, x, where, "step")
            value = counted(new)
        except OverflowError:
            raise DivergenceError(step, lr, x, where, "step") from None
        if not math.isfinite(value):
            raise DivergenceError(step, lr, new, where, "step")
        x, fun = new, value
        history.append(fun)
        if callback is not None:
            try:
                callback(step, list(x), fun)
            except StopIteration:
                success, message = False, f"stopped by the callback after step {step}"
                break
    return MinimizeResult(x, fun, len(history), calls[0], success, message, history)


# === lr_range_test: Smith (2015), fastai's lr_find ===


@dataclass(frozen=True)
class LRRangeResult:
    """The result of lr_range_test: the learning rates tried, the smoothed losses, a suggestion.

    >>> LRRangeResult([0.1, 1.0], [2.0, 1.0], 0.1).suggested_lr
    0.1
    """

    lrs: List[float]
    losses: List[float]
    suggested_lr: float


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


_OPTIMIZER_MEMBERS = ("lr", "step", "reset", "state_dict", "load_state_dict")


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


def lr_range_test(
    model: Model,
    xs: Sequence[Any],
    ys: Sequence[float],
    theta: Sequence[float],
    optimizer: Optimizer,
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
    _check_optional(where, "batch_size", batch_size, _check_batch_size)
    require_bool(where, "shuffle", shuffle)
    _check_optional(where, "seed", seed, require_int)
    require_unit_interval(where, "smoothing", smoothing)
    require_positive(where, "diverge_factor", diverge_factor)
    _require_members(where, "optimizer", optimizer, _OPTIMIZER_MEMBERS, "SGD(0.1)")
    _check_data(where, model, xs, ys, theta)

    batch_gradient = _batch_gradient_of(model)
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
                gradient, loss = _evaluate(batch_gradient, current, xs, ys)
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
                    gradient = _evaluate(batch_gradient, current, batch_xs, batch_ys)[0]
                optimizer.lr = lr
                current = optimizer.step(current, _clip(gradient, None))
            except OverflowError:
                break
            if not _finite(current):
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
