"""Optimizers, in order of increasing complexity: SGD, Momentum, AdaGrad, RMSprop, Adam, AdamW.

Each optimizer is a small object with a mutable ``lr`` (schedules set it),
``step(theta, gradient)`` returning the new theta (a new list), ``reset()``,
``state_dict()`` / ``load_state_dict()`` (plain JSON-able data, so a fit can
stop and resume with the same numbers) and a ``__repr__`` showing every
hyperparameter.  State (step count, running averages) is created on the
first step, which also fixes theta's length.

The update equations are PyTorch's (``torch.optim``, the algorithm boxes of
its documentation), and the arithmetic is written in the order of PyTorch's
single-tensor ("for-loop") implementation, so a trajectory agrees with
PyTorch's in float64 to rounding.  The course's variants (seed 003) are
keyword arguments, never copies of classes: ``initial=1.0`` starts the
running averages at 1, ``eps=0.0`` drops epsilon, and
``bias_correction=False`` drops Adam's bias correction.

>>> opt = Adam(lr=0.1)
>>> theta = [1.0, -2.0]
>>> for _ in range(200):
...     theta = opt.step(theta, [2 * t for t in theta])   # minimise |theta|^2
>>> [round(abs(t), 2) for t in theta], opt.steps
([0.0, 0.0], 200)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from vecgd._checks import (
    describe,
    require_bool,
    require_finite,
    require_int,
    require_nonnegative,
    require_positive,
    require_same_length,
    require_unit_interval,
    require_vector,
)
from vecgd.vector import Vector, magnitude

__all__ = [
    "AdaGrad",
    "Adam",
    "AdamW",
    "Momentum",
    "Optimizer",
    "RMSprop",
    "SGD",
    "clip_by_norm",
    "clip_by_value",
]


@runtime_checkable
class Optimizer(Protocol):
    """What ``fit`` needs of an optimizer: ``lr``, ``step``, ``reset`` and its state.

    Every optimizer of this module satisfies it; so does any object with
    these members.

    >>> isinstance(SGD(0.1), Optimizer)
    True
    """

    lr: float

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta after one step along gradient."""
        ...

    def reset(self) -> None:
        """Forget the state: step count and buffers."""
        ...

    def state_dict(self) -> dict[str, Any]:
        """Return hyperparameters and state as plain JSON-able data."""
        ...

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore what state_dict returned."""
        ...


def _lerp(start: float, end: float, weight: float) -> float:
    """Return start + weight * (end - start), arranged as PyTorch's ``lerp_`` is.

    ATen's lerp switches form at weight 0.5 for accuracy; PyTorch's Adam and
    centered RMSprop update their averages of g with it.
    """
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def _divide(numerator: float, denominator: float) -> float:
    """Return numerator / denominator, with IEEE's answers where the denominator is 0.

    Only eps=0 lets a denominator be 0.  A flat coordinate (zero gradient,
    zero running average) then divides 0 by 0: vecgd defines that step as 0,
    coordinate by coordinate.  A non-zero numerator over 0 (a subnormal
    gradient whose square underflowed) gives IEEE's signed infinity, which
    fit reports as divergence; Python's ``/`` would raise ZeroDivisionError.
    """
    if denominator:
        return numerator / denominator
    return math.copysign(math.inf, numerator) if numerator else 0.0


def _check_initial(where: str, initial: Any, *, nonnegative: bool) -> None:
    """Raise unless initial is None or a finite (non-negative) real number."""
    if initial is None:
        return
    if nonnegative:
        require_nonnegative(where, "initial", initial)
    else:
        require_finite(where, "initial", initial)


class _Base:
    """Shared machinery: hyperparameter checks, input checks, state and repr.

    A subclass lists its constructor's parameters in ``_hyperparameters``
    (the repr and state_dict show them in that order) and its per-coordinate
    state lists in ``_buffers``; it creates those in ``_create_state``.
    """

    _hyperparameters: ClassVar[tuple[str, ...]] = ()
    _buffers: ClassVar[tuple[str, ...]] = ()
    _decoupled: ClassVar[bool] = False  # AdamW: weight decay is not an L2 term

    lr: float
    weight_decay: float
    maximize: bool
    steps: int
    _size: int | None

    def _setup(self, lr: float, weight_decay: float, maximize: bool) -> None:
        where = type(self).__name__
        require_positive(where, "lr", lr)
        require_nonnegative(where, "weight_decay", weight_decay)
        require_bool(where, "maximize", maximize)
        self.lr = float(lr)
        self.weight_decay = float(weight_decay)
        self.maximize = maximize

    def reset(self) -> None:
        """Forget the state: the step count, every buffer and theta's length.

        >>> opt = SGD(0.5)
        >>> opt.step([1.0], [1.0]), opt.steps
        ([0.5], 1)
        >>> opt.reset(); opt.steps
        0
        """
        self.steps = 0
        self._size = None
        for name in self._buffers:
            setattr(self, name, [])

    def _create_state(self, n: int) -> None:
        """Create the buffers for a theta of length n (before the first step)."""

    def _check_theta(self, theta: Sequence[float]) -> None:
        """Raise unless lr and theta are fit for a step: what fit checks once per epoch.

        ``fit`` calls it once per epoch (lr does not change within one) and
        then ``_step``, because its built-in models give finite gradients of
        theta's length or a non-finite theta, which fit reports as divergence.
        """
        where = type(self).__name__
        require_positive(where, "lr", self.lr)  # someone may have set opt.lr = -1
        require_vector(where, "theta", theta, finite=True, nonempty=True)
        if self._size is not None and len(theta) != self._size:
            raise ValueError(
                f"{where}: theta must keep the length it had on the first step, "
                f"{self._size} (got {len(theta)})"
            )

    def _check(self, theta: Sequence[float], gradient: Sequence[float]) -> None:
        """Raise unless lr, theta and gradient are fit for a step: what step checks each call."""
        self._check_theta(theta)
        where = type(self).__name__
        require_vector(where, "gradient", gradient, finite=True)
        require_same_length(where, theta, gradient, what="theta and gradient")

    def _step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Take one step WITHOUT checks (step checks, then calls this): count it, update.

        The first step creates the state.  The effective gradient is
        PyTorch's: negated under ``maximize``, then ``weight_decay * theta``
        added (L2), except for AdamW.  The update equations are the
        subclass's ``_update``.
        """
        if self._size is None:
            self._size = len(theta)
            self._create_state(len(theta))
        self.steps += 1
        if self.maximize:
            gradient = [-g_i for g_i in gradient]
        if self.weight_decay != 0 and not self._decoupled:
            gradient = [g_i + self.weight_decay * t_i for g_i, t_i in zip(gradient, theta)]
        return self._update(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        """Return the new theta from the effective gradient g (each optimizer's equations)."""
        raise NotImplementedError

    def _hyperparameter_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._hyperparameters}

    def __repr__(self) -> str:
        inside = ", ".join(f"{k}={v!r}" for k, v in self._hyperparameter_values().items())
        return f"{type(self).__name__}({inside})"

    def state_dict(self) -> dict[str, Any]:
        """Return hyperparameters and state as plain data that ``json`` can write.

        >>> state = SGD(0.5).state_dict()
        >>> state["optimizer"], state["hyperparameters"]
        ('SGD', {'lr': 0.5, 'weight_decay': 0.0, 'maximize': False})
        """
        values = self._hyperparameter_values()
        if "betas" in values:
            values["betas"] = list(values["betas"])
        return {
            "optimizer": type(self).__name__,
            "hyperparameters": values,
            "steps": self.steps,
            "size": self._size,
            "state": {name: list(getattr(self, name)) for name in self._buffers},
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore hyperparameters and state from what ``state_dict`` returned.

        The hyperparameters go through the constructor's checks again; every
        buffer must be a list of finite numbers, as long as the saved
        optimizer's own (theta's length, or empty for a buffer its options
        leave unused), so a damaged state is refused rather than stepped.

        >>> a = Momentum(0.5); theta = a.step([1.0], [2.0])
        >>> b = Momentum(0.1); b.load_state_dict(a.state_dict())
        >>> b.step(theta, [2.0]) == a.step(theta, [2.0])
        True
        """
        where = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state, Mapping) or state.get("optimizer") != type(self).__name__:
            raise ValueError(
                f"{where}: state must come from {type(self).__name__}.state_dict() "
                f"(got {describe(state)})"
            )
        values = state.get("hyperparameters")
        if not isinstance(values, Mapping):
            raise ValueError(f"{where}: hyperparameters must be a mapping (got {describe(values)})")
        values = dict(values)
        if sorted(values) != sorted(self._hyperparameters):
            raise ValueError(
                f"{where}: hyperparameters must be {', '.join(self._hyperparameters)} "
                f"(got {', '.join(values)})"
            )
        if "betas" in values and isinstance(values["betas"], list):
            values["betas"] = tuple(values["betas"])
        fresh = type(self)(**values)
        steps: int = state.get("steps")  # type: ignore[assignment]  # checked next
        size: int | None = state.get("size")
        buffers = state.get("state", {})
        require_int(where, "steps", steps, minimum=0)
        if size is not None:
            require_int(where, "size", size, minimum=1)
        if not isinstance(buffers, Mapping) or sorted(buffers) != sorted(self._buffers):
            raise ValueError(f"{where}: state must hold {', '.join(self._buffers) or 'nothing'}")
        if (steps == 0) != (size is None):
            raise ValueError(f"{where}: steps and size must both be unset or both set "
                             f"(got steps {steps} and size {size})")
        # Which buffers a stepped optimizer fills depends on its options
        # (amsgrad, centered, momentum): a probe of the same kind shows it.
        if size is not None:
            fresh._step([0.0] * size, [0.0] * size)
        for name in self._buffers:
            require_vector(where, name, buffers[name], finite=True)
            expected = len(getattr(fresh, name))
            if len(buffers[name]) != expected:
                rule = f"have theta's length {expected}" if expected else "be empty"
                raise ValueError(f"{where}: {name} must {rule} (got {len(buffers[name])} values)")
        fresh.reset()
        self.__dict__.update(fresh.__dict__)
        self.steps, self._size = steps, size
        for name in self._buffers:
            setattr(self, name, [float(x) for x in buffers[name]])


class SGD(_Base):
    """Stochastic gradient descent: ``theta <- theta - lr * g``.

    PyTorch's ``torch.optim.SGD`` without momentum (Momentum is its own
    class here).  ``weight_decay`` adds ``weight_decay * theta`` to the
    gradient (L2); ``maximize=True`` ascends.  The lesson's SGD (seed 003)
    is ``SGD(0.0001)``.  Raises ValueError unless lr is positive and finite
    and weight_decay is non-negative.

    >>> opt = SGD(0.5)
    >>> opt.step([1.0, 2.0], [2.0, -4.0])
    [0.0, 4.0]
    >>> opt
    SGD(lr=0.5, weight_decay=0.0, maximize=False)
    """

    _hyperparameters = ("lr", "weight_decay", "maximize")

    def __init__(self, lr: float, *, weight_decay: float = 0.0, maximize: bool = False) -> None:
        self._setup(lr, weight_decay, maximize)
        self.reset()

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: ``theta - lr * g``.

        ``g`` is the gradient, negated if maximize, plus ``weight_decay *
        theta``.  theta and gradient must have the same length (the first
        step's, on later steps) and the gradient must be finite, else
        ValueError.

        >>> SGD(0.25, weight_decay=1.0).step([2.0], [2.0])
        [1.0]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        return [t - self.lr * g_i for t, g_i in zip(theta, g)]


class Momentum(_Base):
    """Gradient descent with momentum, PyTorch's ``SGD(momentum=...)``.

    PyTorch's buffer starts as the first gradient itself (undamped); after
    that ``b <- momentum * b + (1 - dampening) * g``.  With ``initial`` given
    the buffer starts at that value and dampening applies from step 1.
    ``nesterov=True`` steps along ``g + momentum * b`` and needs momentum > 0
    and dampening 0.  ``momentum=0`` is plain SGD (PyTorch keeps no buffer).

    The lesson's momentum (seed 003: ``step = 0.9*prev + 0.1*g``, prev
    starting at 1) is ``Momentum(0.0001, momentum=0.9, dampening=0.9,
    initial=1.0)``; the book's (Data Science from Scratch, ch. 19: the same
    damped average from 0) is ``Momentum(lr, momentum=0.9, dampening=0.9,
    initial=0.0)``.  Keras's ``SGD(momentum=m)`` (``v = m*v - lr*g``) and
    optax's ``sgd(momentum=m)`` equal PyTorch's at constant lr:
    ``Momentum(lr, momentum=m)``.  Raises ValueError for lr not
    positive, momentum or weight_decay negative, dampening outside [0, 1].

    >>> opt = Momentum(0.5, momentum=0.5)
    >>> theta = opt.step([1.0], [2.0]); theta, opt.momentum_buffer
    ([0.0], [2.0])
    >>> opt.step(theta, [2.0]), opt.momentum_buffer
    ([-1.5], [3.0])
    """

    _hyperparameters = (
        "lr", "momentum", "dampening", "nesterov", "weight_decay", "initial", "maximize",
    )
    _buffers = ("momentum_buffer",)
    momentum_buffer: Vector

    def __init__(
        self,
        lr: float,
        momentum: float = 0.9,
        dampening: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
        initial: float | None = None,
        maximize: bool = False,
    ) -> None:
        where = type(self).__name__
        self._setup(lr, weight_decay, maximize)
        require_nonnegative(where, "momentum", momentum)
        require_finite(where, "dampening", dampening)
        if not 0.0 <= dampening <= 1.0:
            raise ValueError(f"{where}: dampening must be in [0, 1] (got {dampening!r})")
        require_bool(where, "nesterov", nesterov)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(
                f"{where}: nesterov needs momentum > 0 and dampening 0 "
                f"(got momentum={momentum!r}, dampening={dampening!r})"
            )
        _check_initial(where, initial, nonnegative=False)
        self.momentum = float(momentum)
        self.dampening = float(dampening)
        self.nesterov = nesterov
        self.initial = None if initial is None else float(initial)
        self.reset()

    def _create_state(self, n: int) -> None:
        if self.initial is not None:
            self.momentum_buffer = [self.initial] * n

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: ``theta - lr * b`` (nesterov: ``theta - lr * (g + momentum * b)``).

        ``b <- g`` on step 1 when initial is None, else
        ``b <- momentum * b + (1 - dampening) * g``; ``g`` is the gradient,
        negated if maximize, plus ``weight_decay * theta``.

        >>> Momentum(0.5, momentum=0.5, nesterov=True).step([1.0], [2.0])
        [-0.5]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        if self.momentum == 0:
            return [t - self.lr * g_i for t, g_i in zip(theta, g)]
        m, kept = self.momentum, 1 - self.dampening
        if self.steps == 1 and self.initial is None:
            self.momentum_buffer = list(g)
        else:
            self.momentum_buffer = [m * b + kept * g_i for b, g_i in zip(self.momentum_buffer, g)]
        if self.nesterov:
            direction = [g_i + m * b for g_i, b in zip(g, self.momentum_buffer)]
        else:
            direction = self.momentum_buffer
        return [t - self.lr * d for t, d in zip(theta, direction)]


class AdaGrad(_Base):
    """AdaGrad (Duchi et al. 2011), PyTorch's ``torch.optim.Adagrad``.

    Each coordinate's step is divided by the root of its sum of squared
    gradients, ``sqrt(sum) + eps``, eps OUTSIDE the root (PyTorch's).
    ``lr_decay`` shrinks lr as ``lr / (1 + (t - 1) * lr_decay)``, and the
    sum starts at ``initial_accumulator_value``.  optax's ``adagrad`` puts
    eps inside the root (``sqrt(sum + eps)``) and starts the sum at 0.1:
    ``AdaGrad(lr, initial_accumulator_value=0.1, eps=0.0)`` matches it up to
    where eps sits.  Raises ValueError for lr not positive, or lr_decay,
    weight_decay, initial_accumulator_value or eps negative.

    >>> opt = AdaGrad(1.0, eps=0.0)
    >>> theta = opt.step([1.0, 1.0], [3.0, 4.0]); theta, opt.sum
    ([0.0, 0.0], [9.0, 16.0])
    >>> opt.step(theta, [4.0, 3.0])
    [-0.8, -0.6]
    """

    _hyperparameters = (
        "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize",
    )
    _buffers = ("sum",)
    sum: Vector

    def __init__(
        self,
        lr: float = 0.01,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        maximize: bool = False,
    ) -> None:
        where = type(self).__name__
        self._setup(lr, weight_decay, maximize)
        require_nonnegative(where, "lr_decay", lr_decay)
        require_nonnegative(where, "initial_accumulator_value", initial_accumulator_value)
        require_nonnegative(where, "eps", eps)
        self.lr_decay = float(lr_decay)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.eps = float(eps)
        self.reset()

    def _create_state(self, n: int) -> None:
        self.sum = [self.initial_accumulator_value] * n

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: ``theta - clr * g / (sqrt(sum) + eps)``.

        ``clr = lr / (1 + (t - 1) * lr_decay)`` at step t, ``sum <- sum + g*g``;
        ``g`` is the gradient, negated if maximize, plus ``weight_decay * theta``.
        With eps=0 a coordinate whose gradient and sum are both 0 steps by 0
        (0 / 0 is defined as 0).

        >>> AdaGrad(1.0, lr_decay=1.0, eps=0.0).step([0.0], [2.0])
        [-1.0]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        clr = self.lr / (1 + (self.steps - 1) * self.lr_decay)
        self.sum = [s + g_i * g_i for s, g_i in zip(self.sum, g)]
        # PyTorch: param.addcdiv_(grad, sqrt(sum) + eps, value=-clr).
        denom = [math.sqrt(s) + self.eps for s in self.sum]
        return [t + _divide(-clr * g_i, d) for t, g_i, d in zip(theta, g, denom)]


class RMSprop(_Base):
    """RMSprop (Hinton's lecture 6e), PyTorch's ``torch.optim.RMSprop``.

    Keeps ``square_avg``, a running average of g^2, and divides each step by
    ``sqrt(square_avg) + eps`` (eps OUTSIDE the root, PyTorch's; optax's
    ``rmsprop`` and Keras put it inside, ``sqrt(v + eps)``, which
    ``RMSprop(lr, eps=0.0)`` matches only when their eps is negligible).
    ``centered=True`` subtracts the square of the running mean of g inside
    the root; ``momentum > 0`` accumulates the scaled steps in a buffer that
    starts at 0.  ``initial`` starts the running averages (square_avg and
    the centered mean) there instead of at 0.

    The lesson's RMSprop (seed 003: ``r = 0.9*r + 0.1*g^2``, r starting at
    1, ``theta -= lr/sqrt(r)*g``) is ``RMSprop(0.02, alpha=0.9, eps=0.0,
    initial=1.0)``.  From zero state the first step is ``lr/sqrt(1-alpha)``
    against the gradient's sign (10 * lr with alpha 0.99), up to eps.
    Raises ValueError for lr not positive, alpha outside [0, 1), or eps,
    weight_decay, momentum or initial negative.

    >>> opt = RMSprop(0.01)
    >>> [round(t, 6) for t in opt.step([1.0, 1.0], [2.0, -0.5])]
    [0.9, 1.1]
    """

    _hyperparameters = (
        "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "initial", "maximize",
    )
    _buffers = ("square_avg", "grad_avg", "momentum_buffer")
    square_avg: Vector
    grad_avg: Vector
    momentum_buffer: Vector

    def __init__(
        self,
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        initial: float | None = None,
        maximize: bool = False,
    ) -> None:
        where = type(self).__name__
        self._setup(lr, weight_decay, maximize)
        require_unit_interval(where, "alpha", alpha)
        require_nonnegative(where, "eps", eps)
        require_nonnegative(where, "momentum", momentum)
        require_bool(where, "centered", centered)
        _check_initial(where, initial, nonnegative=True)
        self.alpha = float(alpha)
        self.eps = float(eps)
        self.momentum = float(momentum)
        self.centered = centered
        self.initial = None if initial is None else float(initial)
        self.reset()

    def _create_state(self, n: int) -> None:
        start = 0.0 if self.initial is None else self.initial
        self.square_avg = [start] * n
        self.grad_avg = [start] * n if self.centered else []
        self.momentum_buffer = [0.0] * n if self.momentum > 0 else []

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: ``theta - lr * g / (sqrt(v) + eps)``.

        ``v <- alpha * v + (1 - alpha) * g^2``; centered: ``m <- alpha * m +
        (1 - alpha) * g`` and ``sqrt(v - m^2)`` replaces ``sqrt(v)``; with
        momentum: ``buf <- momentum * buf + g / (sqrt(v) + eps)`` and
        ``theta - lr * buf``.  ``g`` is the gradient, negated if maximize,
        plus ``weight_decay * theta``.  With eps=0 a coordinate whose gradient
        and v are both 0 steps by 0 (0 / 0 is defined as 0).

        >>> RMSprop(0.5, alpha=0.5, eps=0.0, initial=1.0).step([1.0], [1.0])
        [0.5]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        alpha, kept = self.alpha, 1 - self.alpha
        self.square_avg = [alpha * v + kept * g_i * g_i for v, g_i in zip(self.square_avg, g)]
        if self.centered:
            self.grad_avg = [_lerp(m, g_i, kept) for m, g_i in zip(self.grad_avg, g)]
            # v - m^2 >= 0 in exact arithmetic; max() keeps rounding from making it negative.
            roots = [math.sqrt(max(v - m * m, 0.0)) for v, m in zip(self.square_avg, self.grad_avg)]
        else:
            roots = [math.sqrt(v) for v in self.square_avg]
        avg = [r + self.eps for r in roots]
        if self.momentum > 0:
            self.momentum_buffer = [
                self.momentum * b + _divide(g_i, a)
                for b, g_i, a in zip(self.momentum_buffer, g, avg)
            ]
            return [t - self.lr * b for t, b in zip(theta, self.momentum_buffer)]
        return [t + _divide(-self.lr * g_i, a) for t, g_i, a in zip(theta, g, avg)]


class Adam(_Base):
    """Adam (Kingma & Ba 2015), PyTorch's ``torch.optim.Adam``.

    Running averages of g (``exp_avg``) and g^2 (``exp_avg_sq``), bias
    corrected; eps is added AFTER the bias-corrected square root, in
    PyTorch's arrangement (``step_size = lr / (1 - b1^t)``, ``denom =
    sqrt(v) / sqrt(1 - b2^t) + eps``).  Keras's Adam adds an "epsilon hat"
    to the uncorrected root instead: its ``epsilon`` equals vecgd's
    ``eps * sqrt(1 - b2^t)`` at step t, so ``Adam(lr, eps=0.0)`` matches it
    only when eps is negligible.  ``amsgrad=True`` divides by the root of
    the largest ``exp_avg_sq`` so far; ``weight_decay`` is L2 (for
    decoupled decay use AdamW); ``bias_correction=False`` and ``initial``
    (starting value of both averages) give the lesson's variant.

    The lesson's Adam (seed 003: m and r start at 1, betas 0.9/0.9,
    ``theta -= lr/sqrt(r)*m``) is ``Adam(1.0, betas=(0.9, 0.9), eps=0.0,
    bias_correction=False, initial=1.0)``.  From zero state the first step
    moves each coordinate by lr against the gradient's sign, up to eps.
    Raises ValueError for lr not positive, a beta outside [0, 1), or eps,
    weight_decay or initial negative.

    >>> opt = Adam(lr=0.1)
    >>> [round(t, 6) for t in opt.step([1.0, 1.0], [3.0, -0.5])]
    [0.9, 1.1]
    """

    _hyperparameters: ClassVar[tuple[str, ...]] = (
        "lr", "betas", "eps", "weight_decay", "amsgrad", "bias_correction", "initial", "maximize",
    )
    _buffers = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    exp_avg: Vector
    exp_avg_sq: Vector
    max_exp_avg_sq: Vector

    def __init__(
        self,
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        bias_correction: bool = True,
        initial: float | None = None,
        maximize: bool = False,
    ) -> None:
        where = type(self).__name__
        self._setup(lr, weight_decay, maximize)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{where}: betas must be a pair of numbers (got {describe(betas)})")
        require_unit_interval(where, "betas[0]", betas[0])
        require_unit_interval(where, "betas[1]", betas[1])
        require_nonnegative(where, "eps", eps)
        require_bool(where, "amsgrad", amsgrad)
        require_bool(where, "bias_correction", bias_correction)
        _check_initial(where, initial, nonnegative=True)
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = float(eps)
        self.amsgrad = amsgrad
        self.bias_correction = bias_correction
        self.initial = None if initial is None else float(initial)
        self.reset()

    def _create_state(self, n: int) -> None:
        start = 0.0 if self.initial is None else self.initial
        self.exp_avg = [start] * n
        self.exp_avg_sq = [start] * n
        self.max_exp_avg_sq = [0.0] * n if self.amsgrad else []

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: ``theta - step_size * m / denom``.

        ``step_size = lr / (1 - b1^t)``, ``denom = sqrt(v) / sqrt(1 - b2^t) + eps``,
        ``m <- b1 * m + (1 - b1) * g``, ``v <- b2 * v + (1 - b2) * g^2``; with
        amsgrad the largest v so far replaces v; without bias correction both
        corrections are 1.  ``g`` is the gradient, negated if maximize, plus
        ``weight_decay * theta``.  With eps=0 a coordinate whose m and v are
        both 0 (a zero gradient from zero state) steps by 0: 0 / 0 is defined
        as 0.

        >>> lesson = Adam(1.0, betas=(0.5, 0.5), eps=0.0, bias_correction=False, initial=1.0)
        >>> lesson.step([0.0], [1.0])
        [-1.0]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        b1, b2 = self.betas
        # PyTorch: exp_avg.lerp_(grad, 1 - b1),
        # exp_avg_sq.mul_(b2).addcmul_(grad, grad, value=1 - b2).
        self.exp_avg = [_lerp(m, g_i, 1 - b1) for m, g_i in zip(self.exp_avg, g)]
        self.exp_avg_sq = [b2 * v + (1 - b2) * g_i * g_i for v, g_i in zip(self.exp_avg_sq, g)]
        second = self.exp_avg_sq
        if self.amsgrad:
            self.max_exp_avg_sq = [max(a, v) for a, v in zip(self.max_exp_avg_sq, second)]
            second = self.max_exp_avg_sq
        step_size, root_correction = self.lr, 1.0
        if self.bias_correction:
            step_size = self.lr / (1 - b1**self.steps)
            root_correction = (1 - b2**self.steps) ** 0.5
        denom = [math.sqrt(v) / root_correction + self.eps for v in second]
        return [t + _divide(-step_size * m, d) for t, m, d in zip(theta, self.exp_avg, denom)]


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019), PyTorch's ``AdamW``.

    Before each Adam step theta shrinks by ``theta *= 1 - lr * weight_decay``;
    the gradient gets no L2 term.  Defaults are PyTorch's (weight_decay
    0.01).  Raises ValueError as Adam does.

    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> [round(t, 6) for t in opt.step([2.0], [3.0])]
    [1.8]
    >>> opt
    AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.5, amsgrad=False, maximize=False)
    """

    _hyperparameters: ClassVar[tuple[str, ...]] = (
        "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize",
    )
    _decoupled = True

    def __init__(
        self,
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize=maximize)

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta: Adam's step from ``theta * (1 - lr * weight_decay)``.

        >>> AdamW(lr=0.5, weight_decay=1.0, betas=(0.0, 0.0), eps=0.0).step([4.0], [1.0])
        [1.5]
        """
        self._check(theta, gradient)
        return self._step(theta, gradient)

    def _update(self, theta: Sequence[float], g: Sequence[float]) -> Vector:
        if self.weight_decay != 0:
            shrink = 1 - self.lr * self.weight_decay
            theta = [t * shrink for t in theta]
        return super()._update(theta, g)


# The step methods above: each checks its inputs, then calls _step.
_CHECKED_STEPS = frozenset(
    [SGD.step, Momentum.step, AdaGrad.step, RMSprop.step, Adam.step, AdamW.step]
)


def _unchecked(
    optimizer: object,
) -> tuple[
    Callable[[Sequence[float]], None],
    Callable[[Sequence[float], Sequence[float]], Vector],
] | None:
    """Return (optimizer._check_theta, optimizer._step) when its step is one of this module's.

    ``fit`` calls ``_check_theta(theta)`` once per epoch and then steps with
    ``_step``, so the checks of ``step`` are not paid once per sample.  A
    class that overrides ``step`` (to log, say), and any other optimizer,
    gets None: fit calls its ``step``.
    """
    if isinstance(optimizer, _Base) and getattr(type(optimizer), "step", None) in _CHECKED_STEPS:
        return optimizer._check_theta, optimizer._step
    return None


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
