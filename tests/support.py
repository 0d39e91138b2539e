"""Helpers shared by the tests: one way to compare vectors with stated tolerances."""

from __future__ import annotations

import importlib.util
import math
import unittest
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["assert_close", "assert_raises_each", "assert_vectors_close"]


def assert_close(
    test: unittest.TestCase, actual: float, expected: float, *, rel: float = 0.0, abs: float = 0.0
) -> None:
    """Fail unless |actual - expected| <= max(rel * |expected|, abs)."""
    assert_vectors_close(test, [actual], [expected], rel=rel, abs=abs)


def assert_vectors_close(
    test: unittest.TestCase,
    actual: Sequence[float],
    expected: Sequence[float],
    *,
    rel: float = 0.0,
    abs: float = 0.0,
) -> None:
    """Fail unless the vectors have one length and agree everywhere within tolerance.

    Element i agrees when ``|actual[i] - expected[i]| <= max(rel * |expected[i]|, abs)``;
    with both tolerances 0 it must be equal.  The failure names the first
    index that differs, both values and the error.
    """
    if len(actual) != len(expected):
        test.fail(f"lengths differ: actual has {len(actual)}, expected {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected)):
        if math.isnan(e) and math.isnan(a):
            continue
        error = math.fabs(a - e) if math.isfinite(e) or a != e else math.inf
        limit = max(rel * math.fabs(e), abs)
        if not error <= limit:
            test.fail(
                f"index {i}: actual {a!r}, expected {e!r}, "
                f"error {error:.3e} > allowed {limit:.3e} (rel={rel}, abs={abs})"
            )


def assert_raises_each(
    test: unittest.TestCase,
    cases: Sequence[tuple[str, Callable[[], Any], type[BaseException], str]],
) -> None:
    """For each (name, call, exception, words): call() raises exception, its message holds words.

    Each case runs in its own subTest named after it, so one table reports
    every failing case.
    """
    for name, call, exception, words in cases:
        with test.subTest(name):
            with test.assertRaises(exception) as caught:
                call()
            test.assertIn(words, str(caught.exception))


SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py by path (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"vecgd_script_{name}", SCRIPTS / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load scripts/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
