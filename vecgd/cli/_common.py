"""What the commands share: exit statuses, option types, and the terminal's output.

Private to ``vecgd.cli``: the command modules (``demo``, ``fit``,
``compare``, ``check``) import from here, nothing else does.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, List

from vecgd.descent import DivergenceError
from vecgd.plot import sparkline, write_svg
from vecgd.vector import Vector

__all__ = [
    "FAILED",
    "NOT_CONVERGED",
    "OK",
    "Progress",
    "USAGE",
    "UsageError",
    "command_parser",
    "diverged",
    "folder",
    "g",
    "positive",
    "nonnegative_float",
    "positive_float",
    "positive_int",
    "unit_float",
    "spark",
    "table",
    "write",
]

OK, FAILED, USAGE, NOT_CONVERGED = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or bad input: exit status 2, one line on stderr."""


# === Arguments ===


def _ruled(text: str, ok: Callable[[float], bool], rule: str) -> float:
    """Return text as a float when it is finite and ok(value) holds, else say why not."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and ok(value)):
        raise argparse.ArgumentTypeError(f"must be {rule} (got {text!r})")
    return value


def positive_float(text: str) -> float:
    """Parse an option's value as a positive, finite number (a learning rate)."""
    return _ruled(text, lambda x: x > 0, "a positive number")


def nonnegative_float(text: str) -> float:
    """Parse an option's value as a finite number >= 0 (a penalty's alpha)."""
    return _ruled(text, lambda x: x >= 0, "a number >= 0")


def unit_float(text: str) -> float:
    """Parse an option's value as a number in [0, 1] (elastic net's l1_ratio)."""
    return _ruled(text, lambda x: 0.0 <= x <= 1.0, "in [0, 1]")


def positive_int(text: str) -> int:
    """Parse an option's value as an integer of at least 1 (epochs, batch sizes)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {text!r})")
    return value


def command_parser(commands: Any, name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
    """Add the subcommand ``name`` to commands, with its help and the shared --quiet."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=summary, epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress line on stderr (shown only on a terminal anyway)")
    return parser


# === Output ===


class Progress:
    """A callback for fit that redraws one progress line on stderr, if it is a terminal."""

    def __init__(self, label: str, total: int, quiet: bool) -> None:
        self.label, self.total = label, total
        self.shown = not quiet and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, epoch: int, theta: Vector, loss: float) -> None:
        now = time.monotonic()
        if self.shown and (now - self.last > 0.1 or epoch + 1 == self.total):
            self.last = now
            line = f"{self.label}: epoch {epoch + 1}/{self.total}, loss {loss:.6g}"
            sys.stderr.write(f"\r{line}\033[K")  # \033[K: clear the rest of the line
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> List[str]:
    """Return text lines of a table; align has 'l' or 'r' for each column."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) if side == "l" else cell.rjust(width)
                         for cell, width, side in zip(cells, widths, align)).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def spark(losses: Sequence[float], width: int = 25) -> str:
    """Return a sparkline of log10(loss): the early fall and the late crawl both show."""
    floor = max(losses) * 1e-30 if losses and max(losses) > 0 else 1e-300
    return sparkline([math.log10(max(v, floor)) for v in losses], width=width)


def positive(losses: Sequence[float]) -> List[float]:
    """Return losses with zeros lifted for a log axis (an exact fit reaches 0)."""
    floor = max(losses) * 1e-16 if max(losses) > 0 else 1e-300
    return [max(v, floor) for v in losses]


def write(path: str, svg: str) -> str:
    """Write a picture, or raise UsageError saying why it cannot be; return the path."""
    try:
        write_svg(path, svg)
    except OSError as error:
        raise UsageError(f"cannot write {path} ({error.strerror or error})") from None
    return path


def folder(path: str) -> str:
    """Make the folder (and its parents) unless it exists, or raise UsageError."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot make the folder {path} ({error.strerror or error})") from None
    return path


def g(x: float, digits: int = 6) -> str:
    """Return x to the given significant digits, as ``%g`` writes it."""
    return f"{x:.{digits}g}"


def diverged(error: DivergenceError) -> int:
    """Say on stderr that a fit diverged and what to try; return the exit status."""
    print(f"vecgd: error: the fit diverged in epoch {error.epoch} with lr {error.lr!r}: "
          f"try a smaller --lr, such as {error.lr / 10!r}", file=sys.stderr)
    return FAILED
