"""L-BFGS, PyTorch's ``torch.optim.LBFGS``: its algorithm, defaults and order of operations.

L-BFGS (Liu & Nocedal 1989; Nocedal & Wright, Algorithm 7.4) steps along
``d = -H g``, where H, an estimate of the inverse Hessian, is never formed:
the two-loop recursion builds ``H g`` from the last ``history_size`` pairs
``s = theta_new - theta`` and ``y = g_new - g``.  One ``step`` is what one
``torch.optim.LBFGS.step(closure)`` does: up to ``max_iter`` iterations,
calling ``loss_and_gradient`` (PyTorch's closure) as PyTorch calls it, with
its stopping tests in its order, so a trajectory agrees with PyTorch's in
float64 (scripts/parity_lbfgs.py; docs/step_size.md).

Its own module, not a seventh class of optimizers.py, because it is not an
``Optimizer``: its step takes a function, not a gradient (one step
evaluates the function many times), its state is a history of vectors, and
optimizers.py would pass 500 lines.  It passes 400 lines because PyTorch's
strong Wolfe search (its own, not SciPy's ``vecgd.wolfe``) comes with it,
at the end: one step calls it, and nothing else does.

>>> opt = LBFGS()
>>> quadratic = lambda v: (v[0] ** 2 + 10 * v[1] ** 2, [2 * v[0], 20 * v[1]])
>>> theta = opt.step([1.0, 1.0], quadratic)   # stops when the loss changes by < 1e-9
>>> opt.n_iter, opt.func_evals, max(abs(t) for t in theta) < 1e-4
(8, 8, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, List, Tuple

from vecgd._checks import (
    require_callable,
    require_choice,
    require_int,
    require_nonnegative,
    require_real,
    require_same_length,
    require_vector,
)
from vecgd._state import Stateful
from vecgd.descent import DivergenceError
from vecgd.vector import Vector, dot

__all__ = ["LBFGS"]

LossAndGradient = Callable[[Vector], Tuple[float, Sequence[float]]]
Evaluate = Callable[[Vector, float, Vector], Tuple[float, Vector]]


def _axpy(x: Sequence[float], alpha: float, d: Sequence[float]) -> Vector:
    """Return x + alpha * d, as torch's ``x.add(d, alpha=alpha)``."""
    return [x_i + alpha * d_i for x_i, d_i in zip(x, d)]


def _largest(v: Sequence[float]) -> float:
    return max(abs(v_i) for v_i in v)


class LBFGS(Stateful):
    """L-BFGS, PyTorch's ``torch.optim.LBFGS`` (its defaults, order and stopping tests).

    Each iteration: ``d = -H g`` by the two-loop recursion over the last
    ``history_size`` pairs (s, y) with ``y . s > 1e-10``, H's diagonal
    ``y . s / y . y`` of the newest; ``theta <- theta + t d`` with t = lr
    (the first iteration ever: ``min(1, 1 / sum|g|) * lr``), or t from
    PyTorch's strong Wolfe search (``line_search_fn="strong_wolfe"``).
    ``step`` stops after max_iter iterations or max_eval calls, when
    ``max |g| <= tolerance_grad``, or when the step or the change of loss
    falls below tolerance_change.  ``max_eval`` None is ``max_iter * 5 // 4``.
    Raises ValueError for lr negative, max_iter, max_eval or history_size
    below 1, a tolerance negative, or line_search_fn not None or
    "strong_wolfe".

    >>> LBFGS(history_size=10)
    LBFGS(lr=1.0, max_iter=20, max_eval=25, tolerance_grad=1e-07, tolerance_change=1e-09, \
history_size=10, line_search_fn=None)
    """

    _kind = "optimizer"
    _counters = ("steps", "size", "func_evals", "n_iter")
    _state = ("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad", "prev_loss")
    takes_function = True  # step(theta, loss_and_gradient): fit and minimize read this

    def __init__(self, lr: float = 1.0, max_iter: int = 20, max_eval: int | None = None,
                 tolerance_grad: float = 1e-7, tolerance_change: float = 1e-9,
                 history_size: int = 100, line_search_fn: str | None = None) -> None:
        where = type(self).__name__
        require_nonnegative(where, "lr", lr)
        require_int(where, "max_iter", max_iter, minimum=1)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        require_int(where, "max_eval", max_eval, minimum=1)
        require_nonnegative(where, "tolerance_grad", tolerance_grad)
        require_nonnegative(where, "tolerance_change", tolerance_change)
        require_int(where, "history_size", history_size, minimum=1)
        if line_search_fn is not None:
            require_choice(where, "line_search_fn", line_search_fn, ["strong_wolfe"])
        self.lr, self.max_iter, self.max_eval = float(lr), max_iter, max_eval
        self.tolerance_grad, self.tolerance_change = float(tolerance_grad), float(tolerance_change)
        self.history_size, self.line_search_fn = history_size, line_search_fn
        self.reset()

    def reset(self) -> None:
        """Forget the state: the counts, the history and theta's length.

        >>> opt = LBFGS(); theta = opt.step([1.0], lambda v: (v[0] ** 2, [2 * v[0]]))
        >>> opt.reset(); opt.n_iter, opt.old_dirs
        (0, [])
        """
        self.steps, self.func_evals, self.n_iter = 0, 0, 0
        self.size: int | None = None
        self.d: Vector = []
        self.prev_flat_grad: Vector = []
        self.old_dirs: List[Vector] = []
        self.old_stps: List[Vector] = []
        self.ro: List[float] = []
        self.t: float | None = None
        self.H_diag: float = 1.0
        self.prev_loss: float | None = None

    def step(self, theta: Sequence[float], loss_and_gradient: LossAndGradient) -> Vector:
        """Return theta after one PyTorch ``LBFGS.step``: up to max_iter iterations.

        ``loss_and_gradient(theta)`` returns ``(loss, gradient)``, PyTorch's
        closure.  Raises ValueError or TypeError for a bad theta (empty, not
        finite, another length than on the first step) or a bad answer of
        loss_and_gradient, DivergenceError when its loss or gradient is not
        finite.

        >>> opt = LBFGS(line_search_fn="strong_wolfe")
        >>> f = lambda v: ((v[0] - 3) ** 2, [2 * (v[0] - 3)])
        >>> opt.step([0.0], f), opt.func_evals   # a quadratic: one Newton step
        ([3.0], 3)
        """
        where = type(self).__name__
        require_vector(where, "theta", theta, finite=True, nonempty=True)
        if self.size is not None and len(theta) != self.size:
            raise ValueError(f"{where}: theta must keep the length it had on the first step, "
                             f"{self.size} (got {len(theta)})")
        require_callable(where, "loss_and_gradient", loss_and_gradient)
        require_nonnegative(where, "lr", self.lr)  # a schedule may have set it
        self.size, self.steps = len(theta), self.steps + 1
        x = [float(t) for t in theta]

        def closure(point: Vector) -> Tuple[float, Vector]:
            return self._evaluate(loss_and_gradient, point, x)

        return self._iterate(x, closure)

    def _evaluate(self, loss_and_gradient: LossAndGradient, point: Vector,
                  start: Vector) -> Tuple[float, Vector]:
        """Return loss_and_gradient(point) as (float, list), checked."""
        where = type(self).__name__
        answer = loss_and_gradient(list(point))
        if not isinstance(answer, tuple) or len(answer) != 2:
            raise TypeError(f"{where}: loss_and_gradient(theta) must return a pair (loss, "
                            f"gradient) (got {type(answer).__name__})")
        loss, gradient = answer
        require_real(where, "the loss", loss)
        require_vector(where, "the gradient", gradient)
        require_same_length(where, point, gradient, what="theta and the gradient")
        loss, g = float(loss), [float(g_i) for g_i in gradient]
        if not (math.isfinite(loss) and all(map(math.isfinite, g)) and
                all(map(math.isfinite, point))):
            raise DivergenceError(self.steps - 1, self.lr, start, where, "step")
        return loss, g

    def _iterate(self, x: Vector, closure: Callable[[Vector], Tuple[float, Vector]]) -> Vector:
        """torch.optim.LBFGS.step's loop, line by line in its order."""
        lr, tolerance_change = self.lr, self.tolerance_change
        loss, flat_grad = closure(x)
        current_evals = 1
        self.func_evals += 1
        if _largest(flat_grad) <= self.tolerance_grad:
            return x
        d, t = self.d, self.t
        old_dirs, old_stps, ro, H_diag = self.old_dirs, self.old_stps, self.ro, self.H_diag
        prev_flat_grad, prev_loss = self.prev_flat_grad, self.prev_loss
        n_iter, opt_cond = 0, False
        while n_iter < self.max_iter:
            n_iter += 1
            self.n_iter += 1
            if self.n_iter == 1:  # the very first iteration: steepest descent
                d = [-g for g in flat_grad]
                old_dirs, old_stps, ro, H_diag = [], [], [], 1.0
            else:
                d, H_diag = self._direction(flat_grad, prev_flat_grad, d, t, H_diag,
                                            old_dirs, old_stps, ro)
            prev_flat_grad, prev_loss = list(flat_grad), loss
            if self.n_iter == 1:
                t = min(1.0, 1.0 / math.fsum(abs(g) for g in flat_grad)) * lr
            else:
                t = lr
            gtd = dot(flat_grad, d)  # the slope along d
            if gtd > -tolerance_change:  # d no longer descends: done
                break
            ls_func_evals = 0
            if self.line_search_fn is not None:
                def along(start: Vector, step: float, direction: Vector) -> Tuple[float, Vector]:
                    return closure(_axpy(start, step, direction))

                loss, flat_grad, t, ls_func_evals = _strong_wolfe(
                    along, x, t, d, loss, flat_grad, gtd, tolerance_change=tolerance_change,
                    max_ls=self.max_eval - current_evals)
                x = _axpy(x, t, d)
                opt_cond = _largest(flat_grad) <= self.tolerance_grad
            else:
                x = _axpy(x, t, d)
                if n_iter != self.max_iter:  # the last iteration leaves it to the next step
                    loss, flat_grad = closure(x)
                    opt_cond = _largest(flat_grad) <= self.tolerance_grad
                    ls_func_evals = 1
            current_evals += ls_func_evals
            self.func_evals += ls_func_evals
            if n_iter == self.max_iter or current_evals >= self.max_eval or opt_cond:
                break
            if max(abs(d_i * t) for d_i in d) <= tolerance_change:  # the step was tiny
                break
            if abs(loss - prev_loss) < tolerance_change:
                break
        self.d, self.t, self.old_dirs, self.old_stps, self.ro = d, t, old_dirs, old_stps, ro
        self.H_diag, self.prev_flat_grad, self.prev_loss = H_diag, prev_flat_grad, prev_loss
        return x

    def _direction(self, g: Vector, prev_g: Vector, d: Vector, t: float | None, H_diag: float,
                   old_dirs: List[Vector], old_stps: List[Vector],
                   ro: List[float]) -> Tuple[Vector, float]:
        """Return (-H g, H's diagonal): store the newest pair, then the two-loop recursion.

        Nocedal & Wright, Algorithm 7.4; the lists are updated in place, as
        PyTorch's are (they are this optimizer's own state).
        """
        y = [a - b for a, b in zip(g, prev_g)]
        s = [d_i * (t or 0.0) for d_i in d]
        ys = dot(y, s)  # y . s: positive curvature along s, else the pair is skipped
        if ys > 1e-10:
            if len(old_dirs) == self.history_size:  # forget the oldest pair
                old_dirs.pop(0)
                old_stps.pop(0)
                ro.pop(0)
            old_dirs.append(y)
            old_stps.append(s)
            ro.append(1.0 / ys)
            H_diag = ys / dot(y, y)
        al = [0.0] * len(old_dirs)
        q = [-g_i for g_i in g]
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = dot(old_stps[i], q) * ro[i]
            q = _axpy(q, -al[i], old_dirs[i])
        r = [q_i * H_diag for q_i in q]
        for i in range(len(old_dirs)):
            be_i = dot(old_dirs[i], r) * ro[i]
            r = _axpy(r, al[i] - be_i, old_stps[i])
        return r, H_diag

    # === Saving and loading: the history is a list of vectors ===

    def state_dict(self) -> dict[str, Any]:
        """Return hyperparameters, counts and history as plain data that ``json`` can write.

        >>> opt = LBFGS(); theta = opt.step([1.0], lambda v: (v[0] ** 2, [2 * v[0]]))
        >>> twin = LBFGS(); twin.load_state_dict(opt.state_dict()); twin.n_iter == opt.n_iter
        True
        """
        saved = super().state_dict()
        saved["state"] = {name: _copy(getattr(self, name)) for name in self._state}
        return saved

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore what ``state_dict`` returned; ValueError or TypeError for damaged state.

        Nothing changes unless all of it passes: the hyperparameters meet
        the constructor's checks, the counts are integers, and the history
        holds as many pairs (at most history_size) as ``ro`` has
        curvatures, each vector as long as theta.
        """
        where = f"{type(self).__name__}.load_state_dict"
        saved = state.get("state") if isinstance(state, Mapping) else None
        pairs: dict[str, List[Vector]] = {"old_dirs": [], "old_stps": []}
        if isinstance(saved, Mapping) and set(saved) == set(self._state):
            hyper = state.get("hyperparameters")
            limit = hyper.get("history_size") if isinstance(hyper, Mapping) else None
            size = state.get("size")
            for name in pairs:
                pairs[name] = _vectors(where, name, saved[name], size)
            ro = saved["ro"]
            require_vector(where, "ro", ro, finite=True)
            counts = {len(pairs["old_dirs"]), len(pairs["old_stps"]), len(ro)}
            if len(counts) != 1 or (isinstance(limit, int) and len(ro) > limit):
                raise ValueError(f"{where}: old_dirs, old_stps and ro must hold as many "
                                 f"pairs, at most history_size (got {len(pairs['old_dirs'])}, "
                                 f"{len(pairs['old_stps'])} and {len(ro)})")
            state = {**state, "state": {**saved, "old_dirs": [], "old_stps": []}}
        super().load_state_dict(state)
        self.old_dirs, self.old_stps = pairs["old_dirs"], pairs["old_stps"]

    def _check_loaded(self, where: str, fresh: Any, loaded: dict[str, Any]) -> None:
        """Refuse counts, vectors and numbers this optimizer could not have reached."""
        for name in ("steps", "func_evals", "n_iter"):
            require_int(where, name, loaded[name], minimum=0)
        size = loaded["size"]
        if size is not None:
            require_int(where, "size", size, minimum=1)
        for name in ("d", "prev_flat_grad"):
            require_vector(where, name, loaded[name], finite=True)
            if len(loaded[name]) not in (0, size or 0):
                raise ValueError(f"{where}: {name} must be empty or as long as theta, {size} "
                                 f"(got {len(loaded[name])} values)")
        for name in ("t", "prev_loss", "H_diag"):
            value = loaded[name]
            if value is not None or name == "H_diag":
                require_real(where, name, value)
                if not math.isfinite(value):
                    raise ValueError(f"{where}: {name} must be finite (got {value!r})")
        started = [loaded["t"], loaded["prev_loss"], loaded["d"], loaded["prev_flat_grad"]]
        if loaded["n_iter"] and (size is None or None in started or [] in started):
            raise ValueError(f"{where}: after {loaded['n_iter']} iterations size, t, prev_loss, "
                             "d and prev_flat_grad must all be set")


def _copy(value: Any) -> Any:
    """Return value with every list copied, nested ones too (the history's vectors)."""
    return [_copy(v) for v in value] if isinstance(value, list) else value


def _vectors(where: str, name: str, value: Any, size: Any) -> List[Vector]:
    """Return value as a list of float vectors of length size, or raise naming it."""
    if not isinstance(value, list):
        raise TypeError(f"{where}: {name} must be a list of vectors (got {type(value).__name__})")
    for i, vector in enumerate(value):
        require_vector(where, f"{name}[{i}]", vector, finite=True)
        if isinstance(size, int) and len(vector) != size:
            raise ValueError(f"{where}: {name}[{i}] must be as long as theta, {size} "
                             f"(got {len(vector)} values)")
    return [[float(x) for x in vector] for vector in value]


# === PyTorch's strong Wolfe line search (torch/optim/lbfgs.py), not SciPy's ===


def _cubic_interpolate(x1: float, f1: float, g1: float, x2: float, f2: float, g2: float,
                       bounds: Tuple[float, float] | None = None) -> float:
    """Return the minimum of the cubic with values f1, f2 and slopes g1, g2 at x1, x2.

    Nocedal & Wright, equation (3.59), clamped to bounds (default: between
    x1 and x2); the bounds' midpoint when the cubic has no minimum.
    """
    low, high = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 * d1 - g1 * g2  # torch's d1**2, which gives inf where Python's raises
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, low), high)
    return (low + high) / 2.0


def _strong_wolfe(obj_func: Evaluate, x: Vector, t: float, d: Vector, f: float, g: Vector,
                  gtd: float, c1: float = 1e-4, c2: float = 0.9, tolerance_change: float = 1e-9,
                  max_ls: int = 25) -> Tuple[float, Vector, float, int]:
    """Return (loss, gradient, t, evaluations) at a step t meeting the strong Wolfe conditions.

    PyTorch's search: grow t by cubic extrapolation (between 1.01 and 10
    times the last growth) until a bracket holds a step, then shrink the
    bracket by cubic interpolation, kept 10% away from its ends, for at
    most max_ls evaluations in all.
    """
    d_norm = _largest(d)
    f_new, g_new = obj_func(x, t, d)
    ls_func_evals = 1
    gtd_new = dot(g_new, d)
    t_prev, f_prev, g_prev, gtd_prev = 0.0, f, g, gtd
    done = False
    ls_iter = 0
    bracket: List[float] = []
    bracket_f: List[float] = []
    bracket_g: List[Vector] = []
    bracket_gtd: List[float] = []
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        # extrapolate
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new,
                               bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:  # reached the limit: the bracket is [0, t]
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]
    # zoom: shrink the bracket until the point satisfies the conditions
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:  # the bracket is tiny
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0],
                               bracket[1], bracket_f[1], bracket_gtd[1])
        # Too close to an end of the bracket (or outside it): move 10% inside, on the
        # second time in a row or when t is at or past an end.
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            # Armijo fails or the value is not lower than the bracket's low end: new high end
            bracket[high_pos], bracket_f[high_pos] = t, f_new
            bracket_g[high_pos], bracket_gtd[high_pos] = g_new, gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:  # the Wolfe conditions hold
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                # the old high end becomes the low end
                bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]
            # the new point becomes the low end
            bracket[low_pos], bracket_f[low_pos] = t, f_new
            bracket_g[low_pos], bracket_gtd[low_pos] = g_new, gtd_new
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals
