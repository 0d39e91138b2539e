"""The command line: ``python -m vecgd demo | fit | compare | check | explore``.

* ``demo`` -- the lessons on their own data: the line-fit lesson, animated,
  and the optimizer lesson's race, with a summary table and SVG pictures
  written into a folder (``vecgd.cli.demo``);
* ``fit`` -- fit a model to two (or more) columns of a CSV file (or a data
  file shipped in the package, ``--example``), standardized, with a step
  from the data, print theta beside the closed-form least-squares answer
  and say whether it converged (``--json`` for machines; ``vecgd.cli.fit``);
* ``compare`` -- race every optimizer on the same data: final loss, epochs
  to the target, a sparkline each and a contour map of their paths
  (``vecgd.cli.compare``);
* ``check`` -- the gradient check of every built-in model, analytic against
  four numeric estimates (``vecgd.cli.check``);
* ``explore`` -- write the explorer, one offline HTML page to try learning
  rates and optimizers on the lessons' data (``vecgd.cli.explore``).

The optimizers, schedules and models the commands offer are one table per
family, in ``vecgd.cli.families``.  ``main(argv)`` returns the exit status
instead of exiting: 0 for success, 1 when a fit diverged (or a gradient
check failed), 2 for bad usage or bad input, 3 when ``fit`` did not
converge (theta not within 1e-6 of the least-squares theta).  Every error a user can cause
is one line on stderr, ``vecgd: error: ...``, never a traceback.  Progress
lines go to stderr, and only when it is a terminal.  ``import vecgd`` never
imports this package: only ``python -m vecgd`` and the ``vecgd`` console
script do.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, Callable

import vecgd
from vecgd.cli import check, compare, demo, explore, fit
from vecgd.cli._common import FAILED, OK, USAGE, UsageError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, not usage plus message
        self.exit(USAGE, f"vecgd: error: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    """Return the parser: the program's options, then one subcommand per command module."""
    parser = _Parser(
        prog="vecgd", description="Gradient descent from scratch, in pure Python.",
        epilog="example:\n  python -m vecgd demo\n  python -m vecgd fit --help",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"vecgd {vecgd.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in (demo, fit, compare, check, explore):
        command.add_parser(commands)  # each sets its own run(args) as the default "run"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on argv (default: sys.argv[1:]) and return the exit status.

    0: success; 1: a fit diverged, or a gradient check failed; 2: bad usage
    or bad input (a file that cannot be read, an unknown column, a cell that
    is not a number, a learning rate that is not positive, ...), reported in
    one line on stderr; 3: ``fit`` did not converge, said on stderr.
    argparse's own exits (``--help``, ``--version``, usage errors) are
    returned, not raised.

    >>> main(["--version"])
    vecgd 0.1.0
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exit:  # --help, --version and usage errors
        return exit.code if isinstance(exit.code, int) else USAGE
    if args.command is None:
        parser.print_help()
        return OK
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except UsageError as error:
        print(f"vecgd: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("vecgd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m vecgd demo | head`: the reader left; say nothing more
        # Python's advice (signal module docs): point stdout at devnull so the
        # flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return FAILED
