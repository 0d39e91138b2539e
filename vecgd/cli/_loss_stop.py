"""How ``vecgd fit --loss ... --penalty ...`` stops, starts, and tells a divergence.

Private to ``vecgd.cli`` (split from ``_losses``, which reports): ``loss_stop``
is fit's callback (stop within RTOL / 10 of the exact optimum, on a plateau
where there is none, or when the objective grows without bound),
``blew_up`` and ``loss_diverged`` judge and word a divergence in squared
error's style, ``stable_limit`` is plain descent's stable lr where the loss's
curvature bounds it, and ``warm_start`` starts the robust losses from least
squares.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any, List, Tuple

from vecgd.cli._common import FAILED, g
from vecgd.cli._steps import RTOL, distance
from vecgd.losses import (
    L2,
    ElasticNet,
    EpsilonInsensitive,
    Huber,
    LogLoss,
    Loss,
    ModifiedHuber,
    Penalty,
    SquaredError,
)
from vecgd.training import FitResult

__all__ = ["CURVATURE", "GROWTH", "LossStop", "blew_up", "loss_diverged", "loss_stop",
           "stable_limit", "warm_start"]

# Without an exact optimum the fit stops once its objective has not improved by more than
# rounding (PLATEAU_RTOL of itself) for PLATEAU epochs in a row.
PLATEAU, PLATEAU_RTOL = 100, 1e-12
# A fit whose objective rises past GROWTH times the lowest it has seen (the start's included)
# is growing without bound: a convex objective never rises so far under a stable step.
GROWTH = 1e6
# The loss's second derivative in the prediction over squared error's 2: its Hessian is at
# most this share of least squares' 2/n X^T X (Huber's r**2 / 2: 1/2; log loss's: 1/8;
# modified Huber's (1 - z)**2: 1).  Hinge and epsilon-insensitive have kinks: no bound.
CURVATURE = {SquaredError: 1.0, Huber: 0.5, LogLoss: 0.125, ModifiedHuber: 1.0}


class LossStop:
    """fit's callback for a loss fit: progress, then stop at the optimum, on a plateau, or
    when the objective grows without bound (``blew_up``, with its epoch and objective)."""

    def __init__(self, exact: Any, progress: Callable[[int, List[float], float], None],
                 start: float) -> None:
        self.exact, self.progress = exact, progress
        self.best, self.stale = start, 0
        self.blew_up: Tuple[int, float] | None = None

    def __call__(self, epoch: int, theta: List[float], value: float) -> None:
        self.progress(epoch, theta, value)
        if value > GROWTH * self.best:
            self.blew_up = (epoch, value)
            raise StopIteration
        worse = value > self.best - PLATEAU_RTOL * abs(self.best)  # (False from inf: nan)
        self.stale = self.stale + 1 if worse else 0
        self.best = min(self.best, value)
        if self.exact.theta is not None:
            if distance(theta, self.exact.theta) <= RTOL / 10:
                raise StopIteration
        elif self.stale >= PLATEAU:
            raise StopIteration


def loss_stop(exact: Any, progress: Callable[[int, List[float], float], None],
              start: float = math.inf) -> LossStop:
    """Return fit's callback: progress, then stop within RTOL / 10 of the exact optimum.

    Without one, stop once the objective has not improved by PLATEAU_RTOL of
    itself for PLATEAU epochs (rounding, not descent, moves it then).  start:
    the objective at the starting theta; past GROWTH times the lowest seen
    the fit stops as diverged (``blew_up``).
    """
    return LossStop(exact, progress, start)


def stable_limit(loss: Loss, penalty: Penalty | None, lam_max: float | None) -> float | None:
    """Return 2 / (the objective's largest curvature): plain descent's stable lr, if known.

    The loss's Hessian is at most CURVATURE[loss] times least squares' (whose
    largest eigenvalue is lam_max), plus the L2 part of the penalty.
    """
    share = CURVATURE.get(type(loss))
    if share is None or lam_max is None or not (lam_max > 0 and math.isfinite(lam_max)):
        return None
    ridge = 0.0
    if isinstance(penalty, L2):
        ridge = penalty.alpha
    elif isinstance(penalty, ElasticNet):
        ridge = penalty.alpha * (1 - penalty.l1_ratio)
    return 2.0 / (share * lam_max + ridge)


def loss_diverged(result: FitResult, stop: LossStop, lr: float, limit: float | None) -> int:
    """Say on stderr that the objective grew without bound, in squared error's words; return 1.

    Diverged: the objective rose past GROWTH times the lowest seen, or the
    fit never went below its start and ended above it.
    """
    epoch, value = stop.blew_up or (result.history[-1].epoch, result.history[-1].loss)
    safe = "" if limit is None else f" (plain descent is stable below 2/lambda_max = {g(limit, 3)})"
    print(f"vecgd: error: the fit diverged in epoch {epoch} with lr {lr!r}: its objective grew "
          f"to {value:.3g}: try a smaller --lr, such as {lr / 10!r}{safe}", file=sys.stderr)
    return FAILED


def blew_up(result: FitResult, stop: LossStop) -> bool:
    """Return whether the fit's objective grew without bound (see loss_diverged)."""
    if stop.blew_up is not None:
        return True
    start = result.best_loss if result.best_epoch is None else None
    return bool(start is not None and result.history
                and result.history[-1].loss > start * (1 + 1e-9) + 1e-300)


def warm_start(loss: Loss, ls_theta: List[float], theta0: List[float]) -> List[float]:
    """Return where a fit with loss starts: least squares' theta for Huber and
    epsilon-insensitive, else theta0.

    Their gradient is at most epsilon (0.1) per sample in the linear part, so
    from 0 descent crawls toward data in its own units (the diabetes y of
    about 150: hundreds of epochs for the intercept alone); the robust optimum
    lies near least squares', which fit computes anyway.
    """
    if isinstance(loss, (Huber, EpsilonInsensitive)) and all(map(math.isfinite, ls_theta)):
        return list(ls_theta)
    return theta0
