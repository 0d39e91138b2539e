"""Collect the doctests of every vecgd module, of README.md and of docs/*.md into the unittest run.

Also hold the front door to its shape: the README stays short, shows the
commands CI runs, and links only to files that exist; no page a user reads
calls a course document by its file name.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import unittest
from pathlib import Path

import vecgd

ROOT = Path(__file__).resolve().parent.parent
README_MAX_LINES = 250


def module_names() -> list[str]:
    """Every module of the package, the cli package's included, but __main__ (it runs the CLI)."""
    names = ["vecgd"]
    for info in pkgutil.walk_packages(vecgd.__path__, prefix="vecgd."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            names.append(info.name)
    return sorted(names)


def document_paths() -> list[Path]:
    """README.md and every docs/*.md of this checkout (an installed copy has none: skipped)."""
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [path for path in paths if path.is_file()]


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub makes of a Markdown file's headings: lower case, spaces to hyphens."""
    anchors = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def load_tests(
    loader: unittest.TestLoader, tests: unittest.TestSuite, pattern: str | None
) -> unittest.TestSuite:
    """Add one doctest suite per module and one per Markdown file."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for name in module_names():
        tests.addTests(doctest.DocTestSuite(importlib.import_module(name), optionflags=flags))
    for path in document_paths():
        tests.addTests(doctest.DocFileSuite(str(path), module_relative=False, optionflags=flags))
    return tests


@unittest.skipUnless((ROOT / "README.md").is_file(), "no README.md in this copy")
class FrontDoorTest(unittest.TestCase):
    """The README is a front door; the docs hold the reference."""

    def test_readme_is_short(self) -> None:
        lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        self.assertLessEqual(len(lines), README_MAX_LINES)

    def test_readme_shows_the_two_commands(self) -> None:
        # .ci/run runs the README's test command; a newcomer runs the other.
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        for command in ("python -m unittest", "python -m vecgd", "pip install"):
            with self.subTest(command=command):
                self.assertIn(command, text)

    def test_relative_links_point_at_files_and_headings(self) -> None:
        for path in document_paths():
            text = path.read_text(encoding="utf-8")
            for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
                if "://" in target:
                    continue
                page = path.parent / target if target else path
                with self.subTest(page=path.name, link=f"{target}#{anchor}"):
                    self.assertTrue(page.exists())
                    if anchor and page.suffix == ".md":
                        self.assertIn(anchor, heading_anchors(page))

    def test_documents_are_named_not_numbered(self) -> None:
        # Users never read a document's file name or number (DESIGN.md); only the
        # contributors' page says where the copies live.
        pattern = re.compile(r"\bseeds?\s*\(?0\d\d|\bseed documents?\b|shared/seeds|\b40 frames")
        for path in document_paths():
            if path.name == "development.md":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                with self.subTest(page=path.name, line=number):
                    self.assertIsNone(pattern.search(line), line)

    def test_named_tests_exist(self) -> None:
        # docs/promises.md names the test that holds each promise: keep the names true.
        for path in document_paths():
            text = path.read_text(encoding="utf-8")
            for name in sorted(set(re.findall(r"\btests\.test_\w+(?:\.\w+)*", text))):
                if name.startswith("tests.test_x"):  # the pattern, written out
                    continue
                module, *attributes = name.split(".")[1:]
                with self.subTest(page=path.name, test=name):
                    found: object = importlib.import_module(f"tests.{module}")
                    for attribute in attributes:
                        found = getattr(found, attribute, None)
                    self.assertIsNotNone(found)
