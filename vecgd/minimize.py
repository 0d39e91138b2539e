"""Minimize a function of a vector by gradient descent: the book chapter's loop, any optimizer.

The book chapter minimizes ``sum_of_squares`` by stepping against its
gradient, ``v = gradient_step(v, gradient, -0.01)``; ``minimize`` is that
loop with any optimizer's ``step``, a gradient given or estimated
(``estimate_gradient``, central differences), a stop on the gradient's
length, and scipy.optimize's names for what it returns.  When f(x) or x
stops being finite it raises ``DivergenceError`` with the last point known
to be finite.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, List

from vecgd._checks import (
    is_finite_vector,
    require_callable,
    require_int,
    require_members,
    require_nonnegative,
    require_same_length,
    require_vector,
)
from vecgd.descent import DivergenceError
from vecgd.gradients import estimate_gradient
from vecgd.optimizers import Optimizer
from vecgd.vector import Vector

__all__ = ["MinimizeResult", "minimize"]


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

    def __repr__(self) -> str:  # a summary: the whole history would run to megabytes
        from vecgd import _display  # only when shown: fitting never loads the pictures

        return _display.summary("MinimizeResult", _display.minimize_rows(self))

    def _repr_html_(self) -> str:
        """Return a small table and f per step as inline SVG, for notebooks."""
        from vecgd import _display

        return _display.html("MinimizeResult", _display.minimize_rows(self), self.history, "f")


def minimize(
    f: Callable[[Vector], float],
    v: Sequence[float],
    optimizer: Optimizer | Any,
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
    StopIteration to stop (success False, as in scipy).  optimizer is an
    ``Optimizer``, or any object with ``lr`` and ``step``.  Raises
    ValueError or TypeError for bad arguments, DivergenceError when f(x) or
    x stops being finite.

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
    if gradient is not None:
        require_callable(where, "gradient", gradient)
    if tolerance is not None:
        require_nonnegative(where, "tolerance", tolerance)
    if callback is not None:
        require_callable(where, "callback", callback)
    require_members(where, "optimizer", optimizer, ["lr", "step()"], "SGD(0.1)")
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
            if not is_finite_vector(g):
                raise DivergenceError(step, lr, x, where, "step")
            if tolerance is not None and math.hypot(*g) < tolerance:
                success, message = True, f"gradient length fell below tolerance at step {step}"
                break
            new = optimizer.step(x, g)
            if not is_finite_vector(new):
                raise DivergenceError(step, lr, x, where, "step")
            value = counted(new)
        except OverflowError:  # f, its gradient or a step past the floats
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


def _gradient_at(gradient: Callable[[Vector], Sequence[float]], x: Vector) -> Vector:
    """Return gradient(x) as a list, checked: numbers, one per coordinate of x."""
    g = gradient(x)
    require_vector("minimize", "gradient(x)", g)
    require_same_length("minimize", x, g, what="x and gradient(x)")
    return list(g)
