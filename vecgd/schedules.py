"""Learning-rate schedules: PyTorch's, scikit-learn's, and the optimizer lesson's annealing.

A schedule is made with the optimizer first, ``StepLR(optimizer, step_size)``,
and its ``step(loss=None)`` is called ONCE PER EPOCH, AFTER the epoch (``fit``
passes the epoch's mean loss).  It sets ``optimizer.lr`` and returns the new
value.  Making a schedule leaves ``optimizer.lr`` alone (PyTorch's initial
step changes nothing either) and remembers it as ``base_lr``.  ``step`` is
the base's "check, then update"; each schedule's ``update`` is its rule.
PyTorch's are written in its "chainable" form: each step moves the
optimizer's *current* lr, so two schedules on one optimizer compose, and
the numbers agree with ``torch.optim.lr_scheduler``.
The module passes 400 lines because it holds eight rules from three sources.

>>> from vecgd import SGD
>>> opt = SGD(1.0)
>>> schedule = ExponentialLR(opt, gamma=0.5)
>>> [schedule.step() for _ in range(3)], opt.lr
([0.5, 0.25, 0.125], 0.125)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from vecgd._checks import (
    as_sequence,
    describe,
    require_choice,
    require_finite,
    require_int,
    require_nonnegative,
    require_positive,
    require_real,
)
from vecgd._state import Stateful

__all__ = ["Adaptive", "Annealing", "CosineAnnealingLR", "ExponentialLR", "InverseScaling",
           "MultiStepLR", "ReduceLROnPlateau", "Schedule", "StepLR"]


class _HasLr(Protocol):
    lr: float


class _HasSecondMoment(Protocol):
    lr: float
    exp_avg_sq: list[float]


class Schedule(Stateful):
    """The base of every schedule: ``step(loss)`` is ``check(loss)``, then ``update(loss)``.

    A subclass's constructor takes the optimizer first, calls
    ``Schedule.__init__(self, optimizer)`` and stores every other parameter
    as an attribute of the same name (repr and state_dict read them);
    ``_state`` names what changes from epoch to epoch.  Its
    ``update(loss)`` is the rule: count the epoch, set ``optimizer.lr``,
    return it.  ``needs_loss = True`` makes ``check`` require a finite loss.

    >>> from vecgd import SGD
    >>> class Halve(Schedule):
    ...     def update(self, loss=None):
    ...         self.last_epoch += 1
    ...         self.optimizer.lr /= 2
    ...         return self.optimizer.lr
    >>> schedule = Halve(SGD(1.0))
    >>> schedule.step(), schedule.step(), schedule
    (0.5, 0.25, Halve())
    """

    _kind = "schedule"
    _links = ("optimizer",)
    _state: ClassVar[tuple[str, ...]] = ("last_epoch", "base_lr")
    needs_loss: ClassVar[bool] = False
    optimizer: _HasLr

    def __init__(self, optimizer: _HasLr) -> None:
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

        Call it once per epoch, after the epoch: ``check(loss)``, then
        ``update(loss)``.

        >>> from vecgd import SGD
        >>> StepLR(SGD(1.0), step_size=1, gamma=0.5).step()
        0.5
        """
        self.check(loss)
        return self.update(loss)

    def check(self, loss: float | None = None) -> None:
        """Raise unless loss suits this schedule's step.

        A loss that is given must be a real number (TypeError otherwise),
        whichever the schedule; ReduceLROnPlateau and Adaptive (``needs_loss``)
        need it, and finite (ValueError otherwise).  The others ignore it.

        >>> from vecgd import SGD
        >>> ReduceLROnPlateau(SGD(1.0)).check(None)
        Traceback (most recent call last):
        ValueError: ReduceLROnPlateau: step needs the epoch's loss (got None)
        """
        where = type(self).__name__
        if loss is not None:
            require_real(where, "loss", loss)
        if self.needs_loss:
            if loss is None:
                raise ValueError(f"{where}: step needs the epoch's loss (got None)")
            require_finite(where, "loss", loss)

    def update(self, loss: float | None = None) -> float:
        """Count one epoch and return the new ``optimizer.lr``, without checks (each rule)."""
        raise NotImplementedError(f"{type(self).__name__} must define update(loss)")

    def _check_loaded(self, where: str, fresh: Any, loaded: dict[str, Any]) -> None:
        """Refuse a saved epoch count that is not an int >= 0, or a base_lr not positive."""
        require_int(where, "last_epoch", loaded["last_epoch"], minimum=0)
        require_positive(where, "base_lr", loaded["base_lr"])


class StepLR(Schedule):
    """Multiply lr by gamma every step_size epochs (PyTorch's ``StepLR``).

    The closed form is ``base_lr * gamma ** (e // step_size)`` after epoch
    e.  step_size must be an integer of at least 1 and gamma positive.

    >>> from vecgd import SGD
    >>> opt = SGD(0.5)
    >>> schedule = StepLR(opt, step_size=2, gamma=0.5)
    >>> [opt.lr] + [schedule.step() for _ in range(6)]
    [0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625]
    """

    def __init__(self, optimizer: _HasLr, step_size: int, gamma: float = 0.1) -> None:
        require_int("StepLR", "step_size", step_size, minimum=1)
        require_positive("StepLR", "gamma", gamma)
        super().__init__(optimizer)
        self.step_size, self.gamma = step_size, float(gamma)

    def update(self, loss: float | None = None) -> float:
        """After epoch e: ``lr *= gamma`` when e is a multiple of step_size."""
        self.last_epoch += 1
        if self.last_epoch % self.step_size == 0:
            self.optimizer.lr = self.optimizer.lr * self.gamma
        return self.optimizer.lr


class MultiStepLR(Schedule):
    """Multiply lr by gamma at each milestone epoch (PyTorch's ``MultiStepLR``).

    Milestones must be integers of at least 1 and gamma positive.

    >>> from vecgd import SGD
    >>> opt = SGD(1.0)
    >>> schedule = MultiStepLR(opt, milestones=[2, 4], gamma=0.5)
    >>> [schedule.step() for _ in range(5)]
    [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, optimizer: _HasLr, milestones: Sequence[int], gamma: float = 0.1) -> None:
        # any sequence (a range, array.array, NumPy's by tolist()); each an int for state_dict
        milestones = as_sequence("MultiStepLR", "milestones", milestones, "a sequence of integers")
        for i, milestone in enumerate(milestones):
            require_int("MultiStepLR", f"milestones[{i}]", milestone, minimum=1)
        require_positive("MultiStepLR", "gamma", gamma)
        super().__init__(optimizer)
        self.milestones, self.gamma = sorted(int(m) for m in milestones), float(gamma)

    def update(self, loss: float | None = None) -> float:
        """After epoch e: ``lr *= gamma ** k``, k the times e appears in milestones."""
        self.last_epoch += 1
        lr, hits = self.optimizer.lr, self.milestones.count(self.last_epoch)
        if hits:
            try:  # PyTorch's lr * gamma ** hits; math.pow raises on every interpreter
                lr = lr * math.pow(self.gamma, hits)
            except OverflowError:  # gamma ** hits passed the largest float: one at a time
                for _ in range(hits):
                    lr *= self.gamma
        self.optimizer.lr = lr
        return lr


class ExponentialLR(Schedule):
    """Multiply lr by gamma after every epoch (PyTorch's ``ExponentialLR``).

    Closed form: ``base_lr * gamma ** e`` after epoch e.  gamma must be
    positive.

    >>> from vecgd import SGD
    >>> schedule = ExponentialLR(SGD(2.0), gamma=0.5)
    >>> [schedule.step() for _ in range(4)]
    [1.0, 0.5, 0.25, 0.125]
    """

    def __init__(self, optimizer: _HasLr, gamma: float) -> None:
        require_positive("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer)
        self.gamma = float(gamma)

    def update(self, loss: float | None = None) -> float:
        """After each epoch: ``lr *= gamma``."""
        self.last_epoch += 1
        self.optimizer.lr = self.optimizer.lr * self.gamma
        return self.optimizer.lr


class CosineAnnealingLR(Schedule):
    """Anneal lr along half a cosine from base_lr to eta_min over T_max epochs.

    PyTorch's ``CosineAnnealingLR`` in its recursive, chainable form, which
    on its own follows the closed form ``eta_min + (base_lr - eta_min) * (1
    + cos(pi*e/T_max)) / 2`` to rounding.  Past T_max the cosine climbs back
    (PyTorch's behaviour, no restart).  At epoch T_max the lr is eta_min,
    which the optimizers refuse if it is 0: use eta_min > 0 or T_max >= the
    number of epochs.  T_max must be an integer of at least 1 and eta_min
    non-negative.

    >>> from vecgd import SGD
    >>> schedule = CosineAnnealingLR(SGD(1.0), T_max=4)
    >>> [round(schedule.step(), 6) for _ in range(6)]
    [0.853553, 0.5, 0.146447, 0.0, 0.146447, 0.5]
    """

    def __init__(self, optimizer: _HasLr, T_max: int, eta_min: float = 0.0) -> None:
        require_int("CosineAnnealingLR", "T_max", T_max, minimum=1)
        require_nonnegative("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer)
        self.T_max, self.eta_min = T_max, float(eta_min)

    def update(self, loss: float | None = None) -> float:
        """After epoch e: lr moves to ``eta_min + (lr - eta_min) * ratio``.

        ``ratio = (1 + cos(pi*e/T)) / (1 + cos(pi*(e-1)/T))``, T = T_max.
        Where its denominator would be 0 (e - 1 an odd multiple of T),
        PyTorch steps up from the bottom instead: ``lr + (base_lr - eta_min)
        * (1 - cos(pi/T)) / 2``.
        """
        self.last_epoch += 1
        e, t_max, lr, low = self.last_epoch, self.T_max, self.optimizer.lr, self.eta_min
        if (e - 1 - t_max) % (2 * t_max) == 0:
            lr = lr + (self.base_lr - low) * (1 - math.cos(math.pi / t_max)) / 2
        else:
            ratio = (1 + math.cos(math.pi * e / t_max)) / (1 + math.cos(math.pi * (e - 1) / t_max))
            lr = ratio * (lr - low) + low
        self.optimizer.lr = lr
        return lr


class ReduceLROnPlateau(Schedule):
    """Multiply lr by factor when the loss stops improving (PyTorch's ``ReduceLROnPlateau``).

    step needs the loss.  factor must be in (0, 1), patience and cooldown
    integers of at least 0, threshold, min_lr and eps non-negative.

    >>> from vecgd import SGD
    >>> schedule = ReduceLROnPlateau(SGD(1.0), factor=0.5, patience=1)
    >>> [schedule.step(loss) for loss in [5.0, 4.0, 4.0, 4.0, 3.0, 3.5, 3.5]]
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]
    """

    _state = ("last_epoch", "base_lr", "best", "num_bad_epochs", "cooldown_counter")
    needs_loss = True

    def __init__(self, optimizer: _HasLr, mode: str = "min", factor: float = 0.1,
                 patience: int = 10, threshold: float = 1e-4, threshold_mode: str = "rel",
                 cooldown: int = 0, min_lr: float = 0.0, eps: float = 1e-8) -> None:
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
        super().__init__(optimizer)
        self.mode, self.threshold_mode = mode, threshold_mode
        self.factor, self.threshold = float(factor), float(threshold)
        self.patience, self.cooldown = patience, cooldown
        self.min_lr, self.eps = float(min_lr), float(eps)
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = self.cooldown_counter = 0

    def update(self, loss: float | None = None) -> float:
        """After each epoch: count it bad unless its loss beats the best by the threshold.

        Better means ``loss < best * (1 - threshold)`` (mode "min",
        threshold_mode "rel"), ``loss < best - threshold`` ("min", "abs"),
        ``loss > best * (1 + threshold)`` ("max", "rel") or ``loss > best +
        threshold`` ("max", "abs"); the first epoch is better (in "min",
        "rel" only while threshold < 1).  Bad epochs during the ``cooldown``
        epochs after a reduction are not counted.  On the (patience+1)-th
        bad epoch in a row ``lr = max(lr * factor, min_lr)``, skipped if
        that changes lr by eps or less, and the count restarts.
        """
        self.last_epoch += 1
        current = float(loss)  # type: ignore[arg-type]  # check() refuses None
        if self.mode == "min":
            better = (current < self.best * (1.0 - self.threshold) if self.threshold_mode == "rel"
                      else current < self.best - self.threshold)
        else:
            better = (current > self.best * (self.threshold + 1.0) if self.threshold_mode == "rel"
                      else current > self.best + self.threshold)
        if better:
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
        self.optimizer.lr = lr
        return lr


class InverseScaling(Schedule):
    """Shrink lr as ``base_lr / t ** power_t`` for the t-th epoch (scikit-learn's "invscaling").

    scikit-learn's ``MLPRegressor`` uses ``power_t=0.5`` (the default here)
    and its ``SGDRegressor`` 0.25, counting t in samples (docs/optimizers.md).
    power_t must be non-negative.

    >>> from vecgd import SGD
    >>> schedule = InverseScaling(SGD(1.0))
    >>> [schedule.step() for _ in range(3)]
    [0.7071067811865475, 0.5773502691896258, 0.5]
    """

    def __init__(self, optimizer: _HasLr, power_t: float = 0.5) -> None:
        require_nonnegative("InverseScaling", "power_t", power_t)
        super().__init__(optimizer)
        self.power_t = float(power_t)

    def update(self, loss: float | None = None) -> float:
        """After epoch e: ``lr = base_lr / (e + 1) ** power_t``, the lr of epoch t = e + 1."""
        self.last_epoch += 1
        t = self.last_epoch + 1
        try:
            lr = self.base_lr / math.pow(t, self.power_t)  # scikit-learn's arithmetic
        except OverflowError:
            # t ** power_t passed the largest float; the quotient need not have:
            # take it through logs (exp underflows to 0, never raises).
            lr = math.exp(math.log(self.base_lr) - self.power_t * math.log(t))
        self.optimizer.lr = lr
        return lr


class Adaptive(Schedule):
    """Divide lr by 5 when the loss stalls (scikit-learn's "adaptive", SGDRegressor's rule).

    These are ``SGDRegressor``'s semantics (``>= n_iter_no_change``,
    defaults 5 and 1e-3; docs/optimizers.md compares MLPRegressor's).  step
    needs the loss.  n_iter_no_change must be an integer of at least 1 and
    tol non-negative.

    >>> from vecgd import SGD
    >>> schedule = Adaptive(SGD(1.0), n_iter_no_change=2)
    >>> [schedule.step(loss) for loss in [3.0, 2.0, 2.0, 1.9999, 1.0, 1.0, 1.0]]
    [1.0, 1.0, 1.0, 0.2, 0.2, 0.2, 0.04]
    """

    _state = ("last_epoch", "base_lr", "best", "no_improvement_count")
    needs_loss = True

    def __init__(self, optimizer: _HasLr, n_iter_no_change: int = 5, tol: float = 1e-3) -> None:
        require_int("Adaptive", "n_iter_no_change", n_iter_no_change, minimum=1)
        require_nonnegative("Adaptive", "tol", tol)
        super().__init__(optimizer)
        self.n_iter_no_change, self.tol = n_iter_no_change, float(tol)
        self.best, self.no_improvement_count = math.inf, 0

    def update(self, loss: float | None = None) -> float:
        """After each epoch: a stall when ``loss > best - tol`` (best: the lowest loss so far).

        After n_iter_no_change stalls in a row lr is divided by 5 and the
        count restarts, as long as lr > 1e-6 (there scikit-learn stops
        training; here lr just stays).
        """
        self.last_epoch += 1
        current = float(loss)  # type: ignore[arg-type]  # check() refuses None
        if current > self.best - self.tol:
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        self.best = min(self.best, current)
        lr = self.optimizer.lr
        if self.no_improvement_count >= self.n_iter_no_change and lr > 1e-6:
            lr /= 5
            self.no_improvement_count = 0
        self.optimizer.lr = lr
        return lr


class Annealing(Schedule):
    """The optimizer lesson's annealing for Adam: cut lr when the gradient scale jumps.

    The optimizer must keep ``exp_avg_sq`` (Adam, AdamW).  divisor and ratio
    must be positive and reference non-negative.

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

    optimizer: _HasSecondMoment

    def __init__(self, optimizer: _HasSecondMoment, divisor: float = 4.0, ratio: float = 2.0,
                 reference: float = 5500.0) -> None:
        require_positive("Annealing", "divisor", divisor)
        require_positive("Annealing", "ratio", ratio)
        require_nonnegative("Annealing", "reference", reference)
        if not hasattr(optimizer, "exp_avg_sq"):
            raise TypeError("Annealing: optimizer must keep exp_avg_sq, as Adam does "
                            f"(got {describe(optimizer)})")
        super().__init__(optimizer)
        self.divisor, self.ratio, self.reference = float(divisor), float(ratio), float(reference)

    def update(self, loss: float | None = None) -> float:
        """After each epoch, with ``s = sum(sqrt(v) for v in optimizer.exp_avg_sq)``.

        If ``s / reference > ratio``: ``lr /= divisor``; then if ``s <
        reference``: ``reference = s``.  These are the lesson's two tests in
        its order (``avg_grad / avg_grad_prev > 2``, ``lr / 4``,
        ``avg_grad_prev`` starting at 5500).  With reference 0 (after an
        epoch of zero gradients), any s > 0 is a jump and 0 / 0 none.
        """
        self.last_epoch += 1
        scale = sum(math.sqrt(v) for v in self.optimizer.exp_avg_sq)
        lr = self.optimizer.lr
        jumped = scale > 0 if self.reference == 0 else scale / self.reference > self.ratio
        if jumped:
            lr = lr / self.divisor
        if scale < self.reference:
            self.reference = scale
        self.optimizer.lr = lr
        return lr
