"""Tests for ``vecgd fit --loss ... --penalty ...`` (vecgd/cli/_losses.py)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
import unittest
from typing import List, Tuple

from tests.support import assert_vectors_close
from vecgd import L2, Linear, logistic_optimum
from vecgd.cli import main
from vecgd.cli.families import LOSSES, PENALTIES

# Overlapping classes: not separable, so log loss has a finite optimum.
XS = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5]
YS = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]


def run(argv: List[str]) -> Tuple[int, str, str]:
    """Return (exit status, stdout, stderr) of main(argv)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


class FitLossesTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.labels = os.path.join(folder.name, "labels.csv")
        with open(self.labels, "w", encoding="utf-8") as file:
            file.write("x,y\n" + "".join(f"{x},{y}\n" for x, y in zip(XS, YS)))
        self.separable = os.path.join(folder.name, "separable.csv")
        with open(self.separable, "w", encoding="utf-8") as file:
            file.write("x,y\n-2,0\n-1,0\n1,1\n2,1\n")
        self.common = ["--x", "x", "--y", "y", "--optimizer", "sgd", "--lr", "0.5",
                       "--epochs", "3000", "--quiet"]

    def test_log_loss_prints_theta_beside_newtons_optimum_and_the_classes(self) -> None:
        code, out, _ = run(["fit", self.labels, *self.common, "--loss", "log",
                            "--penalty", "l2", "--alpha", "0.01"])
        self.assertEqual(code, 0)
        for words in ("exact optimum", "accuracy", "log loss", "class 0: right/wrong",
                      "class 1: right/wrong", "penalty L2(alpha=0.01)",
                      "converged: theta is within"):
            self.assertIn(words, out)

    def test_json_holds_the_fit_the_optimum_and_the_counts(self) -> None:
        code, out, _ = run(["fit", self.labels, *self.common, "--loss", "log", "--json"])
        self.assertEqual(code, 0)
        report = json.loads(out)
        # Without a penalty the optimum is the same, in data units, scaled or not.
        exact = logistic_optimum(Linear(), XS, YS)
        assert_vectors_close(self, report["exact"]["theta"], exact, rel=1e-9)
        assert_vectors_close(self, report["theta"], exact, rel=1e-6)
        counts = report["classes"]
        right = counts["0"]["right"] + counts["1"]["right"]
        self.assertEqual(counts["0"]["right"] + counts["0"]["wrong"], YS.count(0))
        self.assertEqual(counts["1"]["right"] + counts["1"]["wrong"], YS.count(1))
        self.assertEqual(report["accuracy"], right / len(YS))
        self.assertEqual((report["loss"], report["penalty"]), ("log", "none"))

    def test_separable_classes_are_reported_as_not_converging(self) -> None:
        code, out, err = run(["fit", self.separable, *self.common, "--loss", "log"])
        self.assertEqual(code, 3)
        self.assertIn("vecgd: did not converge: the classes are separable", err)
        self.assertIn("does not converge", err)
        self.assertEqual(err.count("\n"), 1)
        self.assertNotIn("nan", out.lower())
        self.assertNotIn("diverged", out + err)

    def test_the_default_step_stops_at_the_optimum_of_a_packaged_example(self) -> None:
        # 203 rows, 3 unscaled features; Polyak's heavy ball from log loss's own Hessian.
        for alpha, most in (("0.01", 60), ("0.0001", 600)):
            with self.subTest(alpha=alpha):
                code, out, err = run(["fit", "--example", "daily_minutes", "--model", "multi",
                                      "--features", "friends,work_hours,daily_minutes",
                                      "--y", "phd", "--loss", "log", "--penalty", "l2",
                                      "--alpha", alpha, "--quiet", "--json"])
                report = json.loads(out)
                self.assertEqual((code, err, report["converged"]), (0, "", True))
                self.assertEqual(report["stop_reason"], "optimum")
                self.assertLess(report["epochs"], most)
                self.assertLessEqual(report["distance"], 1e-7)
                gap = math.dist(report["theta"], report["exact"]["theta"]) / math.hypot(
                    *report["exact"]["theta"])
                self.assertEqual(report["distance"], gap)

    def test_theta_short_of_the_optimum_did_not_converge(self) -> None:
        code, out, err = run(["fit", self.labels, "--x", "x", "--y", "y", "--optimizer", "sgd",
                              "--lr", "0.01", "--epochs", "20", "--quiet", "--loss", "log",
                              "--penalty", "l2"])
        self.assertEqual(code, 3)
        self.assertRegex(err, r"^vecgd: did not converge: theta is \S+ from the exact optimum "
                              r"\(relative; 1e-06 needed\) after 20 epochs: try more --epochs; "
                              r"leave out --lr for the step from the Hessian\n$")
        self.assertNotIn("converged", out)

    def test_without_an_exact_optimum_the_fit_stops_on_a_plateau_unjudged(self) -> None:
        code, out, err = run(["fit", self.labels, "--x", "x", "--y", "y", "--loss", "huber",
                              "--quiet", "--json"])
        report = json.loads(out)
        self.assertEqual((code, err, report["converged"]), (0, "", None))
        self.assertEqual(report["stop_reason"], "plateau")
        self.assertLess(report["epochs"], 20000)
        self.assertIn("not judged", report["note"])

    def test_a_saved_and_resumed_loss_fit_gives_the_same_numbers(self) -> None:
        state = os.path.join(os.path.dirname(self.labels), "state.json")
        argv = ["fit", self.labels, "--x", "x", "--y", "y", "--loss", "log", "--penalty", "l1",
                "--alpha", "0.01", "--quiet", "--json"]
        batches = ["--batch-size", "1"]  # per sample, shuffled: the L1 sums u and q are saved
        whole = json.loads(run([*argv, *batches, "--epochs", "30"])[1])
        run([*argv, *batches, "--epochs", "12", "--save-state", state])
        rest = json.loads(run([*argv, "--epochs", "18", "--resume", state])[1])
        self.assertEqual(rest["theta"], whole["theta"])
        code, _, err = run(["fit", self.labels, "--x", "x", "--y", "y", "--loss", "log",
                            "--penalty", "l2", "--alpha", "0.01", "--resume", state])
        self.assertEqual(code, 2)
        self.assertIn("resume state was saved with penalty='L1(alpha=0.01)' "
                      "(got 'L2(alpha=0.01)')", err)

    def test_labels_other_than_0_and_1_are_a_usage_error(self) -> None:
        code, _, err = run(["fit", self.labels, "--x", "y", "--y", "x", "--loss", "hinge"])
        self.assertEqual(code, 2)
        self.assertIn("--loss hinge needs labels 0 and 1 in column x (got 0.5 in data row 2)",
                      err)

    def test_alpha_and_l1_ratio_without_their_penalty_are_usage_errors(self) -> None:
        for argv, words in ((["--alpha", "0.1"], "--alpha sets a penalty's strength"),
                            (["--penalty", "l2", "--l1-ratio", "0.5"],
                             "--l1-ratio mixes the elastic net")):
            with self.subTest(argv=argv):
                code, _, err = run(["fit", self.labels, "--x", "x", "--y", "y", "--loss", "log",
                                    *argv])
                self.assertEqual(code, 2)
                self.assertIn(words, err)

    def test_a_robust_loss_has_no_exact_answer_here(self) -> None:
        code, out, _ = run(["fit", self.labels, *self.common, "--loss", "huber",
                            "--penalty", "elasticnet", "--alpha", "0.1", "--l1-ratio", "0.5"])
        self.assertEqual(code, 0)
        self.assertIn("no closed form", out)
        self.assertIn("ElasticNet(alpha=0.1, l1_ratio=0.5)", out)

    def test_squared_without_penalty_is_fits_own_report(self) -> None:
        common = ["--x", "x", "--y", "y", "--optimizer", "sgd", "--lr", "0.02",  # a small lr
                  "--epochs", "300", "--quiet"]
        plain = run(["fit", self.labels, *common])
        named = run(["fit", self.labels, *common, "--loss", "squared", "--penalty", "none"])
        self.assertEqual(plain, named)
        self.assertIn("least squares", plain[1])

    def test_the_options_are_checked_and_listed(self) -> None:
        for argv in (["--alpha", "-1"], ["--l1-ratio", "2"], ["--loss", "cross-entropy"],
                     ["--penalty", "l3"], ["--alpha", "x"]):
            with self.subTest(argv=argv):
                code, _, err = run(["fit", self.labels, "--x", "x", "--y", "y", *argv])
                self.assertEqual(code, 2)
                self.assertIn(argv[0], err)
        code, out, _ = run(["fit", "--help"])
        self.assertEqual(code, 0)
        for name in [*LOSSES, *PENALTIES, "--l1-ratio", "never on the intercept"]:
            self.assertIn(name, out)

    def test_penalties_table_builds_scikit_learns_penalties(self) -> None:
        make = PENALTIES["l2"]
        self.assertIsNotNone(make)
        if make is not None:
            self.assertEqual(make(0.5, 0.15), L2(0.5))
        self.assertIsNone(PENALTIES["none"])


BOOK = ["fit", "--example", "daily_minutes", "--model", "multi", "--features",
        "friends,work_hours,phd", "--y", "daily_minutes", "--quiet"]


class LossVerdictTest(unittest.TestCase):
    """Exit statuses of the loss/penalty path: 1 diverged, 3 did not converge."""

    def test_an_objective_that_grows_without_bound_is_a_divergence(self) -> None:
        # Before: exit 0, theta [0, 0, 0, 0], stop_reason plateau (3.7e7, 1.6e12, 7.8e16 ...).
        code, out, err = run([*BOOK, "--penalty", "l2", "--optimizer", "sgd", "--lr", "100",
                              "--json"])
        self.assertEqual(code, 1, err)
        self.assertEqual(out, "")
        self.assertIn("the fit diverged in epoch", err)
        self.assertIn("try a smaller --lr, such as 10.0", err)
        # squared error + L2(1e-4) on the scaled features: 2 / (lambda_max + alpha)
        self.assertIn("plain descent is stable below 2/lambda_max = 0.62", err)
        self.assertEqual(err.count("\n"), 1)

    def test_a_huge_lr_with_huber_is_a_divergence_naming_hubers_limit(self) -> None:
        code, _, err = run([*BOOK, "--loss", "huber", "--optimizer", "sgd", "--lr", "1e300"])
        self.assertEqual(code, 1, err)
        self.assertIn("with lr 1e+300", err)
        # Huber's curvature is at most half of squared error's: twice its limit
        self.assertIn("stable below 2/lambda_max = 1.24", err)

    def test_a_fit_that_runs_out_of_epochs_still_improving_did_not_converge(self) -> None:
        code, out, err = run([*BOOK, "--loss", "huber", "--epochs", "5", "--json"])
        self.assertEqual(code, 3, err)
        report = json.loads(out)
        self.assertEqual((report["stop_reason"], report["converged"]), ("epochs", False))
        self.assertIn("did not converge: still improving after 5 epochs", err)

    def test_a_plateau_without_an_optimum_is_not_judged(self) -> None:
        code, out, err = run([*BOOK, "--loss", "epsilon-insensitive", "--json"])
        self.assertEqual(code, 0, err)
        report = json.loads(out)
        self.assertEqual((report["stop_reason"], report["converged"]), ("plateau", None))

    def test_plot_draws_the_objective_or_the_fits(self) -> None:
        # Before: --plot was silently dropped with any --loss or --penalty.
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        curve = os.path.join(folder.name, "objective.svg")
        code, out, err = run([*BOOK, "--penalty", "l2", "--plot", curve])
        self.assertIn(code, (0, 3), err)
        self.assertIn(f"wrote {curve}", out)
        with open(curve, encoding="utf-8") as file:
            picture = file.read()
        self.assertTrue(picture.startswith("<svg") or "<svg" in picture[:200])
        self.assertIn("Objective per epoch", picture)
        labels = os.path.join(folder.name, "labels.csv")
        with open(labels, "w", encoding="utf-8") as file:
            file.write("x,y\n" + "".join(f"{x},{y}\n" for x, y in zip(XS, YS)))
        line = os.path.join(folder.name, "fit.svg")
        code, out, err = run(["fit", labels, "--x", "x", "--y", "y", "--loss", "log", "--quiet",
                              "--plot", line])
        self.assertEqual(code, 0, err)
        with open(line, encoding="utf-8") as file:
            picture = file.read()
        self.assertIn("descent", picture)
        self.assertIn("exact optimum", picture)

    def test_ridge_is_judged_by_its_exact_optimum(self) -> None:
        # Before: "not judged" though ridge has a closed form.
        from vecgd import MultipleLinear, Standardizer, load_csv, ridge_optimum
        from vecgd.datasets import example
        xs, ys = load_csv(example("daily_minutes"), ["friends", "work_hours", "phd"],
                          "daily_minutes")
        for alpha in ("0.1", "0"):
            with self.subTest(alpha=alpha):
                code, out, err = run([*BOOK, "--penalty", "l2", "--alpha", alpha, "--json"])
                self.assertEqual(code, 0, err)
                report = json.loads(out)
                self.assertTrue(report["converged"])
                self.assertEqual(report["stop_reason"], "optimum")
                # the penalty is on the standardized weights, theta in data units
                scaler = Standardizer(MultipleLinear()).fit(xs)
                exact = scaler.to_data(ridge_optimum(MultipleLinear(), scaler.transform(xs), ys,
                                                     alpha=float(alpha)))
                assert_vectors_close(self, report["exact"]["theta"], exact, rel=1e-12)
                self.assertLessEqual(report["distance"], 1e-6)
        code, out, _ = run([*BOOK, "--penalty", "l2", "--alpha", "0.1", "--no-scale", "--json"])
        self.assertEqual(code, 0)
        assert_vectors_close(self, json.loads(out)["exact"]["theta"],
                             ridge_optimum(MultipleLinear(), xs, ys, alpha=0.1), rel=1e-12)

    def test_one_class_is_named_and_boolean_labels_say_what_to_write(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        one = os.path.join(folder.name, "one.csv")
        with open(one, "w", encoding="utf-8") as file:
            file.write("x,y\n1,0\n2,0\n3,0\n")
        code, _, err = run(["fit", one, "--x", "x", "--y", "y", "--loss", "log", "--quiet",
                            "--epochs", "50"])
        self.assertEqual(code, 3)
        self.assertIn("only one class in y (every label is 0)", err)
        self.assertNotIn("separable", err)
        words = os.path.join(folder.name, "words.csv")
        with open(words, "w", encoding="utf-8") as file:
            file.write("x,y\n1,False\n2,True\n")
        code, _, err = run(["fit", words, "--x", "x", "--y", "y", "--loss", "log"])
        self.assertEqual(code, 2)
        self.assertIn("write labels as numbers, 1 for True and 0 for False", err)

    def test_robust_losses_start_from_least_squares(self) -> None:
        from vecgd.cli._loss_stop import warm_start
        from vecgd.losses import EpsilonInsensitive, Huber, LogLoss
        self.assertEqual(warm_start(Huber(), [1.0, 2.0], [0.0, 0.0]), [1.0, 2.0])
        self.assertEqual(warm_start(EpsilonInsensitive(), [1.0, 2.0], [0.0, 0.0]), [1.0, 2.0])
        self.assertEqual(warm_start(LogLoss(), [1.0, 2.0], [0.0, 0.0]), [0.0, 0.0])

    def test_stable_limit_of_each_loss(self) -> None:
        from vecgd.cli._loss_stop import stable_limit
        from vecgd.losses import L1, ElasticNet, Hinge, Huber, LogLoss, SquaredError
        self.assertEqual(stable_limit(SquaredError(), None, 4.0), 0.5)
        self.assertEqual(stable_limit(Huber(), L2(1.0), 4.0), 2 / 3)
        self.assertEqual(stable_limit(LogLoss(), ElasticNet(1.0, 0.5), 4.0), 2 / 1.0)
        self.assertEqual(stable_limit(SquaredError(), L1(1.0), 4.0), 0.5)
        self.assertIsNone(stable_limit(Hinge(), None, 4.0))
        self.assertIsNone(stable_limit(SquaredError(), None, math.inf))


if __name__ == "__main__":
    unittest.main()
