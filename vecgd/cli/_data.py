"""The data a command fits: a CSV file's columns, or the optimizer lesson's data.

Private to ``vecgd.cli``: ``fit`` and ``compare`` load files with ``load``;
``compare`` and ``demo`` race on ``lesson()``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, List

from vecgd.cli._common import UsageError
from vecgd.cli.families import make_model, model_syntax, parameter_names, parse_model
from vecgd.datasets import lesson_data, load_csv
from vecgd.exact import least_squares
from vecgd.losses import mean_squared_error
from vecgd.models import Model
from vecgd.vector import Vector

__all__ = ["Data", "closed_form", "data_arguments", "lesson", "load", "loss"]


def data_arguments(parser: argparse.ArgumentParser, required: bool) -> None:
    """Add the columns and the model: --x, --y, --model, --features (fit's and compare's)."""
    what = "" if required else " (with a file)"
    parser.add_argument("--x", metavar="COL", help=f"x column: header name or 0-based index{what}")
    parser.add_argument("--y", metavar="COL", required=required,
                        help=f"y column: header name or 0-based index{what}")
    parser.add_argument("--model", type=parse_model, default="linear",
                        help=f"{model_syntax()} (default: linear)")
    parser.add_argument("--features", metavar="A,B,...", help="x columns of --model multi")


@dataclass
class Data:
    """A data set to fit, with what to call it and its parameters."""

    label: str
    model: Model
    xs: List[Any]
    ys: List[float]
    names: List[str]
    theta0: Vector = field(default_factory=list)


def _column(text: str) -> Any:
    return int(text) if text.isdigit() else text


def load(path: str, args: argparse.Namespace) -> Data:
    """Load a CSV file's columns for args.model, or raise UsageError with load_csv's words."""
    spec: str = args.model
    if args.y is None or (args.x is None and args.features is None):
        raise UsageError(f"{path}: say which columns to fit, with --x and --y")
    model = make_model(spec)
    columns: List[str] = []
    if model.takes_vectors:
        columns = (args.features or args.x).split(",")
        x_spec: Any = [_column(c) for c in columns]
    elif args.features is not None or "," in (args.x or ""):
        raise UsageError("several x columns need --model multi (with --features A,B,...)")
    else:
        x_spec = _column(args.x)
    try:
        xs, ys = load_csv(path, x_spec, _column(args.y))
    except ValueError as error:
        raise UsageError(str(error).replace("load_csv: ", "", 1)) from None
    # load_csv does not return the header, so a column given by index is named by it.
    features = [f"column {c}" if c.isdigit() else c for c in columns]
    names = parameter_names(model, xs[0], features)
    label = "standard input" if path == "-" else path
    return Data(label, model, xs, ys, names, [0.0] * len(names))


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
    except ValueError:
        return None
