"""The command line, ``python -m vecgd`` (arrives with the command-line issue)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print what vecgd is and return 0 (the subcommands arrive later).

    >>> main([])  # doctest: +ELLIPSIS
    vecgd 0.1.0: gradient descent from scratch...
    0
    """
    print(
        "vecgd 0.1.0: gradient descent from scratch in pure, typed, "
        "standard-library-only Python.\n"
        "The command line (demo, fit, compare, check) is being built; "
        "`import vecgd` works now."
    )
    return 0
