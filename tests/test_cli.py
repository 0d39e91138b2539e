"""Tests for vecgd.cli: every subcommand through main(argv) and through `python -m vecgd`."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import List, Tuple
from unittest import mock

from tests.support import assert_close, assert_vectors_close
from vecgd.cli import main
from vecgd.cli._data import lesson
from vecgd.cli.check import CHECKED
from vecgd.cli.compare import race_lr
from vecgd.cli.families import (
    MODELS,
    OPTIMIZERS,
    SCHEDULES,
    make_model,
    make_schedule,
    parse_model,
    parse_schedule,
)
from vecgd.models import MultipleLinear, Polynomial, Proportional

ROOT = Path(__file__).resolve().parent.parent
HEIGHTS = str(ROOT / "vecgd" / "examples" / "heights.csv")
NO_SUBPROCESS = sys.platform == "emscripten"
PICTURES = ["line_fit.svg", "line_fit_frames.svg", "race_contour.svg", "race_fits.svg",
            "race_losses.svg"]


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, to see the progress line."""

    def isatty(self) -> bool:
        return True


def run(argv: List[str], stdin: str | None = None,
        stderr: io.StringIO | None = None) -> Tuple[int, str, str]:
    """Return (exit status, stdout, stderr) of main(argv), with stdin given as text."""
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if stdin is not None:
            stack.enter_context(mock.patch("sys.stdin", io.StringIO(stdin)))
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def write(folder: str, name: str, text: str) -> str:
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def parses_as_svg(test: unittest.TestCase, path: str) -> None:
    root = ElementTree.parse(path).getroot()
    test.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg", path)


class CommandLineTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name
        # y = 3x - 2 exactly: least squares is [3, -2] by hand.
        self.line = write(self.folder, "line.csv",
                          "x,y\n" + "".join(f"{x},{3 * x - 2}\n" for x in range(10)))

    def test_version_is_the_packages(self) -> None:
        self.assertEqual(run(["--version"]), (0, "vecgd 0.1.0\n", ""))

    def test_every_subcommand_has_help_with_an_example(self) -> None:
        for command in ["demo", "fit", "compare", "check"]:
            with self.subTest(command):
                code, out, err = run([command, "--help"])
                self.assertEqual((code, err), (0, ""))
                self.assertIn(f"usage: vecgd {command}", out)
                self.assertIn(f"python -m vecgd {command}", out)

    def test_help_names_the_documents_and_seeds_only_random_numbers(self) -> None:
        for command in ["demo", "fit", "compare", "check"]:
            with self.subTest(command):
                text = run([command, "--help"])[1]
                # Only a random seed (--seed of fit and check) may be called a seed.
                lines = [line for line in text.splitlines() if "seed" in line.lower()]
                self.assertTrue(all("--seed" in line or "SEED" in line for line in lines), lines)

    def test_no_command_prints_the_help(self) -> None:
        code, out, _ = run([])
        self.assertEqual(code, 0)
        for command in ["demo", "fit", "compare", "check"]:
            self.assertIn(command, out)

    def test_demo_prints_the_fit_the_race_and_writes_svgs_that_parse(self) -> None:
        out_dir = os.path.join(self.folder, "pictures")
        code, out, err = run(["demo", "--out", out_dir])
        self.assertEqual((code, err), (0, ""))
        # The lesson's descent from (-1, 1), 400 updates (scripts/reproduce_000.py's last frame).
        self.assertIn("frame 40: a =  3.2435, b =  7.8437, RMSE = 0.0611", out)
        self.assertIn("least squares: a = 3.0000, b = 8.0000", out)
        for name in ["SGD", "Momentum", "AdaGrad", "RMSprop", "Adam", "AdamW", "target"]:
            self.assertIn(name, out)
        self.assertEqual(sorted(os.listdir(out_dir)), PICTURES)
        for name in PICTURES:
            self.assertIn(os.path.join(out_dir, name), out)
            parses_as_svg(self, os.path.join(out_dir, name))
        # Frames counted as the terminal counts them: 41, from 0 (the start) to 40.
        self.assertIn("41 frames, 0 (the start) to 40", out)
        animation = Path(out_dir, "line_fit.svg").read_text(encoding="utf-8")
        self.assertIn("41 frames, 0 to 40", animation)
        self.assertIn("frame 0/40: slope -1, intercept 1<", animation)
        self.assertIn("frame 40/40: slope 3.24", animation)
        self.assertNotIn("frame 41", animation)
        # The documents are named, never numbered ("seed 000") where a user reads.
        self.assertIn("The line-fit lesson", out)
        self.assertIn("the optimizer lesson's data", out)
        for text in [out, *(Path(out_dir, name).read_text(encoding="utf-8") for name in PICTURES)]:
            self.assertNotIn("seed", text.lower())

    def test_fit_json_agrees_with_least_squares_on_clean_data(self) -> None:
        code, out, err = run(["fit", self.line, "--x", "x", "--y", "y", "--json"])
        self.assertEqual((code, err), (0, ""))
        report = json.loads(out)
        self.assertEqual(report["parameters"], ["slope", "intercept"])
        self.assertEqual(report["least_squares"]["theta"], [3.0, -2.0])
        self.assertEqual(report["least_squares"]["loss"], 0.0)
        assert_vectors_close(self, report["theta"], [3.0, -2.0], rel=1e-6)
        self.assertLess(report["loss"], 1e-10)
        # The default: the heavy ball from the Hessian, stopped on a small gradient.
        self.assertEqual((report["rows"], report["optimizer"], report["stop_reason"]),
                         (10, "momentum", "gradient"))
        self.assertIs(report["converged"], True)
        self.assertLessEqual(report["distance"], 1e-6)

    def test_fit_prints_theta_by_name_beside_least_squares(self) -> None:
        code, out, _ = run(["fit", HEIGHTS, "--x", "height_cm", "--y", "weight_kg"])
        self.assertEqual(code, 0)
        lines = out.splitlines()
        slope = next(line for line in lines if line.startswith("slope"))
        intercept = next(line for line in lines if line.startswith("intercept"))
        # Defaults converge on the sample: 6 digits of descent agree with least squares.
        self.assertEqual(slope.split()[1:3], ["0.73754", "0.73754"])
        self.assertEqual(intercept.split()[1:3], ["-57.2151", "-57.2151"])
        self.assertIn("converged: theta is", out)

    def test_fit_models_name_their_parameters(self) -> None:
        # y = x**2 + 2 on x = -2..2: least squares [1, 0, 2] by hand.
        quadratic = write(self.folder, "q.csv", "x,y\n-2,6\n-1,3\n0,2\n1,3\n2,6\n")
        plane = write(self.folder, "p.csv", "a,b,y\n0,0,1\n1,0,3\n0,1,4\n1,1,6\n2,1,8\n")
        cases = [
            ("poly:2", quadratic, ["--x", "x"], ["w_2", "w_1", "b"], [1.0, 0.0, 2.0]),
            ("proportional", quadratic, ["--x", "x"], ["w"], [0.0]),
            ("multi", plane, ["--features", "a,b"], ["a", "b", "intercept"], [2.0, 3.0, 1.0]),
            # Columns given by index are named by the header.
            ("multi", plane, ["--x", "0,1"], ["a", "b", "intercept"], [2.0, 3.0, 1.0]),
        ]
        for model, path, columns, names, exact in cases:
            with self.subTest(model=model, columns=columns):
                code, out, err = run(["fit", path, *columns, "--y", "y", "--model", model,
                                      "--json", "--epochs", "3000"])
                self.assertEqual((code, err), (0, ""))
                report = json.loads(out)
                self.assertEqual(report["parameters"], names)
                assert_vectors_close(self, report["least_squares"]["theta"], exact, abs=1e-12)
                assert_vectors_close(self, report["theta"], exact, abs=1e-3)

    def test_fit_reads_standard_input_and_columns_by_index(self) -> None:
        text = "x,y\n" + "".join(f"{x},{3 * x - 2}\n" for x in range(10))
        code, out, _ = run(["fit", "-", "--x", "0", "--y", "1", "--json", "--epochs", "10"],
                           stdin=text)
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out)["file"], "standard input")

    def test_fit_options_batches_seed_schedule_and_plot(self) -> None:
        plot = os.path.join(self.folder, "fit.svg")
        argv = ["fit", self.line, "--x", "x", "--y", "y", "--optimizer", "sgd", "--lr", "0.01",
                "--epochs", "200", "--batch-size", "3", "--seed", "7", "--schedule",
                "step:50:0.5", "--json"]
        first, second = run(argv), run([*argv, "--plot", plot])
        # Minibatch steps with a constant lr wander about the answer: an honest exit 3.
        self.assertEqual(first[0], 3)
        self.assertIn("did not converge", first[2])
        self.assertIn("leave out --batch-size", first[2])
        self.assertEqual(json.loads(first[1])["theta"], json.loads(second[1])["theta"])
        self.assertEqual(json.loads(first[1])["schedule"], "step:50:0.5")
        parses_as_svg(self, plot)
        for schedule in ["exponential:0.99", "cosine:200", "multistep:50,100", "plateau",
                         "invscaling", "adaptive", "none"]:
            with self.subTest(schedule=schedule):
                code, _, err = run(["fit", self.line, "--x", "x", "--y", "y", "--epochs", "200",
                                    "--schedule", schedule])
                self.assertEqual((code, err), (0, ""))
        code, _, _ = run(["fit", self.line, "--x", "x", "--y", "y", "--epochs", "50",
                          "--schedule", "annealing", "--optimizer", "adam"])
        self.assertEqual(code, 3)  # Adam, 50 epochs at lr 0.1 annealed: near, not within 1e-6

    def test_compare_races_every_optimizer_on_the_lesson_by_default(self) -> None:
        plot = os.path.join(self.folder, "race.svg")
        code, out, err = run(["compare", "--epochs", "10", "--plot", plot])
        self.assertEqual((code, err), (0, ""))
        self.assertIn("the optimizer lesson's data", out)
        rows = [line.split()[0] for line in out.splitlines() if line.strip()]
        for name in ["SGD", "Momentum", "AdaGrad", "RMSprop", "Adam", "AdamW", "least"]:
            self.assertIn(name, rows)
        self.assertIn("target: loss <=", out)
        parses_as_svg(self, plot)

    def test_compare_a_file_with_learning_rates_into_a_folder(self) -> None:
        out_dir = os.path.join(self.folder, "race")
        code, out, _ = run(["compare", HEIGHTS, "--x", "height_cm", "--y", "weight_kg",
                            "--epochs", "5", "--lr", "adam=0.05", "--lr", "1e-6", "--out", out_dir])
        self.assertEqual(code, 0)
        lr_column = {line.split()[0]: line.split()[1] for line in out.splitlines()
                     if line.split()[:1] and line.split()[0] in ("SGD", "Adam", "AdamW")}
        self.assertEqual(lr_column, {"SGD": "1e-06", "Adam": "0.05", "AdamW": "1e-06"})
        self.assertEqual(sorted(os.listdir(out_dir)), ["heights-contour.svg", "heights-losses.svg"])

    def test_compare_counts_epochs_to_the_target(self) -> None:
        # AdaGrad with lr 3 reaches the target on the lesson in under 50 epochs; SGD does not.
        code, out, _ = run(["compare", "--lr", "adagrad=3"])
        self.assertEqual(code, 0)
        rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
        self.assertEqual(rows["SGD"][3], "-")
        self.assertLessEqual(int(rows["AdaGrad"][3]), 50)

    def test_compare_other_models_and_data_without_scale(self) -> None:
        # All x = 0: no row length to scale SGD's lr by, and no single least-squares w.
        zeros = write(self.folder, "zeros.csv", "x,y\n0,1\n0,2\n")
        cases = [["compare", "--model", "poly:2", "--epochs", "3"],
                 ["compare", zeros, "--x", "x", "--y", "y", "--model", "proportional",
                  "--epochs", "3", "--plot", os.path.join(self.folder, "zeros.svg")]]
        for argv in cases:
            with self.subTest(argv=argv):
                code, out, err = run(argv)
                self.assertEqual((code, err), (0, ""))
                self.assertIn("target: loss <=", out)
        self.assertIn("no contour map: the model has 1 parameters", out)

    def test_check_passes_every_built_in_model(self) -> None:
        code, out, err = run(["check", "--seed", "3"])
        self.assertEqual((code, err), (0, ""))
        for name in ["Linear()", "Proportional()", "Polynomial(degree=2)", "MultipleLinear()"]:
            self.assertIn(name, out)
        for method in ["forward", "central", "complex", "richardson"]:
            self.assertIn(method, out)
        self.assertIn("5 of 5 models ok", out)
        # Every built-in model takes the complex step (MultipleLinear's fsum too, issue 16).
        self.assertEqual([line for line in out.splitlines() if line.startswith("note:")], [])

    def test_progress_shows_on_a_terminal_only(self) -> None:
        # Adam at a small lr runs all its 100 epochs (and does not converge: exit 3).
        argv = ["fit", self.line, "--x", "x", "--y", "y", "--epochs", "100", "--optimizer",
                "adam", "--lr", "0.001"]
        terminal = Terminal()
        self.assertEqual(run(argv, stderr=terminal)[0], 3)
        self.assertIn("fit: epoch 100/100", terminal.getvalue())
        quiet = Terminal()
        run([*argv, "--quiet"], stderr=quiet)
        self.assertNotIn("epoch 1/", quiet.getvalue())
        self.assertTrue(quiet.getvalue().startswith("vecgd: did not converge"))
        piped = run(argv)[2]  # a StringIO is not a terminal: piped
        self.assertNotIn("\r", piped)
        self.assertEqual(piped.count("\n"), 1)

    def test_errors_are_one_line_with_the_right_status(self) -> None:
        f = self.folder
        bad = {
            "empty": write(f, "empty.csv", ""),
            "header": write(f, "header.csv", "x,y\n"),
            "text": write(f, "text.csv", "x,y\n1,2\n2,n/a\n"),
            "nan": write(f, "nan.csv", "x,y\nnan,2\n"),
            "ragged": write(f, "ragged.csv", "x,y\n1,2\n3\n"),
            "huge": write(f, "huge.csv", "x,y\n1,1e308\n2,-1e308\n3,1e308\n"),
            "huge x": write(f, "hugex.csv", "x,y\n1e200,1\n-1e200,2\n2e200,1\n"),
        }
        fit = ["fit", self.line, "--x", "x", "--y", "y"]
        cases = [
            ("missing file", ["fit", os.path.join(f, "nope.csv"), "--x", "x", "--y", "y"], 2,
             ["nope.csv", "cannot read the file"]),
            ("a folder", ["fit", f, "--x", "x", "--y", "y"], 2, ["cannot read the file"]),
            ("empty file", ["fit", bad["empty"], "--x", "x", "--y", "y"], 2,
             ["empty.csv", "the file is empty"]),
            ("empty stdin", ["fit", "-", "--x", "x", "--y", "y"], 2, ["<stdin>", "empty"]),
            ("no data rows", ["fit", bad["header"], "--x", "x", "--y", "y"], 2,
             ["header.csv", "no data rows"]),
            ("unknown column", ["fit", self.line, "--x", "height", "--y", "y"], 2,
             ["line.csv:1: column 'height': no such column", "'x', 'y'"]),
            ("unknown index", ["fit", self.line, "--x", "7", "--y", "y"], 2,
             ["column 7: no such column"]),
            ("non-numeric cell", ["fit", bad["text"], "--x", "x", "--y", "y"], 2,
             ["text.csv:3: column 'y': not a number (got 'n/a')"]),
            ("non-finite cell", ["fit", bad["nan"], "--x", "x", "--y", "y"], 2,
             ["nan.csv:2: column 'x': must be finite (got 'nan')"]),
            ("ragged row", ["fit", bad["ragged"], "--x", "x", "--y", "y"], 2,
             ["ragged.csv:3: row has 1 cells, the header has 2"]),
            ("unknown model", [*fit, "--model", "cubic"], 2, ["unknown model 'cubic'"]),
            ("poly without degree", [*fit, "--model", "poly:"], 2, ["unknown model"]),
            ("unknown optimizer", [*fit, "--optimizer", "lion"], 2, ["--optimizer", "lion"]),
            ("zero lr", [*fit, "--lr", "0"], 2, ["--lr", "positive"]),
            ("negative lr", [*fit, "--lr", "-0.1"], 2, ["--lr", "positive"]),
            ("infinite lr", [*fit, "--lr", "inf"], 2, ["--lr", "positive"]),
            ("lr not a number", [*fit, "--lr", "fast"], 2, ["--lr", "not a number"]),
            ("zero epochs", [*fit, "--epochs", "0"], 2, ["--epochs", "at least 1"]),
            ("diverged", [*fit, "--optimizer", "sgd", "--lr", "10"], 1,
             ["diverged", "try a smaller --lr, such as 1.0"]),
            ("no --y", ["fit", self.line, "--x", "x"], 2, ["--y"]),
            ("no --x", ["fit", self.line, "--y", "y"], 2, ["--x"]),
            ("several x without multi", [*fit, "--features", "x"], 2, ["--model multi"]),
            ("unknown schedule", [*fit, "--schedule", "warmup"], 2, ["unknown schedule"]),
            ("schedule number", [*fit, "--schedule", "step:ten"], 2, ["not a number"]),
            ("schedule refused", [*fit, "--schedule", "step:0"], 2, ["StepLR", "step_size"]),
            ("annealing needs adam", [*fit, "--optimizer", "sgd", "--schedule", "annealing"], 2,
             ["Annealing"]),
            ("plot folder missing", [*fit, "--plot", os.path.join(f, "no", "x.svg")], 2,
             ["cannot write"]),
            ("repeated --x", [*fit, "--x", "y"], 2, ["--x", "given twice ('x' and 'y')"]),
            ("repeated --y", [*fit, "--y", "x"], 2, ["--y", "given twice"]),
            ("bad delimiter", [*fit, "--delimiter", "ab"], 2, ["--delimiter", "one character"]),
            ("unknown example", ["fit", "--example", "iris", "--x", "a", "--y", "b"], 2,
             ["no data file named 'iris'", "heights"]),
            ("file and example", [*fit, "--example", "heights"], 2, ["not both"]),
            ("no data at all", ["fit", "--x", "x", "--y", "y"], 2, ["--example NAME"]),
            ("resume a missing state", [*fit, "--resume", os.path.join(f, "none.json")], 2,
             ["cannot read the file"]),
            ("resume with --lr", [*fit, "--resume", bad["text"], "--lr", "0.1"], 2,
             ["not a state written by"]),
            ("state folder missing", [*fit, "--save-state", os.path.join(f, "no", "s.json")], 2,
             ["cannot write", "no such folder"]),
            ("y overflows", ["fit", bad["huge"], "--x", "x", "--y", "y"], 2,
             ["the loss overflows: y reaches 1e+308", "no --lr can help"]),
            ("x overflows unscaled", ["fit", bad["huge x"], "--x", "x", "--y", "y", "--no-scale"],
             2, ["x reaches 2e+200", "leave out --no-scale"]),
            ("powers overflow", ["fit", bad["huge x"], "--x", "x", "--y", "y", "--model",
                                 "poly:2"], 2, ["features overflow", "divide x"]),
            ("unknown command", ["train"], 2, ["invalid choice: 'train'"]),
            ("compare columns without file", ["compare", "--x", "x"], 2, ["FILE.csv"]),
            ("compare unknown optimizer lr", ["compare", "--lr", "lion=0.1"], 2,
             ["unknown optimizer 'lion'"]),
            ("compare multi without file", ["compare", "--model", "multi"], 2, ["--features"]),
            ("compare bad file", ["compare", bad["text"], "--x", "x", "--y", "y"], 2,
             ["text.csv:3"]),
            ("demo into a file", ["demo", "--out", self.line], 2, ["cannot make the folder"]),
        ]
        for name, argv, status, words in cases:
            with self.subTest(name):
                code, out, err = run(argv, stdin="" if "-" in argv else None)
                self.assertEqual(code, status, err)
                self.assertEqual(out, "")
                self.assertTrue(err.startswith("vecgd: error: "), err)
                self.assertEqual(err.count("\n"), 1, err)
                self.assertNotIn("Traceback", err)
                for word in words:
                    self.assertIn(word, err)


class FamilyTablesTest(unittest.TestCase):
    """One table per family: help, parsing and construction all read from it."""

    # One spec per schedule kind; a new kind in the table needs one here.
    SCHEDULE_EXAMPLES = {
        "none": "none", "step": "step:50:0.5", "multistep": "multistep:50,100:0.5",
        "exponential": "exponential:0.99", "cosine": "cosine:200:0.001", "plateau": "plateau:0.5:3",
        "invscaling": "invscaling:0.25", "adaptive": "adaptive", "annealing": "annealing",
    }

    def setUp(self) -> None:
        self.fit_help = run(["fit", "--help"])[1]
        self.compare_help = run(["compare", "--help"])[1]

    @staticmethod
    def listed(help_text: str, name: str, words: str) -> bool:
        """Return True when a line of the help starts with name and holds words."""
        return any(line.split()[:1] == [name] and words in line
                   for line in help_text.splitlines())

    def test_every_optimizer_constructs_steps_and_is_in_the_help(self) -> None:
        for name, kind in OPTIMIZERS.items():
            with self.subTest(name):
                optimizer = kind.make(0.25)
                self.assertEqual(optimizer.lr, 0.25)
                # Every optimizer of the table moves a coordinate against a positive gradient.
                # L-BFGS (full batch) steps on the function: here x^2, whose gradient is 2 at 1.
                on = (lambda v: (v[0] ** 2, [2 * v[0]])) if kind.full_batch else [2.0]
                (after,) = optimizer.step([1.0], on)
                self.assertLess(after, 1.0)
                self.assertTrue(self.listed(self.fit_help, name, kind.help))
                self.assertTrue(self.listed(self.compare_help, name, kind.make.__name__))
        self.assertIn("{" + ",".join(OPTIMIZERS) + "}", self.fit_help)

    def test_race_lrs_come_from_the_table(self) -> None:
        # The optimizer lesson's longest design row is [99, 1]: |row|^2 = 9802, and
        # 0.5 / 9802 = 5.10e-05 to 2 digits.
        data = lesson()
        self.assertEqual(race_lr("sgd", data), 5.1e-05)
        self.assertEqual(race_lr("momentum", data), 5.1e-06)
        self.assertEqual([race_lr(name, data) for name in ["adagrad", "rmsprop", "adam", "adamw"]],
                         [1.0, 0.1, 0.1, 0.1])

    def test_every_schedule_parses_constructs_and_is_in_the_help(self) -> None:
        self.assertEqual(sorted(self.SCHEDULE_EXAMPLES), sorted(SCHEDULES))
        for name, kind in SCHEDULES.items():
            with self.subTest(name):
                spec = parse_schedule(self.SCHEDULE_EXAMPLES[name])
                self.assertEqual(spec.kind, name)
                schedule = make_schedule(spec, OPTIMIZERS["adam"].make(0.1))
                self.assertEqual(schedule is None, name == "none")
                self.assertTrue(self.listed(self.fit_help, kind.syntax, kind.help))

    def test_every_model_parses_constructs_and_is_checked(self) -> None:
        specs = {"linear": "linear", "proportional": "proportional", "poly": "poly:3",
                 "multi": "multi"}
        self.assertEqual(sorted(specs), sorted(MODELS))
        self.assertEqual(sorted({spec.split(":")[0] for spec, _ in CHECKED}), sorted(MODELS))
        for name, kind in MODELS.items():
            with self.subTest(name):
                self.assertEqual(parse_model(specs[name]), specs[name])
                self.assertIs(type(make_model(specs[name])), kind.make)
                self.assertTrue(self.listed(self.fit_help, kind.syntax, kind.help))
        self.assertEqual(make_model("poly:3"), Polynomial(3))

    def test_parameter_names_in_fit_come_from_the_models(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            line = write(folder, "line.csv", "x,y\n1,2\n2,4\n3,6\n")
            plane = write(folder, "plane.csv", "a,b,y\n0,0,1\n1,0,3\n0,1,4\n1,1,6\n")
            argv = ["fit", line, "--x", "x", "--y", "y", "--json", "--epochs", "2"]
            for spec, names in [("poly:3", Polynomial(3).parameter_names()),
                                ("proportional", Proportional().parameter_names())]:
                with self.subTest(spec):
                    report = json.loads(run([*argv, "--model", spec])[1])
                    self.assertEqual(report["parameters"], names)
            # A model that names its parameters otherwise is read, not a copy kept in the cli.
            with mock.patch.object(Proportional, "parameter_names", return_value=["k"]):
                code, out, _ = run([*argv[:-3], "--model", "proportional", "--epochs", "2"])
            self.assertEqual(code, 0)
            self.assertIn("theta = [k]", out)
            self.assertTrue(any(row.split()[:1] == ["k"] for row in out.splitlines()))
            # Columns name a model of feature vectors' weights; its own names give the count.
            report = json.loads(run(["fit", plane, "--features", "a,b", "--y", "y",
                                     "--model", "multi", "--json", "--epochs", "2"])[1])
            self.assertEqual(len(report["parameters"]),
                             len(MultipleLinear().parameter_names([0.0, 0.0])))
            self.assertEqual(report["parameters"], ["a", "b", "intercept"])


@unittest.skipIf(NO_SUBPROCESS, "Pyodide cannot start subprocesses")
class SubprocessTest(unittest.TestCase):
    """`python -m vecgd` from the repository root, as a user runs it."""

    def vecgd(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        return subprocess.run([sys.executable, "-m", "vecgd", *args], input=stdin,
                              capture_output=True, text=True, cwd=str(ROOT), env=env,
                              timeout=120, check=False)

    def test_the_real_demo(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            done = self.vecgd("demo", "--out", folder)
            self.assertEqual((done.returncode, done.stderr), (0, ""))  # piped: no progress
            self.assertIn("50 epochs of per-sample steps", done.stdout)
            for name in PICTURES:
                parses_as_svg(self, os.path.join(folder, name))

    def test_version_and_fit_from_a_pipe(self) -> None:
        self.assertEqual(self.vecgd("--version").stdout, "vecgd 0.1.0\n")
        done = self.vecgd("fit", "-", "--x", "0", "--y", "2", "--json",
                          stdin=Path(HEIGHTS).read_text(encoding="utf-8"))
        self.assertEqual(done.returncode, 0, done.stderr)
        assert_close(self, json.loads(done.stdout)["theta"][0], 0.7375396609554891, rel=1e-6)
        self.assertEqual(done.stderr, "")

    def test_an_error_is_one_line_without_traceback(self) -> None:
        done = self.vecgd("fit", "no-such-file.csv", "--x", "a", "--y", "b")
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        self.assertEqual(done.stderr,
                         "vecgd: error: no-such-file.csv: cannot read the file "
                         "(No such file or directory)\n")

    def test_import_vecgd_leaves_out_the_command_line_and_its_modules(self) -> None:
        code = ("import sys, vecgd; print(sorted(m for m in ('argparse', 'csv', 'json', "
                "'xml', 'vecgd.cli') if m in sys.modules))")
        done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True,
                              text=True, cwd=str(ROOT), timeout=60, check=True)
        self.assertEqual(done.stdout.strip(), "[]")


if __name__ == "__main__":
    unittest.main()
