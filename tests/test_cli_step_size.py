"""Tests for the step size on the command line: fit --optimizer lbfgs and compare's searches."""

from __future__ import annotations

import math
import os
import tempfile
import unittest

from tests.test_cli import parses_as_svg, run, write
from vecgd import MultipleLinear, eigenvalues, least_squares_hessian, lesson_data, quadratic_rates
from vecgd.cli._common import g


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
        self.assertIn("LBFGS, lr 1, full batch", out)
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


    def test_compare_draws_and_quotes_the_theory(self) -> None:
        path = os.path.join(self.folder, "theory.svg")
        code, out, err = run(["compare", "--epochs", "2", "--quiet", "--theory", path])
        self.assertEqual((code, err), (0, ""))
        # The lesson's Hessian 2 [[mean x^2, mean x], [mean x, 1]]: its eigenvalues from the
        # trace and determinant, computed here in floats.
        xs, _ = lesson_data()
        m1, m2 = sum(xs) / len(xs), sum(x * x for x in xs) / len(xs)
        trace, det = 2 * (m2 + 1), 4 * (m2 - m1 * m1)
        largest = trace / 2 + math.sqrt(trace * trace / 4 - det)
        kappa = largest / (det / largest)
        self.assertIn(f"condition number {kappa:.3g}", out)
        rates = quadratic_rates([det / largest, largest])
        self.assertIn(f"per epoch: {rates.steps(1e-6)} epochs", out)
        self.assertIn(f": {rates.steps(1e-6, 'momentum')} epochs", out)
        parses_as_svg(self, path)

    def test_theory_for_several_features(self) -> None:
        # y from two features: the Hessian 2/n X^T X is 3 x 3; its eigenvalues come from
        # vecgd.eigenvalues, checked here against their sum (the trace) and product.
        data = write(self.folder, "two.csv", "a,b,y\n0,1,1\n1,0,2\n1,1,4\n2,1,5\n0,2,3\n")
        path = os.path.join(self.folder, "theory.svg")
        code, out, err = run(["compare", data, "--model", "multi", "--features", "a,b",
                              "--y", "y", "--epochs", "2", "--quiet", "--theory", path])
        self.assertEqual((code, err), (0, ""))
        values = eigenvalues(least_squares_hessian(MultipleLinear(), [[0, 1], [1, 0], [1, 1],
                                                                      [2, 1], [0, 2]]))
        # trace: 2/n * (sum a^2 + sum b^2 + n) = 2/5 * (6 + 7 + 5)
        self.assertAlmostEqual(sum(values), 2 / 5 * 18, places=12)
        self.assertIn(f"condition number {g(values[-1] / values[0], 3)}", out)
        parses_as_svg(self, path)

    def test_theory_draws_one_data_set(self) -> None:
        code, _, err = run(["compare", self.line, self.line, "--x", "x", "--y", "y",
                            "--theory", os.path.join(self.folder, "t.svg")])
        self.assertEqual(code, 2)
        self.assertIn("--theory draw one data set", err)


if __name__ == "__main__":
    unittest.main()
