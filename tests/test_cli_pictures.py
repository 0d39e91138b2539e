"""The command line's pictures speak the one picture language, and its examples run."""

from __future__ import annotations

import os
import shlex
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

from tests.test_cli import run
from vecgd import _svg

SVG_NS = "{http://www.w3.org/2000/svg}"


def series(path: str) -> dict[str, tuple[str | None, str | None]]:
    """Return each drawn series' (stroke, dash), by its title."""
    root = ElementTree.parse(path).getroot()
    return {e.findtext(f"{SVG_NS}title") or "": (e.get("stroke"), e.get("stroke-dasharray"))
            for e in root.iter(f"{SVG_NS}polyline") if e.get("class") in ("series", "path")}


class PicturesTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name

    def test_fit_plot_draws_the_fit_in_its_optimizers_style(self) -> None:
        for option, name, key in [([], "Momentum", "momentum"),
                                  (["--optimizer", "adam"], "Adam", "adam"),
                                  (["--optimizer", "sgd"], "SGD", "sgd")]:
            with self.subTest(optimizer=name):
                plot = os.path.join(self.folder, f"{key}.svg")
                run(["fit", "--example", "heights", "--x", "height_cm", "--y", "weight_kg",
                     "--epochs", "20", *option, "--plot", plot])
                drawn = series(plot)
                style = _svg.NAMED[key]
                self.assertEqual(drawn[f"{name} (descent)"],
                                 (style.colour, style.dash or None))
                ls = _svg.NAMED["leastsquares"]
                self.assertEqual(drawn["least squares"], (ls.colour, ls.dash))

    def test_compare_takes_an_example_and_names_its_pictures_by_it(self) -> None:
        code, out, err = run(["compare", "--example", "heights", "--x", "height_cm", "--y",
                              "weight_kg", "--epochs", "3", "--quiet", "--out", self.folder])
        self.assertEqual((code, err), (0, ""))
        self.assertIn("compare: example heights", out)
        self.assertEqual(sorted(os.listdir(self.folder)),
                         ["heights-contour.svg", "heights-losses.svg"])
        drawn = series(os.path.join(self.folder, "heights-contour.svg"))
        self.assertEqual(drawn["SGD"][0], _svg.NAMED["sgd"].colour)
        code, _, err = run(["compare", "--example", "nope"])
        self.assertEqual(code, 2)
        self.assertIn("no data file named 'nope'", err)
        code, _, err = run(["compare", "--example", "heights", "--example", "wine"])
        self.assertEqual(code, 2)
        self.assertIn("given twice", err)

    def test_the_example_commands_of_compares_help_run(self) -> None:
        code, text, _ = run(["compare", "--help"])
        self.assertEqual(code, 0)
        examples = text.split("examples:", 1)[1].strip().splitlines()
        self.assertEqual(len(examples), 2)
        for line in examples:
            argv = shlex.split(line)[3:]  # after "python -m vecgd"
            argv = [os.path.join(self.folder, "race.svg") if a.endswith(".svg") else a
                    for a in argv]
            with self.subTest(line=line):
                code, _, err = run([*argv, "--epochs", "2", "--quiet"])
                self.assertEqual((code, err), (0, ""))


if __name__ == "__main__":
    unittest.main()
