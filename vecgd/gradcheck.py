"""Gradient checks: an analytic gradient compared with a numeric one, row by row.

``check_gradient`` compares ``gradient(v)`` with the numeric estimates of
``vecgd.gradients`` (the complex step when f accepts complex numbers,
Ridders' extrapolation when it does not), component by component or along
random directions, and returns a ``GradientCheck`` that prints as a table.
``assert_gradient_ok`` turns a failed check into an ``AssertionError`` for
unit tests.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, List

from vecgd._checks import (
    require_callable,
    require_choice,
    require_int,
    require_nonnegative,
    require_same_length,
    require_step,
    require_vector,
)
from vecgd.gradients import (
    METHODS,
    NotComplexError,
    RealFunction,
    estimate_directional,
    estimate_partial,
)
from vecgd.vector import Vector, dot, scalar_multiply

__all__ = ["GradientCheck", "assert_gradient_ok", "check_gradient"]


@dataclass(frozen=True)
class GradientCheck:
    """The result of comparing an analytic gradient with a numeric one.

    ``analytic`` and ``numeric`` hold the components (or, with
    ``mode="directions"``, the directional derivatives) compared; row i
    passes when ``|analytic[i] - numeric[i]| <= atol + rtol * |numeric[i]|``.
    ``worst_index`` is the row whose error is the largest fraction of what
    it is allowed.  ``str()`` gives a table with one row per component and
    ``FAIL`` on the rows that fail.

    >>> f = lambda v: v[0] ** 2 + 3 * v[1]
    >>> check = check_gradient(f, lambda v: [2 * v[0], 3.5], [1.0, 2.0])
    >>> check.ok, check.worst_index, check.max_abs_error
    (False, 1, 0.5)
    >>> print(check)
    check_gradient: FAILED, 1 of 2 components (method 'complex', rtol 1e-06, atol 3.5e-10)
        index              analytic               numeric   abs error   rel error
            0                     2                     2    0.00e+00    0.00e+00
            1                   3.5                     3    5.00e-01    1.43e-01  FAIL
    """

    ok: bool
    max_abs_error: float
    max_rel_error: float
    analytic: Vector
    numeric: Vector
    worst_index: int
    rtol: float
    atol: float
    method: str
    mode: str

    def failures(self) -> List[int]:
        """Return the indexes of the rows that fail, in order.

        >>> check_gradient(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).failures()
        []
        """
        return [i for i, (a, n) in enumerate(zip(self.analytic, self.numeric))
                if _share(abs(a - n), self.atol + self.rtol * abs(n)) > 1]

    def __str__(self) -> str:
        failed = self.failures()
        row = "index" if self.mode == "components" else "direction"
        verdict = "ok" if self.ok else f"FAILED, {len(failed)} of {len(self.numeric)} {self.mode}"
        lines = [
            f"check_gradient: {verdict} (method {self.method!r}, rtol {self.rtol:.3g}, "
            f"atol {self.atol:.3g})",
            f"{row:>9}{'analytic':>22}{'numeric':>22}{'abs error':>12}{'rel error':>12}",
        ]
        for i, (a, n) in enumerate(zip(self.analytic, self.numeric)):
            mark = "  FAIL" if i in failed else ""
            lines.append(
                f"{i:>9}{a:>22.15g}{n:>22.15g}{abs(a - n):>12.2e}{_relative(a, n):>12.2e}{mark}"
            )
        return "\n".join(lines)


def _share(error: float, allowed: float) -> float:
    """Return how much of its allowed error a row uses; above 1 fails, NaN is infinite."""
    if error == 0:
        return 0.0
    return error / allowed if allowed > 0 and not math.isnan(error) else math.inf


def _relative(a: float, n: float) -> float:
    scale = max(abs(a), abs(n))
    return abs(a - n) / scale if scale else 0.0


def _random_directions(n: int, count: int, seed: int) -> List[Vector]:
    # Normal components, normalised: uniform on the unit sphere (Muller, 1959).
    rng = random.Random(seed)
    directions = []
    for _ in range(count):
        u = [rng.gauss(0.0, 1.0) for _ in range(n)]
        directions.append(scalar_multiply(1.0 / math.hypot(*u), u))
    return directions


def check_gradient(
    f: RealFunction,
    gradient: Callable[[Vector], Sequence[float]],
    v: Sequence[float],
    *,
    method: str | None = None,
    h: float | None = None,
    rtol: float = 1e-6,
    atol: float | None = None,
    directions: int | None = None,
    seed: int = 0,
) -> GradientCheck:
    """Compare the analytic gradient(v) with a numeric gradient of f at v.

    Row i passes when ``|analytic[i] - numeric[i]| <= atol + rtol *
    |numeric[i]|``.  The numeric method (``method=None``) is the complex
    step when f accepts complex numbers, exact to rounding, and Ridders'
    extrapolation (``"richardson"``, 11 or more correct digits at ordinary
    scales) when it does not.  Either is accurate enough that ``rtol=1e-6``
    passes right gradients at ordinary scales (coordinates from 1e-3 to
    1e3), yet catches a component that is wrong by 1e-4 of its size
    (PyTorch's gradcheck, with rtol 1e-3 and a central difference, cannot).
    ``atol`` defaults to ``1e-10`` times the largest component of either
    gradient, so rows that are rounding noise next to the others pass; give
    it when the whole gradient is zero.  ``method`` and ``h`` are those of
    ``estimate_gradient``.

    With ``directions=k``, the check compares k directional derivatives,
    ``dot(gradient(v), u)`` against the numeric derivative of f along u,
    for unit vectors u drawn from ``random.Random(seed)``: 1 evaluation of
    f per direction by complex step (2 by central differences, at most 20
    by Ridders' method, whose first step keeps every non-zero coordinate on
    its side of zero) instead of one or more per component, for long vectors.

    >>> f = lambda v: v[0] ** 2 * v[1]
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], v[0] ** 2], [3.0, -2.0]).ok
    True
    >>> check_gradient(f, lambda v: [2 * v[0] * v[1], 9.0009], [3.0, -2.0]).worst_index
    1
    """
    where = "check_gradient"
    require_callable(where, "f", f)
    require_callable(where, "gradient", gradient)
    require_vector(where, "v", v, finite=True, nonempty=True)
    if method is not None:
        require_choice(where, "method", method, METHODS)
    if h is not None:
        require_step(where, "h", h)
    require_nonnegative(where, "rtol", rtol)
    if atol is not None:
        require_nonnegative(where, "atol", atol)
    if directions is not None:
        require_int(where, "directions", directions, minimum=1)
    require_int(where, "seed", seed)
    g = gradient(list(v))
    require_vector(where, "gradient(v)", g)
    require_same_length(where, v, g, "v and gradient(v)")
    if directions is None:
        units = None
        analytic = [float(g_i) for g_i in g]
    else:
        units = _random_directions(len(v), directions, seed)
        analytic = [dot(g, u) for u in units]

    def numeric(method: str) -> Vector:
        if units is None:
            return [estimate_partial(f, v, k, h, method=method, caller=where)
                    for k in range(len(v))]
        return [estimate_directional(f, v, u, h, method=method, caller=where) for u in units]

    if method is not None:
        estimates = numeric(method)
    else:
        try:
            method, estimates = "complex", numeric("complex")
        except NotComplexError:
            method, estimates = "richardson", numeric("richardson")
    return _compare(analytic, estimates, rtol, atol, method, units is None)


def _compare(analytic: Vector, numeric: Vector, rtol: float, atol: float | None,
             method: str, components: bool) -> GradientCheck:
    if atol is None:
        atol = 1e-10 * max(abs(x) for x in analytic + numeric)
    errors = [abs(a - n) for a, n in zip(analytic, numeric)]
    shares = [_share(e, atol + rtol * abs(n)) for e, n in zip(errors, numeric)]
    return GradientCheck(
        ok=max(shares) <= 1,
        max_abs_error=max(errors),
        max_rel_error=max(_relative(a, n) for a, n in zip(analytic, numeric)),
        analytic=analytic,
        numeric=numeric,
        worst_index=shares.index(max(shares)),
        rtol=rtol,
        atol=atol,
        method=method,
        mode="components" if components else "directions",
    )


def assert_gradient_ok(
    f: RealFunction, gradient: Callable[[Vector], Sequence[float]], v: Sequence[float],
    **options: Any,
) -> GradientCheck:
    """Return check_gradient(f, gradient, v, **options), or raise AssertionError if it fails.

    The message of the ``AssertionError`` is the check's table, so a failed
    unit test shows every component.  It is raised explicitly, so this works
    under ``python -O`` as well.

    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], v[0]], [2.0, 3.0]).ok
    True
    >>> assert_gradient_ok(lambda v: v[0] * v[1], lambda v: [v[1], 3.0], [2.0, 3.0])
    Traceback (most recent call last):
        ...
    AssertionError: check_gradient: FAILED, 1 of 2 components (method 'complex', ...)
    ...
    """
    check = check_gradient(f, gradient, v, **options)
    if not check.ok:
        raise AssertionError(str(check))
    return check
