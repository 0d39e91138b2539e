"""Learning-rate schedules: PyTorch's, scikit-learn's, and the lesson's annealing.

A schedule is made with the optimizer first, ``StepLR(optimizer, step_size)``,
and its ``step(loss=None)`` is called ONCE PER EPOCH, AFTER the epoch (``fit``
passes the epoch's mean loss).  It sets ``optimizer.lr`` and returns the new
value.  Making a schedule leaves ``optimizer.lr`` alone (PyTorch's initial
step changes nothing either) and remembers it as ``base_lr``.

PyTorch's schedules are written in PyTorch's "chainable" form: each step
multiplies or moves the optimizer's *current* lr, so two schedules on one
optimizer compose, and the numbers agree with ``torch.optim.lr_scheduler``.

>>> from vecgd import SGD
>>> opt = SGD(1.0)
>>> schedule = ExponentialLR(opt, gamma=0.5)
>>> [schedule.step() for _ in range(3)], opt.lr
([0.5, 0.25, 0.125], 0.125)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from vecgd._checks import (
    describe,
    require_choice,
    require_finite,
    require_int,
    require_nonnegative,
    require_positive,
    require_real,
)

__all__ = [
    "Adaptive",
    "Annealing",
    "CosineAnnealingLR",
    "ExponentialLR",
    "InverseScaling",
    "MultiStepLR",
    "ReduceLROnPlateau",
    "Schedule",
    "StepLR",
]


@runtime_checkable
class Schedule(Protocol):
    """What ``fit`` needs of a schedule: ``step(loss=None) -> float`` after each epoch.

    >>> from vecgd import SGD
    >>> isinstance(StepLR(SGD(0.1), step_size=10), Schedule)
    True
    """

    def step(self, loss: float | None = None) -> float:
        """Update the optimizer's lr after an epoch and return it."""
        ...


class _HasLr(Protocol):
    lr: float


class _HasSecondMoment(Protocol):
    lr: float
    exp_avg_sq: list[float]


class _Base:
    """Shared machinery: the optimizer check, the epoch count, repr and state."""

    _hyperparameters: ClassVar[tuple[str, ...]] = ()
    _state: ClassVar[tuple[str, ...]] = ()  # what changes as epochs go by, besides the count
    optimizer: _HasLr
    base_lr: float
    last_epoch: int

    def _attach(self, optimizer: _HasLr) -> None:
        where = type(self).__name__
        if not hasattr(optimizer, "lr"):
            raise TypeError(
                f"{where}: optimizer must have an lr attribute (got {describe(optimizer)})"
            )
        require_positive(where, "optimizer.lr", optimizer.lr)
        self.optimizer = optimizer
        self.base_lr = float(optimizer.lr)
        self.last_epoch = 0

    def step(self, loss: float | None = None) -> float:
        """Count one epoch, set ``optimizer.lr`` by the schedule's rule and return it.

        Call it once per epoch, after the epoch.  ReduceLROnPlateau and
        Adaptive need the epoch's loss (ValueError without it, or when it is
        not finite); the others ignore its value.  A loss that is given must
        be a real number (TypeError otherwise), whichever the schedule.

        >>> from vecgd import SGD
        >>> StepLR(SGD(1.0), step_size=1, gamma=0.5).step()
        0.5
        """
        if loss is not None:
            require_real(type(self).__name__, "loss", loss)
        epoch = self.last_epoch + 1
        lr = self._next_lr(epoch, loss)
        self.last_epoch = epoch
        self.optimizer.lr = lr
        return lr

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        """Return the lr after the given epoch (1 for the first)."""
        raise NotImplementedError

    def _require_loss(self, loss: float | None) -> float:
        where = type(self).__name__
        if loss is None:
            raise ValueError(f"{where}: step needs the epoch's loss (got None)")
        require_finite(where, "loss", loss)
        return float(loss)

    def __repr__(self) -> str:
        inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._hyperparameters)
        return f"{type(self).__name__}({inside})"

    def state_dict(self) -> dict[str, Any]:
        """Return hyperparameters and state as plain JSON-able data (infinities as None).

        >>> from vecgd import SGD
        >>> StepLR(SGD(0.5), step_size=3).state_dict()["state"]
        {'last_epoch': 0, 'base_lr': 0.5}
        """
        def plain(value: Any) -> Any:
            if isinstance(value, float) and not math.isfinite(value):
                return None
            return list(value) if isinstance(value, (list, tuple)) else value

        return {
            "schedule": type(self).__name__,
            "hyperparameters": {k: plain(getattr(self, k)) for k in self._hyperparameters},
            "state": {k: plain(getattr(self, k)) for k in ("last_epoch", "base_lr", *self._state)},
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore what ``state_dict`` returned; the optimizer stays the one given at construction.

        >>> from vecgd import SGD
        >>> a = StepLR(SGD(1.0), step_size=2); _ = a.step(); _ = a.step()
        >>> b = StepLR(SGD(1.0), step_size=5); b.load_state_dict(a.state_dict())
        >>> b, b.last_epoch
        (StepLR(step_size=2, gamma=0.1), 2)
        """
        where = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping) or state.get("schedule") != type(self).__name__:
            raise ValueError(
                f"{where}: state must come from {type(self).__name__}.state_dict() "
                f"(got {describe(state)})"
            )
        values, saved = state.get("hyperparameters"), state.get("state")
        if (
            not isinstance(values, Mapping)
            or not isinstance(saved, Mapping)
            or sorted(values) != sorted(self._hyperparameters)
            or sorted(saved) != sorted(("last_epoch", "base_lr", *self._state))
        ):
            raise ValueError(f"{where}: state does not hold {type(self).__name__}'s fields")
        values, saved = dict(values), dict(saved)
        fresh = type(self)(self.optimizer, **values)  # type: ignore[call-arg]  # re-run the checks
        require_int(where, "last_epoch", saved["last_epoch"], minimum=0)
        require_positive(where, "base_lr", saved["base_lr"])
        self.__dict__.update(fresh.__dict__)
        for name, value in saved.items():
            setattr(self, name, self._worst() if value is None else value)

    def _worst(self) -> float:
        """The starting 'best' loss: no loss seen yet."""
        return math.inf


class StepLR(_Base):
    """Multiply lr by gamma every step_size epochs (PyTorch's ``StepLR``).

    After epoch e: ``lr *= gamma`` when e is a multiple of step_size, so the
    closed form is ``base_lr * gamma ** (e // step_size)``.  step_size must
    be an integer of at least 1 and gamma positive.

    >>> from vecgd import SGD
    >>> opt = SGD(0.5)
    >>> schedule = StepLR(opt, step_size=2, gamma=0.5)
    >>> [opt.lr] + [schedule.step() for _ in range(6)]
    [0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625]
    """

    _hyperparameters = ("step_size", "gamma")

    def __init__(self, optimizer: _HasLr, step_size: int, gamma: float = 0.1) -> None:
        require_int("StepLR", "step_size", step_size, minimum=1)
        require_positive("StepLR", "gamma", gamma)
        self._attach(optimizer)
        self.step_size = step_size
        self.gamma = float(gamma)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        if epoch % self.step_size != 0:
            return self.optimizer.lr
        return self.optimizer.lr * self.gamma


class MultiStepLR(_Base):
    """Multiply lr by gamma at each milestone epoch (PyTorch's ``MultiStepLR``).

    After epoch e: ``lr *= gamma ** k`` where k is how many times e appears
    in milestones.  Milestones must be integers of at least 1 and gamma
    positive.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = MultiStepLR(opt, milestones=[2, 4], gamma=0.5)
    >>> [schedule.step() for _ in range(5)]
    [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    _hyperparameters = ("milestones", "gamma")

    def __init__(self, optimizer: _HasLr, milestones: Sequence[int], gamma: float = 0.1) -> None:
        if isinstance(milestones, (str, bytes)) or not isinstance(milestones, Sequence):
            raise TypeError(
                "MultiStepLR: milestones must be a sequence of integers "
                f"(got {describe(milestones)})"
            )
        for i, milestone in enumerate(milestones):
            require_int("MultiStepLR", f"milestones[{i}]", milestone, minimum=1)
        require_positive("MultiStepLR", "gamma", gamma)
        self._attach(optimizer)
        self.milestones = sorted(milestones)
        self.gamma = float(gamma)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        lr, hits = self.optimizer.lr, self.milestones.count(epoch)
        if hits == 0:
            return lr
        try:  # PyTorch's lr * gamma ** hits; math.pow raises on every interpreter
            return lr * math.pow(self.gamma, hits)
        except OverflowError:  # gamma ** hits passed the largest float: one milestone at a time
            for _ in range(hits):
                lr *= self.gamma
            return lr


class ExponentialLR(_Base):
    """Multiply lr by gamma after every epoch (PyTorch's ``ExponentialLR``).

    Closed form: ``base_lr * gamma ** e`` after epoch e.  gamma must be
    positive.

    >>> from vecgd import SGD
    >>> opt = SGD(2.0)
    >>> schedule = ExponentialLR(opt, gamma=0.5)
    >>> [schedule.step() for _ in range(4)]
    [1.0, 0.5, 0.25, 0.125]
    """

    _hyperparameters = ("gamma",)

    def __init__(self, optimizer: _HasLr, gamma: float) -> None:
        require_positive("ExponentialLR", "gamma", gamma)
        self._attach(optimizer)
        self.gamma = float(gamma)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        return self.optimizer.lr * self.gamma


class CosineAnnealingLR(_Base):
    """Anneal lr along half a cosine from base_lr to eta_min over T_max epochs.

    PyTorch's ``CosineAnnealingLR`` in its recursive, chainable form:
    ``lr <- eta_min + (lr - eta_min) * (1 + cos(pi*e/T_max)) / (1 + cos(pi*(e-1)/T_max))``
    after epoch e, which on its own follows the closed form
    ``eta_min + (base_lr - eta_min) * (1 + cos(pi*e/T_max)) / 2`` to rounding.
    Past T_max the cosine climbs back (PyTorch's behaviour, no restart).  At
    epoch T_max the lr is eta_min, which the optimizers refuse if it is 0:
    use eta_min > 0 or T_max >= the number of epochs.  T_max must be an
    integer of at least 1 and eta_min non-negative.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = CosineAnnealingLR(opt, T_max=4)
    >>> [round(schedule.step(), 6) for _ in range(6)]
    [0.853553, 0.5, 0.146447, 0.0, 0.146447, 0.5]
    """

    _hyperparameters = ("T_max", "eta_min")

    def __init__(self, optimizer: _HasLr, T_max: int, eta_min: float = 0.0) -> None:
        require_int("CosineAnnealingLR", "T_max", T_max, minimum=1)
        require_nonnegative("CosineAnnealingLR", "eta_min", eta_min)
        self._attach(optimizer)
        self.T_max = T_max
        self.eta_min = float(eta_min)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        e, t_max, lr, low = epoch, self.T_max, self.optimizer.lr, self.eta_min
        if (e - 1 - t_max) % (2 * t_max) == 0:
            # The recursion would divide by 1 + cos(pi) = 0: PyTorch steps up from the bottom.
            return lr + (self.base_lr - low) * (1 - math.cos(math.pi / t_max)) / 2
        ratio = (1 + math.cos(math.pi * e / t_max)) / (1 + math.cos(math.pi * (e - 1) / t_max))
        return ratio * (lr - low) + low


class ReduceLROnPlateau(_Base):
    """Multiply lr by factor when the loss stops improving (PyTorch's ``ReduceLROnPlateau``).

    An epoch is better when its loss beats the best so far by the threshold:
    ``loss < best * (1 - threshold)`` (mode "min", threshold_mode "rel"),
    ``loss < best - threshold`` ("min", "abs"), ``loss > best * (1 +
    threshold)`` ("max", "rel") or ``loss > best + threshold`` ("max",
    "abs").  The first epoch is always better (in mode "min" with
    threshold_mode "rel", only while threshold < 1).  Each epoch that is not
    counts as bad; during the ``cooldown`` epochs after a reduction bad
    epochs are not counted.  When the count exceeds patience -- on the
    (patience+1)-th consecutive bad epoch -- ``lr = max(lr * factor,
    min_lr)``, skipped if that changes lr by eps or less, and the count
    restarts.  step needs the loss.  factor must be in (0, 1), patience and
    cooldown integers of at least 0, threshold, min_lr and eps non-negative.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = ReduceLROnPlateau(opt, factor=0.5, patience=1)
    >>> [schedule.step(loss) for loss in [5.0, 4.0, 4.0, 4.0, 3.0, 3.5, 3.5]]
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]
    """

    _hyperparameters = (
        "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps",
    )
    _state = ("best", "num_bad_epochs", "cooldown_counter")

    def __init__(
        self,
        optimizer: _HasLr,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float = 0.0,
        eps: float = 1e-8,
    ) -> None:
        where = "ReduceLROnPlateau"
        require_choice(where, "mode", mode, ("min", "max"))
        require_positive(where, "factor", factor)
        if factor >= 1:
            raise ValueError(f"{where}: factor must be less than 1 (got {factor!r})")
        require_int(where, "patience", patience, minimum=0)
        require_nonnegative(where, "threshold", threshold)
        require_choice(where, "threshold_mode", threshold_mode, ("rel", "abs"))
        require_int(where, "cooldown", cooldown, minimum=0)
        require_nonnegative(where, "min_lr", min_lr)
        require_nonnegative(where, "eps", eps)
        self._attach(optimizer)
        self.mode, self.threshold_mode = mode, threshold_mode
        self.factor, self.threshold = float(factor), float(threshold)
        self.patience, self.cooldown = patience, cooldown
        self.min_lr, self.eps = float(min_lr), float(eps)
        self.best = self._worst()
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    def _worst(self) -> float:
        return math.inf if self.mode == "min" else -math.inf

    def _is_better(self, loss: float) -> bool:
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return loss < self.best * (1.0 - self.threshold)
            return loss < self.best - self.threshold
        if self.threshold_mode == "rel":
            return loss > self.best * (self.threshold + 1.0)
        return loss > self.best + self.threshold

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        current = self._require_loss(loss)
        if self._is_better(current):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs in cooldown are ignored
        lr = self.optimizer.lr
        if self.num_bad_epochs > self.patience:
            reduced = max(lr * self.factor, self.min_lr)
            if lr - reduced > self.eps:
                lr = reduced
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        return lr


class InverseScaling(_Base):
    """Shrink lr as ``base_lr / t ** power_t`` for the t-th epoch (scikit-learn's "invscaling").

    After epoch e the lr for epoch t = e + 1 is ``base_lr / (e + 1) ** power_t``.
    scikit-learn's ``MLPRegressor`` uses ``power_t=0.5`` (the default here)
    and its ``SGDRegressor`` 0.25; both count t in samples seen, not epochs,
    so their lr after epoch e is this one's only with one sample per epoch.
    power_t must be non-negative.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = InverseScaling(opt)
    >>> [schedule.step() for _ in range(3)]
    [0.7071067811865475, 0.5773502691896258, 0.5]
    """

    _hyperparameters = ("power_t",)

    def __init__(self, optimizer: _HasLr, power_t: float = 0.5) -> None:
        require_nonnegative("InverseScaling", "power_t", power_t)
        self._attach(optimizer)
        self.power_t = float(power_t)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        try:
            return self.base_lr / math.pow(epoch + 1, self.power_t)  # scikit-learn's arithmetic
        except OverflowError:
            # (e + 1) ** power_t passed the largest float; the quotient need not
            # have: take it through logs (exp underflows to 0, never raises).
            return math.exp(math.log(self.base_lr) - self.power_t * math.log(epoch + 1))


class Adaptive(_Base):
    """Divide lr by 5 when the loss stalls (scikit-learn's "adaptive", SGDRegressor's rule).

    An epoch fails to improve when ``loss > best - tol`` (best: the lowest
    loss so far); after n_iter_no_change consecutive such epochs lr is
    divided by 5 and the count restarts, as long as lr > 1e-6 (there
    scikit-learn stops training; here lr just stays).  These are
    ``SGDRegressor``'s semantics (``>= n_iter_no_change``, defaults 5 and
    1e-3); ``MLPRegressor`` reduces one epoch later (``>``, default 10, tol
    1e-4).  step needs the loss.  n_iter_no_change must be an integer of at
    least 1 and tol non-negative.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = Adaptive(opt, n_iter_no_change=2)
    >>> [schedule.step(loss) for loss in [3.0, 2.0, 2.0, 1.9999, 1.0, 1.0, 1.0]]
    [1.0, 1.0, 1.0, 0.2, 0.2, 0.2, 0.04]
    """

    _hyperparameters = ("n_iter_no_change", "tol")
    _state = ("best", "no_improvement_count")

    def __init__(self, optimizer: _HasLr, n_iter_no_change: int = 5, tol: float = 1e-3) -> None:
        require_int("Adaptive", "n_iter_no_change", n_iter_no_change, minimum=1)
        require_nonnegative("Adaptive", "tol", tol)
        self._attach(optimizer)
        self.n_iter_no_change = n_iter_no_change
        self.tol = float(tol)
        self.best = math.inf
        self.no_improvement_count = 0

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        current = self._require_loss(loss)
        if current > self.best - self.tol:
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        self.best = min(self.best, current)
        lr = self.optimizer.lr
        if self.no_improvement_count >= self.n_iter_no_change and lr > 1e-6:
            lr /= 5
            self.no_improvement_count = 0
        return lr


class Annealing(_Base):
    """The lesson's annealing for Adam: cut lr when the gradient scale jumps (seed 003).

    After each epoch ``s = sum(sqrt(v) for v in optimizer.exp_avg_sq)``;
    if ``s / reference > ratio``: ``lr /= divisor``; then if ``s <
    reference``: ``reference = s`` -- the lesson's two tests in the
    lesson's order (``avg_grad / avg_grad_prev > 2``, ``lr / 4``,
    ``avg_grad_prev`` starting at 5500).  The optimizer must keep
    ``exp_avg_sq`` (Adam, AdamW).  divisor and ratio must be positive and
    reference non-negative.  The reference reaches 0 after an epoch whose
    gradients were all zero (a flat loss); from there any positive s counts
    as a jump and ``0 / 0`` as none, rather than dividing by zero.

    >>> from types import SimpleNamespace
    >>> opt = SimpleNamespace(lr=1.0, exp_avg_sq=[900.0, 1600.0])   # s = 30 + 40
    >>> schedule = Annealing(opt, reference=30.0)
    >>> schedule.step(), schedule.reference       # 70/30 > 2: cut
    (0.25, 30.0)
    >>> opt.exp_avg_sq = [36.0, 64.0]                                # s = 14
    >>> schedule.step(), schedule.reference       # no cut; new reference
    (0.25, 14.0)
    >>> opt.exp_avg_sq = [900.0, 1600.0]
    >>> schedule.step()                           # 70/14 > 2: cut
    0.0625
    """

    _hyperparameters = ("divisor", "ratio", "reference")
    optimizer: _HasSecondMoment

    def __init__(
        self,
        optimizer: _HasSecondMoment,
        divisor: float = 4.0,
        ratio: float = 2.0,
        reference: float = 5500.0,
    ) -> None:
        require_positive("Annealing", "divisor", divisor)
        require_positive("Annealing", "ratio", ratio)
        require_nonnegative("Annealing", "reference", reference)
        if not hasattr(optimizer, "exp_avg_sq"):
            raise TypeError(
                "Annealing: optimizer must keep exp_avg_sq, as Adam does "
                f"(got {describe(optimizer)})"
            )
        self._attach(optimizer)
        self.divisor, self.ratio, self.reference = float(divisor), float(ratio), float(reference)

    def _next_lr(self, epoch: int, loss: float | None) -> float:
        scale = sum(math.sqrt(v) for v in self.optimizer.exp_avg_sq)
        lr = self.optimizer.lr
        # With reference 0, s / 0 is an infinite jump for s > 0 and none for 0 / 0.
        jumped = scale > 0 if self.reference == 0 else scale / self.reference > self.ratio
        if jumped:
            lr = lr / self.divisor
        if scale < self.reference:
            self.reference = scale
        return lr
