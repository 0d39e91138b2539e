"""Minimize a function of a vector by gradient descent: the book chapter's loop, any optimizer.

The book chapter minimizes ``sum_of_squares`` by stepping against its
gradient, ``v = gradient_step(v, gradient, -0.01)``; ``minimize`` is that
loop with any optimizer's ``step``, a gradient given or estimated
(``estimate_gradient``, central differences), a stop on the gradient's
length, and scipy.optimize's names for what it returns.  When f(x) or x
stops being finite it raises ``DivergenceError`` with the last point known
to be finite.

Two ways to choose the step besides the optimizer's own: ``line_search``
("armijo" or "wolfe", ``vecgd.linesearch``) searches along the negative
gradient from ``alpha = lr`` of an ``SGD(lr)``, and ``LBFGS`` (an optimizer
whose step takes the function itself) steps as PyTorch's does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, List

from vecgd._checks import (
    as_vector,
    is_finite_vector,
    require_callable,
    require_choice,
    require_int,
    require_members,
    require_nonnegative,
    require_same_length,
)
from vecgd.descent import DivergenceError
from vecgd.gradients import estimate_gradient
from vecgd.linesearch import LineSearchResult, backtracking, wolfe
from vecgd.optimizers import SGD, Optimizer
from vecgd.vector import Vector

__all__ = ["MinimizeResult", "minimize"]


@dataclass(frozen=True)
class MinimizeResult:
    """The result of minimize, in scipy.optimize's vocabulary.

    ``x``: the final point; ``fun``: f(x); ``nit``: steps taken; ``nfev``:
    calls of f (the numeric gradient's and the line search's included);
    ``success`` and ``message``: why it stopped; ``history``: f after each
    step; ``njev``: gradients computed (given or estimated).

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
    njev: int = 0

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
    line_search: str | None = None,
) -> MinimizeResult:
    """Minimize f from v by taking optimizer steps along its gradient.

    Each step: ``g = gradient(x)`` (or, without ``gradient``,
    ``estimate_gradient(f, x, method="central")``), then
    ``x = optimizer.step(x, g)``.  With ``tolerance``, stop (success) as
    soon as the gradient's length ``|g|`` falls below it; otherwise run all
    ``steps`` (success without tolerance; failure with it).
    ``callback(step, x, f(x))`` runs after each step and may raise
    StopIteration to stop (success False, as in scipy).  optimizer is an
    ``Optimizer``, or any object with ``lr`` and ``step``.

    ``line_search="armijo"`` or ``"wolfe"`` (optimizer: a plain ``SGD(lr)``)
    replaces the fixed step: ``x = x - alpha * g``, alpha from
    ``backtracking(f, x, -g, g, alpha=lr)`` or from ``wolfe`` along ``-lr *
    g`` (so its first trial is lr too); f decreases at every step, and when
    the search finds no step minimize stops with success False and the
    search's message.  An optimizer with ``takes_function`` (``LBFGS``)
    steps with ``optimizer.step(x, w -> (f(w), gradient(w)))``: one step
    is one of PyTorch's ``LBFGS.step`` calls, up to ``max_iter`` iterations.
    A point evaluated twice in a row is not evaluated again.  Raises
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
    >>> searched = minimize(sum_of_squares, [3.0, 4.0], SGD(1.0), steps=3, gradient=double,
    ...                     line_search="armijo")
    >>> searched.x, searched.nit, searched.message   # alpha 1 overshoots; 0.5 lands on 0
    ([0.0, 0.0], 1, 'the gradient is exactly 0 at step 1')
    """
    where = "minimize"
    require_callable(where, "f", f)
    v = as_vector(where, "v", v, finite=True, nonempty=True)
    require_int(where, "steps", steps, minimum=0)
    if gradient is not None:
        require_callable(where, "gradient", gradient)
    if tolerance is not None:
        require_nonnegative(where, "tolerance", tolerance)
    if callback is not None:
        require_callable(where, "callback", callback)
    require_members(where, "optimizer", optimizer, ["lr", "step()"], "SGD(0.1)")
    takes_function = getattr(optimizer, "takes_function", False) is True
    if line_search is not None:
        require_choice(where, "line_search", line_search, ["armijo", "wolfe"])
        if type(optimizer) is not SGD or optimizer.weight_decay or optimizer.maximize:
            raise ValueError(f"{where}: line_search searches along -gradient from alpha = lr, "
                             f"so optimizer must be a plain SGD(lr) (got {optimizer!r})")
    calls, gradients = [0], [0]
    last_value: List[Any] = [None, 0.0]  # the last point f was called at, and f there
    last_gradient: List[Any] = [None, []]

    def counted(w: Vector) -> float:
        calls[0] += 1
        return f(w)

    def value_at(w: Vector) -> float:
        if last_value[0] != w:
            last_value[:] = [list(w), counted(w)]
        value: float = last_value[1]
        return value

    def gradient_of(w: Vector) -> Vector:
        if last_gradient[0] != w:
            gradients[0] += 1
            g = _gradient_at(gradient, w) if gradient is not None else estimate_gradient(
                counted, w, method="central")
            last_gradient[:] = [list(w), g]
        return list(last_gradient[1])

    def loss_and_gradient(w: Vector) -> tuple[float, Vector]:
        return value_at(w), gradient_of(w)

    x = list(v)
    fun = value_at(x)
    if not math.isfinite(fun):
        raise ValueError(f"minimize: f(v) must be finite (got {fun!r})")
    history: List[float] = []
    success, message = True, f"ran all {steps} steps"
    if tolerance is not None:
        success, message = False, f"the gradient stayed longer than tolerance for {steps} steps"
    for step in range(steps):
        lr = optimizer.lr
        try:
            g = gradient_of(x)
            if not is_finite_vector(g):
                raise DivergenceError(step, lr, x, where, "step")
            if tolerance is not None and math.hypot(*g) < tolerance:
                success, message = True, f"gradient length fell below tolerance at step {step}"
                break
            if line_search is not None:
                if not any(g):
                    success, message = True, f"the gradient is exactly 0 at step {step}"
                    break
                found = _search(line_search, counted, gradient_of, x, g, lr, fun)
                if found.alpha is None or not found.fun < fun:  # Wolfe's may round to equal
                    why = found.message if found.alpha is None else "f did not decrease"
                    success = False
                    message = f"the line search found no step at step {step}: {why}"
                    break
                new = [x_i - found.alpha * lr_g for x_i, lr_g in
                       zip(x, g if line_search == "armijo" else [lr * g_i for g_i in g])]
                last_value[:] = [list(new), found.fun]
            elif takes_function:
                take: Any = optimizer.step  # step(theta, loss_and_gradient): LBFGS's
                new = list(take(x, loss_and_gradient))
            else:
                new = optimizer.step(x, g)
            if not is_finite_vector(new):
                raise DivergenceError(step, lr, x, where, "step")
            value = value_at(new)
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
    return MinimizeResult(x, fun, len(history), calls[0], success, message, history, gradients[0])


def _search(kind: str, f: Callable[[Vector], float], gradient: Callable[[Vector], Vector],
            x: Vector, g: Vector, lr: float, fx: float) -> LineSearchResult:
    """Return the line search's step along -g: Armijo's from alpha = lr, Wolfe's along -lr g."""
    if kind == "armijo":
        return backtracking(f, x, [-g_i for g_i in g], g, alpha=lr, fx=fx)
    return wolfe(f, gradient, x, [-lr * g_i for g_i in g], fx=fx, gx=g)


def _gradient_at(gradient: Callable[[Vector], Sequence[float]], x: Vector) -> Vector:
    """Return gradient(x) as a list, checked: numbers, one per coordinate of x."""
    g = as_vector("minimize", "gradient(x)", gradient(x))
    require_same_length("minimize", x, g, what="x and gradient(x)")
    return g
