"""``vecgd explore``: write the explorer, one offline HTML page (``vecgd.explore``)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from vecgd.cli._common import OK, UsageError, command_parser, write
from vecgd.explore import explorer_page

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add ``explore`` and its option to the subcommands."""
    parser = command_parser(
        commands, "explore",
        "Write the explorer: one offline HTML page to try learning rates and optimizers.",
        "The page needs no network and no server: open it in a browser.  Its address's\n"
        "fragment sets the view, e.g. FILE.html#optimizer=adam&lr=0.1&epochs=50&data=lesson\n"
        "(optimizer: sgd momentum adagrad rmsprop adam adamw; data: line, the line-fit\n"
        "lesson's, or lesson, the optimizer lesson's).\n\n"
        "example:\n  python -m vecgd explore --out explorer.html")
    parser.add_argument("--out", metavar="FILE.html", default="vecgd-explorer.html",
                        help="where to write the page (default: ./vecgd-explorer.html)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fit every optimizer at every learning rate of the page, write it; return 0."""
    where = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(where):  # before a second of fitting, not after
        raise UsageError(f"cannot write {args.out} (no folder {where})")
    page = explorer_page()
    write(args.out, page)
    print(f"wrote {args.out} ({len(page.encode('utf-8')) / 1e6:.1f} MB): open it in a browser; "
          f"{os.path.basename(args.out)}#optimizer=adam&lr=0.1 opens Adam at lr 0.1")
    return OK
