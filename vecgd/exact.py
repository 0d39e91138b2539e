"""The answers descent should reach, computed exactly: ``least_squares``, ``logistic_optimum``.

``least_squares(model, xs, ys)`` solves the normal equations of a model
linear in theta (``Linear``, ``Proportional``, ``Polynomial``,
``MultipleLinear``: any object with ``design_row(x)`` and
``check_inputs(where, xs)``) in ``fractions.Fraction`` arithmetic, then
rounds each value once: the closed-form theta that ``fit`` approaches, to
test against and to report beside a fit.  It warns (``IllConditionedWarning``)
when the design's columns are collinear to rounding.

The same design gives the curvature of the mean squared error:
``least_squares_hessian`` is its Hessian ``2/n * X^T X`` (the same at every
theta), ``eigenvalues`` finds the eigenvalues of a symmetric matrix by
Jacobi rotations, and ``condition_number`` is the ratio of the largest to
the smallest.  Plain descent on least squares is stable for ``lr <
2/lambda_max``, and at ``lr = 1/lambda_max`` its error shrinks by at least
a factor ``1 - 1/kappa`` per full-batch step (docs/fitting.md).

``ridge_optimum(model, xs, ys, alpha=0.0)`` is least squares with an L2
penalty, ``fit(..., penalty=L2(alpha))``: the same normal equations, in
fractions, with ``n alpha / 2`` added to each penalized diagonal entry.
``logistic_optimum(model, xs, ys, alpha=0.0)`` is the answer for log loss
with an L2 penalty, ``fit(..., loss=LogLoss(), penalty=L2(alpha))``, which
has no closed form: Newton's method, to a gradient of 1e-12.  The module
passes 400 lines because the exact answers of both losses, and the
curvature they share, are one idea: what descent should reach.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, List, Tuple

from vecgd._checks import (
    as_inputs,
    as_rows,
    as_sequence,
    as_vector,
    describe,
    require_nonnegative,
    require_same_length,
)
from vecgd.losses import LogLoss
from vecgd.vector import Vector

__all__ = ["ILL_CONDITIONED", "IllConditionedWarning", "condition_number", "eigenvalues",
           "least_squares", "least_squares_hessian", "logistic_optimum", "ridge_optimum"]

ILL_CONDITIONED = 1e12
"""The condition number of X^T X past which least_squares warns.

The exact solution of the normal equations is the least-squares theta of
the data *as stored*; a relative rounding of the data of about 1e-16
moves it by up to about kappa * 1e-16 relative, so past 1e12 the digits
after the fourth are set by rounding rather than by the data.
"""


class IllConditionedWarning(UserWarning):
    """The warning least_squares gives when the design's columns are nearly collinear.

    >>> issubclass(IllConditionedWarning, UserWarning)
    True
    """


def least_squares(model: Any, xs: Sequence[Any], ys: Sequence[float]) -> Vector:
    """Return the ordinary least-squares theta of a model linear in theta, in closed form.

    Solves the normal equations ``(X^T X) theta = X^T y``, where row i of X
    is ``model.design_row(x_i)`` (Linear: ``[x, 1]``; Proportional: ``[x]``;
    Polynomial(d): ``[x**d, ..., x, 1]``; MultipleLinear: ``[x_1, ..., x_k,
    1]``), exactly in ``fractions.Fraction`` arithmetic, then rounds each
    value to the nearest float.  Exact arithmetic costs about n * k**2
    fraction operations: meant for the small k of these models.  Raises
    ValueError for bad data or a singular system (for example, all x equal
    for Linear), TypeError for a model without ``design_row``.

    >>> from vecgd.models import Linear, Polynomial
    >>> least_squares(Linear(), [0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    [2.0, 1.0]
    >>> least_squares(Polynomial(2), [-1.0, 0.0, 1.0, 2.0], [2.0, 1.0, 2.0, 5.0])
    [1.0, 0.0, 1.0]
    """
    where = "least_squares"
    xs = _design_inputs(where, model, xs)
    ys = as_vector(where, "ys", ys, finite=True, nonempty=True)
    require_same_length(where, xs, ys, what="xs and ys")
    design = [model.design_row(x) for x in xs]
    targets = [Fraction(y) for y in ys]
    k = len(design[0])
    a = _normal_matrix(design)
    b = [sum((row[i] * y for row, y in zip(design, targets)), Fraction(0)) for i in range(k)]
    theta = [_rounded(v, f"least_squares: theta[{j}] of the exact solution is beyond the "
                         "largest float (rescale xs or ys)")
             for j, v in enumerate(_solve_exact(a, b))]
    kappa = _condition(a)
    if kappa > ILL_CONDITIONED:
        told = "infinite: X^T X is singular to rounding" if math.isinf(kappa) else f"{kappa:.3g}"
        warnings.warn(
            f"least_squares: the design is ill-conditioned (condition number {told}): "
            "its columns are nearly collinear, so these coefficients are set by rounding, "
            "not by the data (drop or combine the repeated feature)",
            IllConditionedWarning, stacklevel=2,
        )
    return theta


def least_squares_hessian(model: Any, xs: Sequence[Any]) -> List[List[float]]:
    """Return the Hessian of the mean squared error of a model linear in theta: 2/n * X^T X.

    Row i of X is ``model.design_row(x_i)`` (see least_squares; a column of
    ones for the intercept).  The loss ``mean((X theta - y)**2)`` is a
    quadratic in theta, so its Hessian is the same at every theta and does
    not depend on ys: entry (i, j) is ``2/n * sum(X[r][i] * X[r][j])``,
    computed exactly and rounded once.  xs as least_squares takes them.

    >>> from vecgd.models import Linear
    >>> least_squares_hessian(Linear(), [0, 1, 2, 3])
    [[7.0, 3.0], [3.0, 2.0]]
    """
    where = "least_squares_hessian"
    xs = _design_inputs(where, model, xs)
    a = _normal_matrix([model.design_row(x) for x in xs])
    scale = Fraction(2, len(xs))
    beyond = f"{where}: an entry of the Hessian is beyond the largest float (rescale xs)"
    return [[_rounded(value * scale, beyond) for value in row] for row in a]


def eigenvalues(matrix: Sequence[Sequence[float]]) -> List[float]:
    """Return the eigenvalues of a symmetric matrix, in ascending order, by Jacobi rotations.

    Cyclic Jacobi (Golub & Van Loan, Matrix Computations, 4th ed., 8.5):
    each rotation ``J(p, q, c, s)`` zeroes the off-diagonal pair (p, q) of
    ``A = J^T A J``, with ``tau = (a_qq - a_pp) / (2 a_pq)``, ``t =
    sign(tau) / (|tau| + sqrt(1 + tau**2))``, ``c = 1/sqrt(1 + t**2)``, ``s
    = t c``; sweeps over every pair repeat until the off-diagonal part is
    negligible (below 1e-30 of the matrix's norm, or exactly 0); the
    diagonal is then the eigenvalues, each to about its rounding times the
    largest (the matrix is first divided by its largest entry, so that
    nothing inside overflows).  matrix must be square, finite and symmetric
    (to 1e-12 relative); otherwise ValueError.

    >>> [round(v, 12) for v in eigenvalues([[2.0, 1.0], [1.0, 2.0]])]
    [1.0, 3.0]
    >>> [round(v, 12) for v in eigenvalues([[4, 1, 0], [1, 4, 1], [0, 1, 4]])]
    [2.585786437627, 4.0, 5.414213562373]
    """
    a = _square("eigenvalues", matrix)
    k = len(a)
    largest = max(abs(v) for row in a for v in row)
    if largest == 0.0:
        return [0.0] * k
    a = [[v / largest for v in row] for row in a]  # entries in [-1, 1]: no overflow inside
    norm = math.sqrt(math.fsum(v * v for row in a for v in row))
    for _ in range(100):  # Jacobi converges quadratically: a handful of sweeps suffice
        off = math.sqrt(math.fsum(a[p][q] ** 2 for p in range(k) for q in range(k) if p != q))
        if off <= 1e-30 * norm or off == 0.0:
            break
        for p in range(k - 1):
            for q in range(p + 1, k):
                if a[p][q] != 0.0:
                    _rotate(a, p, q)
    return sorted(a[i][i] * largest for i in range(k))


def condition_number(model: Any, xs: Sequence[Any]) -> float:
    """Return the condition number of the least-squares Hessian: lambda_max / lambda_min.

    The eigenvalues of ``least_squares_hessian(model, xs)`` (2/n * X^T X).
    It says how much harder descent's slowest direction is than its
    fastest: at ``lr = 1/lambda_max`` plain descent shrinks its error by at
    least ``1 - 1/kappa`` per full-batch step.  ``math.inf`` when the
    smallest eigenvalue is not above ``lambda_max * k * 2**-52`` (the
    columns are dependent to rounding).  Scaling the features
    (``Standardizer``) usually brings it down by orders of magnitude.

    >>> from vecgd.models import Linear
    >>> round(condition_number(Linear(), [-1, 1]), 12)
    1.0
    >>> condition_number(Linear(), [3, 3])
    inf
    """
    where = "condition_number"
    xs = _design_inputs(where, model, xs)
    return _condition(_normal_matrix([model.design_row(x) for x in xs]))


def _design_inputs(where: str, model: Any, xs: Sequence[Any]) -> Sequence[Any]:
    """Return xs as plain numbers after checking model is linear in theta and xs suit it."""
    if not callable(getattr(model, "design_row", None)):
        raise TypeError(
            f"{where}: model must be linear in theta, with a design_row method "
            f"like Linear, Proportional, Polynomial and MultipleLinear (got {describe(model)})"
        )
    xs = as_inputs(where, model, xs)
    if len(xs) == 0:
        raise ValueError(f"{where}: xs must not be empty")
    return xs


def _normal_matrix(design: List[List[Fraction]]) -> List[List[Fraction]]:
    """Return X^T X exactly, for the rows of X."""
    k = len(design[0])
    a = [[Fraction(0)] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            a[i][j] = a[j][i] = sum((row[i] * row[j] for row in design), Fraction(0))
    return a


def _condition(a: List[List[Fraction]]) -> float:
    """Return lambda_max / lambda_min of the exact symmetric matrix a (inf when singular).

    a is scaled by its largest entry first (exactly), so that entries past
    the floats still give a condition number.
    """
    largest = max(abs(v) for row in a for v in row)
    if largest == 0:
        return math.inf
    values = eigenvalues([[float(v / largest) for v in row] for row in a])
    low, high = values[0], values[-1]
    if low <= high * len(a) * 2.0**-52:
        return math.inf
    return high / low


def _rotate(a: List[List[float]], p: int, q: int) -> None:
    """Apply the Jacobi rotation that zeroes a[p][q] (and a[q][p]) to a, in place."""
    tau = (a[q][q] - a[p][p]) / (2.0 * a[p][q])
    t = (1.0 if tau >= 0 else -1.0) / (abs(tau) + math.hypot(1.0, tau))
    c = 1.0 / math.hypot(1.0, t)
    s = t * c
    for r in range(len(a)):  # columns p and q: A J
        a_rp, a_rq = a[r][p], a[r][q]
        a[r][p], a[r][q] = c * a_rp - s * a_rq, s * a_rp + c * a_rq
    for r in range(len(a)):  # rows p and q: J^T (A J)
        a_pr, a_qr = a[p][r], a[q][r]
        a[p][r], a[q][r] = c * a_pr - s * a_qr, s * a_pr + c * a_qr
    a[p][q] = a[q][p] = 0.0  # zero by construction; rounding would leave a trace


def _square(where: str, matrix: Any) -> List[List[float]]:
    """Return matrix as a list of float rows, or raise unless square, finite and symmetric."""
    rows = [as_vector(where, f"matrix[{i}]", row, finite=True)
            for i, row in enumerate(as_rows(where, "matrix", matrix))]
    k = len(rows)
    if k == 0:
        raise ValueError(f"{where}: matrix must not be empty")
    for i, row in enumerate(rows):
        if len(row) != k:
            raise ValueError(
                f"{where}: matrix must be square (got {k} rows, row {i} has {len(row)} values)"
            )
    a = [[float(v) for v in row] for row in rows]
    scale = max(abs(v) for row in a for v in row)
    for i in range(k):
        for j in range(i + 1, k):
            if abs(a[i][j] - a[j][i]) > 1e-12 * scale:
                raise ValueError(
                    f"{where}: matrix must be symmetric (got matrix[{i}][{j}] = {a[i][j]!r} "
                    f"and matrix[{j}][{i}] = {a[j][i]!r})"
                )
            a[i][j] = a[j][i] = a[i][j] / 2 + a[j][i] / 2  # halves first: no overflow
    return a


def _rounded(value: Fraction, beyond: str) -> float:
    """Return value rounded to the nearest float; ValueError(beyond) when it is past them."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(beyond) from None


def _solve_exact(a: List[List[Fraction]], b: List[Fraction]) -> List[Fraction]:
    """Solve a x = b by Gauss-Jordan elimination in exact arithmetic."""
    k = len(b)
    rows = [a_i[:] + [b_i] for a_i, b_i in zip(a, b)]
    for col in range(k):
        pivot = next((r for r in range(col, k) if rows[r][col] != 0), None)
        if pivot is None:
            raise ValueError(
                "least_squares: the normal equations are singular: the columns of the "
                "design matrix are linearly dependent (too few distinct x values for the "
                f"model's {k} parameters, or a feature that repeats another)"
            )
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(k):
            factor = rows[r][col]
            if r != col and factor != 0:
                rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col])]
    return [row[k] for row in rows]


def ridge_optimum(model: Any, xs: Sequence[Any], ys: Sequence[float], *,
                  alpha: float = 0.0) -> Vector:
    """Return the theta minimizing mean squared error plus ``alpha * ||w||**2 / 2``, exactly.

    The objective of ``fit(model, xs, ys, ..., penalty=L2(alpha))`` (vecgd's
    squared error ``(p - y)**2``; scikit-learn's ``SGDRegressor`` with
    ``penalty='l2'`` is the same fit with half its alpha, docs/losses.md):
    setting its gradient to 0 gives ``(2/n X^T X + alpha D) theta = 2/n X^T
    y``, X's rows ``model.design_row(x_i)``, D the identity without the
    intercept (w is theta without it: the last value for a model with
    ``has_intercept``).  Solved in ``fractions.Fraction`` arithmetic, each
    value rounded once, as ``least_squares`` (which is alpha 0).  Raises
    ValueError for bad data, alpha < 0, or a singular system (only when the
    columns the penalty leaves alone are dependent: alpha 0, or the intercept).

    One feature x = [-1, 1], y = [-1, 1]: the slope solves (2/2 * 2 + a) w
    = 2/2 * 2, so w = 2 / (2 + a); alpha 2 halves least squares' slope 1:

    >>> from vecgd.models import Linear
    >>> ridge_optimum(Linear(), [-1.0, 1.0], [-1.0, 1.0], alpha=2.0)
    [0.5, 0.0]
    >>> ridge_optimum(Linear(), [-1.0, 1.0], [-1.0, 1.0])
    [1.0, 0.0]
    """
    where = "ridge_optimum"
    require_nonnegative(where, "alpha", alpha)
    xs = _design_inputs(where, model, xs)
    ys = as_vector(where, "ys", ys, finite=True, nonempty=True)
    require_same_length(where, xs, ys, what="xs and ys")
    design = [model.design_row(x) for x in xs]
    n, k = len(design), len(design[0])
    a = _normal_matrix(design)
    b = [sum((Fraction(row[i]) * Fraction(y) for row, y in zip(design, ys)), Fraction(0))
         for i in range(k)]
    # (2/n X^T X + alpha D) theta = 2/n X^T y, times n/2: (X^T X + n alpha / 2 D) theta = X^T y
    shrink = Fraction(alpha) * n / 2
    for j in range(k - bool(getattr(model, "has_intercept", False))):
        a[j][j] += shrink
    try:
        solution = _solve_exact(a, b)
    except ValueError as error:
        raise ValueError(str(error).replace("least_squares:", f"{where}:", 1)) from None
    return [_rounded(v, f"{where}: theta[{j}] of the exact solution is beyond the largest "
                       "float (rescale xs or ys)") for j, v in enumerate(solution)]


# === The logistic optimum (issue 14): Newton's method on the mean log loss ===

NEWTON_TOLERANCE = 1e-12


def logistic_optimum(
    model: Any, xs: Sequence[Any], ys: Sequence[Any], *, alpha: float = 0.0
) -> Vector:
    """Return the theta minimizing mean log loss plus ``alpha * ||w||**2 / 2`` (Newton's method).

    The objective of ``fit(model, xs, ys, ..., loss=LogLoss(),
    penalty=L2(alpha))`` (scikit-learn's ``SGDClassifier`` objective with
    ``loss='log_loss'``, ``penalty='l2'``): ``mean_i log(1 + exp(-s_i p_i))
    + alpha * sum(w_j**2) / 2``, s_i = 2 y_i - 1, p_i = row_i . theta (row_i
    = ``model.design_row(x_i)``), w = theta without the intercept.  Newton's
    step solves ``H d = -g`` with ``g = X^T (sigmoid(p) - y) / n + alpha *
    w`` and ``H = X^T diag(sigmoid(p) (1 - sigmoid(p))) X / n + alpha *
    I_w``, halving d until the objective or the gradient decreases, from
    theta = 0, in each column's own scale (divided by its largest |value|)
    so that features of very different sizes do not spoil the solve.  It
    stops when every entry of that scaled gradient is at most 1e-12.

    ys are labels 0 and 1 (or booleans); alpha >= 0.  Raises ValueError
    when there is no finite minimizer: with alpha 0, data whose classes a
    hyperplane separates (the loss falls toward 0 as theta grows without
    bound: add a penalty), or columns that are linearly dependent.

    With one binary feature the optimum is known in closed form: the logit
    of each group's fraction of 1s (x = 0: 2 of 3, odds 2; x = 1: 1 of 4,
    odds 1/3, so exp(slope) = (1/3) / 2):

    >>> import math
    >>> from vecgd.models import Linear
    >>> xs, ys = [0, 0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 0, 0, 1]
    >>> [round(math.exp(t), 12) for t in logistic_optimum(Linear(), xs, ys)]
    [0.166666666667, 2.0]
    >>> logistic_optimum(Linear(), [0.0, 1.0, 2.0, 3.0], [0, 0, 1, 1])
    Traceback (most recent call last):
    ValueError: logistic_optimum: no finite minimizer: the classes are separable (use alpha > 0)
    """
    where = "logistic_optimum"
    if not callable(getattr(model, "design_row", None)):
        raise TypeError(f"{where}: model must be linear in theta, with a design_row method "
                        f"like Linear, Proportional, Polynomial and MultipleLinear "
                        f"(got {describe(model)})")
    require_nonnegative(where, "alpha", alpha)
    xs = as_inputs(where, model, xs)  # any numeric sequence, as least_squares takes
    ys = as_sequence(where, "ys", ys, "a sequence of labels 0 and 1")  # any shape, as xs
    labels = LogLoss().labels(where, list(ys))
    require_same_length(where, xs, ys, what="xs and ys")
    if len(xs) == 0:
        raise ValueError(f"{where}: needs at least one sample (got empty xs and ys)")
    rows = [[float(v) for v in model.design_row(x)] for x in xs]
    k = len(rows[0])
    scales = [max(abs(row[j]) for row in rows) or 1.0 for j in range(k)]
    if not all(1e-150 < c < 1e150 for c in scales):  # their squares must stay floats
        raise ValueError(f"{where}: a column of the design matrix has values beyond 1e150 or "
                         f"all below 1e-150 in size (largest sizes {scales}): rescale xs")
    z_rows = [[v / c for v, c in zip(row, scales)] for row in rows]
    signs = [2.0 * y - 1.0 for y in labels]
    # The penalty on w_j = u_j / c_j in the scaled unknowns u: alpha * u_j**2 / (2 c_j**2).
    ridge = [alpha / (c * c) for c in scales]
    if getattr(model, "has_intercept", False):
        ridge[-1] = 0.0
    u = [0.0] * k
    for _ in range(200):
        value, g, h, margins = _logistic_terms(z_rows, signs, ridge, u)
        if max(abs(v) for v in g) <= NEWTON_TOLERANCE:
            # One more full step: Newton's convergence is quadratic, so from a gradient of
            # 1e-12 it lands on theta to rounding; kept only if its gradient is no larger.
            polished = [a + b for a, b in zip(u, _solve(where, h, [-v for v in g]))]
            if max(map(abs, _logistic_terms(z_rows, signs, ridge, polished)[1])) <= max(
                    map(abs, g)):
                u = polished
            return [u_j / c for u_j, c in zip(u, scales)]
        if alpha == 0 and min(margins) > 0:
            # theta itself separates them: scaling it up lowers the loss without end.
            raise ValueError(f"{where}: no finite minimizer: the classes are separable "
                             "(use alpha > 0)")
        step = _solve(where, h, [-v for v in g])
        for _ in range(60):  # halve the step until the objective or the gradient decreases
            trial = [a + b for a, b in zip(u, step)]
            t_value, t_g, _, _ = _logistic_terms(z_rows, signs, ridge, trial)
            if t_value < value or max(map(abs, t_g)) < max(map(abs, g)):
                break
            step = [0.5 * s for s in step]
        else:
            break
        u = trial
    raise ValueError(f"{where}: Newton's method did not reach a gradient of "
                     f"{NEWTON_TOLERANCE:g} (the classes may be separable: use alpha > 0)")


def _logistic_terms(
    rows: List[List[float]], signs: List[float], ridge: List[float], u: List[float]
) -> Tuple[float, List[float], List[List[float]], List[float]]:
    """Return the objective, its gradient and Hessian at u, and the margins s_i * p_i."""
    n, k = len(rows), len(u)
    losses, margins = [], []
    g_terms: List[List[float]] = [[] for _ in range(k)]
    h = [[0.0] * k for _ in range(k)]
    h_terms: List[List[List[float]]] = [[[] for _ in range(k)] for _ in range(k)]
    for row, s in zip(rows, signs):
        p = math.fsum(r * v for r, v in zip(row, u))
        z = s * p
        margins.append(z)
        losses.append(math.log1p(math.exp(-z)) if z > 0 else -z + math.log1p(math.exp(z)))
        e = math.exp(-abs(z))
        sigma_minus = e / (1.0 + e) if z > 0 else 1.0 / (1.0 + e)  # sigmoid(-z)
        d = -s * sigma_minus  # d loss / d p
        w = sigma_minus * (1.0 - sigma_minus)  # d2 loss / d p2
        for a in range(k):
            g_terms[a].append(d * row[a])
            for b in range(a, k):
                h_terms[a][b].append(w * row[a] * row[b])
    value = math.fsum(losses) / n + math.fsum(r * v * v for r, v in zip(ridge, u)) / 2
    g = [math.fsum(g_terms[a]) / n + ridge[a] * u[a] for a in range(k)]
    for a in range(k):
        for b in range(a, k):
            h[a][b] = h[b][a] = math.fsum(h_terms[a][b]) / n + (ridge[a] if a == b else 0.0)
    return value, g, h, margins


def _solve(where: str, a: List[List[float]], b: List[float]) -> List[float]:
    """Solve a x = b by Gaussian elimination with partial pivoting, in floats."""
    k = len(b)
    rows = [a_i[:] + [b_i] for a_i, b_i in zip(a, b)]
    largest = max(abs(a[i][i]) for i in range(k))
    for col in range(k):
        pivot = max(range(col, k), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) <= 1e-14 * largest:
            raise ValueError(f"{where}: the Hessian is singular: the columns of the design "
                             "matrix are linearly dependent, or the classes are separable "
                             "(use alpha > 0)")
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, k):
            factor = rows[r][col] / rows[col][col]
            rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col])]
    x = [0.0] * k
    for i in range(k - 1, -1, -1):
        x[i] = (rows[i][k] - math.fsum(rows[i][j] * x[j] for j in range(i + 1, k))) / rows[i][i]
    return x
