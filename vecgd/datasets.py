"""The documents' data sets, synthetic data, and numbers read from a CSV file.

The four course documents fit small, exact data sets; each has a function
here returning ``(xs, ys)`` with the document's numbers, as the document
writes them (integers stay integers, so printing them shows what the
document prints):

* ``lecture_data()`` -- the lecture's ``x_data = [1, 2, 3]``, ``y_data = [2, 4, 6]``;
* ``lesson_data()`` -- the optimizer lesson's 29 x values and ``y = 30 + 2x``;
* ``book_data()`` -- the book chapter's ``(x, 20 * x + 5) for x in range(-50, 50)``;
* ``line_data()`` -- the line-fit lesson's 30 uniform points on ``y = 3x + 8``
  (drawn with ``random.Random(seed)``, not NumPy, so the points differ from
  the notebook's but the line is the same).

``synthetic`` draws data from any model and ``load_csv`` reads columns of a
CSV file; ``example(name)`` is the path of a data file that ships inside
the package (``examples()`` lists them), so an installed vecgd finds them
from any folder.  Randomness comes only from ``random.Random(seed)``
objects.
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Sequence
from typing import Any, Callable, Iterable, Protocol, TextIO, Union

from vecgd._checks import (
    as_vector,
    describe,
    require_column,
    require_finite,
    require_int,
    require_nonnegative,
    require_range,
)

__all__ = ["book_data", "example", "examples", "lecture_data", "lesson_data", "line_data",
           "load_csv", "synthetic"]

# The data files that ship inside the package (pyproject's package-data).
_EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "examples")

# The optimizer lesson's x values, in its order: the order matters to
# per-sample descent, whose result the lesson prints.
_LESSON_X = [14, 86, 28, 51, 28, 29, 72, 62, 84, 15,
             42, 62, 47, 35, 9, 38, 44, 99, 13, 21,
             28, 20, 8, 64, 99, 70, 27, 17, 8]  # fmt: skip


class _Predicts(Protocol):
    def predict(self, theta: Sequence[float], x: Any) -> float: ...


Predictor = Union[_Predicts, Callable[[Sequence[float], Any], float]]
Column = Union[str, int]


def lecture_data() -> tuple[list[float], list[float]]:
    """Return the lecture's data: hours studied and points, ``y = 2x``.

    The values are the lecture's ``x_data`` and ``y_data``, as integers,
    so ``print`` shows ``1 2`` as the lecture's trace does.

    >>> lecture_data()
    ([1, 2, 3], [2, 4, 6])
    """
    return [1, 2, 3], [2, 4, 6]


def lesson_data() -> tuple[list[float], list[float]]:
    """Return the optimizer lesson's data: its 29 x values and ``y = 30 + 2x``.

    The x values are the optimizer lesson's, in its order; the intercept
    is 30 and the slope 2, all integers as in the lesson.

    >>> xs, ys = lesson_data()
    >>> len(xs), xs[:3], ys[:3]
    (29, [14, 86, 28], [58, 202, 86])
    """
    return list(_LESSON_X), [30 + 2 * x for x in _LESSON_X]


def book_data() -> tuple[list[float], list[float]]:
    """Return the book chapter's data: ``x`` in ``range(-50, 50)`` and ``y = 20x + 5``.

    These are the book chapter's ``inputs`` (Data Science from Scratch,
    gradient descent), split into two lists.

    >>> xs, ys = book_data()
    >>> len(xs), xs[0], ys[0], xs[-1], ys[-1]
    (100, -50, -995, 49, 985)
    """
    xs: list[float] = list(range(-50, 50))
    return xs, [20 * x + 5 for x in xs]


def line_data(
    n: int = 30, a: float = 3.0, b: float = 8.0, seed: int | None = 0
) -> tuple[list[float], list[float]]:
    """Return n points on the line ``y = a*x + b``, x uniform in [0, 1).

    This is the line-fit lesson's sample: ``x`` drawn with
    ``random.Random(seed).random()``, n times, and ``y = a*x + b`` exactly
    (no noise).  n must be an integer of at least 1, a and b finite, and
    seed an integer or None.

    >>> xs, ys = line_data(n=3, a=2.0, b=1.0, seed=0)
    >>> [round(x, 6) for x in xs]
    [0.844422, 0.757954, 0.420572]
    >>> [round(y - (2.0 * x + 1.0), 6) for x, y in zip(xs, ys)]
    [0.0, 0.0, 0.0]
    """
    require_int("line_data", "n", n, minimum=1)
    require_finite("line_data", "a", a)
    require_finite("line_data", "b", b)
    if seed is not None:
        require_int("line_data", "seed", seed)  # random.Random takes more; vecgd does not
    rng = random.Random(seed)
    xs = [rng.random() for _ in range(n)]
    return xs, [a * x + b for x in xs]


def examples() -> list[str]:
    """Return the names of the data files that ship inside the package, sorted.

    Each name is a CSV file of ``vecgd/examples/`` without its ``.csv``;
    ``example(name)`` gives its path.

    >>> "heights" in examples() and "daily_minutes" in examples()
    True
    """
    try:
        names = os.listdir(_EXAMPLES)
    except OSError:  # an installation without the data files
        return []
    return sorted(name[: -len(".csv")] for name in names if name.endswith(".csv"))


def example(name: str) -> str:
    """Return the path of the data file ``name`` that ships inside the package.

    ``example("heights")`` is the absolute path of ``vecgd/examples/heights.csv``,
    wherever vecgd is installed, for ``load_csv`` or the command line's
    ``--example``.  ``daily_minutes`` is the book chapter's multiple
    regression data (Data Science from Scratch, 2nd ed., chapter 15:
    friends, work hours, PhD, daily minutes; 203 rows, from the book's
    public repository joelgrus/data-science-from-scratch,
    ``scratch/multiple_regression.py`` and ``scratch/statistics.py``).  An
    unknown name is a ValueError listing the known ones.

    >>> import os
    >>> os.path.basename(example("heights"))
    'heights.csv'
    >>> xs, ys = load_csv(example("daily_minutes"), ["friends", "work_hours", "phd"],
    ...                   "daily_minutes")
    >>> len(xs), xs[0], ys[0]
    (203, [49.0, 4.0, 0.0], 68.77)
    """
    if not isinstance(name, str):
        raise TypeError(f"example: name must be a str (got {describe(name)})")
    known = examples()
    if name not in known:
        listed = ", ".join(repr(k) for k in known) or "none installed"
        raise ValueError(f"example: no data file named {name!r} (the package has {listed})")
    return os.path.join(_EXAMPLES, name + ".csv")


def synthetic(
    model: Predictor,
    theta: Sequence[float],
    n: int,
    *,
    noise: float = 0.0,
    x_range: tuple[float, float] = (-1.0, 1.0),
    features: int = 1,
    seed: int | None = None,
) -> tuple[list[Any], list[float]]:
    """Return n samples ``(x, model.predict(theta, x) + noise)``, x uniform in x_range.

    For each sample, in turn: x is drawn with ``rng.uniform(low, high)``
    (one number when features is 1, else a list of ``features`` numbers,
    for ``MultipleLinear``), then, if noise is positive, a Gaussian error
    ``rng.gauss(0, noise)`` is added to y; ``rng = random.Random(seed)``,
    so one seed gives the same data every time.  model is anything with a
    ``predict(theta, x)`` method (every vecgd model) or a function
    ``f(theta, x)``, which must return finite numbers.  n and features
    must be integers of at least 1, noise a finite standard deviation of at
    least 0, x_range a pair ``low < high`` and seed an integer or None;
    otherwise ``ValueError`` or ``TypeError`` is raised.

    >>> def line(theta, x):
    ...     return theta[0] * x + theta[1]
    >>> xs, ys = synthetic(line, [2.0, 1.0], 3, x_range=(0.0, 1.0), seed=0)
    >>> [round(y - (2.0 * x + 1.0), 6) for x, y in zip(xs, ys)]
    [0.0, 0.0, 0.0]
    >>> xs, ys = synthetic(line, [2.0, 1.0], 1000, noise=0.5, seed=1)
    >>> 0.45 < (sum((y - line([2.0, 1.0], x)) ** 2 for x, y in zip(xs, ys)) / 1000) ** 0.5 < 0.55
    True
    """
    predict = getattr(model, "predict", model)
    if not callable(predict):
        raise TypeError(
            f"synthetic: model must have a predict(theta, x) method or be a function "
            f"(got {describe(model)})"
        )
    theta = as_vector("synthetic", "theta", theta, finite=True)
    require_int("synthetic", "n", n, minimum=1)
    require_nonnegative("synthetic", "noise", noise)
    require_int("synthetic", "features", features, minimum=1)
    low, high = require_range("synthetic", "x_range", x_range)
    if not math.isfinite(high - low):  # random.uniform computes low + (high - low) * random()
        raise ValueError(
            f"synthetic: x_range must have a width within the float range (got {low!r}, {high!r})"
        )
    if seed is not None:
        require_int("synthetic", "seed", seed)
    rng = random.Random(seed)
    xs: list[Any] = []
    ys: list[float] = []
    for _ in range(n):
        point = [rng.uniform(low, high) for _ in range(features)]
        x: Any = point[0] if features == 1 else point
        y = predict(theta, x)
        require_finite("synthetic", f"model's prediction at x={x!r}", y)
        if noise > 0:
            y += rng.gauss(0.0, noise)
        xs.append(x)
        ys.append(y)
    return xs, ys


def load_csv(
    path_or_file: str | os.PathLike[str] | TextIO,
    x: Column | Sequence[Column],
    y: Column,
) -> tuple[list[Any], list[float]]:
    """Read the columns x and y of a CSV file with a header row, as numbers.

    Columns are named by their header (``"hours"``) or by 0-based index
    (``0``).  With one x column, ``xs`` is a list of numbers; with a list
    of them (``x=["a", "b"]``, for ``MultipleLinear``) each ``xs[i]`` is the
    list of that row's features.  path_or_file is a path, ``"-"`` for
    standard input, or an open text file.  Blank lines are skipped.  Every
    problem is a ``ValueError`` of one line naming the file, the line and
    the column: a file that cannot be read, an empty file, a header without
    data rows, an unknown column (the message lists the header), a row with
    more or fewer cells than the header, and a cell that is not a finite
    number.

    >>> import io
    >>> text = "hours,score\\n1,52.5\\n2,55\\n\\n3,61\\n"
    >>> load_csv(io.StringIO(text), "hours", "score")
    ([1.0, 2.0, 3.0], [52.5, 55.0, 61.0])
    >>> load_csv(io.StringIO(text), [0], 1)[0]
    [[1.0], [2.0], [3.0]]
    >>> load_csv(io.StringIO("hours,score\\n1,lots\\n"), "hours", "score")
    Traceback (most recent call last):
        ...
    ValueError: load_csv: <file>:2: column 'score': not a number (got 'lots')
    """
    several = not isinstance(x, (str, int))
    x_columns = _column_list(x)
    require_column("load_csv", "y", y)
    if isinstance(path_or_file, (str, os.PathLike)):
        name = os.fspath(path_or_file)
        if name == "-":
            return _read_rows(sys.stdin, "<stdin>", x_columns, y, several)
        try:
            with open(name, encoding="utf-8-sig", newline="") as file:
                return _read_rows(file, name, x_columns, y, several)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ValueError(f"load_csv: {name}: cannot read the file ({reason})") from error
    if not hasattr(path_or_file, "read"):
        raise TypeError(
            f"load_csv: path_or_file must be a path, '-' or an open text file "
            f"(got {describe(path_or_file)})"
        )
    given = getattr(path_or_file, "name", None)
    label = given if isinstance(given, str) else "<file>"
    return _read_rows(path_or_file, label, x_columns, y, several)


def _column_list(x: Any) -> list[Column]:
    """Return the x columns as a list, checking each (one column or a sequence)."""
    if isinstance(x, (str, int)) and not isinstance(x, bool):
        columns: list[Column] = [x]
    elif isinstance(x, Sequence) and not isinstance(x, bytes):
        columns = list(x)
        if not columns:
            raise ValueError("load_csv: x must name at least one column (got an empty list)")
    else:
        raise TypeError(
            f"load_csv: x must be a column name or index, or a list of them (got {describe(x)})"
        )
    for column in columns:
        require_column("load_csv", "x", column)
    return columns


def _read_rows(
    file: Iterable[str],
    label: str,
    x_columns: list[Column],
    y: Column,
    several: bool,
) -> tuple[list[Any], list[float]]:
    """Parse an open CSV file: header, then one (x, y) per non-blank row."""
    import csv  # here, not at the top: most users of vecgd never read a CSV file

    reader = csv.reader(file)
    xs: list[Any] = []
    ys: list[float] = []
    header: list[str] = []
    indices: list[int] = []
    names: list[str] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line (or a row of empty cells)
            where = f"load_csv: {label}:{reader.line_num}"
            if not header:
                header = [cell.strip() for cell in row]
                indices = [_find(where, header, c) for c in [*x_columns, y]]
                if indices[-1] in indices[:-1]:
                    raise ValueError(f"{where}: column {y!r}: is both an x column and y")
                names = [header[i] or str(i) for i in indices]
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"{where}: row has {len(row)} cells, the header has {len(header)}"
                )
            values = [_number(where, names[k], row[i]) for k, i in enumerate(indices)]
            xs.append(values[:-1] if several else values[0])
            ys.append(values[-1])
    except csv.Error as error:
        raise ValueError(f"load_csv: {label}:{reader.line_num}: bad CSV ({error})") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"load_csv: {label}: not UTF-8 text ({error.reason})") from None
    if not header:
        raise ValueError(f"load_csv: {label}: the file is empty (expected a header row)")
    if not ys:
        raise ValueError(f"load_csv: {label}: no data rows after the header")
    return xs, ys


def _find(where: str, header: list[str], column: Column) -> int:
    """Return the index of column (a name or an index) in header, or raise ValueError."""
    known = ", ".join(repr(name) for name in header)
    if isinstance(column, int):
        if column >= len(header):
            raise ValueError(
                f"{where}: column {column}: no such column "
                f"(the header has {len(header)}: {known})"
            )
        return column
    if column not in header:
        raise ValueError(f"{where}: column {column!r}: no such column (the header has {known})")
    if header.count(column) > 1:
        raise ValueError(f"{where}: column {column!r}: the header names it more than once")
    return header.index(column)


def _number(where: str, name: str, cell: str) -> float:
    """Return the cell as a finite float, or raise ValueError naming the column."""
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{where}: column {name!r}: not a number (got {cell!r})") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: column {name!r}: must be finite (got {cell!r})")
    return value

