"""Collect the doctests of every vecgd module and of README.md into the unittest run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import unittest
from pathlib import Path

import vecgd

ROOT = Path(__file__).resolve().parent.parent


def module_names() -> list[str]:
    """Every module of the package but __main__ (importing it runs the CLI)."""
    names = ["vecgd"]
    for info in pkgutil.iter_modules(vecgd.__path__):
        if info.name != "__main__":
            names.append(f"vecgd.{info.name}")
    return sorted(names)


def load_tests(
    loader: unittest.TestLoader, tests: unittest.TestSuite, pattern: str | None
) -> unittest.TestSuite:
    """Add one doctest suite per module and one for README.md."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for name in module_names():
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name), optionflags=flags))
    readme = ROOT / "README.md"
    if readme.exists():
        tests.addTests(
            doctest.DocFileSuite(str(readme), module_relative=False, optionflags=flags)
        )
    return tests
