"""Private validators, so that each error message is written once.

Every public function of vecgd checks its arguments with these helpers and
raises ``ValueError`` or ``TypeError`` with a message of one shape:
``"<where>: <what> <rule> (got <values>)"``, for example
``dot: vectors must have the same length (got 2 and 3)``.

``where`` is the public name the caller used (``"dot"``, ``"Adam"``,
``"fit"``), so a message always says which call was wrong.  Nothing here is
public API, and nothing here uses ``assert`` (asserts vanish under
``python -O``).  The module passes 400 lines because every entry point's
checks and conversions (data in any shape) are written here once.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__: list[str] = []

_FLOAT_MAX = sys.float_info.max
_PLAIN = {float, int}  # the types require_vector's fast path accepts


def describe(value: Any) -> str:
    """Return a short description of value for an error message."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def is_real(x: Any) -> bool:
    """Return True for an int or float (or other real number) that is not a bool."""
    kind = type(x)
    if kind is float or kind is int:
        return True
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def require_real(where: str, name: str, x: Any) -> None:
    """Raise TypeError unless x is a real number (bools are refused).

    An int too large to become a float (past about 1.8e308) is a
    ValueError: every computation here ends in floats.
    """
    if not is_real(x):
        raise TypeError(f"{where}: {name} must be a real number (got {describe(x)})")
    if type(x) is int and not -_FLOAT_MAX <= x <= _FLOAT_MAX:
        raise ValueError(_too_large(where, name, x))


def _too_large(where: str, name: str, x: int) -> str:
    """Return the message for an int past the float range (its repr may be enormous)."""
    return f"{where}: {name} is too large for a float (got an int of {x.bit_length()} bits)"


def require_finite(where: str, name: str, x: Any) -> None:
    """Raise TypeError unless x is a real number, ValueError unless finite."""
    require_real(where, name, x)
    if not math.isfinite(x):
        raise ValueError(f"{where}: {name} must be finite (got {x!r})")


def require_positive(where: str, name: str, x: Any) -> None:
    """Raise unless x is a finite real number greater than zero."""
    if type(x) is float and 0.0 < x <= _FLOAT_MAX:
        return  # the common case (an lr, checked once per epoch by fit) in one test
    require_finite(where, name, x)
    if x <= 0:
        raise ValueError(f"{where}: {name} must be positive (got {x!r})")


def require_nonnegative(where: str, name: str, x: Any) -> None:
    """Raise unless x is a finite real number at least zero."""
    if type(x) is float and 0.0 <= x <= _FLOAT_MAX:
        return  # the common case (an lr, checked once per epoch by fit) in one test
    require_finite(where, name, x)
    if x < 0:
        raise ValueError(f"{where}: {name} must be non-negative (got {x!r})")


def require_unit_interval(where: str, name: str, x: Any) -> None:
    """Raise unless 0 <= x < 1 (the rule for betas, alpha and similar decays)."""
    require_finite(where, name, x)
    if not 0.0 <= x < 1.0:
        raise ValueError(f"{where}: {name} must be in [0, 1) (got {x!r})")


def require_int(where: str, name: str, x: Any, minimum: int | None = None) -> None:
    """Raise TypeError unless x is an int (not a bool), ValueError if below minimum."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{where}: {name} must be an integer (got {describe(x)})")
    if minimum is not None and x < minimum:
        raise ValueError(f"{where}: {name} must be at least {minimum} (got {x!r})")


def require_bool(where: str, name: str, x: Any) -> None:
    """Raise TypeError unless x is True or False."""
    if not isinstance(x, bool):
        raise TypeError(f"{where}: {name} must be True or False (got {describe(x)})")


def require_choice(where: str, name: str, x: Any, choices: Sequence[str]) -> None:
    """Raise ValueError unless x is one of choices, listing them."""
    if not isinstance(x, str) or x not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{where}: {name} must be one of {listed} (got {x!r})")


def require_vector(
    where: str, name: str, v: Any, *, finite: bool = False, nonempty: bool = False
) -> None:
    """Raise unless v is a sequence of real numbers.

    A string, a mapping or a set is not a vector.  With ``finite=True``, NaN
    and infinities are refused and the message names the index; with
    ``nonempty=True`` an empty vector is refused.
    """
    kind = type(v)
    if kind is not list and kind is not tuple and (
        isinstance(v, (str, bytes)) or not isinstance(v, Sequence)
    ):
        raise TypeError(f"{where}: {name} must be a sequence of numbers (got {describe(v)})")
    if nonempty and len(v) == 0:
        raise ValueError(f"{where}: {name} must not be empty")
    if _plain_and_finite(v, finite):
        return  # the loop below finds the first bad value, to name it
    for i, x in enumerate(v):
        kind = type(x)
        if kind is not float and kind is not int and not is_real(x):
            raise TypeError(
                f"{where}: {name}[{i}] must be a real number (got {describe(x)})"
            )
        if kind is int and not -_FLOAT_MAX <= x <= _FLOAT_MAX:
            raise ValueError(_too_large(where, f"{name}[{i}]", x))
        if finite and not math.isfinite(x):
            raise ValueError(f"{where}: {name}[{i}] must be finite (got {x!r})")


_EXACT_INT = 2**53  # past it, not every int is a float: convert_numbers makes those floats


def as_vector(
    where: str, name: str, v: Any, *, finite: bool = False, nonempty: bool = False
) -> list[Any]:
    """Return v as a list of plain Python ints and floats, or raise as require_vector does.

    The entry-point conversion of "data in any shape": a list or tuple, a
    range, an ``array.array``, anything with ``tolist()`` (a NumPy array, by
    duck typing: vecgd never imports NumPy) or the sequence protocol
    (``__len__`` and ``__getitem__``).  Each value becomes a plain number
    (``convert_numbers``).  Strings, mappings, sets and non-numbers get
    require_vector's errors.  v itself is never changed.
    """
    v = as_sequence(where, name, v, "a sequence of numbers")
    require_vector(where, name, v, finite=finite, nonempty=nonempty)
    return convert_numbers(v)


def as_rows(where: str, name: str, rows: Any) -> list[Any]:
    """Return rows (a sequence of vectors, any shape) as a list of the rows, each as_sequence'd."""
    outer = as_sequence(where, name, rows, "a sequence of vectors")
    return [as_sequence(where, f"{name}[{i}]", row, "a sequence of numbers")
            if type(row) is not list else row for i, row in enumerate(outer)]


def as_sequence(where: str, name: str, v: Any, what: str) -> list[Any] | tuple[Any, ...]:
    """Return v as a list (a list or tuple as it is): a Sequence, a ``tolist()``, or the protocol.

    Strings, bytes and mappings are refused (TypeError naming what is expected).
    """
    kind = type(v)
    if kind is list or kind is tuple:
        return v  # type: ignore[no-any-return]
    if isinstance(v, (str, bytes, bytearray, Mapping)):
        raise TypeError(f"{where}: {name} must be {what} (got {describe(v)})")
    tolist = getattr(v, "tolist", None)
    if callable(tolist) and not isinstance(v, Sequence):
        values = tolist()
        if isinstance(values, list):
            return values
    elif isinstance(v, Sequence) or (hasattr(v, "__len__") and hasattr(v, "__getitem__")):
        try:
            return [v[i] for i in range(len(v))]
        except (TypeError, KeyError, IndexError):
            pass
    raise TypeError(f"{where}: {name} must be {what} (got {describe(v)})")


def convert_numbers(v: Sequence[Any]) -> list[Any]:
    """Return v's numbers (checked real) as plain Python ints and floats, in a list.

    Ints up to 2**53 in magnitude stay ints (the documents print them); a
    larger one becomes the nearest float, so that its square overflows to
    inf as a float does, not to OverflowError; another integral type
    (NumPy's int64) becomes an int by the same rule, any other real a float;
    anything else (a complex number, for the complex step) is left as it is.
    """
    kinds = set(map(type, v))
    if kinds <= _PLAIN and (int not in kinds or all(
            -_EXACT_INT <= x <= _EXACT_INT for x in v if type(x) is int)):
        return v if type(v) is list else list(v)  # nothing to convert: the values as they are
    out: list[Any] = []
    for x in v:
        if type(x) is not float and isinstance(x, numbers.Integral):
            x = int(x)
            if not -_EXACT_INT <= x <= _EXACT_INT:
                x = float(x)
        elif type(x) is not float and isinstance(x, numbers.Real):
            x = float(x)  # NumPy's float64, a Fraction; a complex (complex step) stays
        out.append(x)
    return out


def _plain_and_finite(v: Sequence[Any], finite: bool) -> bool:
    """Return True when every value is an int or float (finite, if asked): the fast path.

    A sum of ints and floats is finite exactly when every value is, unless
    it overflows; then (or for other types) False sends the caller to its
    element-by-element look.  Both passes run in C: fit checks its data with
    this once, and 10,000 values cost about as much as one epoch.
    """
    kinds = set(map(type, v))
    if not kinds <= _PLAIN:
        return False
    if int in kinds and not all(-_FLOAT_MAX <= x <= _FLOAT_MAX for x in v):
        return False  # an int past the float range
    if not finite:
        return True
    try:
        return math.isfinite(sum(v))
    except OverflowError:  # a sum of huge ints: let the loop decide
        return False


def require_range(where: str, name: str, bounds: Any) -> tuple[float, float]:
    """Return bounds as (low, high) floats; raise unless a pair of finite numbers, low < high."""
    if isinstance(bounds, (str, bytes)) or not isinstance(bounds, Sequence) or len(bounds) != 2:
        raise TypeError(f"{where}: {name} must be a (low, high) pair (got {describe(bounds)})")
    low, high = bounds
    require_finite(where, f"{name}[0]", low)
    require_finite(where, f"{name}[1]", high)
    if not low < high:
        raise ValueError(f"{where}: {name} must have low < high (got ({low!r}, {high!r}))")
    return float(low), float(high)


def require_length(
    where: str, name: str, v: Sequence[Any], length: int, names: Sequence[str], *,
    at_least: bool = False, extra: str = "",
) -> None:
    """Raise ValueError unless v has length values (at least, if asked), listing their names.

    ``Linear: theta must have 2 values [slope, intercept] (got 3)``; extra
    follows the names (`` for x with 2 features``).
    """
    if (len(v) < length) if at_least else (len(v) != length):
        rule = f"at least {length}" if at_least else str(length)
        values = "value" if length == 1 else "values"
        raise ValueError(
            f"{where}: {name} must have {rule} {values} [{', '.join(names)}]{extra} (got {len(v)})"
        )


def require_same_length(
    where: str, v: Sequence[Any], w: Sequence[Any], what: str = "vectors"
) -> None:
    """Raise ValueError unless v and w have the same length, naming both lengths."""
    if len(v) != len(w):
        raise ValueError(f"{where}: {what} must have the same length (got {len(v)} and {len(w)})")


def require_pair(where: str, v: Any, w: Any, names: tuple[str, str] = ("v", "w")) -> None:
    """Check that v and w are vectors of the same length."""
    require_vector(where, names[0], v)
    require_vector(where, names[1], w)
    require_same_length(where, v, w)


def as_pair(
    where: str, v: Any, w: Any, names: tuple[str, str] = ("v", "w")
) -> tuple[list[Any], list[Any]]:
    """Return v and w as lists of plain numbers after require_pair's checks (any shape)."""
    v = as_vector(where, names[0], v)
    w = as_vector(where, names[1], w)
    require_same_length(where, v, w)
    return v, w


def as_vectors(where: str, vectors: Any) -> list[list[Any]]:
    """Return vectors as a list of lists of plain numbers after require_vectors' checks."""
    rows = as_rows(where, "vectors", vectors)
    require_vectors(where, rows)
    return [convert_numbers(row) for row in rows]


def require_rows(where: str, name: str, rows: Any) -> None:
    """Raise unless rows is a sequence of non-empty, finite vectors, all of one length."""
    require_sequence(where, name, rows, "a sequence of vectors")
    for i, row in enumerate(rows):
        require_vector(where, f"{name}[{i}]", row, finite=True, nonempty=True)
        if len(row) != len(rows[0]):
            raise ValueError(
                f"{where}: {name}[{i}] must have {len(rows[0])} features like {name}[0] "
                f"(got {len(row)})"
            )


def require_vectors(where: str, vectors: Any) -> None:
    """Raise unless vectors is a non-empty sequence of equal-length vectors."""
    if isinstance(vectors, (str, bytes)) or not isinstance(vectors, Sequence):
        raise TypeError(
            f"{where}: vectors must be a sequence of vectors (got {describe(vectors)})"
        )
    if len(vectors) == 0:
        raise ValueError(f"{where}: needs at least one vector (got an empty list)")
    first = vectors[0]
    require_vector(where, "vectors[0]", first)
    for i, vector in enumerate(vectors):
        if i:
            require_vector(where, f"vectors[{i}]", vector)
        if len(vector) != len(first):
            raise ValueError(
                f"{where}: vectors must have the same length "
                f"(vectors[0] has {len(first)}, vectors[{i}] has {len(vector)})"
            )


def require_sequence(
    where: str, name: str, x: Any, what: str = "a sequence", length: int | None = None
) -> None:
    """Raise TypeError unless x is a sequence (not a str or bytes), of length items if given.

    ``what`` is what the message says was expected: ``"a pair of numbers"``.
    """
    if (
        isinstance(x, (str, bytes))
        or not isinstance(x, Sequence)
        or (length is not None and len(x) != length)
    ):
        raise TypeError(f"{where}: {name} must be {what} (got {describe(x)})")


def require_callable(where: str, name: str, f: Any) -> None:
    """Raise TypeError unless f can be called."""
    if not callable(f):
        raise TypeError(f"{where}: {name} must be callable (got {describe(f)})")


def require_step(where: str, name: str, h: Any) -> None:
    """Raise unless h is a finite real number other than zero (a difference quotient's step)."""
    require_finite(where, name, h)
    if h == 0:
        raise ValueError(f"{where}: {name} must not be zero (got {h!r})")


def require_index(where: str, name: str, i: Any, length: int) -> None:
    """Raise TypeError unless i is an int, ValueError unless 0 <= i < length."""
    require_int(where, name, i, minimum=0)
    if i >= length:
        raise ValueError(f"{where}: {name} must be less than len(v) (got {i} for length {length})")


def is_finite_vector(v: Sequence[float]) -> bool:
    """Return True when every value of v is finite (the loops' divergence test).

    A finite sum means no inf or NaN, in one pass in C; only a sum that
    overflows needs the look at each value.
    """
    return math.isfinite(sum(v)) or all(map(math.isfinite, v))


def require_members(where: str, name: str, thing: Any, members: Sequence[str], like: str) -> None:
    """Raise TypeError unless thing has every member; one written ``"step()"`` must be callable.

    ``like`` is an example of a right value: ``"SGD(0.1)"``.
    """
    missing = [
        member for member in members
        if not (callable(getattr(thing, member[:-2], None)) if member.endswith("()")
                else hasattr(thing, member))
    ]
    if missing:
        raise TypeError(
            f"{where}: {name} must have {', '.join(members)}, like {like} "
            f"(got {describe(thing)}, without {', '.join(missing)})"
        )


def require_instance(where: str, name: str, x: Any, kind: type, what: str) -> None:
    """Raise TypeError unless x is an instance of kind; ``what`` says what is expected."""
    if not isinstance(x, kind):
        raise TypeError(f"{where}: {name} must be {what} (got {describe(x)})")


def require_batching(where: str, batch_size: Any, shuffle: Any, seed: Any) -> None:
    """Raise unless batch_size is None or an int >= 1, shuffle a bool, seed None or an int."""
    if batch_size is not None:
        require_int(where, "batch_size", batch_size, minimum=1)
    require_bool(where, "shuffle", shuffle)
    if seed is not None:
        require_int(where, "seed", seed)


def require_data(where: str, model: Any, base: type, xs: Any, ys: Any, theta: Any) -> None:
    """Raise unless model can fit (xs, ys) from theta: as_data's checks, without its lists."""
    as_data(where, model, base, xs, ys, theta)


def as_inputs(where: str, model: Any, xs: Any) -> list[Any]:
    """Return xs checked by ``model.check_inputs`` and as plain numbers (rows for vector models)."""
    if getattr(model, "takes_vectors", False):
        rows = as_rows(where, "xs", xs)
        model.check_inputs(where, rows)
        return [convert_numbers(row) for row in rows]
    values = as_sequence(where, "xs", xs, "a sequence of numbers")
    model.check_inputs(where, values)
    return convert_numbers(values)


def as_data(
    where: str, model: Any, base: type, xs: Any, ys: Any, theta: Any
) -> tuple[list[Any], list[Any], list[Any]]:
    """Return (xs, ys, theta) as plain lists, or raise: what fit checks once, before any work.

    model an instance of base (vecgd.Model); ys finite numbers; xs what
    ``model.check_inputs`` accepts, as many as ys, at least one; theta a
    non-empty finite vector that ``model.check_theta`` accepts for the
    first x.  Any shape (as_vector); the lists hold plain numbers.
    """
    require_instance(where, "model", model, base, "a Model (subclass vecgd.Model and write "
                     "prediction, sample_gradient, parameter_names)")
    ys = as_vector(where, "ys", ys, finite=True)
    xs = as_inputs(where, model, xs)
    require_same_length(where, xs, ys, what="xs and ys")
    if len(xs) == 0:
        raise ValueError(f"{where}: needs at least one sample (got empty xs and ys)")
    theta = as_vector(where, "theta", theta, finite=True, nonempty=True)
    model.check_theta(theta, xs[0])
    return xs, ys, theta


def require_scalable(where: str, model: Any) -> None:
    """Raise TypeError unless model is linear in theta with an intercept (Standardizer's rule)."""
    if not (getattr(model, "has_intercept", False)
            and callable(getattr(model, "design_row", None))):
        raise TypeError(
            f"{where}: model must be linear in theta with an intercept (Linear, "
            "MultipleLinear or Polynomial) to be standardized, so that scaled theta maps "
            f"back exactly (got {describe(model)})"
        )


def require_str(where: str, name: str, x: Any) -> None:
    """Raise TypeError unless x is a str (a title, a label)."""
    if not isinstance(x, str):
        raise TypeError(f"{where}: {name} must be a str (got {describe(x)})")


def require_named(where: str, name: str, items: Any) -> list[tuple[str, Any]]:
    """Return (name, item) pairs of a mapping or a sequence of pairs; raise unless names are str."""
    if isinstance(items, Mapping):
        pairs = list(items.items())
    else:
        require_sequence(where, name, items, "a mapping or (name, values) pairs")
        pairs = list(items)
        for i, pair in enumerate(pairs):
            require_sequence(where, f"{name}[{i}]", pair, "a (name, values) pair", length=2)
    for key, _ in pairs:
        if not isinstance(key, str):
            raise TypeError(f"{where}: {name} names must be strings (got {describe(key)})")
    return [(key, item) for key, item in pairs]


def require_points(where: str, name: str, points: Any) -> list[tuple[float, float]]:
    """Return a non-empty sequence of finite (x, y) pairs (any shape) as floats, or raise."""
    points = as_sequence(where, name, points, "a sequence of (x, y) points")
    if len(points) == 0:
        raise ValueError(f"{where}: {name} must not be empty")
    pairs = [as_vector(where, f"{name}[{i}]", point, finite=True) for i, point in enumerate(points)]
    for i, point in enumerate(pairs):
        if len(point) != 2:
            raise ValueError(f"{where}: {name}[{i}] must be an (x, y) pair (got {point!r})")
    return [(float(x), float(y)) for x, y in pairs]


def require_column(where: str, name: str, column: Any) -> None:
    """Raise unless column names a column of a table: a header (str) or an index >= 0."""
    if isinstance(column, bool) or not isinstance(column, (str, int)):
        raise TypeError(f"{where}: {name} must be a column name or index (got {describe(column)})")
    if isinstance(column, int) and column < 0:
        raise ValueError(f"{where}: {name} column index must be at least 0 (got {column})")
