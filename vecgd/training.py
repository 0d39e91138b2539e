"""Fit a model to data by gradient descent on its mean squared error.

``fit`` is the loop the documents teach, checked once at the entry and
then written out as they write it.  The step is ``theta = update(theta,
g)``: the optimizer's maths (for SGD the book chapter's
``gradient_step(theta, g, -lr)``), and ``g`` is, each epoch:

* ``batch_size=None``: the mean gradient over all the data, one step per
  epoch (the line-fit lesson, the book chapter's batch descent);
* ``batch_size=1``: the gradient at one sample, one step per sample in data
  order (the lecture, the optimizer lesson)::

      for x, y in samples:
          theta = update(theta, gradient(theta, x, y))

* ``batch_size=k``: the mean gradient over each minibatch of k samples,
  cut as the book chapter's ``minibatches`` cuts them.

``gradient`` is the model's ``sample_gradient``, the mean gradient its
``mean_gradient``, and ``update`` the optimizer's ``update`` for every
``Optimizer`` (any other object with ``lr`` and ``step`` is called through
``step``, on a gradient checked finite).  After each epoch fit records, in
``FitResult.history``:

* ``epoch``: the 0-based index of the epoch just finished (as in
  ``for epoch in range(epochs)``), so the lecture's ``epoch % 10 == 0``
  works unchanged;
* ``loss``: the mean squared error over ALL the data at the END of the
  epoch (not an average of the losses seen during the epoch);
* ``lr``: the learning rate used during the epoch;
* ``gradient_norm``: the length of the mean gradient over all the data at
  the end of the epoch.

Then, in this order: ``callback(epoch, theta, loss)`` (raising
``StopIteration`` stops the fit, scipy's convention), the ``tolerance``
test (scikit-learn's ``tol``/``n_iter_no_change``: stop when the loss has
not improved by ``tolerance`` for ``patience`` epochs in a row), and
``schedule.step(loss)``.

Every argument is checked before any work, and ``optimizer.check(theta)``
(lr and theta) once per epoch: the steps themselves check nothing.  When
theta or the loss stops being finite (overflow included),
``DivergenceError`` is raised: no loop here returns NaN.  fit tests theta
once per epoch, at its end, so the error carries the theta the epoch
started from; when only the loss (or the gradient) at the end overflowed,
it carries the epoch's end theta.  The same for every model and optimizer.
Randomness (shuffling) comes only from ``random.Random(seed)``: the same
seed gives the same bits.  The module passes 400 lines because resuming a
fit with the same numbers needs its state saved and checked beside the
loop.  ``vecgd.minimize`` minimizes a function of a
vector, and ``vecgd.lr_range_test`` suggests a learning rate.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple

from vecgd._checks import (
    as_data,
    as_vector,
    describe,
    is_finite_vector,
    require_batching,
    require_bool,
    require_callable,
    require_instance,
    require_int,
    require_members,
    require_nonnegative,
    require_positive,
    require_scalable,
)
from vecgd.descent import DivergenceError, clip_by_norm
from vecgd.losses import Loss, Penalty, SquaredError
from vecgd.models import Linear, Model, MultipleLinear
from vecgd.objective import Objective
from vecgd.optimizers import Optimizer
from vecgd.scaling import Standardizer
from vecgd.vector import Vector

if TYPE_CHECKING:  # for fit's annotation only: fitting does not load the schedules
    from vecgd.schedules import Schedule

__all__ = ["EpochRecord", "FitResult", "fit"]

Update = Callable[[Vector, Sequence[float]], Vector]


class EpochRecord(NamedTuple):
    """What fit records after each epoch (see the module docstring).

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

    ``theta``: the final parameters (the best seen, with ``keep_best``);
    ``loss``: their mean squared error over all the data; ``history``: one
    ``EpochRecord`` per epoch run; ``epochs``: how many epochs ran;
    ``stop_reason``: ``"epochs"`` (ran them all), ``"tolerance"`` (the loss
    stopped improving), ``"gradient"`` (the gradient's length fell to
    ``gradient_tolerance``) or ``"callback"``.  ``best_theta``,
    ``best_loss``, ``best_epoch``: the lowest loss seen and where (the
    epoch that ended there; None for the starting theta), whether or not
    ``keep_best``.  ``state``: what ``fit(..., resume=state)`` needs to go
    on with the same numbers, as plain data ``json`` can write.  All in
    data units, also with ``standardize`` (but ``state``, which holds what
    fit steps on);
    ``accuracy``: for a classification loss, the fraction of samples whose
    class (1 where the prediction is above 0) is their label, else None.

    >>> result = FitResult([2.0], 0.0, [EpochRecord(0, 0.0, 0.1, 0.0)], 1, "epochs")
    >>> result.losses
    [0.0]
    """

    theta: Vector
    loss: float
    history: List[EpochRecord]
    epochs: int
    stop_reason: str
    best_theta: Vector | None = None
    best_loss: float | None = None
    best_epoch: int | None = None
    state: Dict[str, Any] | None = field(default=None, repr=False)  # 625 ints of generator
    accuracy: float | None = None

    @property
    def losses(self) -> List[float]:
        """Return the per-epoch losses of the history."""
        return [record.loss for record in self.history]

    def __repr__(self) -> str:  # a summary: the whole history would run to megabytes
        from vecgd import _display  # only when shown: fitting never loads the pictures

        return _display.summary("FitResult", _display.fit_rows(self))

    def _repr_html_(self) -> str:
        """Return a small table and the loss curve as inline SVG, for notebooks."""
        from vecgd import _display

        return _display.html("FitResult", _display.fit_rows(self), self.losses)


def fit(
    model: Model,
    xs: Sequence[Any],
    ys: Sequence[float],
    theta: Sequence[float] | None,
    optimizer: Optimizer | Any,
    *,
    epochs: int,
    batch_size: int | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    schedule: Schedule | Any | None = None,
    tolerance: float | None = None,
    patience: int = 5,
    callback: Callable[[int, Vector, float], None] | None = None,
    clip_norm: float | None = None,
    standardize: bool = False,
    keep_best: bool = False,
    gradient_tolerance: float | None = None,
    resume: Mapping[str, Any] | None = None,
    loss: Loss | Any = None,
    penalty: Penalty | None = None,
) -> FitResult:
    """Fit model to (xs, ys) from theta by descending the mean squared error.

    Each epoch: ``batch_size=None``, one step on the mean gradient over all
    the data; ``1``, one step per sample (``model.sample_gradient``), in
    order unless ``shuffle`` (a new order each epoch); ``k``, one step per
    batch of k consecutive samples, the batches in order unless
    ``shuffle``, as the book chapter's ``minibatches(..., k, shuffle,
    random.Random(seed))`` cuts them (``shuffle`` and ``seed`` change
    nothing in a full-batch fit).  A step is ``theta =
    optimizer.update(theta, gradient)`` (``optimizer.step`` for an object
    that is not an ``Optimizer``), the gradient first scaled to length
    ``clip_norm`` when longer (``clip_by_norm``); an optimizer whose step
    takes the function (``LBFGS``) takes one step per epoch on ``theta ->
    (loss, mean gradient)`` over all the data (full batch only).  fit does
    not reset the optimizer.  The module docstring says what is recorded and when the fit
    stops; ``gradient_tolerance`` also stops it once the recorded
    ``gradient_norm`` is at most that.

    ``standardize=True`` (Linear, MultipleLinear, Polynomial) fits on the
    features scaled by ``Standardizer(model).fit(xs)``; theta given and
    returned, the loss, the history and the callback's theta are in data
    units.  ``keep_best=True`` returns the best theta seen (lowest loss at
    the end of an epoch, or the start) as ``theta``; the default returns
    the last.  ``resume=previous.state`` (theta None) goes on from where
    that fit stopped, with the same numbers as one uninterrupted fit: the
    optimizer's and schedule's state are loaded into the ones given, the
    shuffling generator, the counters and the per-sample L1 penalty's sums
    continue, and the history's epochs count on (the loss and penalty must
    be the saved fit's).

    ``loss`` (default ``SquaredError()``, the documents') and ``penalty``
    (default None) choose what is descended: the mean loss plus the
    penalty, ``vecgd.objective.Objective``, whose docstring says how each
    step applies the penalty (scikit-learn's SGD for one sample per step).
    With either, the loss in the result and the history is that objective
    (mean loss plus penalty), and the model must define
    ``prediction_gradient``; a classification loss needs labels 0 and 1
    (or booleans) in ys.

    Raises TypeError or ValueError for bad arguments (a model that is not a
    ``Model``, data of different lengths, empty, non-finite or non-numeric
    data, theta of the wrong length, epochs not an int >= 0, batch_size not
    an int >= 1, a resume state of another fit), before any work;
    ValueError when the loss at the starting theta is not finite (data or
    theta too large: scale them); DivergenceError when the loss or theta
    stops being finite later.  A schedule
    may take lr to 0 (PyTorch's cosine does, at T_max): those epochs step
    by nothing, and the fit goes on.

    >>> from vecgd.models import Proportional
    >>> from vecgd.optimizers import SGD
    >>> xs, ys = [1, 2, 3], [2, 4, 6]
    >>> result = fit(Proportional(), xs, ys, [1.0], SGD(0.01), epochs=50, batch_size=1)
    >>> round(result.theta[0], 6), result.epochs, result.stop_reason
    (2.0, 50, 'epochs')
    """
    where = "fit"
    require_int(where, "epochs", epochs, minimum=0)
    require_batching(where, batch_size, shuffle, seed)
    if tolerance is not None:
        require_nonnegative(where, "tolerance", tolerance)
    require_int(where, "patience", patience, minimum=1)
    if callback is not None:
        require_callable(where, "callback", callback)
    if clip_norm is not None:
        require_positive(where, "clip_norm", clip_norm)
    require_bool(where, "standardize", standardize)
    if standardize:
        require_scalable(where, model)
    require_bool(where, "keep_best", keep_best)
    if gradient_tolerance is not None:
        require_nonnegative(where, "gradient_tolerance", gradient_tolerance)
    if schedule is not None:
        require_members(where, "schedule", schedule, ["step()"], "StepLR(optimizer, 10)")
        driven = getattr(schedule, "optimizer", optimizer)
        if driven is not optimizer:  # its lr would change, and fit's never would
            raise ValueError(f"{where}: schedule must set the lr of the optimizer fit steps "
                             f"with (got a schedule of {driven!r} for {optimizer!r})")
    require_members(where, "optimizer", optimizer, ["lr", "step()"], "SGD(0.1)")
    # loss names the mean loss below, as it always has: the object is loss_function.
    loss_function: Loss | None = loss
    general = penalty is not None or not (loss is None or type(loss) is SquaredError)
    if loss is not None:
        require_instance(where, "loss", loss, Loss, "a loss such as LogLoss() or Huber(0.1)")
        ys = loss.labels(where, ys)  # a classifier's: 0 and 1, or booleans
    if penalty is not None:
        require_instance(where, "penalty", penalty, Penalty, "a penalty such as L2(0.01)")
    takes_function = getattr(optimizer, "takes_function", False) is True  # LBFGS
    if takes_function and (batch_size is not None or clip_norm is not None):
        raise ValueError(f"{where}: {type(optimizer).__name__} steps on the loss over all the "
                         f"data: batch_size and clip_norm must be None (got {batch_size!r} and "
                         f"{clip_norm!r})")
    saved = _saved_state(resume, theta)
    xs, ys, theta = as_data(where, model, Model, xs, ys, saved["theta"] if saved else theta)
    settings = {"model": repr(model), "samples": len(xs), "batch_size": batch_size,
                "shuffle": shuffle, "standardize": standardize,
                "loss": repr(SquaredError() if loss is None else loss), "penalty": repr(penalty)}
    scaler = None
    if standardize:  # descend on the scaled features; report in data units
        scaler = Standardizer(model).fit(xs)
        rows = scaler.transform(xs)
        one = len(rows[0]) == 1 and not model.takes_vectors
        model, xs = (Linear(), [row[0] for row in rows]) if one else (MultipleLinear(), rows)
        theta = theta if saved else scaler.to_scaled(theta)
    rng = random.Random(seed)
    if saved is not None:
        _load(saved, settings, optimizer, schedule, rng)
    data = scaler.to_data if scaler is not None else list

    # The maths, unchecked from here on: the data and theta are checked above,
    # lr and theta once per epoch.
    gradient, mean_gradient = model.sample_gradient, model.mean_gradient
    update = _update(optimizer, clip_norm)
    if takes_function:  # one step of L-BFGS per epoch, on the loss over all the data
        # (mean_gradient is looked up at each call: the objective's, below, when there is one)
        update = _function_step(optimizer, lambda w: mean_gradient(w, xs, ys)[::-1])
    # Another loss or a penalty: vecgd.objective's maths, on the model and data fit steps on.
    objective = Objective(model, loss_function, penalty) if general else None
    if objective is not None:
        ys = objective.loss.labels(where, list(ys))
        objective.check_model(where, theta, xs[0])
        gradient, mean_gradient = objective.sample_gradient, objective.mean_gradient
        update = objective.penalized(update, optimizer, per_sample=batch_size == 1,
                                     sums=saved["l1_sums"] if saved else None)
    check = optimizer.check if isinstance(optimizer, Optimizer) else None
    pairs = list(zip(xs, ys)) if batch_size == 1 else []
    try:
        mean, loss = mean_gradient(theta, xs, ys)
    except OverflowError:  # an fsum past the floats (MultipleLinear's prediction)
        mean, loss = [], math.inf
    if not math.isfinite(loss):  # no lr can help a start the floats cannot hold (issue 11)
        raise ValueError(f"{where}: the loss at the starting theta is not finite ({loss}): "
                         "the data or theta are too large for floats: scale the data (divide "
                         "y or x by a power of ten) or start from a smaller theta")
    history: List[EpochRecord] = []
    best, best_theta, best_epoch, stale, done = loss, theta, None, 0, 0
    if saved is not None:
        best, best_theta, best_epoch = saved["best_loss"], saved["best_theta"], saved["best_epoch"]
        stale, done = saved["stale"], saved["epoch"]
    reason = "epochs"
    for epoch in range(done, done + epochs):
        lr, start = optimizer.lr, theta
        if check is not None:
            check(theta)
        try:
            if batch_size is None:  # one step on all the data: mean is the gradient at theta
                theta = update(theta, mean)
            elif batch_size == 1:  # one step per sample
                samples = pairs
                if shuffle:  # a new order each epoch, drawn as minibatches(pairs, 1) draws it
                    samples = pairs[:]
                    rng.shuffle(samples)
                for x, y in samples:
                    theta = update(theta, gradient(theta, x, y))
            else:  # one step per minibatch: the book's cuts, at 0, k, 2k, ...
                starts = list(range(0, len(xs), batch_size))
                if shuffle:  # in a new order each epoch: the draws of minibatches
                    rng.shuffle(starts)
                for first in starts:
                    last = first + batch_size
                    theta = update(theta, mean_gradient(theta, xs[first:last], ys[first:last])[0])
        except OverflowError:  # in the model or a step: start is the last theta known finite
            raise DivergenceError(epoch, lr, data(start)) from None
        if not is_finite_vector(theta):  # tested once per epoch: start is the last finite theta
            raise DivergenceError(epoch, lr, data(start))
        try:
            mean, loss = mean_gradient(theta, xs, ys)
        except OverflowError:
            mean, loss = [], math.inf
        if not math.isfinite(loss) or not is_finite_vector(mean):
            raise DivergenceError(epoch, lr, data(theta))
        norm = math.hypot(*(mean if scaler is None else scaler.gradient_to_data(mean)))
        history.append(EpochRecord(epoch, loss, lr, norm))
        if tolerance is not None:  # scikit-learn's: no improvement by tolerance on the best
            stale = stale + 1 if loss > best - tolerance else 0
        if loss < best:
            best, best_theta, best_epoch = loss, theta, epoch
        if callback is not None:
            try:
                callback(epoch, data(theta), loss)
            except StopIteration:
                reason = "callback"
                break
        if gradient_tolerance is not None and norm <= gradient_tolerance:
            reason = "gradient"
            break
        if tolerance is not None and stale >= patience:
            reason = "tolerance"
            break
        if schedule is not None:
            schedule.step(loss)
    state = {"version": 1, "epoch": done + len(history), "theta": list(theta),
             "best_theta": list(best_theta), "best_loss": best, "best_epoch": best_epoch,
             "stale": stale, "settings": settings,
             # the truncated L1 penalty's sums (per sample): a resumed fit goes on from them
             "l1_sums": [objective.l1_sums[0], list(objective.l1_sums[1])] if objective else None,
             "rng": _plain_rng(rng) if shuffle else None,  # only shuffling draws from it
             "optimizer": _state_of(optimizer), "schedule": _state_of(schedule),
             # a fit stopped early has not stepped its schedule after the last epoch:
             # resuming does, so that the numbers are those of a fit that went on
             "schedule_pending": loss if reason != "epochs" and schedule is not None else None}
    kept, kept_loss = (best_theta, best) if keep_best else (theta, loss)
    accuracy = None
    if objective is not None and objective.loss.classification:
        accuracy = objective.accuracy(kept, xs, ys)  # in the units fit stepped in, as xs
    return FitResult(data(kept), kept_loss, history, len(history), reason,
                     data(best_theta), best, best_epoch, state, accuracy=accuracy)


def _saved_state(resume: Any, theta: Any) -> Dict[str, Any] | None:
    """Return resume checked as a state that FitResult.state gave (None without resume)."""
    if resume is None:
        return None
    where = "fit"
    keys = {"version", "epoch", "theta", "best_theta", "best_loss", "best_epoch", "stale",
            "schedule_pending", "l1_sums",
            "rng", "settings", "optimizer", "schedule"}
    if not isinstance(resume, Mapping) or set(resume) != keys or resume.get("version") != 1:
        raise ValueError(f"{where}: resume must be the state of a FitResult (result.state), "
                         f"as saved (got {describe(resume)})")
    if theta is not None:
        raise ValueError(f"{where}: with resume, theta must be None: the fit goes on from "
                         f"the saved theta (got {describe(theta)})")
    require_int(where, "resume['epoch']", resume["epoch"], minimum=0)
    require_int(where, "resume['stale']", resume["stale"], minimum=0)
    if resume["best_epoch"] is not None:
        require_int(where, "resume['best_epoch']", resume["best_epoch"], minimum=0)
    require_nonnegative(where, "resume['best_loss']", resume["best_loss"])
    if resume["schedule_pending"] is not None:
        require_nonnegative(where, "resume['schedule_pending']", resume["schedule_pending"])
    sums = resume["l1_sums"]
    if sums is not None:
        if not isinstance(sums, Sequence) or len(sums) != 2:
            raise ValueError(f"{where}: resume['l1_sums'] must be the [u, q] a fit saved "
                             f"(got {describe(sums)})")
        require_nonnegative(where, "resume['l1_sums'][0]", sums[0])
        as_vector(where, "resume['l1_sums'][1]", sums[1], finite=True)
    state = dict(resume)
    state["best_theta"] = as_vector(where, "resume['best_theta']", resume["best_theta"],
                                    finite=True)
    return state


def _load(saved: Mapping[str, Any], settings: Mapping[str, Any], optimizer: Any,
          schedule: Any, rng: random.Random) -> None:
    """Check saved was made by a fit like this one; load the optimizer, schedule and generator."""
    where = "fit"
    for key, value in settings.items():
        if saved["settings"].get(key) != value:
            raise ValueError(f"{where}: resume state was saved with {key}="
                             f"{saved['settings'].get(key)!r} (got {value!r})")
    if len(saved["best_theta"]) != len(saved["theta"]):
        raise ValueError(f"{where}: resume['best_theta'] must have as many values as "
                         f"resume['theta'] (got {len(saved['best_theta'])} and "
                         f"{len(saved['theta'])})")
    for name, thing in (("optimizer", optimizer), ("schedule", schedule)):
        if (saved[name] is None) != (_state_of(thing) is None):
            raise ValueError(f"{where}: resume state has {'no ' * (saved[name] is None)}"
                             f"{name} state (got {thing!r})")
        if saved[name] is not None:
            thing.load_state_dict(saved[name])
    if saved["schedule_pending"] is not None and schedule is not None:
        schedule.step(saved["schedule_pending"])
    if saved["rng"] is None and not settings["shuffle"]:
        return  # an unshuffled fit draws nothing
    try:
        version, internal, gauss = saved["rng"]
        rng.setstate((version, tuple(internal), gauss))
    except (TypeError, ValueError):
        raise ValueError(f"{where}: resume['rng'] must be a generator state saved by fit "
                         f"(got {describe(saved['rng'])})") from None


def _plain_rng(rng: random.Random) -> List[Any]:
    """Return the generator's state as JSON holds it: [version, [625 ints], gauss_next]."""
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _state_of(thing: Any) -> Dict[str, Any] | None:
    """Return thing.state_dict() when it has one (every Optimizer and Schedule), else None."""
    state_dict = getattr(thing, "state_dict", None)
    return state_dict() if callable(state_dict) else None


def _function_step(optimizer: Any, loss_and_gradient: Callable[[Vector], Any]) -> Update:
    """Return fit's step for an optimizer that steps on the loss itself (LBFGS)."""
    return lambda theta, _: list(optimizer.step(theta, loss_and_gradient))


def _update(optimizer: Any, clip_norm: float | None) -> Update:
    """Return the step fit takes: ``optimizer.update`` itself for an Optimizer.

    Otherwise (clipping, or an object that is not an Optimizer, whose
    ``step`` may check its input) each step first tests the gradient finite,
    then clips it, steps, and tests the new theta: a non-finite one raises
    OverflowError, which fit reports as the epoch's divergence.
    """
    if isinstance(optimizer, Optimizer):
        if clip_norm is None:
            return optimizer.update
        take: Update = optimizer.update
    else:
        take = optimizer.step

    def checked(theta: Vector, gradient: Sequence[float]) -> Vector:
        """Step on a finite (clipped) gradient; raise OverflowError if either side is not finite."""
        if not is_finite_vector(gradient):
            raise OverflowError("the gradient is not finite")
        if clip_norm is not None:
            gradient = clip_by_norm(gradient, clip_norm)
        new = list(take(theta, gradient))
        if not is_finite_vector(new):
            raise OverflowError("theta is not finite")
        return new

    return checked
