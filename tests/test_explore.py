"""The explorer page without a browser: its numbers are fit's, it is whole, and bad input fails.

tests/test_browser.py opens the page in headless Chromium.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import tempfile
import unittest
from typing import Any, Dict

from tests.support import assert_vectors_close
from vecgd import SGD, Adam, Linear, explorer_page, fit, lesson_data, line_data
from vecgd.cli import main


def embedded(page: str) -> Dict[str, Any]:
    """Return the data the page carries for its script."""
    match = re.search(r'<script type="application/json" id="vecgd-data">(.*?)</script>', page,
                      re.S)
    assert match is not None
    data: Dict[str, Any] = json.loads(match.group(1))
    return data


class ExplorerPageTest(unittest.TestCase):
    page: str
    data: Dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        cls.page = explorer_page(lr_range=(0.001, 0.1), per_decade=1)
        cls.data = embedded(cls.page)

    def test_the_grid_is_every_optimizer_at_every_learning_rate_on_both_data(self) -> None:
        self.assertEqual(self.data["lrs"], [0.001, 0.01, 0.1])
        self.assertEqual(self.data["optimizers"],
                         ["sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw"])
        for key, epochs in (("line", 400), ("lesson", 50)):
            runs = self.data["sets"][key]["runs"]
            self.assertEqual(sorted(runs), sorted(self.data["optimizers"]))
            self.assertTrue(all(len(named) == 3 for named in runs.values()))
            self.assertEqual(self.data["sets"][key]["epochs"], epochs)

    def test_the_numbers_are_fits_own(self) -> None:
        # The line-fit lesson's run: full batch from (-1, 1), as fit records it.
        xs, ys = line_data()
        run = self.data["sets"]["line"]["runs"]["sgd"][1]  # lr 0.01
        result = fit(Linear(), xs, ys, [-1.0, 1.0], SGD(0.01), epochs=400)
        self.assertEqual(run["t"][:2], [-1.0, 1.0])
        assert_vectors_close(self, run["l"][1:], result.losses, rel=1e-4)
        assert_vectors_close(self, run["t"][-2:], result.theta, rel=1e-4)
        self.assertIsNone(run["d"])
        # The optimizer lesson's: per sample from (1, 1).
        xs, ys = lesson_data()
        run = self.data["sets"]["lesson"]["runs"]["adam"][2]  # lr 0.1
        result = fit(Linear(), xs, ys, [1.0, 1.0], Adam(0.1), epochs=50, batch_size=1)
        assert_vectors_close(self, run["l"][1:], result.losses, rel=1e-4)
        self.assertEqual(self.data["sets"]["lesson"]["best"], [2.0, 30.0])

    def test_a_diverging_run_is_kept_to_its_last_finite_epoch_and_marked(self) -> None:
        run = self.data["sets"]["lesson"]["runs"]["sgd"][1]  # lr 0.01 on x up to 99
        self.assertIsInstance(run["d"], int)
        self.assertEqual(len(run["l"]), run["d"] + 1)  # the start, then each finite epoch
        self.assertTrue(all(math.isfinite(v) for v in run["l"] + run["t"]))

    def test_the_page_is_whole_and_fetches_nothing(self) -> None:
        self.assertTrue(self.page.startswith("<!DOCTYPE html>"))
        self.assertNotIn("@", self.page.split('id="vecgd-data"')[0].replace("@media", ""))
        self.assertIsNone(re.search(r"\s(src|href)=", self.page))
        self.assertEqual(set(re.findall(r"https?://[^\s\"'<>]+", self.page)),
                         {"http://www.w3.org/2000/svg"})
        self.assertEqual(self.page.count("<svg"), 6)  # three pictures per data set
        ids = re.findall(r'<clipPath id="([^"]+)"', self.page)
        self.assertEqual(len(set(ids)), 6)

    def test_bad_arguments_name_the_rule(self) -> None:
        cases = [
            ("reversed", {"lr_range": (0.1, 0.01)}, ValueError,
             r"explorer_page: lr_range must have low < high"),
            ("zero", {"lr_range": (0.0, 0.1)}, ValueError,
             r"explorer_page: lr_range must be positive \(got \(0.0, 0.1\)\)"),
            ("not a pair", {"lr_range": 0.1}, TypeError,
             r"explorer_page: lr_range must be a \(low, high\) pair"),
            ("per_decade 0", {"per_decade": 0}, ValueError,
             r"explorer_page: per_decade must be at least 1 \(got 0\)"),
            ("per_decade float", {"per_decade": 2.0}, TypeError,
             "explorer_page: per_decade must be an integer"),
            ("too many", {"lr_range": (1e-9, 1.0), "per_decade": 10}, ValueError,
             r"explorer_page: .* gives 91 learning rates \(at most 60"),
        ]
        for name, arguments, error, message in cases:
            with self.subTest(name), self.assertRaisesRegex(error, message):
                explorer_page(**arguments)


class ExploreCommandTest(unittest.TestCase):
    def test_writes_the_page_and_says_where(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "page.html")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                status = main(["explore", "--out", target])
            self.assertEqual(status, 0)
            self.assertRegex(out.getvalue(), rf"^wrote {re.escape(target)} \(1\.\d MB\)")
            with open(target, encoding="utf-8") as stream:
                data = embedded(stream.read())
            self.assertEqual(len(data["lrs"]), 21)  # 1e-5 to 1, four a decade

    def test_an_unwritable_place_is_a_usage_error(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                status = main(["explore", "--out", os.path.join(folder, "no", "page.html")])
            self.assertEqual(status, 2)
            self.assertIn("vecgd: error: cannot write", err.getvalue())


if __name__ == "__main__":
    unittest.main()
