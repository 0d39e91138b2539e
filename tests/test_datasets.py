"""Tests for vecgd.datasets: the documents' data, synthetic data, load_csv."""

from __future__ import annotations

import io
import math
import os
import tempfile
import unittest
from pathlib import Path
from typing import Any
from unittest import mock

import vecgd
from tests.support import assert_close, assert_vectors_close
from vecgd import (
    book_data,
    example,
    examples,
    lecture_data,
    lesson_data,
    line_data,
    load_csv,
    synthetic,
)


def line(theta: Any, x: Any) -> float:
    """The line theta[0]*x + theta[1], written here independently of vecgd's models."""
    return float(theta[0] * x + theta[1])


class Plane:
    """A model-like object: predict(theta, x) = theta[0]*x[0] + theta[1]*x[1] + theta[2]."""

    def predict(self, theta: Any, x: Any) -> float:
        return float(theta[0] * x[0] + theta[1] * x[1] + theta[2])


class DocumentDataTest(unittest.TestCase):
    def test_lecture_data_is_the_lectures_lists(self) -> None:
        self.assertEqual(lecture_data(), ([1, 2, 3], [2, 4, 6]))

    def test_lesson_data_is_the_lessons_29_points_on_30_plus_2x(self) -> None:
        xs, ys = lesson_data()
        self.assertEqual(len(xs), 29)
        self.assertEqual(xs[:10], [14, 86, 28, 51, 28, 29, 72, 62, 84, 15])
        self.assertEqual(xs[-3:], [27, 17, 8])
        self.assertEqual(sum(xs), 469 + 410 + 341)  # the lesson's three rows, added by hand
        self.assertEqual(ys, [30 + 2 * x for x in xs])

    def test_lesson_data_returns_fresh_lists(self) -> None:
        xs, _ = lesson_data()
        xs[0] = -1
        self.assertEqual(lesson_data()[0][0], 14)

    def test_book_data_is_range_minus_50_to_49_on_20x_plus_5(self) -> None:
        xs, ys = book_data()
        self.assertEqual(xs, list(range(-50, 50)))
        self.assertEqual(ys[0], -995)
        self.assertEqual(ys[50], 5)  # x = 0
        self.assertEqual(ys, [20 * x + 5 for x in xs])

    def test_line_data_lies_on_the_line_in_the_unit_interval(self) -> None:
        xs, ys = line_data()
        self.assertEqual(len(xs), 30)
        self.assertTrue(all(0.0 <= x < 1.0 for x in xs))
        assert_vectors_close(self, ys, [3.0 * x + 8.0 for x in xs], abs=1e-15)

    def test_line_data_same_seed_same_bits(self) -> None:
        self.assertEqual(line_data(seed=5), line_data(seed=5))
        self.assertNotEqual(line_data(seed=5)[0], line_data(seed=6)[0])
        self.assertEqual(len(line_data(n=7, a=-1.0, b=0.5)[0]), 7)

    def test_line_data_errors(self) -> None:
        cases = [
            ("n zero", {"n": 0}, ValueError, "line_data: n must be at least 1 (got 0)"),
            ("n float", {"n": 3.0}, TypeError, "line_data: n must be an integer"),
            ("a nan", {"a": math.nan}, ValueError, "line_data: a must be finite (got nan)"),
            ("b text", {"b": "8"}, TypeError, "line_data: b must be a real number"),
        ]
        for name, kwargs, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                line_data(**kwargs)
            self.assertIn(message, str(caught.exception))


class SyntheticTest(unittest.TestCase):
    def test_without_noise_y_is_the_prediction(self) -> None:
        xs, ys = synthetic(line, [2.0, -1.0], 50, x_range=(3.0, 4.0), seed=1)
        self.assertEqual(len(xs), 50)
        self.assertTrue(all(3.0 <= x <= 4.0 for x in xs))
        assert_vectors_close(self, ys, [2.0 * x - 1.0 for x in xs], abs=1e-15)

    def test_a_model_object_with_several_features(self) -> None:
        xs, ys = synthetic(Plane(), [1.0, -2.0, 0.5], 20, features=2, seed=3)
        self.assertTrue(all(len(x) == 2 and all(-1 <= v <= 1 for v in x) for x in xs))
        assert_vectors_close(self, ys, [x[0] - 2.0 * x[1] + 0.5 for x in xs], abs=1e-15)

    def test_noise_has_the_requested_standard_deviation(self) -> None:
        xs, ys = synthetic(line, [1.0, 0.0], 4000, noise=0.25, seed=7)
        errors = [y - x for x, y in zip(xs, ys)]
        mean = math.fsum(errors) / len(errors)
        deviation = math.sqrt(math.fsum((e - mean) ** 2 for e in errors) / len(errors))
        # Standard error of a sample standard deviation: 0.25 / sqrt(2 * 4000) = 0.0028.
        assert_close(self, deviation, 0.25, abs=0.015)
        assert_close(self, mean, 0.0, abs=0.015)

    def test_same_seed_same_bits(self) -> None:
        first = synthetic(line, [1.0, 2.0], 10, noise=1.0, seed=42)
        self.assertEqual(first, synthetic(line, [1.0, 2.0], 10, noise=1.0, seed=42))
        self.assertNotEqual(first, synthetic(line, [1.0, 2.0], 10, noise=1.0, seed=43))

    def test_errors(self) -> None:
        cases: list[tuple[str, list[Any], dict[str, Any], type, str]] = [
            ("model not callable", [3, [1.0], 2], {}, TypeError,
             "synthetic: model must have a predict(theta, x) method or be a function"),
            ("theta not finite", [line, [1.0, math.inf], 2], {}, ValueError,
             "synthetic: theta[1] must be finite (got inf)"),
            ("n zero", [line, [1.0, 0.0], 0], {}, ValueError, "synthetic: n must be at least 1"),
            ("negative noise", [line, [1.0, 0.0], 2], {"noise": -0.1}, ValueError,
             "synthetic: noise must be non-negative (got -0.1)"),
            ("features zero", [line, [1.0, 0.0], 2], {"features": 0}, ValueError,
             "synthetic: features must be at least 1 (got 0)"),
            ("x_range one number", [line, [1.0, 0.0], 2], {"x_range": 1.0}, TypeError,
             "synthetic: x_range must be a (low, high) pair"),
            ("x_range reversed", [line, [1.0, 0.0], 2], {"x_range": (1.0, 0.0)}, ValueError,
             "synthetic: x_range must have low < high (got (1.0, 0.0))"),
            ("x_range infinite", [line, [1.0, 0.0], 2], {"x_range": (0.0, math.inf)},
             ValueError, "synthetic: x_range[1] must be finite (got inf)"),
        ]  # fmt: skip
        for name, args, kwargs, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                synthetic(*args, **kwargs)
            self.assertIn(message, str(caught.exception))


HEIGHTS = "name,height,weight\nada,1.70,61.5\nbo,1.82,80\n\n  \ncy,1.65,55.25\n"


class LoadCsvTest(unittest.TestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def write(self, name: str, text: str, encoding: str = "utf-8") -> str:
        path = self.folder / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    def test_columns_by_name_from_a_path(self) -> None:
        path = self.write("h.csv", HEIGHTS)
        self.assertEqual(
            load_csv(path, "height", "weight"), ([1.70, 1.82, 1.65], [61.5, 80.0, 55.25])
        )
        self.assertEqual(load_csv(Path(path), 1, 2), load_csv(path, "height", "weight"))

    def test_the_sample_file_of_the_walkthrough(self) -> None:
        path = example("heights")
        xs, ys = load_csv(path, ["height_cm", "age"], "weight_kg")
        self.assertEqual((len(xs), xs[0], ys[0]), (20, [172.0, 56.0], 69.0))
        self.assertEqual(load_csv(path, 0, 2)[0][-1], 194.0)

    def test_examples_ship_in_the_package(self) -> None:
        names = examples()
        self.assertEqual(names, sorted(names))
        self.assertIn("heights", names)
        self.assertIn("daily_minutes", names)
        for name in names:
            with self.subTest(name=name):
                path = example(name)
                self.assertTrue(os.path.isabs(path) and os.path.isfile(path), path)
                self.assertEqual(os.path.dirname(path),
                                 os.path.join(os.path.dirname(os.path.abspath(vecgd.__file__)),
                                              "examples"))

    def test_the_book_chapters_data_is_its_own(self) -> None:
        # Data Science from Scratch, chapter 15: the rows of its inputs (without the
        # constant 1) and daily_minutes_good; its statistics.py asserts these of the columns.
        xs, ys = load_csv(example("daily_minutes"), ["friends", "work_hours", "phd"],
                          "daily_minutes")
        self.assertEqual((len(xs), xs[0], xs[-1]), (203, [49.0, 4.0, 0.0], [1.0, 5.0, 1.0]))
        self.assertEqual((ys[0], ys[-1]), (68.77, 23.84))
        friends = [x[0] for x in xs]
        mean_f, mean_y = sum(friends) / 203, sum(ys) / 203
        covariance = sum((f - mean_f) * (y - mean_y) for f, y in zip(friends, ys))
        spread = (sum((f - mean_f) ** 2 for f in friends) * sum((y - mean_y) ** 2 for y in ys))
        self.assertTrue(0.57 < covariance / spread**0.5 < 0.58)  # correlation(good, good)

    def test_unknown_example_names_the_known_ones(self) -> None:
        with self.assertRaisesRegex(ValueError, r"^example: no data file named 'nope' "
                                                r"\(the package has .*'heights'"):
            example("nope")
        with self.assertRaisesRegex(TypeError, r"^example: name must be a str \(got 3 \(int\)\)"):
            example(3)  # type: ignore[arg-type]

    def test_several_x_columns_give_lists_of_features(self) -> None:
        text = "a, b ,y\n1,2,3\n4,5,6\n"  # header names are stripped
        xs, ys = load_csv(io.StringIO(text), ["a", "b"], "y")
        self.assertEqual((xs, ys), ([[1.0, 2.0], [4.0, 5.0]], [3.0, 6.0]))
        self.assertEqual(load_csv(io.StringIO(text), ("b",), 0), ([[2.0], [5.0]], [1.0, 4.0]))

    def test_an_open_file_and_standard_input(self) -> None:
        with open(self.write("h.csv", HEIGHTS), encoding="utf-8", newline="") as file:
            self.assertEqual(load_csv(file, "height", "weight")[1], [61.5, 80.0, 55.25])
        with mock.patch("sys.stdin", io.StringIO(HEIGHTS)):
            self.assertEqual(load_csv("-", "height", "weight")[1], [61.5, 80.0, 55.25])

    def test_byte_order_mark_quotes_and_windows_line_ends(self) -> None:
        path = self.write("bom.csv", '\ufeffx,"y"\r\n" 1e3",-2.5\r\n', encoding="utf-8")
        self.assertEqual(load_csv(path, "x", "y"), ([1000.0], [-2.5]))

    def test_errors_name_the_file_the_line_and_the_column(self) -> None:
        missing = str(self.folder / "missing.csv")
        cases = [
            ("missing file", missing, "x", "y",
             f"load_csv: {missing}: cannot read the file (No such file or directory)"),
            ("a folder", str(self.folder), "x", "y",
             f"load_csv: {self.folder}: cannot read the file ("),
            ("empty file", self.write("e.csv", ""), "x", "y",
             "load_csv: {path}: the file is empty (expected a header row)"),
            ("blank lines only", self.write("b.csv", "\n \n"), "x", "y",
             "load_csv: {path}: the file is empty (expected a header row)"),
            ("header only", self.write("h.csv", "x,y\n\n"), "x", "y",
             "load_csv: {path}: no data rows after the header"),
            ("unknown column", self.write("u.csv", "\nx,y\n1,2\n"), "hieght", "y",
             "load_csv: {path}:2: column 'hieght': no such column (the header has 'x', 'y')"),
            ("index out of range", self.write("i.csv", "x,y\n1,2\n"), 2, "y",
             "load_csv: {path}:1: column 2: no such column (the header has 2: 'x', 'y')"),
            ("duplicate header", self.write("d.csv", "x,x,y\n1,2,3\n"), "x", "y",
             "load_csv: {path}:1: column 'x': the header names it more than once"),
            ("y is an x column", self.write("s.csv", "x,y\n1,2\n"), "x", 0,
             "load_csv: {path}:1: column 0: is both an x column and y"),
            ("non-numeric cell", self.write("n.csv", "x,y\n1,2\n3,four\n"), "x", "y",
             "load_csv: {path}:3: column 'y': not a number (got 'four')"),
            ("empty cell", self.write("c.csv", "x,y\n1,\n"), "x", "y",
             "load_csv: {path}:2: column 'y': not a number (got '')"),
            ("nan cell", self.write("nan.csv", "x,y\n1,2\nnan,3\n"), "x", "y",
             "load_csv: {path}:3: column 'x': must be finite (got 'nan')"),
            ("inf cell", self.write("inf.csv", "x,y\n1,-inf\n"), "x", "y",
             "load_csv: {path}:2: column 'y': must be finite (got '-inf')"),
            ("short row", self.write("r.csv", "x,y\n1,2\n\n3\n"), "x", "y",
             "load_csv: {path}:4: row has 1 cells, the header has 2"),
            ("long row", self.write("l.csv", "x,y\n1,2,3\n"), "x", "y",
             "load_csv: {path}:2: row has 3 cells, the header has 2"),
            ("not UTF-8", self.write("latin.csv", "x,y\n1,\xe9\n", "latin-1"), "x", "y",
             "load_csv: {path}: not UTF-8 text (invalid continuation byte)"),
            ("huge field", self.write("big.csv", "x,y\n1," + "9" * 200_000 + "\n"), "x", "y",
             "load_csv: {path}:2: bad CSV ("),  # the csv module words the rest
        ]  # fmt: skip
        for name, path, x, y, message in cases:
            with self.subTest(name), self.assertRaises(ValueError) as caught:
                load_csv(path, x, y)
            text = str(caught.exception)
            self.assertTrue(text.startswith(message.format(path=path)), text)
            self.assertNotIn("\n", text)

    def test_an_open_file_is_named_by_its_name(self) -> None:
        with self.assertRaises(ValueError) as caught:
            load_csv(io.StringIO("x,y\n1,a\n"), "x", "y")
        self.assertEqual(
            str(caught.exception), "load_csv: <file>:2: column 'y': not a number (got 'a')"
        )
        with mock.patch("sys.stdin", io.StringIO("x,y\n")), self.assertRaises(ValueError) as caught:
            load_csv("-", "x", "y")
        self.assertEqual(str(caught.exception), "load_csv: <stdin>: no data rows after the header")

    def test_argument_errors(self) -> None:
        text = "x,y\n1,2\n"
        cases = [
            ("x a float", 1.5, "y", TypeError,
             "load_csv: x must be a column name or index, or a list of them (got 1.5 (float))"),
            ("x empty list", [], "y", ValueError,
             "load_csv: x must name at least one column (got an empty list)"),
            ("x list with None", ["x", None], "y", TypeError,
             "load_csv: x must be a column name or index (got None (NoneType))"),
            ("y a bool", "x", True, TypeError,
             "load_csv: y must be a column name or index (got True (bool))"),
            ("negative index", -1, "y", ValueError,
             "load_csv: x column index must be at least 0 (got -1)"),
        ]  # fmt: skip
        for name, x, y, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                load_csv(io.StringIO(text), x, y)
            self.assertEqual(str(caught.exception), message)
        with self.subTest("not a file"), self.assertRaises(TypeError) as caught:
            load_csv(42, "x", "y")  # type: ignore[arg-type]
        self.assertIn("load_csv: path_or_file must be a path, '-' or an open text file",
                      str(caught.exception))

    def test_csv_is_imported_only_when_a_file_is_read(self) -> None:
        import subprocess
        import sys

        if sys.platform == "emscripten":
            self.skipTest("no subprocesses under Emscripten (Pyodide)")
        code = "import sys, vecgd.datasets; print('csv' in sys.modules)"
        root = Path(__file__).resolve().parent.parent
        env = dict(os.environ, PYTHONPATH=str(root))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, cwd=str(root), check=True)
        self.assertEqual(out.stdout.strip(), "False")


if __name__ == "__main__":
    unittest.main()
