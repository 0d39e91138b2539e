"""Smoke test of scripts/bench.py: its correctness check passes on tiny N (no timing asserts)."""

from __future__ import annotations

import contextlib
import io
import json
import platform
import sys
import unittest
from typing import Any

from tests.support import load_script


class BenchTest(unittest.TestCase):
    bench: Any  # the script, loaded as a module: its names are read as they are used

    @classmethod
    def setUpClass(cls) -> None:
        cls.bench = load_script("bench")

    def test_every_variant_ends_at_fits_theta(self) -> None:
        for n in (3, 30, 33):  # 33: a last minibatch of one sample
            with self.subTest(n=n):
                self.bench.check(n, epochs=7)

    def test_the_check_catches_a_variant_that_differs(self) -> None:
        bench = self.bench
        saved = bench.VARIANTS
        honest = bench.fused_variant

        def off_by_a_step(batch_size: int | None) -> object:
            run = honest(batch_size)
            return lambda xs, ys, epochs: run(xs, ys, epochs + 1)

        bench.VARIANTS = (("vecgd", bench.vecgd_variant), ("fused", off_by_a_step))
        try:
            with self.assertRaisesRegex(AssertionError, "fused ends at"):
                bench.check(30, epochs=3)
        finally:
            bench.VARIANTS = saved

    def test_quick_json_run(self) -> None:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = self.bench.main(["--quick", "--json", "--no-pypy", "--no-import"])
        self.assertEqual(code, 0)
        results = json.loads(out.getvalue())
        self.assertEqual(
            [(row["n"], row["mode"]) for row in results["fit"]],
            [(n, mode) for n in (30, 100) for mode in ("full batch", "minibatch 32", "per sample")],
        )
        for row in results["fit"]:
            for variant in ("vecgd", "subclass", "book", "plain", "fused", "calls"):
                self.assertGreater(row[variant], 0.0)
        # Without the import timings, the targets measured are the fit ratios at N = 30;
        # they are CPython's, and judged only there.
        expected = ["fit / fused, full batch, N = 30",
                    "MyLinear + MySGD / Linear + SGD, full batch, N = 30"]
        if platform.python_implementation() != "CPython":
            expected = []
        self.assertEqual([target["target"] for target in results["targets"]], expected)
        for target in results["targets"]:
            self.assertEqual(target["holds"], target["ratio"] <= target["limit"])
        for row in results["gradients"]:
            self.assertLess(row["central error"], 1e-6)
            self.assertLess(row["complex error"], 1e-12)

    @unittest.skipUnless(platform.python_implementation() == "CPython", "CPython's -X importtime")
    @unittest.skipIf(sys.platform == "emscripten", "Pyodide cannot start subprocesses")
    def test_import_time_parsing(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as cache:
            ms = self.bench.import_ms("import vecgd", 1, True, cache)
            bare, vecgd = self.bench.process_ms(["pass", "import vecgd"], 1, True, cache)
        self.assertGreater(ms, 0.0)
        self.assertGreater(vecgd, 0.0)
        self.assertGreater(bare, 0.0)

    def test_the_table_lists_the_variants_a_run_has(self) -> None:
        row = {"n": 30, "mode": "full batch", "vecgd": 2e-6, "fused": 1e-6, "plain": 1e-6}
        results = {"machine": {"python": "CPython", "cores": 1, "cpu": "x"}, "fit": [row],
                   "gradients": [], "accuracy": [], "import": [],
                   "targets": self.bench.targets({"fit": [row]})}
        text = self.bench.report(results)
        self.assertIn("| vecgd/fused | vecgd/plain |", text)
        self.assertNotIn("calls", text)
        self.assertIn("fit / fused, full batch, N = 30 |  2.00 |    1.80 |    NO |", text)


if __name__ == "__main__":
    unittest.main()
