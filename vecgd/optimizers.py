"""Optimizers, in order of increasing complexity: SGD, Momentum, AdaGrad, RMSprop, Adam, AdamW.

Each is a subclass of ``Optimizer`` whose ``update(theta, gradient)`` is its maths: it returns the
new theta (a new list) and keeps the state (the step count, running averages), created on the first
step.  ``step`` is the base's "check, then update".  The equations are PyTorch's (``torch.optim``),
in the order of its single-tensor implementation, so that a trajectory agrees with PyTorch's in
float64 (docs/optimizers.md says how closely, and compares other frameworks).  The optimizer
lesson's variants are keyword arguments: ``initial=1.0`` starts the running averages at 1,
``eps=0.0`` drops epsilon, ``bias_correction=False`` drops Adam's bias correction.  The module
passes 400 lines because each of the six optimizers keeps its equations beside its update.

>>> opt, theta = Adam(lr=0.1), [1.0, -2.0]
>>> for _ in range(200):
...     theta = opt.step(theta, [2 * t for t in theta])   # minimise |theta|^2
>>> [round(abs(t), 2) for t in theta], opt.steps
([0.0, 0.0], 200)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from vecgd._checks import (
    as_vector,
    require_bool,
    require_finite,
    require_int,
    require_nonnegative,
    require_positive,
    require_same_length,
    require_sequence,
    require_unit_interval,
    require_vector,
)
from vecgd._state import Stateful
from vecgd.vector import Vector

__all__ = ["AdaGrad", "Adam", "AdamW", "Momentum", "Optimizer", "RMSprop", "SGD"]

_THETA_ONLY: Any = object()  # check's default: a None gradient is refused, not skipped


class Optimizer(Stateful):
    """The base of every optimizer: ``step`` is ``check``, then ``update``.

    A subclass's constructor stores each parameter as an attribute of the
    same name (repr and state_dict read them) and calls
    ``Optimizer.__init__``, which checks and keeps ``lr`` and PyTorch's two
    common options, ``weight_decay`` and ``maximize`` (see
    effective_gradient).  Its ``update(theta, gradient)`` is the maths and
    nothing else, unchecked: it returns a new list, counts the step, and on
    the first step sets ``size`` (theta's length) and the buffers named in
    ``_state``.  ``fit`` checks once per epoch, then calls ``update``.

    >>> class SignDescent(Optimizer):
    ...     def update(self, theta, gradient):
    ...         if not self.steps:
    ...             self.size = len(theta)
    ...         self.steps += 1
    ...         return [t - self.lr * math.copysign(1.0, g) for t, g in zip(theta, gradient)]
    >>> opt = SignDescent(0.5)
    >>> opt.step([1.0, 1.0], [3.0, -0.25]), opt.steps
    ([0.5, 1.5], 1)
    """

    _kind = "optimizer"
    _counters = ("steps", "size")
    _squares: tuple[str, ...] = ()  # buffers of squares (sums, averages): never negative
    steps: int = 0  # class defaults: a subclass that skips super().__init__ still steps
    size: int | None = None
    weight_decay, maximize = 0.0, False

    def __init__(self, lr: float, weight_decay: float = 0.0, maximize: bool = False) -> None:
        where = type(self).__name__
        require_positive(where, "lr", lr)
        require_nonnegative(where, "weight_decay", weight_decay)
        require_bool(where, "maximize", maximize)
        self.lr, self.weight_decay, self.maximize = float(lr), float(weight_decay), maximize
        self.reset()

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta after one step along gradient: each optimizer's maths."""
        raise NotImplementedError(f"{type(self).__name__} must define update(theta, gradient)")

    def step(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the new theta after one step: ``check(theta, gradient)``, then ``update``.

        Any sequences of numbers (a huge int becomes a float: its square is inf, no OverflowError).

        >>> SGD(0.5).step(range(1, 3), (2, -4))
        [0.0, 4.0]
        """
        where = type(self).__name__
        theta, gradient = as_vector(where, "theta", theta), as_vector(where, "gradient", gradient)
        self.check(theta, gradient)
        return self.update(theta, gradient)

    def check(self, theta: Sequence[float], gradient: Sequence[float] = _THETA_ONLY) -> None:
        """Raise ValueError (TypeError for a non-number) unless a step may start from theta.

        lr must be finite and at least 0 (a schedule or a caller may have
        set it; the constructor asks for more than 0), theta a non-empty
        finite vector as long as on earlier steps, and the gradient, when
        given, a finite vector of theta's length (``check(theta)`` is what
        fit asks once per epoch).

        >>> SGD(0.1).check([1.0], [1.0, 2.0])
        Traceback (most recent call last):
        ValueError: SGD: theta and gradient must have the same length (got 1 and 2)
        """
        where = type(self).__name__
        # 0 is allowed here, as PyTorch allows it: a schedule may end at 0
        # (CosineAnnealingLR at T_max), and a step with lr 0 leaves theta.
        require_nonnegative(where, "lr", self.lr)
        require_vector(where, "theta", theta, finite=True, nonempty=True)
        if self.size is not None and len(theta) != self.size:
            raise ValueError(f"{where}: theta must keep the length it had on the first step, "
                             f"{self.size} (got {len(theta)})")
        if gradient is not _THETA_ONLY:
            require_vector(where, "gradient", gradient, finite=True)
            require_same_length(where, theta, gradient, what="theta and gradient")

    def effective_gradient(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return PyTorch's g: the gradient, negated if maximize, then + weight_decay * theta (L2).

        >>> SGD(0.1, weight_decay=0.5, maximize=True).effective_gradient([2.0], [3.0])
        [-2.0]
        """
        g = [-g_i for g_i in gradient] if self.maximize else list(gradient)
        if self.weight_decay:
            g = [g_i + self.weight_decay * t_i for g_i, t_i in zip(g, theta)]
        return g

    def reset(self) -> None:
        """Forget the state: the step count, every buffer and theta's length.

        >>> opt = SGD(0.5); theta = opt.step([1.0], [1.0]); opt.reset(); opt.steps
        0
        """
        self.steps, self.size = 0, None
        for name in self._state:
            setattr(self, name, [])

    def _check_loaded(self, where: str, fresh: Any, loaded: dict[str, Any]) -> None:
        """Refuse a saved state that this optimizer could not have reached.

        steps and size are both unset or both set, and every buffer is a
        list of finite numbers as long as the saved optimizer's own: theta's
        length, or empty where its options leave a buffer unused (amsgrad,
        centered, momentum), as a probe step of the same kind shows; the
        sums and averages of squares (``_squares``) are never negative.
        """
        steps, size = loaded["steps"], loaded["size"]
        require_int(where, "steps", steps, minimum=0)
        if size is not None:
            require_int(where, "size", size, minimum=1)
        if (steps == 0) != (size is None):
            raise ValueError(f"{where}: steps and size must both be unset or both set "
                             f"(got steps {steps} and size {size})")
        if size is not None:
            fresh.update([0.0] * size, [0.0] * size)
        for name in self._state:
            require_vector(where, name, loaded[name], finite=True)
            if name in self._squares and any(value < 0 for value in loaded[name]):
                raise ValueError(f"{where}: {name} holds squares, so no value may be negative "
                                 f"(got {min(loaded[name])!r})")
            expected = len(getattr(fresh, name))
            if len(loaded[name]) != expected:
                rule = f"have theta's length {expected}" if expected else "be empty"
                raise ValueError(f"{where}: {name} must {rule} (got {len(loaded[name])} values)")
        fresh.reset()


def _lerp(start: float, end: float, weight: float) -> float:
    """Return start + weight * (end - start) as PyTorch's ``lerp_``: its form switches at 0.5."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def _divide(numerator: float, denominator: float) -> float:
    """Return numerator / denominator; over 0 (only eps=0 allows it), 0 for 0 / 0, else IEEE's inf.

    0 / 0 is a flat coordinate (a step of 0); x / 0, a gradient whose square
    underflowed, is a signed infinity that fit reports as divergence.
    """
    if denominator:
        return numerator / denominator
    return math.copysign(math.inf, numerator) if numerator else 0.0


class SGD(Optimizer):
    """Stochastic gradient descent, PyTorch's ``torch.optim.SGD`` without momentum.

    The book chapter's step, ``gradient_step(theta, g, -lr)``; the optimizer
    lesson's SGD is ``SGD(0.0001)``.  Raises ValueError unless lr is
    positive and finite and weight_decay non-negative.

    >>> opt = SGD(0.5)
    >>> opt.step([1.0, 2.0], [2.0, -4.0]), opt
    ([0.0, 4.0], SGD(lr=0.5, weight_decay=0.0, maximize=False))
    """

    def __init__(self, lr: float, *, weight_decay: float = 0.0, maximize: bool = False) -> None:
        super().__init__(lr, weight_decay, maximize)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return ``theta - lr * g``, g: the gradient (negated if maximize) + weight_decay*theta."""
        if self.maximize or self.weight_decay:
            gradient = self.effective_gradient(theta, gradient)
        if not self.steps:
            self.size = len(theta)
        self.steps += 1
        return [t - self.lr * g for t, g in zip(theta, gradient)]


class Momentum(Optimizer):
    """Gradient descent with momentum (Polyak's heavy ball), PyTorch's ``SGD(momentum=...)``.

    ``nesterov=True`` is Sutskever et al. (2013) as PyTorch writes it;
    ``momentum=0`` is SGD (no buffer is used).  The optimizer lesson's momentum
    is ``Momentum(0.0001, momentum=0.9, dampening=0.9, initial=1.0)``;
    Data Science from Scratch's, in its deep learning chapter (the full
    book, not the gradient descent chapter), is ``Momentum(lr, momentum=0.9,
    dampening=0.9, initial=0.0)``.  Raises ValueError for lr not positive,
    momentum or weight_decay negative, dampening outside [0, 1], or
    nesterov without momentum or with dampening.

    >>> opt = Momentum(0.5, momentum=0.5)
    >>> opt.step([1.0], [2.0]), opt.step([0.0], [2.0]), opt.momentum_buffer
    ([0.0], [-1.5], [3.0])
    """

    _state = ("momentum_buffer",)

    def __init__(self, lr: float, momentum: float = 0.9, dampening: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0,
                 initial: float | None = None, maximize: bool = False) -> None:
        super().__init__(lr, weight_decay, maximize)
        where = type(self).__name__
        require_nonnegative(where, "momentum", momentum)
        require_finite(where, "dampening", dampening)
        if not 0.0 <= dampening <= 1.0:
            raise ValueError(f"{where}: dampening must be in [0, 1] (got {dampening!r})")
        require_bool(where, "nesterov", nesterov)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(f"{where}: nesterov needs momentum > 0 and dampening 0 "
                             f"(got momentum={momentum!r}, dampening={dampening!r})")
        if initial is not None:
            require_finite(where, "initial", initial)
        self.momentum, self.dampening, self.nesterov = float(momentum), float(dampening), nesterov
        self.initial = None if initial is None else float(initial)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return ``theta - lr * b``; nesterov: ``theta - lr * (g + momentum * b)``.

        ``b <- momentum * b + (1 - dampening) * g`` (b: ``momentum_buffer``),
        except that the first step sets ``b <- g`` (undamped) unless b
        starts at ``initial``.  g is the gradient, negated if maximize, plus
        ``weight_decay * theta``.
        """
        if self.maximize or self.weight_decay:
            gradient = self.effective_gradient(theta, gradient)
        if not self.steps:
            self.size = len(theta)
            if self.initial is not None:
                self.momentum_buffer = [self.initial] * len(theta)
        self.steps += 1
        lr, m, kept = self.lr, self.momentum, 1 - self.dampening
        if m == 0:
            return [t - lr * g for t, g in zip(theta, gradient)]
        if self.steps == 1 and self.initial is None:
            self.momentum_buffer = list(gradient)
        else:
            self.momentum_buffer = [m * b + kept * g
                                    for b, g in zip(self.momentum_buffer, gradient)]
        direction = self.momentum_buffer
        if self.nesterov:
            direction = [g + m * b for g, b in zip(gradient, self.momentum_buffer)]
        return [t - lr * d for t, d in zip(theta, direction)]


class AdaGrad(Optimizer):
    """AdaGrad (Duchi, Hazan & Singer 2011), PyTorch's ``torch.optim.Adagrad``.

    Each coordinate's step is divided by the root of its sum of squared gradients, eps outside
    the root.  Raises ValueError for lr not positive, or lr_decay, weight_decay,
    initial_accumulator_value or eps negative.

    >>> opt = AdaGrad(1.0, eps=0.0)
    >>> opt.step([1.0, 1.0], [3.0, 4.0]), opt.step([0.0, 0.0], [4.0, 3.0]), opt.sum
    ([0.0, 0.0], [-0.8, -0.6], [25.0, 25.0])
    """

    _state = ("sum",)
    _squares = ("sum",)

    def __init__(self, lr: float = 0.01, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10,
                 maximize: bool = False) -> None:
        super().__init__(lr, weight_decay, maximize)
        where = type(self).__name__
        require_nonnegative(where, "lr_decay", lr_decay)
        require_nonnegative(where, "initial_accumulator_value", initial_accumulator_value)
        require_nonnegative(where, "eps", eps)
        self.lr_decay, self.eps = float(lr_decay), float(eps)
        self.initial_accumulator_value = float(initial_accumulator_value)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return ``theta - clr * g / (sqrt(sum) + eps)``.

        ``sum <- sum + g * g``, from initial_accumulator_value, and ``clr =
        lr / (1 + (t - 1) * lr_decay)`` at step t.  g is the gradient,
        negated if maximize, plus ``weight_decay * theta``.  With eps=0 a
        coordinate whose gradient and sum are both 0 steps by 0.
        """
        if self.maximize or self.weight_decay:
            gradient = self.effective_gradient(theta, gradient)
        if not self.steps:
            self.size = len(theta)
            self.sum = [self.initial_accumulator_value] * len(theta)
        self.steps += 1
        clr = self.lr / (1 + (self.steps - 1) * self.lr_decay)
        self.sum = [s + g * g for s, g in zip(self.sum, gradient)]
        # PyTorch: param.addcdiv_(grad, sqrt(sum) + eps, value=-clr).
        denom = [math.sqrt(s) + self.eps for s in self.sum]
        return [t + _divide(-clr * g, d) for t, g, d in zip(theta, gradient, denom)]


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture 6e, 2012), PyTorch's ``torch.optim.RMSprop``.

    Each step is divided by the root of a running average of g^2, eps
    outside the root; ``centered=True`` is Graves's (2013) variant.  From
    zero state the first step is ``lr/sqrt(1-alpha)`` against the
    gradient's sign, up to eps.  The optimizer lesson's RMSprop is
    ``RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0)``.  Raises ValueError
    for lr not positive, alpha outside [0, 1), or eps, weight_decay,
    momentum or initial negative.

    >>> opt = RMSprop(0.01)
    >>> [round(t, 6) for t in opt.step([1.0, 1.0], [2.0, -0.5])]
    [0.9, 1.1]
    """

    _state = ("square_avg", "grad_avg", "momentum_buffer")
    _squares = ("square_avg",)

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False,
                 initial: float | None = None, maximize: bool = False) -> None:
        super().__init__(lr, weight_decay, maximize)
        where = type(self).__name__
        require_unit_interval(where, "alpha", alpha)
        require_nonnegative(where, "eps", eps)
        require_nonnegative(where, "momentum", momentum)
        require_bool(where, "centered", centered)
        if initial is not None:
            require_nonnegative(where, "initial", initial)
        self.alpha, self.eps = float(alpha), float(eps)
        self.momentum, self.centered = float(momentum), centered
        self.initial = None if initial is None else float(initial)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return ``theta - lr * g / (sqrt(v) + eps)``.

        ``v <- alpha * v + (1 - alpha) * g^2`` (v: ``square_avg``), from
        ``initial`` (else 0); centered: ``m <- alpha * m + (1 - alpha) * g``
        (m: ``grad_avg``, also from ``initial``) and ``sqrt(v - m^2)``
        replaces ``sqrt(v)``; with momentum: ``buf <- momentum * buf + g /
        (sqrt(v) + eps)`` (from 0) and ``theta - lr * buf``.  g is the
        gradient, negated if maximize, plus ``weight_decay * theta``.  With
        eps=0 a coordinate whose gradient and v are both 0 steps by 0.
        """
        if self.maximize or self.weight_decay:
            gradient = self.effective_gradient(theta, gradient)
        if not self.steps:
            start, n = 0.0 if self.initial is None else self.initial, len(theta)
            self.size, self.square_avg = n, [start] * n
            self.grad_avg = [start] * n if self.centered else []
            self.momentum_buffer = [0.0] * n if self.momentum > 0 else []
        self.steps += 1
        alpha, kept = self.alpha, 1 - self.alpha
        self.square_avg = [alpha * v + kept * g * g for v, g in zip(self.square_avg, gradient)]
        if self.centered:
            self.grad_avg = [_lerp(m, g, kept) for m, g in zip(self.grad_avg, gradient)]
            # v - m^2 >= 0 in exact arithmetic; max() keeps rounding from making it negative.
            roots = [math.sqrt(max(v - m * m, 0.0)) for v, m in zip(self.square_avg, self.grad_avg)]
        else:
            roots = [math.sqrt(v) for v in self.square_avg]
        avg = [r + self.eps for r in roots]
        if self.momentum > 0:
            self.momentum_buffer = [self.momentum * b + _divide(g, a)
                                    for b, g, a in zip(self.momentum_buffer, gradient, avg)]
            return [t - self.lr * b for t, b in zip(theta, self.momentum_buffer)]
        return [t + _divide(-self.lr * g, a) for t, g, a in zip(theta, gradient, avg)]


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015, Algorithm 1), PyTorch's ``torch.optim.Adam``.

    ``amsgrad=True`` is Reddi, Kale & Kumar's (2018) variant;
    ``weight_decay`` is L2 (AdamW decouples it).  From zero state the first
    step moves each coordinate by lr against the gradient's sign, up to
    eps.  The optimizer lesson's Adam is ``Adam(1.0, betas=(0.9, 0.9),
    eps=0.0, bias_correction=False, initial=1.0)``.  Raises ValueError for
    lr not positive, a beta outside [0, 1), or eps, weight_decay or initial
    negative.

    >>> opt = Adam(lr=0.1)
    >>> [round(t, 6) for t in opt.step([1.0, 1.0], [3.0, -0.5])]
    [0.9, 1.1]
    """

    _state = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
    _squares = ("exp_avg_sq", "max_exp_avg_sq")

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False,
                 bias_correction: bool = True, initial: float | None = None,
                 maximize: bool = False) -> None:
        super().__init__(lr, weight_decay, maximize)
        where = type(self).__name__
        require_sequence(where, "betas", betas, "a pair of numbers", length=2)
        require_unit_interval(where, "betas[0]", betas[0])
        require_unit_interval(where, "betas[1]", betas[1])
        require_nonnegative(where, "eps", eps)
        require_bool(where, "amsgrad", amsgrad)
        require_bool(where, "bias_correction", bias_correction)
        if initial is not None:
            require_nonnegative(where, "initial", initial)
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps, self.amsgrad = float(eps), amsgrad
        self.bias_correction = bias_correction
        self.initial = None if initial is None else float(initial)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return ``theta - step_size * m / denom``, eps after the bias-corrected root (PyTorch's).

        ``m <- b1 * m + (1 - b1) * g`` and ``v <- b2 * v + (1 - b2) * g^2``
        (m: ``exp_avg``, v: ``exp_avg_sq``; b1, b2: ``betas``), both from
        ``initial`` (else 0); ``step_size = lr / (1 - b1^t)`` and
        ``denom = sqrt(v) / sqrt(1 - b2^t) + eps`` at step t.  amsgrad: the
        largest v so far replaces v; ``bias_correction=False``: both
        corrections are 1.  g is the gradient, negated if maximize, plus
        ``weight_decay * theta``.  With eps=0 a coordinate whose m and v are
        both 0 steps by 0.
        """
        if self.maximize or self.weight_decay:
            gradient = self.effective_gradient(theta, gradient)
        if not self.steps:
            start, n = 0.0 if self.initial is None else self.initial, len(theta)
            self.size, self.exp_avg, self.exp_avg_sq = n, [start] * n, [start] * n
            self.max_exp_avg_sq = [0.0] * n if self.amsgrad else []
        self.steps += 1
        b1, b2 = self.betas
        # PyTorch: exp_avg.lerp_(grad, 1 - b1), exp_avg_sq.mul_(b2).addcmul_(grad, grad, 1 - b2).
        self.exp_avg = [_lerp(m, g, 1 - b1) for m, g in zip(self.exp_avg, gradient)]
        self.exp_avg_sq = [b2 * v + (1 - b2) * g * g for v, g in zip(self.exp_avg_sq, gradient)]
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

    Defaults are PyTorch's (weight_decay 0.01).  Raises ValueError as Adam does.

    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> [round(t, 6) for t in opt.step([2.0], [3.0])]
    [1.8]
    >>> opt
    AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.5, amsgrad=False, maximize=False)
    """

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, amsgrad: bool = False,
                 maximize: bool = False) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize=maximize)

    def update(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return Adam's update from ``theta * (1 - lr * weight_decay)``, g with no L2 term."""
        if self.weight_decay:
            shrink = 1 - self.lr * self.weight_decay
            theta = [t * shrink for t in theta]
        return super().update(theta, gradient)

    def effective_gradient(self, theta: Sequence[float], gradient: Sequence[float]) -> Vector:
        """Return the gradient, negated if maximize: AdamW's g (update decays theta instead)."""
        return [-g for g in gradient] if self.maximize else list(gradient)
