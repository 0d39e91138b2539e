"""The data a command fits: a CSV file's columns, or the optimizer lesson's data.

Private to ``vecgd.cli``: ``fit`` and ``compare`` load files with ``load``;
``compare`` and ``demo`` race on ``lesson()``.  Files come as they come:
the delimiter is sniffed (comma, semicolon, tab, or runs of blanks) unless
``--delimiter`` says it, and a column is named by its header before it is
taken as a 0-based index, so a header of digits (``1,0``) reads as names.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, List, Tuple

from vecgd.cli._common import UsageError
from vecgd.cli.families import make_model, model_syntax, parameter_names, parse_model
from vecgd.datasets import lesson_data, load_csv
from vecgd.exact import least_squares
from vecgd.losses import mean_squared_error
from vecgd.models import Model
from vecgd.vector import Vector

__all__ = ["Data", "Once", "closed_form", "data_arguments", "lesson", "load", "parse_delimiter",
           "sniff", "x_columns"]

# The delimiters sniff tries, in this order; " " stands for runs of blanks.
SNIFFED = [",", ";", "\t", " "]
DELIMITER_WORDS = {"tab": "\t", "\\t": "\t", "space": " ", "spaces": " ", "whitespace": " "}


class Once(argparse.Action):
    """Store an option's value, and refuse it a second time (argparse keeps the last silently)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        seen: set[str] = getattr(namespace, "given_once", set())  # also options with a default
        if self.dest in seen:
            before = getattr(namespace, self.dest, None)
            raise argparse.ArgumentError(
                self, f"given twice ({before!r} and {values!r}): give it once")
        namespace.given_once = seen | {self.dest}
        setattr(namespace, self.dest, values)


def parse_delimiter(text: str) -> str:
    """Parse --delimiter: one character, or tab, or space (runs of blanks)."""
    delimiter = DELIMITER_WORDS.get(text.lower(), text)
    if len(delimiter) != 1 or delimiter in "\r\n\"":
        raise argparse.ArgumentTypeError(
            f"must be one character, 'tab' or 'space' (got {text!r})")
    return delimiter


def data_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    """Add the columns, the model and the delimiter: --x, --y, --model, --features, --delimiter."""
    what = "" if required else " (with a file)"
    parser.add_argument("--x", metavar="COL", action=Once,
                        help=f"x column: header name or 0-based index{what}")
    parser.add_argument("--y", metavar="COL", action=Once, required=required,
                        help=f"y column: header name or 0-based index{what}")
    parser.add_argument("--model", type=parse_model, default="linear", action=Once,
                        help=f"{model_syntax()} (default: linear)")
    parser.add_argument("--features", metavar="A,B,...", action=Once,
                        help="x columns of --model multi")
    parser.add_argument("--delimiter", metavar="D", type=parse_delimiter, action=Once,
                        help="the cells' separator: one character, tab, or space (runs of "
                             "blanks); default: sniffed (comma, semicolon, tab or spaces)")


@dataclass
class Data:
    """A data set to fit, with what to call it and its parameters."""

    label: str
    model: Model
    xs: List[Any]
    ys: List[float]
    names: List[str]
    theta0: Vector = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def sniff(text: str) -> str:
    """Return the delimiter of a CSV text: the first of comma, semicolon, tab and runs of
    blanks that cuts the first 20 non-blank lines into the same number (>= 2) of cells.

    One column, or rows of different lengths: a comma, so that load_csv says what is wrong.

    >>> sniff("a;b\\n1,5;2\\n"), sniff("a b\\n1   2\\n"), sniff("a\\tb\\n1\\t2\\n")
    (';', ' ', '\\t')
    >>> sniff("a\\n1\\n")
    ','

    """
    lines = [line for line in text.splitlines() if line.strip()][:20]
    for delimiter in SNIFFED:
        counts = {len(_cells(line, delimiter)) for line in lines}
        if len(counts) == 1 and counts.pop() >= 2:
            return delimiter
    return ","


def _cells(line: str, delimiter: str) -> List[str]:
    if delimiter == " ":
        return line.split()
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a NUL byte (before Python 3.11), a bad quote: no match
        return []


def _as_commas(text: str, delimiter: str) -> str:
    """Return text rewritten with commas between its cells, a line for a line (the line
    numbers of load_csv's errors stay the file's)."""
    if delimiter == ",":
        return text
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if delimiter == " ":
        for line in text.splitlines():
            writer.writerow(line.split())
    else:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            writer.writerow(row)
    return out.getvalue()


def _read(path: str) -> Tuple[str, str]:
    """Return (the name errors use, the text) of a file or of standard input ("-")."""
    if path == "-":
        return "<stdin>", sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            return path, file.read()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason})") from None


def _header(text: str) -> List[str]:
    for row in csv.reader(io.StringIO(text, newline="")):
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row]
    return []


def _column(text: str, header: Sequence[str], notes: List[str]) -> Any:
    """Return a column named by the header, else by a 0-based index, else the name (unknown:
    load_csv says so).  A header of digits is read as names, with a note when they differ."""
    name = text.strip()
    if name in header:
        if name.isdigit() and header.index(name) != int(name):
            notes.append(f"column {name!r} is the header's name (column {header.index(name)}), "
                         f"not index {name}")
        return name
    return int(name) if name.isdigit() else name


def x_columns(args: argparse.Namespace, model: Model) -> List[str]:
    """Return the x columns asked for, or raise UsageError saying what to type instead."""
    if args.y is None or (args.x is None and args.features is None):
        raise UsageError("say which columns to fit, with --x and --y "
                         "(or --model multi --features A,B,... and --y)")
    if model.takes_vectors:
        if args.x is not None and args.features is not None:
            raise UsageError("give the x columns of --model multi once: --features A,B,... "
                             "(or --x A,B,...), not both")
        return str(args.features or args.x).split(",")
    if args.features is not None:
        raise UsageError(f"--features lists the x columns of --model multi: add --model multi "
                         f"(--model {args.model} fits one column: --x COL)")
    if "," in args.x:
        raise UsageError(f"several x columns ({args.x}) need --model multi: "
                         f"add --model multi, or give one --x column")
    return [args.x]


def load(path: str, args: argparse.Namespace, label: str | None = None) -> Data:
    """Load a CSV file's columns for args.model, or raise UsageError with load_csv's words."""
    model = make_model(args.model)
    columns = x_columns(args, model)
    name, text = _read(path)
    delimiter = getattr(args, "delimiter", None) or sniff(text)
    try:
        text = _as_commas(text, delimiter)
        header, notes = _header(text), []  # type: List[str], List[str]
    except csv.Error as error:
        raise UsageError(f"{name}: bad CSV ({error})") from None
    x_spec: Any = [_column(c, header, notes) for c in columns]
    y_spec = _column(args.y, header, notes)
    buffer = io.StringIO(text, newline="")
    buffer.name = name  # load_csv names the file in its errors by it
    try:
        xs, ys = load_csv(buffer, x_spec if model.takes_vectors else x_spec[0], y_spec)
    except ValueError as error:
        message = str(error).replace("load_csv: ", "", 1)
        if re.search(r"not a number \(got '-?\d+,\d+'\)$", message):
            message += ": a decimal comma? write decimal points (1.5, not 1,5)"
        if re.search(r"not a number \(got '(?i:true|false)'\)$", message):  # a label column
            message += ": write labels as numbers, 1 for True and 0 for False"
        raise UsageError(message) from None
    features = [header[c] if isinstance(c, int) else c for c in x_spec]
    names = parameter_names(model, xs[0], features if model.takes_vectors else ())
    label = label or ("standard input" if path == "-" else path)
    return Data(label, model, xs, ys, names, [0.0] * len(names), notes)


def lesson(spec: str = "linear") -> Data:
    """Return the optimizer lesson's data for a --model spec, from theta = 1 (its start)."""
    model = make_model(spec)
    if model.takes_vectors:
        raise UsageError(f"--model {spec} needs a FILE.csv and its --features")
    xs, ys = lesson_data()
    names = parameter_names(model, xs[0])
    return Data("the optimizer lesson's data: y = 2x + 30, 29 points", model,
                list(xs), list(ys), names, [1.0] * len(names))


def loss(data: Data, theta: Sequence[float]) -> float:
    """Return the mean squared error of theta on data."""
    return mean_squared_error([data.model.predict(theta, x) for x in data.xs], data.ys)


def closed_form(data: Data) -> Vector | None:
    """Return the least-squares theta, or None when the normal equations are singular."""
    try:
        return least_squares(data.model, data.xs, data.ys)
    except (ValueError, OverflowError):  # OverflowError: an answer past the float range
        return None
