"""The answers descent should reach, computed exactly: ``least_squares``.

``least_squares(model, xs, ys)`` solves the normal equations of a model
linear in theta (``Linear``, ``Proportional``, ``Polynomial``,
``MultipleLinear``: any object with ``design_row(x)`` and
``check_inputs(where, xs)``) in ``fractions.Fraction`` arithmetic, then
rounds each value once: the closed-form theta that ``fit`` approaches, to
test against and to report beside a fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, List

from vecgd._checks import describe, require_same_length, require_vector
from vecgd.vector import Vector

__all__ = ["least_squares"]


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
    if not callable(getattr(model, "design_row", None)):
        raise TypeError(
            "least_squares: model must be linear in theta, with a design_row method "
            f"like Linear, Proportional, Polynomial and MultipleLinear (got {describe(model)})"
        )
    require_vector("least_squares", "ys", ys, finite=True, nonempty=True)
    model.check_inputs("least_squares", xs)
    require_same_length("least_squares", xs, ys, what="xs and ys")
    design = [model.design_row(x) for x in xs]
    targets = [Fraction(y) for y in ys]
    k = len(design[0])
    a = [[Fraction(0)] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            a[i][j] = a[j][i] = sum((row[i] * row[j] for row in design), Fraction(0))
    b = [sum((row[i] * y for row, y in zip(design, targets)), Fraction(0)) for i in range(k)]
    return [_to_float(j, v) for j, v in enumerate(_solve_exact(a, b))]


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


def _to_float(j: int, value: Fraction) -> float:
    """Return value rounded to the nearest float; ValueError when it is beyond them."""
    try:
        return float(value)
    except OverflowError:
        raise ValueError(
            f"least_squares: theta[{j}] of the exact solution is beyond the largest float "
            "(rescale xs or ys)"
        ) from None
