"""Tests for the step size on the command line: fit --optimizer lbfgs and compare's searches."""

from __future__ import annotations

import os
import tempfile
import unittest

from tests.test_cli import run, write


class StepSizeCommandsTest(unittest.TestCase):
    def setUp(self) -> None:
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        # y = 2x + 1 with a little noise, x around 0: a well-conditioned least-squares loss.
        self.line = write(scratch.name, "line.csv",
                          "x,y\n-1,-1.1\n-0.5,0.1\n0,0.9\n0.5,2.1\n1,2.9\n")
        self.folder = scratch.name

    def test_fit_with_lbfgs_reaches_least_squares(self) -> None:
        code, out, err = run(["fit", self.line, "--x", "x", "--y", "y", "--optimizer", "lbfgs",
                              "--lr", "1", "--epochs", "3"])
        self.assertEqual((code, err), (0, ""))
        self.assertIn("LBFGS, lr 1, full batch, 3 epochs", out)
        # Stopped by tolerance_change (1e-9 in the loss), a few 1e-6 from least squares.
        rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
        self.assertLess(abs(float(rows["slope"][3])), 1e-5)
        self.assertLess(abs(float(rows["intercept"][3])), 1e-5)

    def test_compare_races_the_searches_in_passes(self) -> None:
        code, out, err = run(["compare", "--epochs", "30", "--quiet"])
        self.assertEqual((code, err), (0, ""))
        rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
        self.assertIn("full batch, 30 passes over the data", out)
        for name in ("Armijo", "Wolfe", "LBFGS", "LBFGS+Wolfe"):
            self.assertIn(name, rows)
        # On the lesson's line L-BFGS lands (loss ~1e-11 at least squares' 0) in under 30
        # passes; steepest descent with either search does not.
        self.assertLessEqual(int(rows["LBFGS"].split()[2]), 30)
        self.assertLessEqual(int(rows["LBFGS+Wolfe"].split()[2]), 30)
        self.assertEqual(rows["Armijo"].split()[3], "-")

    def test_compare_does_not_race_lbfgs_per_sample(self) -> None:
        code, out, _ = run(["compare", "--epochs", "2", "--quiet", "--out",
                            os.path.join(self.folder, "race")])
        self.assertEqual(code, 0)
        race = out.split("full batch")[0]
        self.assertNotIn("LBFGS", race)


if __name__ == "__main__":
    unittest.main()
