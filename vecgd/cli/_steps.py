"""What the Hessian of least squares tells ``vecgd fit``: steps, predicted epochs, a verdict.

Private to ``vecgd.cli``.  For the mean squared error of a model linear in
theta the Hessian is ``H = 2/n X^T X`` at every theta (``vecgd.exact``),
so its eigenvalues ``lambda_min <= ... <= lambda_max`` say everything about
full-batch descent:

The formulas are ``vecgd.theory``'s (``quadratic_rates``, ``predicted_rate``):

* plain descent (``theta -= lr * g``) is stable for ``lr < 2 / lambda_max``;
  at ``lr = 1 / lambda_max`` the error shrinks by at least ``1 - 1/kappa``
  per epoch, ``kappa = lambda_max / lambda_min`` (the condition number), so
  shrinking it a millionfold takes at most ``ln(1e6) / -ln(1 - 1/kappa)``,
  about ``13.8 kappa`` epochs;
* the heavy ball (Polyak 1964, "Some methods of speeding up the convergence
  of iteration methods", section 3), ``v = beta v + g; theta -= lr * v``
  with ``lr = 4 / (sqrt(lambda_max) + sqrt(lambda_min))^2`` and ``beta =
  ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2``, shrinks it by about
  ``(sqrt(kappa) - 1) / (sqrt(kappa) + 1)`` per epoch on a quadratic: a
  millionfold in about ``6.9 sqrt(kappa)`` epochs.  That is ``vecgd fit``'s
  default (PyTorch's ``Momentum`` is this update, with ``momentum = beta``).

The verdict is DESIGN.md's: converged when theta is within 1e-6 of the
least-squares theta, relative, in the Euclidean norm, in data units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vecgd.exact import eigenvalues, least_squares_hessian
from vecgd.theory import predicted_rate, quadratic_rates

__all__ = ["Curvature", "RTOL", "curvature", "distance", "heavy_ball", "heavy_ball_epochs",
           "plain_epochs", "rate_epochs"]

RTOL = 1e-6  # DESIGN.md: converged = within 1e-6 relative of the least-squares theta
SHRINK = 1e-6  # the predictions count the epochs that shrink the error a millionfold


@dataclass
class Curvature:
    """The Hessian's extreme eigenvalues, before scaling and on the problem descent runs on."""

    kappa_data: float  # condition number of 2/n X^T X with the data as given
    kappa: float  # the same, for the features descent sees (scaled, unless --no-scale)
    lam_max: float  # largest eigenvalue of the Hessian descent sees
    lam_min: float  # its smallest (0 or rounding when the columns are dependent)
    lam_min_data: float  # smallest eigenvalue with the data as given: bounds |theta - theta*|


def _extremes(model: Any, xs: Sequence[Any]) -> tuple[float, float]:
    values = eigenvalues(least_squares_hessian(model, xs))
    return values[-1], values[0]


def _kappa(lam_max: float, lam_min: float, k: int) -> float:
    """Return lam_max / lam_min, or inf when lam_min is zero to rounding (as exact.py does)."""
    if lam_min <= lam_max * k * 2.0 ** -52:
        return math.inf
    return lam_max / lam_min


def curvature(model: Any, xs: Sequence[Any], scaled_model: Any = None,
              scaled_xs: Sequence[Any] | None = None) -> Curvature:
    """Return the Curvature of least squares on xs, and on scaled_xs when given."""
    big, small = _extremes(model, xs)
    k = len(model.design_row(xs[0]))
    kappa_data = _kappa(big, small, k)
    if scaled_model is None or scaled_xs is None:
        return Curvature(kappa_data, kappa_data, big, small, small)
    s_big, s_small = _extremes(scaled_model, scaled_xs)
    return Curvature(kappa_data, _kappa(s_big, s_small, k), s_big, s_small, small)


def heavy_ball(c: Curvature) -> tuple[float, float]:
    """Return Polyak's (lr, momentum) for the heavy ball on a quadratic with c's eigenvalues."""
    if c.lam_min <= 0.0:  # dependent columns: the limit of theory's formulas as l_min -> 0
        return 4.0 / c.lam_max, 1.0
    rates = quadratic_rates([c.lam_min, c.lam_max])
    return rates.momentum_lr, rates.momentum


def heavy_ball_epochs(c: Curvature) -> float:
    """Return the epochs the heavy ball at its best setting needs for a millionfold (inf: never)."""
    if not (c.lam_min > 0.0 and math.isfinite(c.kappa)):
        return math.inf
    return rate_epochs(quadratic_rates([c.lam_min, c.lam_max]).momentum_rate)


def rate_epochs(rate: float) -> float:
    """Return the epochs that shrink an error a millionfold at rate per epoch (inf if rate >= 1).

    >>> rate_epochs(0.5)
    20
    """
    if rate >= 1.0:
        return math.inf
    if rate <= 0.0:
        return 1
    return math.ceil(math.log(SHRINK) / math.log(rate))


def plain_epochs(c: Curvature, lr: float) -> float:
    """Return the epochs plain descent at lr needs for a millionfold (inf: it does not shrink)."""
    if c.lam_min <= 0.0:  # a direction of zero curvature never shrinks
        return math.inf
    return rate_epochs(predicted_rate([c.lam_min, c.lam_max], lr))


def distance(theta: Sequence[float], exact: Sequence[float]) -> float:
    """Return |theta - exact| / |exact| (Euclidean; |theta - exact| when exact is 0).

    >>> distance([3.0, 4.0], [3.0, 4.0]), distance([3.0, 4.5], [3.0, 4.0])
    (0.0, 0.1)
    """
    gap = math.hypot(*(t - e for t, e in zip(theta, exact)))
    size = math.hypot(*exact)
    return gap / size if size > 0 else gap
