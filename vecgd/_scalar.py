"""The one-number maths behind vecgd.autodiff: powers, exp, log, the logistic function, and
the local derivatives of tanh and sigmoid, each written so that it neither overflows nor
cancels (serves vecgd.autodiff).
"""

from __future__ import annotations

import cmath
import math
from typing import Any

__all__ = [
    "complex_log",
    "complex_sigmoid",
    "d_base",
    "d_exponent",
    "d_sigmoid",
    "d_tanh",
    "exp_real",
    "log_real",
    "power",
    "sigmoid_real",
]


def power(where: str, a: Any, p: Any) -> Any:
    """Return a ** p, an infinity past the float range or at 0 ** (p < 0); refuse a complex one.

    0 ** p for p < 0 is IEEE pow's (and PyTorch's) infinity, signed for an
    odd whole p at -0.0: Python would raise ZeroDivisionError.  A whole
    number result too large for a float is an infinity as well (10 ** 400
    of ints), as a float result past the floats is.
    """
    whole = isinstance(p, int) or (math.isfinite(p) and p == int(p))
    if a < 0 and not whole:
        raise ValueError(f"{where}: a negative base needs a whole exponent "
                         f"(got ({a!r}) ** {p!r}, which is not a real number)")
    odd = whole and math.isfinite(p) and int(p) % 2 == 1
    try:
        out = a ** p
        if isinstance(out, int):
            float(out)  # an int past the floats: inf, as a float result would be
        return out
    except (OverflowError, ZeroDivisionError):  # past the floats, or 0 ** (p < 0)
        negative = math.copysign(1.0, a) < 0 if a == 0 else a < 0
        return -math.inf if negative and odd else math.inf


def d_base(a: Any, p: Any) -> Any:
    """Return d(a ** p)/da = p * a ** (p - 1): 0 where p == 0, infinite at a = 0 for 0 < p < 1."""
    if a == 0 and 0 < p < 1:
        return math.inf
    return 0 if p == 0 else p * power("Value ** p", a, p - 1)


def d_exponent(where: str, a: Any, out: Any) -> Any:
    """Return d(a ** b)/db = a ** b * log(a), for out = a ** b; 0 at a = 0; a < 0 is refused."""
    if a > 0 or a != a:  # NaN propagates
        return out * math.log(a)
    if a == 0:
        return 0  # 0 ** b is 0 for every b > 0 (b < 0 raised already); PyTorch's convention
    raise ValueError(f"{where}: the exponent's derivative a ** b * log(a) needs a base a >= 0 "
                     f"(got a = {a!r}); for a power of a negative number use a number exponent")


def exp_real(x: Any) -> float:
    """Return e ** x, inf past the float range (math.exp raises OverflowError there)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def log_real(where: str, x: Any) -> float:
    """Return the natural logarithm of x > 0 (ValueError otherwise: log is not real there)."""
    if not x > 0 and x == x:
        raise ValueError(f"{where}: x must be greater than 0 (got {x!r})")
    return math.log(x)


def complex_log(z: complex) -> complex:
    """Return cmath.log(z) for z != 0 (cmath's message for 0 names no function)."""
    if z == 0:
        raise ValueError("log: x must not be 0 (got 0j)")
    return cmath.log(z)


def sigmoid_real(x: Any) -> float:
    """Return 1 / (1 + e**-x), written so that no exp overflows (for x < 0: e**x / (1 + e**x))."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def complex_sigmoid(z: complex) -> complex:
    """Return 1 / (1 + e**-z) by cmath, as sigmoid_real: e / (1 + e), e = e**z, for Re z < 0.

    cmath.exp(1000) raises OverflowError where math.exp would too; the
    complex step at z = -1000 + 1e-20j then gets 0, not an error.
    """
    if z.real >= 0:
        return 1 / (1 + cmath.exp(-z))
    e = cmath.exp(z)
    return e / (1 + e)


def d_tanh(x: Any) -> float:
    """Return tanh'(x) = 1 - tanh(x)**2 as 4 m / (1 + m)**2, m = e**(-2|x|): no cancellation.

    1 - tanh(x)**2 is 0 in floats from |x| = 19.1 on (tanh rounds to 1);
    the truth there is 4 e**(-2|x|), which this keeps to a few ulps.
    """
    m = math.exp(-2 * abs(x))
    return 4 * m / ((1 + m) * (1 + m))


def d_sigmoid(x: Any) -> float:
    """Return sigmoid'(x) = s (1 - s) = m / (1 + m)**2 with m = e**-|x|, without cancellation.

    s * (1 - s) is 0 in floats from x = 36.7 on (s rounds to 1); this keeps
    e**-x to a few ulps until it underflows past 745.
    """
    m = math.exp(-abs(x))
    return m / ((1 + m) * (1 + m))
