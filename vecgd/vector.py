"""Vectors as lists of floats, and the arithmetic on them.

This is the book's ``linear_algebra`` chapter (Data Science from Scratch,
``Vector = List[float]``) with three differences a caller can rely on:

* lengths are checked with an explicit ``raise``, so ``add([1, 2], [1, 2, 3])``
  is a ``ValueError`` even under ``python -O`` and ``zip`` never truncates;
* sums of floats use ``math.fsum`` (correctly rounded), through
  ``accurate_sum``, so ``vector_mean([[0.1]] * 10)`` is exactly ``[0.1]``;
  where fsum itself would raise, the answer is IEEE arithmetic's: the
  exact sum rounded once when only a partial sum overflows, an infinity
  for a sum past the largest float, NaN for ``inf + -inf``;
* ``magnitude`` and ``distance`` use ``math.hypot``, which neither overflows
  nor underflows on the way to a representable answer.

Inputs may be any sequence of real numbers: a list, a tuple, a range, an
``array.array``, a NumPy array (by duck typing: ``tolist()``; vecgd never
imports NumPy); their values become plain Python numbers first (an int past
2**53 a float).  Every function returns a new list (or a float) and never
mutates its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import List

from vecgd._checks import (
    as_pair,
    as_vector,
    as_vectors,
    convert_numbers,
    require_finite,
    require_positive,
)

__all__ = [
    "Vector",
    "accurate_sum",
    "add",
    "distance",
    "dot",
    "magnitude",
    "scalar_multiply",
    "subtract",
    "sum_of_squares",
    "vector_mean",
    "vector_sum",
]

Vector = List[float]


def accurate_sum(values: Sequence[float], divisor: float = 1) -> float:
    """Return the sum of values, correctly rounded, divided by divisor.

    Formula: ``accurate_sum(values, divisor) = (values[0] + values[1] + ...)
    / divisor``, the sum taken with ``math.fsum`` (exact, then rounded once),
    so ten 0.1s sum to exactly 1.0 where a running sum gives
    0.9999999999999999.  Where fsum itself raises, the answer is IEEE
    arithmetic's: fsum raises OverflowError when only a partial sum passes
    the largest float (``[1e308, 1e308, -1e308]``), and then the exact
    quotient is rounded once; a result past the largest float is an
    infinity; NaN, or infinities of both signs, give NaN.  Dividing inside,
    a mean is finite wherever it is representable, even when the sum is
    not.  values must be real numbers (infinities and NaN allowed), divisor
    a positive number.

    >>> accurate_sum([0.1] * 10)
    1.0
    >>> accurate_sum([1e308, 1e308, -1e308])
    1e+308
    >>> accurate_sum([1e308, 1e308], 2)
    1e+308
    """
    values = as_vector("accurate_sum", "values", values)
    require_positive("accurate_sum", "divisor", divisor)
    return _accurate_sum(values, divisor)


def _accurate_sum(values: Sequence[float], divisor: float = 1) -> float:
    """Return accurate_sum(values, divisor), unchecked: for this module's checked functions."""
    try:
        return math.fsum(values) / divisor
    except (OverflowError, ValueError):
        return _exact(values, divisor)


def _exact(terms: Sequence[float], n: float) -> float:
    """Return sum(terms) / n rounded once from exact arithmetic, or what IEEE's + gives.

    A NaN, or infinities of both signs, give NaN; one infinity gives itself.
    Otherwise the sum is taken in ``fractions.Fraction`` (exact) and rounded
    to the nearest float: the right finite answer whenever there is one, and
    a signed infinity past the largest float.
    """
    infinities = {t for t in terms if t in (math.inf, -math.inf)}
    if any(t != t for t in terms) or len(infinities) > 1:  # t != t: t is NaN
        return math.nan
    if infinities:
        return infinities.pop()
    exact = sum(map(Fraction, terms), Fraction(0)) / Fraction(n)
    try:
        return float(exact)
    except OverflowError:  # beyond the largest float: IEEE rounds it to an infinity
        return math.inf if exact > 0 else -math.inf


def add(v: Sequence[float], w: Sequence[float]) -> Vector:
    """Return the sum of v and w, element by element.

    Formula: ``add(v, w)[i] = v[i] + w[i]``.  v and w must have the same
    length, or ``ValueError`` is raised.

    >>> add([1, 2], [3.5, -4])
    [4.5, -2]
    """
    v, w = as_pair("add", v, w)
    return [v_i + w_i for v_i, w_i in zip(v, w)]


def subtract(v: Sequence[float], w: Sequence[float]) -> Vector:
    """Return v minus w, element by element.

    Formula: ``subtract(v, w)[i] = v[i] - w[i]``.  v and w must have the
    same length, or ``ValueError`` is raised.

    >>> subtract([5, 7.5], [1, 0.25])
    [4, 7.25]
    """
    v, w = as_pair("subtract", v, w)
    return [v_i - w_i for v_i, w_i in zip(v, w)]


def scalar_multiply(c: float, v: Sequence[float]) -> Vector:
    """Return the vector v scaled by the number c.

    Formula: ``scalar_multiply(c, v)[i] = c * v[i]``.

    >>> scalar_multiply(2, [1, -0.5, 3])
    [2, -1.0, 6]
    """
    require_finite("scalar_multiply", "c", c)
    [c] = convert_numbers([c])
    v = as_vector("scalar_multiply", "v", v)
    return [c * v_i for v_i in v]


def vector_sum(vectors: Sequence[Sequence[float]]) -> Vector:
    """Return the element-wise sum of a non-empty list of vectors.

    Formula: ``vector_sum(vs)[i] = vs[0][i] + vs[1][i] + ...``, each column
    summed with ``math.fsum`` so the result is correctly rounded.  An empty
    list or vectors of different lengths raise ``ValueError``.

    >>> vector_sum([[1, 2], [3, 4], [5, 6.5]])
    [9.0, 12.5]
    """
    vectors = as_vectors("vector_sum", vectors)
    return [_accurate_sum(column) for column in zip(*vectors)]


def vector_mean(vectors: Sequence[Sequence[float]]) -> Vector:
    """Return the element-wise mean of a non-empty list of vectors.

    Formula: ``vector_mean(vs)[i] = (vs[0][i] + ... + vs[n-1][i]) / n``, the
    sum taken with ``math.fsum``: ``vector_mean([[0.1]] * 10)`` is exactly
    ``[0.1]``, where a running sum gives ``0.09999999999999999``.

    >>> vector_mean([[1, 2], [3, 4], [5, 6]])
    [3.0, 4.0]
    >>> vector_mean([[0.1]] * 10)
    [0.1]
    """
    vectors = as_vectors("vector_mean", vectors)
    n = len(vectors)
    return [_accurate_sum(column, n) for column in zip(*vectors)]


def dot(v: Sequence[float], w: Sequence[float]) -> float:
    """Return the dot product of v and w.

    Formula: ``dot(v, w) = v[0]*w[0] + v[1]*w[1] + ...``, summed with
    ``math.fsum``.  v and w must have the same length.

    >>> dot([1, 2, 3], [4, 5, 6])
    32.0
    """
    v, w = as_pair("dot", v, w)
    return _accurate_sum([v_i * w_i for v_i, w_i in zip(v, w)])


def sum_of_squares(v: Sequence[float]) -> float:
    """Return the sum of the squares of v's elements.

    Formula: ``sum_of_squares(v) = v[0]**2 + v[1]**2 + ...`` (that is,
    ``dot(v, v)``), summed with ``math.fsum``.

    >>> sum_of_squares([1, 2, 3])
    14.0
    """
    v = as_vector("sum_of_squares", "v", v)
    return _accurate_sum([v_i * v_i for v_i in v])


def magnitude(v: Sequence[float]) -> float:
    """Return the Euclidean length of v.

    Formula: ``magnitude(v) = sqrt(v[0]**2 + v[1]**2 + ...)``, computed with
    ``math.hypot`` so that ``magnitude([1e200, 1e200])`` does not overflow.

    >>> magnitude([3, 4])
    5.0
    >>> magnitude([3e200, 4e200]) / 1e200
    5.0
    """
    v = as_vector("magnitude", "v", v)
    return math.hypot(*v)


def distance(v: Sequence[float], w: Sequence[float]) -> float:
    """Return the Euclidean distance between v and w.

    Formula: ``distance(v, w) = magnitude(subtract(v, w))``.

    >>> distance([1, 1], [4, 5])
    5.0
    """
    v, w = as_pair("distance", v, w)
    return math.hypot(*(v_i - w_i for v_i, w_i in zip(v, w)))
