"""The documents, reproduced: each script in scripts/ against the document's own text.

Each ``scripts/reproduce_NNN.py`` is imported by path and its ``main`` run
with stdout captured; its lines are compared with the output lines printed
in the seed document ``../shared/seeds/NNN_*.txt`` when that folder is
present, and otherwise with copies of those lines kept below.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests.support import assert_vectors_close, load_script
from vecgd import SGD, Linear, Proportional, fit, least_squares, lecture_data, line_data

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Fallback copies of the documents' printed lines, for a clone without ../shared/seeds.
LECTURE_LINES = """\
\t grad: 1 2 -2.0
\t grad: 2 4 -7.84
\t grad: 3 6 -16.2288
progress: 0 w = 1.26 loss = 4.91924
\t grad: 1 2 -1.478624
\t grad: 2 4 -5.796206
\t grad: 3 6 -11.998147
\t grad: 1 2 -1.093164
\t grad: 2 4 -4.285205
\t grad: 3 6 -8.870374
\t grad: 1 2 -0.80819
\t grad: 2 4 -3.168103
\t grad: 3 6 -6.557974
\t grad: 1 2 -0.597504
\t grad: 2 4 -2.342217
\t grad: 3 6 -4.848389
\t grad: 1 2 -0.441742
\t grad: 2 4 -1.731629
\t grad: 3 6 -3.584472
\t grad: 1 2 -0.326585
\t grad: 2 4 -1.280214
\t grad: 3 6 -2.650043
\t grad: 1 2 -0.241448
\t grad: 2 4 -0.946478
\t grad: 3 6 -1.959209
\t grad: 1 2 -0.178506
\t grad: 2 4 -0.699742
\t grad: 3 6 -1.448466
\t grad: 1 2 -0.131971
\t grad: 2 4 -0.517328
\t grad: 3 6 -1.070869
\t grad: 1 2 -0.097568
\t grad: 2 4 -0.382467
\t grad: 3 6 -0.791706
progress: 10 w = 1.96 loss = 0.011707
\t grad: 1 2 -0.072133
\t grad: 2 4 -0.282762
\t grad: 3 6 -0.585318
\t grad: 1 2 -0.053329
\t grad: 2 4 -0.209049
\t grad: 3 6 -0.432732
\t grad: 1 2 -0.039427
\t grad: 2 4 -0.154553
\t grad: 3 6 -0.319924
\t grad: 1 2 \
"""
# The lecture's output is cut off in the document; this is its last line.
LECTURE_LAST_LINE = "predict (after training) 4 hours 7.999998894782476"

LESSON_LINES = """\
After 50 epochs:
b = 3.73 (actual 30.00)
w = 2.56 (actual 2.00)
After 50 epochs:
b = 3.46 (actual 30.00)
w = 2.31 (actual 2.00)
After 50 epochs:
b = 15.78 (actual 30.00)
w = 2.24 (actual 2.00)
After 50 epochs:
b = 29.06 (actual 30.00)
w = 1.39 (actual 2.00)
After 50 epochs:
b = 30.00 (actual 30.00)
w = 2.00 (actual 2.00)
lr = 0.00024414
"""

BOOK_LINES = """\
0 [6.081137314203362, -7.913315947420309, -3.2987814709553493]
1 [5.959514567919295, -7.755049628471903, -3.2328058415362424]
15 [4.491340129214658, -5.84453065823578, -2.436378070826
986 [1.357986469612238e-08, -1.767132598907825e-08, -7.366550650487608e-0
0 [33.267724471806574, 0.42634413141293237]
1 [11.145854121436422, 0.4487591676219131]
22 [19.999169309247367, 0.6309826501947277
2276 [19.99997117306724, 4.95200313963891]
4917 [19.9999998540351
"""


def seed_text(number: str) -> str | None:
    """Return the text of the seed document NNN_*.txt, or None without the seeds folder."""
    found = sorted(SEEDS.glob(f"{number}_*.txt")) if SEEDS.is_dir() else []
    return found[0].read_text(encoding="utf-8") if found else None


def run_script(name: str, *argv: str) -> tuple[int, list[str]]:
    """Run main(argv) of scripts/<name>.py; return its exit status and printed lines."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = load_script(name).main(list(argv))
    return status, out.getvalue().splitlines()


def document_lines(number: str, pattern: str, fallback: str) -> list[str]:
    """Return the document's output lines matching pattern (the last may be cut short)."""
    text = seed_text(number)
    lines = (text if text is not None else fallback).splitlines()
    return [line for line in lines if re.match(pattern, line)]


class LectureTest(unittest.TestCase):
    """Seed 001: every line of the lecture's printed trace, digit for digit."""

    def test_trace_matches_the_lecture_line_by_line(self) -> None:
        status, lines = run_script("reproduce_001")
        self.assertEqual(status, 0)
        expected = document_lines("001", r"\t grad: |progress: ", LECTURE_LINES)
        self.assertGreaterEqual(len(expected), 45)
        # The document's trace stops in the middle of a line: compare that one as a prefix.
        *whole, cut = expected
        self.assertEqual(lines[: len(whole)], whole)
        self.assertTrue(lines[len(whole)].startswith(cut), (lines[len(whole)], cut))
        self.assertEqual(len(lines), 50 * 3 + 5 + 1)
        self.assertEqual(lines[-1], LECTURE_LAST_LINE)

    def test_fit_ends_on_the_same_w(self) -> None:
        xs, ys = lecture_data()
        result = fit(Proportional(), xs, ys, [1.0], SGD(0.01), epochs=50, batch_size=1)
        self.assertEqual(Proportional().predict(result.theta, 4), 7.999998894782476)


class LessonTest(unittest.TestCase):
    """Seed 003: the five printed results, digit for digit."""

    def test_results_match_the_lesson(self) -> None:
        status, lines = run_script("reproduce_003")
        self.assertEqual(status, 0)
        pattern = r"After \d+ epochs:$|[bw] = \d+\.\d\d \(actual|lr = \d+\.\d{8}$"
        expected = document_lines("003", pattern, LESSON_LINES)
        self.assertEqual(len(expected), 16)
        self.assertEqual([line for line in lines if re.match(pattern, line)], expected)

    def test_a_real_run_prints_the_same(self) -> None:
        if sys.platform == "emscripten":
            self.skipTest("Emscripten (Pyodide) cannot start a subprocess")
        done = subprocess.run(
            [sys.executable, str(SCRIPTS / "reproduce_003.py")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        self.assertEqual((done.returncode, done.stderr), (0, ""))
        self.assertEqual(done.stdout.splitlines(), run_script("reproduce_003")[1])


class BookTest(unittest.TestCase):
    """Seed 002: the book's two printed loops, and its descents within its bounds."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.status, cls.lines = run_script("reproduce_002")

    def test_printed_lines_match_the_book(self) -> None:
        expected = document_lines("002", r"\d+ \[", BOOK_LINES)
        self.assertGreater(len(expected), 100 if seed_text("002") else 8)
        # Three numbers: the sum_of_squares loop; two: the y = 20x + 5 loop.
        ours: dict[int, dict[str, str]] = {3: {}, 2: {}}
        size = 0
        for line in self.lines:
            if line.startswith("# sum_of_squares"):
                size = 3
            elif line.startswith("# y = 20x + 5"):
                size = 2
            elif line.startswith("#"):
                size = 0
            elif size:
                ours[size][line.split()[0]] = line
        for line in expected:
            size = 3 if line.count(",") >= 2 else 2
            epoch = line.split()[0]
            with self.subTest(line=line):
                self.assertTrue(ours[size][epoch].startswith(line), ours[size][epoch])

    def test_every_descent_ends_within_the_books_bounds(self) -> None:
        self.assertEqual(self.status, 0)
        summary = [line for line in self.lines if line.endswith((" ok", " FAILED"))]
        self.assertEqual(len(summary), 4)
        self.assertTrue(all(line.endswith(" ok") for line in summary), summary)


class LineFitTest(unittest.TestCase):
    """Seed 000: the fit behind the animation, 41 frames (0 to 40): 40 steps of 10 updates."""

    FRAME = re.compile(
        r"frame +(\d+): a = (-?\d+\.\d{4}), b = (-?\d+\.\d{4}), RMSE = (\d+\.\d{4})$"
    )

    def test_rmse_falls_frame_by_frame(self) -> None:
        status, lines = run_script("reproduce_000")
        self.assertEqual(status, 0)
        frames = [self.FRAME.match(line) for line in lines]
        self.assertTrue(all(frames), lines)
        self.assertEqual([int(f.group(1)) for f in frames if f], list(range(41)))
        rmse = [float(f.group(4)) for f in frames if f]
        self.assertTrue(all(b < a for a, b in zip(rmse, rmse[1:])), rmse)
        self.assertLess(rmse[-1], rmse[0] / 10)

    def test_last_frame_agrees_with_the_lessons_update_written_out(self) -> None:
        # The lesson's update(), in plain Python: y_pred = a*x + b; dydb = 2*(y_pred - y);
        # dyda = x*dydb; a -= lr*mean(dyda); b -= lr*mean(dydb); 400 times.
        xs, ys = line_data(seed=0)
        a, b = -1.0, 1.0
        for _ in range(400):
            dydb = [2 * (a * x + b - y) for x, y in zip(xs, ys)]
            dyda = [x * d for x, d in zip(xs, dydb)]
            a -= 0.01 * math.fsum(dyda) / len(xs)
            b -= 0.01 * math.fsum(dydb) / len(xs)
        match = self.FRAME.match(run_script("reproduce_000")[1][-1])
        self.assertIsNotNone(match)
        if match:
            assert_vectors_close(
                self, [float(match.group(2)), float(match.group(3))], [a, b], abs=6e-5
            )

    def test_svg_option_writes_the_animation(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fit.svg"
            status, lines = run_script("reproduce_000", "--svg", str(path))
            svg = path.read_text(encoding="utf-8")
        self.assertEqual((status, lines[-1]), (0, f"wrote {path}"))
        self.assertTrue(svg.startswith("<svg") and "<animate " in svg)
        self.assertIn('dur="4.1s"', svg)  # 41 frames (the start and 40 more) of 0.1 s

    def test_the_fit_heads_for_the_closed_form(self) -> None:
        xs, ys = line_data(seed=0)
        self.assertEqual([round(t, 9) for t in least_squares(Linear(), xs, ys)], [3.0, 8.0])


if __name__ == "__main__":
    unittest.main()
