"""Tests for `vecgd fit` on data as it comes: real data sets, the verdict, files in any shape.

The real data sets ship in vecgd/examples/ (their sources: vecgd/examples/README.md); their
least-squares answers are checked against the published ones, and the default fit must reach
them within 1e-6 (DESIGN.md's "converged").
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import unittest
from pathlib import Path
from typing import List

from tests.support import assert_close, assert_vectors_close, load_script
from tests.test_cli import run, write
from vecgd.cli._data import sniff
from vecgd.cli._steps import Curvature, distance, heavy_ball, plain_epochs, rate_epochs

DIABETES = ["--example", "diabetes", "--model", "multi", "--features",
            "age,sex,bmi,bp,s1,s2,s3,s4,s5,s6", "--y", "y"]
WINE = ["--example", "wine", "--model", "multi", "--features",
        "malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,"
        "nonflavanoid_phenols,proanthocyanins,color_intensity,hue,od280_od315,proline",
        "--y", "alcohol"]
BOOK = ["--example", "daily_minutes", "--model", "multi", "--features",
        "friends,work_hours,phd", "--y", "daily_minutes"]


def fit_json(argv: List[str], stdin: str | None = None) -> tuple[int, dict, str]:
    code, out, err = run(["fit", *argv, "--json"], stdin=stdin)
    return code, (json.loads(out) if out else {}), err


class RealDataTest(unittest.TestCase):
    """The default fit on the three real data sets reaches least squares within 1e-6."""

    def test_diabetes_reaches_the_published_coefficients(self) -> None:
        code, report, err = fit_json(DIABETES)
        self.assertEqual((code, err), (0, ""))
        # Efron et al. (2004)'s data, unscaled: the intercept -334.567 and bmi 5.603, s5 68.48
        # (scikit-learn's LinearRegression on diabetes_data_raw gives the same).
        exact = report["least_squares"]["theta"]
        assert_close(self, exact[-1], -334.56714, rel=1e-7)
        assert_close(self, exact[2], 5.6029621, rel=1e-7)
        assert_close(self, exact[8], 68.483125, rel=1e-7)
        self.assertIs(report["converged"], True)
        self.assertLessEqual(distance(report["theta"], exact), 1e-6)
        self.assertEqual(report["stop_reason"], "gradient")
        # Scaling takes the condition number from 5.2e7 to 470.
        assert_close(self, report["condition_number"]["data"], 5.2365e7, rel=1e-3)
        assert_close(self, report["condition_number"]["scaled"], 470.08, rel=1e-3)
        # The heavy ball needs about 6.9 sqrt(470) = 150 epochs; plain descent up to 6488.
        self.assertEqual(report["predicted_epochs"], {"plain_descent": 6488,
                                                      "this_optimizer": 150})
        self.assertLess(report["epochs"], 500)

    def test_wine_and_the_book_converge_with_the_defaults(self) -> None:
        for argv, kappa in [(WINE, 44.797), (BOOK, 4.1452)]:
            with self.subTest(argv[1]):
                code, report, err = fit_json(argv)
                self.assertEqual((code, err), (0, ""))
                self.assertIs(report["converged"], True)
                assert_close(self, report["condition_number"]["scaled"], kappa, rel=1e-3)
                self.assertLessEqual(
                    distance(report["theta"], report["least_squares"]["theta"]), 1e-6)
        # The book's chapter 15: beta about 30.58, 0.972, -1.865, 0.923.
        report = fit_json(BOOK)[1]
        self.assertEqual([round(t, 3) for t in report["theta"]], [0.973, -1.865, 0.923, 30.579])

    def test_the_table_says_scaled_condition_numbers_and_predictions(self) -> None:
        code, out, err = run(["fit", *DIABETES])
        self.assertEqual((code, err), (0, ""))
        self.assertIn("features standardized (mean 0, standard deviation 1); theta in data units",
                      out)
        self.assertIn("condition number of the Hessian 2/n X^T X: 5.24e+07 as given, 470 scaled",
                      out)
        self.assertIn("Momentum (the heavy ball), lr 0.4541 and momentum 0.8314", out)
        self.assertIn("plain descent at lr 1/lambda_max needs up to 6488 epochs", out)
        self.assertIn("this optimizer about 150", out)
        self.assertIn("converged: theta is", out)

    def test_plain_descent_takes_the_safe_step_and_the_predicted_epochs_hold(self) -> None:
        # The book's data: kappa 4.15 scaled; plain descent at 1/lambda_max contracts the error
        # by 1 - 1/kappa per epoch, so a millionfold takes at most 51 epochs.
        code, report, err = fit_json([*BOOK, "--optimizer", "sgd"])
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(report["predicted_epochs"]["plain_descent"], 51)
        self.assertLessEqual(report["epochs"], 51 + 20)  # + the digits past a millionth
        self.assertIsNone(report["momentum"])

    def test_no_scale_says_so_and_the_unscaled_default_does_not_converge_in_time(self) -> None:
        code, report, err = fit_json([*DIABETES, "--no-scale", "--epochs", "200"])
        self.assertEqual(code, 3)
        self.assertIs(report["converged"], False)
        self.assertIs(report["scaled"], False)
        self.assertIsNone(report["condition_number"]["scaled"])
        self.assertIn("did not converge", err)
        self.assertIn("leave out --no-scale (condition number 5.24e+07 as given)", err)
        self.assertEqual(err.count("\n"), 1)


class StepsTest(unittest.TestCase):
    """The arithmetic of vecgd.cli._steps, by hand."""

    def test_heavy_ball_parameters_are_polyaks(self) -> None:
        # lambda 1 and 4: lr = 4 / (2 + 1)^2 = 4/9, momentum ((2 - 1) / (2 + 1))^2 = 1/9.
        lr, momentum = heavy_ball(Curvature(4.0, 4.0, 4.0, 1.0, 1.0))
        assert_close(self, lr, 4 / 9, rel=1e-15)
        assert_close(self, momentum, 1 / 9, rel=1e-15)

    def test_epochs_for_a_millionfold(self) -> None:
        # kappa 2 at lr 1/lambda_max: rate 1/2 per epoch, 2^-20 < 1e-6 < 2^-19.
        self.assertEqual(plain_epochs(Curvature(2.0, 2.0, 2.0, 1.0, 1.0), 0.5), 20)
        self.assertEqual(rate_epochs(0.1), 6)
        self.assertEqual(rate_epochs(1.0), math.inf)
        # Past 2 / lambda_max plain descent grows: no number of epochs will do.
        self.assertEqual(plain_epochs(Curvature(2.0, 2.0, 2.0, 1.0, 1.0), 1.5), math.inf)

    def test_distance_is_relative_and_absolute_at_zero(self) -> None:
        self.assertEqual(distance([3.0, 4.0], [0.0, 0.0]), 5.0)
        assert_close(self, distance([1.0, 1.0], [1.0, 2.0]), 1 / math.sqrt(5), rel=1e-15)


class VerdictTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name

    def test_an_exact_fit_is_judged_by_theta(self) -> None:
        # y = 2x, x up to 1e6: the least-squares loss is 0.  Adam near it is not "converged".
        path = write(self.folder, "big.csv",
                     "x,y\n" + "".join(f"{x},{2 * x}\n" for x in range(0, 1000001, 100000)))
        code, report, err = fit_json([path, "--x", "x", "--y", "y", "--no-scale",
                                      "--optimizer", "adam", "--epochs", "300"])
        self.assertEqual(code, 3)
        self.assertEqual(report["least_squares"], {"theta": [2.0, 0.0], "loss": 0.0})
        self.assertIs(report["converged"], False)
        self.assertIn("did not converge: theta is", err)
        self.assertIn("from the least-squares theta", err)
        # The defaults get there.
        code, report, err = fit_json([path, "--x", "x", "--y", "y"])
        self.assertEqual((code, err), (0, ""))
        assert_vectors_close(self, report["theta"], [2.0, 0.0], rel=1e-6, abs=1e-6)

    def test_dependent_columns_have_nothing_to_converge_to(self) -> None:
        path = write(self.folder, "twice.csv", "a,b,y\n1,2,1\n2,4,3\n3,6,2\n4,8,5\n")
        code, report, err = fit_json([path, "--model", "multi", "--features", "a,b", "--y", "y",
                                      "--epochs", "50"])
        self.assertEqual(code, 3)
        self.assertIsNone(report["least_squares"])
        self.assertIn("linearly dependent", err)

    def test_nearly_collinear_columns_warn_with_the_condition_number(self) -> None:
        rows = "".join(f"{x},{x * 0.1},{x + (x % 3)}\n" for x in range(1, 30))
        path = write(self.folder, "collinear.csv", "a,b,y\n" + rows)
        code, out, err = run(["fit", path, "--model", "multi", "--features", "a,b", "--y", "y",
                              "--epochs", "50"])
        self.assertIn(code, (0, 3))
        warning = [line for line in err.splitlines() if line.startswith("vecgd: warning:")]
        self.assertEqual(len(warning), 1, err)
        self.assertIn("condition number", warning[0])

    def test_dependent_columns_are_judged_by_the_loss_not_a_rounding_answer(self) -> None:
        # b = 0.1 a: before, "least squares" was a -6.69e15, b 6.69e16 (loss 1.5, where
        # descent's 0.675 is the least) and descent "did not converge".
        path = write(self.folder, "col.csv", "a,b,y\n1,0.1,1\n2,0.2,3\n3,0.3,2\n4,0.4,5\n")
        for extra in ([], ["--no-scale"]):
            with self.subTest(extra=extra):
                code, out, err = run(["fit", path, "--model", "multi", "--features", "a,b",
                                      "--y", "y", "--quiet", "--json", *extra])
                self.assertEqual(code, 0, err)
                report = json.loads(out)
                self.assertIsNone(report["least_squares"])
                self.assertIsNone(report["distance"])
                # y on a alone: slope 1.1, intercept 0, loss 0.675 (by hand)
                self.assertAlmostEqual(report["least_loss"], 0.675, places=12)
                self.assertAlmostEqual(report["loss"], 0.675, places=9)
                self.assertTrue(report["converged"])
        code, out, _ = run(["fit", path, "--model", "multi", "--features", "a,b", "--y", "y",
                            "--quiet"])
        self.assertIn("converged in loss", out)
        self.assertNotIn("e+15", out)
        self.assertNotIn("e+16", out)

    def test_the_default_epochs_follow_the_heavy_balls_prediction(self) -> None:
        # poly:3 on the heights: standardized powers of x stay nearly collinear (condition
        # number 1.16e7): the heavy ball predicts 23,482 epochs, past the 20,000 default.
        code, out, err = run(["fit", "--example", "heights", "--x", "height_cm", "--y",
                              "weight_kg", "--model", "poly:3", "--json", "--quiet"])
        self.assertEqual(code, 0, err)
        report = json.loads(out)
        self.assertTrue(report["converged"])
        self.assertGreater(report["epochs"], 20000)
        self.assertLessEqual(report["epochs"], 3 * 23482)

    def test_resumed_advice_and_epochs_in_all(self) -> None:
        # After --resume no "leave out --optimizer" hint (no option may change the saved
        # settings), and JSON epochs_in_all counts the saved epochs too.
        state = os.path.join(self.folder, "state.json")
        argv = ["fit", *BOOK, "--optimizer", "sgd", "--quiet"]
        self.assertEqual(run([*argv, "--epochs", "3", "--save-state", state])[0], 3)
        code, out, err = run(["fit", *BOOK, "--quiet", "--epochs", "4", "--resume", state,
                              "--json"])
        self.assertEqual(code, 3)
        report = json.loads(out)
        self.assertEqual((report["epochs"], report["epochs_in_all"]), (4, 7))
        self.assertNotIn("--optimizer", err)
        self.assertIn("more --epochs", err)

    def test_one_column_never_hears_of_collinear_columns(self) -> None:
        path = write(self.folder, "tiny.csv", "x,y\n1e-200,1\n2e-200,2\n3e-200,1\n")
        code, _, err = run(["fit", path, "--x", "x", "--y", "y", "--no-scale", "--epochs",
                            "20", "--quiet"])
        self.assertEqual(code, 3)
        self.assertNotIn("collinear", err)
        one = write(self.folder, "one.csv", "x,y\n1,5\n1,6\n1,7\n")
        code, out, err = run(["fit", one, "--x", "x", "--y", "y", "--epochs", "20",
                              "--optimizer", "sgd", "--lr", "1e-6", "--quiet"])
        self.assertEqual(code, 3)
        self.assertNotIn("collinear", err)
        self.assertIn("x has too few distinct values", err)

    def test_overflow_says_to_scale_the_data_not_to_lower_lr(self) -> None:
        huge_y = write(self.folder, "y.csv", "x,y\n1,1e308\n2,-1e308\n3,1e308\n")
        code, _, err = run(["fit", huge_y, "--x", "x", "--y", "y"])
        self.assertEqual(code, 2)  # bad input (exit 2), not divergence (1)
        self.assertIn("the loss overflows: y reaches 1e+308", err)
        self.assertIn("divide y by a power of ten", err)
        self.assertNotIn("smaller --lr", err)
        huge_x = write(self.folder, "x.csv", "x,y\n1e200,1\n-1e200,2\n3e200,1\n")
        code, _, err = run(["fit", huge_x, "--x", "x", "--y", "y", "--no-scale"])
        self.assertEqual(code, 2)
        self.assertIn("x reaches 3e+200", err)
        self.assertIn("leave out --no-scale", err)
        self.assertEqual(err.count("\n"), 1)
        # the book's 3.5e154 (reviewer's big2.csv): its square overflows the loss's sum
        big = write(self.folder, "big.csv", "x,y\n1e154,1e154\n2e154,2e154\n3.5e154,3.5e154\n")
        code, _, err = run(["fit", big, "--x", "x", "--y", "y"])
        self.assertEqual(code, 2, err)
        self.assertIn("y reaches 3.5e+154", err)

    def test_a_diverging_lr_names_the_safe_step(self) -> None:
        code, _, err = run(["fit", *BOOK, "--optimizer", "sgd", "--lr", "5"])
        self.assertEqual(code, 1)
        self.assertIn("plain descent is stable below 2/lambda_max", err)


class FilesAsTheyComeTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name
        # y = 3a - 2b + 1 exactly: least squares [3, -2, 1] by hand.
        self.rows = [(a, b, 3 * a - 2 * b + 1) for a, b in [(0, 0), (1, 0), (0, 1), (2, 3),
                                                             (4, 1), (5, 5)]]

    def shaped(self, name: str, delimiter: str) -> str:
        text = delimiter.join(["a", "b", "y"]) + "\n" + "".join(
            delimiter.join(str(v) for v in row) + "\n" for row in self.rows)
        return write(self.folder, name, text)

    def test_comma_semicolon_tab_and_spaces_are_sniffed(self) -> None:
        for name, delimiter in [("comma.csv", ","), ("semi.csv", ";"), ("tab.tsv", "\t"),
                                ("spaces.txt", "   ")]:
            with self.subTest(name):
                code, report, err = fit_json([self.shaped(name, delimiter), "--model", "multi",
                                              "--features", "a,b", "--y", "y"])
                self.assertEqual((code, err), (0, ""))
                assert_vectors_close(self, report["least_squares"]["theta"], [3.0, -2.0, 1.0],
                                     abs=1e-12)

    def test_sniff_picks_the_delimiter_that_cuts_every_line_alike(self) -> None:
        self.assertEqual(sniff("a;b\n1,5;2,5\n"), ";")  # decimal commas do not fool it
        self.assertEqual(sniff("a,b\n1,2\n3,4\n"), ",")
        self.assertEqual(sniff("  a  b\n 1 2\n"), " ")
        self.assertEqual(sniff("a\n1\n"), ",")  # one column: load_csv says what is wrong

    def test_a_decimal_comma_is_named(self) -> None:
        path = write(self.folder, "european.csv", "x;y\n1;2,5\n2;4,5\n")
        code, _, err = run(["fit", path, "--x", "x", "--y", "y"])
        self.assertEqual(code, 2)
        self.assertIn("european.csv:2: column 'y': not a number (got '2,5'): a decimal comma?",
                      err)

    def test_delimiter_overrides_the_sniffed_one(self) -> None:
        path = self.shaped("pipes.txt", "|")
        code, report, err = fit_json([path, "--model", "multi", "--features", "a,b", "--y", "y",
                                      "--delimiter", "|"])
        self.assertEqual((code, err), (0, ""))
        for word in ["tab", "space", "\\t", ";"]:
            with self.subTest(word):
                code, _, err = run(["fit", path, "--x", "a", "--y", "y", "--delimiter", word])
                self.assertEqual(code, 2)  # the file is not cut by it: no column 'a'
                self.assertIn("no such column", err)

    def test_a_header_of_digits_is_read_as_names(self) -> None:
        # The header names column 0 "1" and column 1 "0": --x 0 --y 1 are those names.
        path = write(self.folder, "digits.csv", "1,0\n5,1\n7,2\n9,3\n")
        code, report, err = fit_json([path, "--x", "0", "--y", "1"])
        self.assertEqual(code, 0, err)
        # y (column "1": 5, 7, 9) = 2 * x (column "0": 1, 2, 3) + 3.
        assert_vectors_close(self, report["least_squares"]["theta"], [2.0, 3.0], abs=1e-12)
        self.assertIn("column '0' is the header's name (column 1), not index 0", err)

    def test_repeated_options_and_misplaced_features_say_what_to_do(self) -> None:
        path = self.shaped("comma.csv", ",")
        cases = [
            (["--x", "a", "--x", "b", "--y", "y"], ["--x", "given twice ('a' and 'b')"]),
            (["--x", "a", "--y", "y", "--y", "b"], ["--y", "given twice"]),
            (["--x", "a", "--y", "y", "--model", "linear", "--model", "poly:2"],
             ["--model", "given twice ('linear' and 'poly:2')"]),
            (["--features", "a", "--y", "y"], ["--features lists the x columns of --model multi",
                                               "add --model multi"]),
            (["--x", "a,b", "--y", "y"], ["several x columns (a,b) need --model multi"]),
            (["--model", "multi", "--x", "a", "--features", "b", "--y", "y"],
             ["not both"]),
            (["--x", "a", "--y", "y", "--delimiter", "ab"], ["--delimiter", "one character"]),
        ]
        for argv, words in cases:
            with self.subTest(argv=argv):
                code, out, err = run(["fit", path, *argv])
                self.assertEqual((code, out), (2, ""))
                self.assertEqual(err.count("\n"), 1, err)
                for word in words:
                    self.assertIn(word, err)


class ExamplesAndStateTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name

    def test_example_errors(self) -> None:
        cases = [
            (["--example", "iris", "--x", "a", "--y", "b"], ["iris", "heights"]),
            (["x.csv", "--example", "heights", "--x", "a", "--y", "b"], ["not both"]),
            (["--x", "a", "--y", "b"], ["--example NAME", "diabetes"]),
            (["--example", "heights", "--example", "wine", "--x", "a", "--y", "b"],
             ["given twice"]),
        ]
        for argv, words in cases:
            with self.subTest(argv=argv):
                code, out, err = run(["fit", *argv])
                self.assertEqual((code, out), (2, ""))
                self.assertEqual(err.count("\n"), 1, err)
                for word in words:
                    self.assertIn(word, err)

    def test_a_fit_stopped_and_resumed_gives_the_same_numbers(self) -> None:
        # Shuffled minibatches: the generator's state must travel in the state file too.
        state = os.path.join(self.folder, "state.json")
        argv = [*BOOK, "--optimizer", "sgd", "--lr", "0.01", "--batch-size", "16",
                "--seed", "3"]
        whole = fit_json([*argv, "--epochs", "20"])[1]
        code, first, _ = fit_json([*argv, "--epochs", "10", "--save-state", state])
        self.assertEqual(code, 3)
        code, rest, _ = fit_json([*BOOK, "--epochs", "10", "--resume", state])
        self.assertEqual(code, 3)
        self.assertEqual(rest["theta"], whole["theta"])
        self.assertNotEqual(first["theta"], whole["theta"])
        # The table says where it resumed; the state file can be written over as it goes.
        code, out, _ = run(["fit", *BOOK, "--epochs", "10", "--resume", state,
                            "--save-state", state])
        self.assertIn(f"(resumed from {state}: 20 in all)", out)

    def test_resume_refuses_other_settings_and_other_files(self) -> None:
        state = os.path.join(self.folder, "state.json")
        self.assertEqual(run(["fit", *BOOK, "--epochs", "2", "--save-state", state])[0], 3)
        junk = write(self.folder, "junk.json", "[1, 2]")
        cases = [
            ([*BOOK, "--resume", state, "--lr", "0.1"], ["leave out --lr"]),
            ([*WINE, "--resume", state], ["saved fitting"]),
            ([*BOOK, "--resume", junk], ["not a state written by vecgd fit --save-state"]),
            ([*BOOK, "--resume", os.path.join(self.folder, "none.json")], ["cannot read"]),
            ([*BOOK, "--save-state", os.path.join(self.folder, "no", "s.json")],
             ["no such folder"]),
        ]
        for argv, words in cases:
            with self.subTest(argv=argv[-2:]):
                code, out, err = run(["fit", *argv])
                self.assertEqual((code, out), (2, ""))
                self.assertEqual(err.count("\n"), 1, err)
                for word in words:
                    self.assertIn(word, err)

    def test_a_schedule_that_drives_lr_to_zero_is_named_in_one_line(self) -> None:
        # lr 0 is a valid lr (PyTorch's cosine reaches it); the fit stops moving, and the
        # verdict's one line says which schedule took it there, and when.
        for spec, epoch in [("cosine:10", 11), ("exponential:1e-300", 2)]:
            with self.subTest(spec):
                code, out, err = run(["fit", *BOOK, "--optimizer", "adam", "--lr", "0.001",
                                      "--schedule", spec, "--epochs", "20"])
                self.assertEqual(code, 3)
                self.assertEqual(err.count("\n"), 1, err)
                self.assertIn(f"try a schedule that keeps lr up (--schedule {spec} took lr to ",
                              err)
                self.assertIn(f"in epoch {epoch}: give it a floor", err)

ROOT = Path(__file__).resolve().parent.parent


class ShippedDataTest(unittest.TestCase):
    """The README's commands need no file of the repository (CI runs them installed)."""

    def test_readme_commands_name_their_data_by_example(self) -> None:
        commands = load_script("installed_readme").commands()
        self.assertIn(["demo"], commands)
        fits = [argv for argv in commands if argv[0] == "fit"]
        self.assertGreaterEqual(len(fits), 5)
        for argv in fits:
            with self.subTest(argv=argv[:3]):
                self.assertEqual(argv[1], "--example")
                self.assertFalse([a for a in argv if a.endswith((".csv", ".txt", ".tsv"))])

    def test_every_data_file_is_package_data(self) -> None:
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        self.assertIn('"examples/*.csv"', pyproject)
        self.assertIn('"examples/README.md"', pyproject)
        names = sorted(p.stem for p in (ROOT / "vecgd" / "examples").glob("*.csv"))
        self.assertEqual(names, ["daily_minutes", "diabetes", "heights", "wine"])
        sources = (ROOT / "vecgd" / "examples" / "README.md").read_text(encoding="utf-8")
        for name in names:
            self.assertIn(f"`{name}`", sources)


if __name__ == "__main__":
    unittest.main()
