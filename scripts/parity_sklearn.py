"""Hold vecgd's losses and penalties to scikit-learn's SGD, and its logistic optimum to SciPy's.

Part 1.  For each loss of ``SGDClassifier`` (log_loss, hinge,
modified_huber) and ``SGDRegressor`` (squared_error, huber,
epsilon_insensitive), with each penalty (none, l2, l1, elasticnet),
scikit-learn fits seeded data whose features have mixed scales with
``learning_rate='constant'``, ``shuffle=False``, ``tol=None`` for a few
epochs, and vecgd fits the same data with ``fit(MultipleLinear(), ...,
SGD(lr), batch_size=1, loss=..., penalty=...)`` from zero.  The settings
correspond as docs/losses.md says: the same eta0 and alpha, except
squared_error, which is half of vecgd's ``SquaredError``: vecgd's lr is
eta0 / 2 and its alpha 2 * alpha.  ``coef_`` and ``intercept_`` must equal
vecgd's theta within 1e-9, relative to the largest value of theta (a weight
the L1 penalty holds at 0 has no scale of its own).

Part 1b.  With ``fit(..., standardize=True)`` (where fit has it): the
same per-sample fits beside scikit-learn's on ``StandardScaler``'s features
(a pipeline of the two), scikit-learn's coefficients taken back to data
units by ``vecgd.Standardizer``: the same tolerance.

Part 2.  ``vecgd.logistic_optimum`` (Newton's method) beside SciPy's
``minimize`` (method ``trust-exact`` with the exact gradient and Hessian,
gtol 1e-13, then ``root`` on the gradient from there) of the same
objective, mean log loss plus ``alpha * ||w||**2 / 2``, for a few alphas:
within 1e-8, relative to the largest value.

This file imports numpy, scipy and scikit-learn; CI runs it in a throwaway
virtual environment with pinned versions.  From the repository root:

    python scripts/parity_sklearn.py     # the tables; exit 1 on a deviation
"""

from __future__ import annotations

import inspect
import random
import sys
import warnings
from pathlib import Path
from typing import Any, List, Tuple

import numpy as np
import scipy
import scipy.optimize
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier, SGDRegressor
from sklearn.preprocessing import StandardScaler

# Run as `python scripts/parity_sklearn.py`, the folder on sys.path is scripts/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vecgd  # noqa: E402

SGD_TOLERANCE, OPTIMUM_TOLERANCE = 1e-9, 1e-8
EPOCHS, ETA0, ALPHAS, L1_RATIO, EPSILON = 5, 0.01, (0.01, 0.1), 0.3, 0.1
SCALES = [1.0, 10.0, 0.1, 3.0]  # features of mixed scale

CLASSIFIER_LOSSES = {"log_loss": vecgd.LogLoss(), "hinge": vecgd.Hinge(),
                     "modified_huber": vecgd.ModifiedHuber()}
REGRESSOR_LOSSES = {"squared_error": vecgd.SquaredError(), "huber": vecgd.Huber(EPSILON),
                    "epsilon_insensitive": vecgd.EpsilonInsensitive(EPSILON)}
# Without a penalty once; with each, at a small alpha and at one where L1 holds weights at 0.
PENALTIES = [(None, 0.0)] + [(name, alpha) for name in ("l2", "l1", "elasticnet")
                             for alpha in ALPHAS]


def data(n: int = 60, seed: int = 0) -> Tuple[List[List[float]], List[float], List[int]]:
    """Return seeded features (mixed scales), regression targets and 0/1 labels."""
    rng = random.Random(seed)
    true_w = [0.8, -0.15, 6.0, 0.3]
    xs = [[rng.gauss(0.0, s) for s in SCALES] for _ in range(n)]
    ys = [sum(w * x for w, x in zip(true_w, row)) + 0.5 + rng.gauss(0.0, 0.3) for row in xs]
    labels = [int(y + rng.gauss(0.0, 0.8) > 0.5) for y in ys]
    return xs, ys, labels


def vecgd_penalty(name: str | None, alpha: float) -> vecgd.Penalty | None:
    """Return vecgd's penalty for scikit-learn's name, with vecgd's alpha."""
    if name is None:
        return None
    if name == "l2":
        return vecgd.L2(alpha)
    if name == "l1":
        return vecgd.L1(alpha)
    return vecgd.ElasticNet(alpha, l1_ratio=L1_RATIO)


def deviation(reference: List[float], theta: List[float]) -> float:
    """Return max |reference_j - theta_j|, relative to the largest |reference_j|."""
    scale = max(abs(r) for r in reference)
    return max(abs(r - t) for r, t in zip(reference, theta)) / scale


def sgd_parity() -> List[Tuple[str, float]]:
    """Fit every configuration both ways; return (configuration, deviation) rows."""
    xs, ys, labels = data()
    rows = []
    for estimator, losses, targets in (("SGDClassifier", CLASSIFIER_LOSSES, labels),
                                       ("SGDRegressor", REGRESSOR_LOSSES, ys)):
        for name, loss in losses.items():
            for penalty, alpha_sk in PENALTIES:
                kind: Any = SGDClassifier if estimator == "SGDClassifier" else SGDRegressor
                options = {"epsilon": EPSILON} if estimator == "SGDRegressor" else {}
                reference = kind(loss=name, penalty=penalty, alpha=alpha_sk or 1e-4,
                                 l1_ratio=L1_RATIO,
                                 learning_rate="constant", eta0=ETA0, shuffle=False, tol=None,
                                 max_iter=EPOCHS, fit_intercept=True, **options)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    reference.fit(np.array(xs), np.array(targets))
                expected = [*np.ravel(reference.coef_).tolist(),
                            float(np.ravel(reference.intercept_)[0])]
                # scikit-learn's squared_error is half of vecgd's SquaredError.
                half = name == "squared_error"
                lr, alpha = (ETA0 / 2, 2 * alpha_sk) if half else (ETA0, alpha_sk)
                result = vecgd.fit(vecgd.MultipleLinear(), xs, targets, [0.0] * 5,
                                   vecgd.SGD(lr), epochs=EPOCHS, batch_size=1, loss=loss,
                                   penalty=vecgd_penalty(penalty, alpha))
                shown = f"penalty={penalty}" + (f" alpha={alpha_sk}" if penalty else "")
                rows.append((f"{estimator} {name} {shown}",
                             deviation(expected, result.theta)))
    return rows


def standardized_parity() -> List[Tuple[str, float]]:
    """Per-sample fits on standardized features beside scikit-learn's StandardScaler + SGD."""
    xs, ys, labels = data()
    scaled = StandardScaler().fit_transform(np.array(xs))
    scaler: Any = vecgd.Standardizer(vecgd.MultipleLinear()).fit(xs)  # from issue 11
    rows = []
    for estimator, name, loss, targets in (("SGDClassifier", "log_loss", vecgd.LogLoss(), labels),
                                           ("SGDClassifier", "hinge", vecgd.Hinge(), labels),
                                           ("SGDRegressor", "huber", vecgd.Huber(EPSILON), ys)):
        for penalty, alpha in ((None, 0.0), ("l2", 0.1), ("elasticnet", 0.1)):
            kind: Any = SGDClassifier if estimator == "SGDClassifier" else SGDRegressor
            options = {"epsilon": EPSILON} if estimator == "SGDRegressor" else {}
            reference = kind(loss=name, penalty=penalty, alpha=alpha or 1e-4, l1_ratio=L1_RATIO,
                             learning_rate="constant", eta0=ETA0, shuffle=False, tol=None,
                             max_iter=EPOCHS, **options)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                reference.fit(scaled, np.array(targets))
            expected = scaler.to_data([*np.ravel(reference.coef_).tolist(),
                                       float(np.ravel(reference.intercept_)[0])])
            result = vecgd.fit(vecgd.MultipleLinear(), xs, targets, [0.0] * 5, vecgd.SGD(ETA0),
                               epochs=EPOCHS, batch_size=1, loss=loss,
                               penalty=vecgd_penalty(penalty, alpha), standardize=True)
            rows.append((f"StandardScaler + {estimator} {name} penalty={penalty}",
                         deviation(expected, result.theta)))
    return rows


def scipy_optimum(xs: List[List[float]], labels: List[int], alpha: float) -> List[float]:
    """Return SciPy's minimizer of mean log loss + alpha * ||w||**2 / 2 (no penalty on b)."""
    design = np.hstack([np.array(xs), np.ones((len(xs), 1))])
    y = np.array(labels, dtype=float)
    n, k = design.shape
    mask = np.ones(k)
    mask[-1] = 0.0

    def f(theta: Any) -> float:
        p = design @ theta
        return float(np.mean(np.logaddexp(0.0, p) - y * p) + alpha * (theta * mask) @ theta / 2)

    def grad(theta: Any) -> Any:
        p = design @ theta
        return design.T @ (scipy.special.expit(p) - y) / n + alpha * mask * theta

    def hess(theta: Any) -> Any:
        s = scipy.special.expit(design @ theta)
        return (design.T * (s * (1 - s))) @ design / n + alpha * np.diag(mask)

    result = scipy.optimize.minimize(f, np.zeros(k), jac=grad, hess=hess, method="trust-exact",
                                     options={"gtol": 1e-13, "maxiter": 1000})
    # minimize stops once its predicted decrease is below f's rounding (a gradient of about
    # 1e-9 here); root drives the gradient itself to rounding from there.
    polished = scipy.optimize.root(grad, result.x, jac=hess, method="hybr", tol=1e-15)
    return [float(v) for v in polished.x]


def optimum_parity() -> List[Tuple[str, float]]:
    """Compare vecgd's Newton optimum with SciPy's, for a few alphas."""
    xs, _, labels = data()
    rows = []
    for alpha in (0.0, 0.01, 0.1, 1.0):
        ours = vecgd.logistic_optimum(vecgd.MultipleLinear(), xs, labels, alpha=alpha)
        rows.append((f"logistic_optimum alpha={alpha}",
                     deviation(scipy_optimum(xs, labels, alpha), ours)))
    return rows


def main() -> int:
    print(f"scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, "
          f"numpy {np.__version__}; {EPOCHS} epochs, eta0 {ETA0}, alphas {ALPHAS}, "
          f"l1_ratio {L1_RATIO}, epsilon {EPSILON}, feature scales {SCALES}")
    failed = 0
    parts = [("SGD, one sample per step", sgd_parity(), SGD_TOLERANCE)]
    if "standardize" in inspect.signature(vecgd.fit).parameters:
        parts.append(("SGD on standardized features", standardized_parity(), SGD_TOLERANCE))
    else:
        print("\n(fit has no standardize here: the standardized fits are not compared)")
    parts.append(("the logistic optimum", optimum_parity(), OPTIMUM_TOLERANCE))
    for title, rows, tolerance in parts:
        print(f"\n{title} (tolerance {tolerance:g}, relative to the largest value)")
        width = max(len(name) for name, _ in rows)
        for name, worst in rows:
            ok = worst <= tolerance
            failed += not ok
            print(f"  {name.ljust(width)}  {worst:9.2e}  {'ok' if ok else 'DEVIATES'}")
    print(f"\n{'all agree' if not failed else f'{failed} configurations deviate'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
