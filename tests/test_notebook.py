"""vecgd in a real Jupyter kernel: what a notebook receives for each object vecgd returns.

The test builds a notebook, executes it with nbclient and ipykernel, and
reads each cell's output: the mime types a front end chooses from, no
error, and a short text/plain.  nbclient and ipykernel are not dependencies
of vecgd: where they are missing (a plain ``python -m unittest``) the test
skips, saying so; CI installs pinned versions in a throwaway venv and runs
it (.ci/run, "Notebook and browser").
"""

from __future__ import annotations

import importlib.util
import unittest
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parent.parent
MISSING = [name for name in ("nbclient", "nbformat", "ipykernel")
           if importlib.util.find_spec(name) is None]

SETUP = """\
import vecgd
xs, ys = vecgd.line_data()
"""
# (source, the mime types its output must carry, the mime types it must not)
CELLS = [
    ("vecgd.fit(vecgd.Linear(), xs, ys, [-1.0, 1.0], vecgd.SGD(0.01), epochs=20000)",
     {"text/plain", "text/html"}, {"image/svg+xml"}),
    ("vecgd.minimize(vecgd.sum_of_squares, [3.0, 4.0], vecgd.SGD(0.1), steps=5000)",
     {"text/plain", "text/html"}, set()),
    ("vecgd.lr_range_test(vecgd.Linear(), xs, ys, [0.0, 0.0], vecgd.SGD(1e-5))",
     {"text/plain", "text/html"}, set()),
    ("vecgd.line_chart({'SGD': [4, 2, 1], 'Adam': [4, 1, 0.5]}, log_y=True)",
     {"text/plain", "image/svg+xml"}, {"text/html"}),
    ("vecgd.scatter_chart(xs, ys, {'least squares': lambda x: 3 * x + 8})",
     {"text/plain", "image/svg+xml"}, {"text/html"}),
    ("vecgd.contour_chart(lambda a, b: a * a + b * b, (-1, 1), (-1, 1),"
     " {'Adam': [(1, 1), (0, 0)]})",
     {"text/plain", "image/svg+xml"}, {"text/html"}),
    # The animation as HTML, inline, so that it plays; an <img> of SVG would not.
    ("vecgd.animated_fit(xs, ys, [(-1.0, 1.0), (1.0, 4.0), (3.0, 8.0)])",
     {"text/plain", "text/html"}, {"image/svg+xml"}),
    # GradientCheck's display is built beside its maths (vecgd.gradcheck): its table.
    ("vecgd.check_gradient(vecgd.sum_of_squares, lambda v: [2 * x for x in v], [1.0, 2.0])",
     {"text/plain", "text/html"}, set()),
]


@unittest.skipIf(bool(MISSING), f"{', '.join(MISSING)} not installed: CI runs this test in a "
                                "venv with pinned nbclient and ipykernel")
class NotebookTest(unittest.TestCase):
    def test_each_object_displays_with_the_expected_mime_types(self) -> None:
        import nbclient  # type: ignore[import-not-found]
        import nbformat  # type: ignore[import-not-found]

        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(SETUP)] + [
            nbformat.v4.new_code_cell(source) for source, _, _ in CELLS]
        # The kernel starts in the checkout, so that it imports this vecgd.
        nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT)}}).execute()
        cells: List[Any] = notebook.cells[1:]
        for (source, wanted, unwanted), cell in zip(CELLS, cells):
            with self.subTest(cell=source):
                outputs: List[Dict[str, Any]] = cell.outputs
                self.assertEqual([o for o in outputs if o["output_type"] in ("error", "stream")],
                                 [])
                (result,) = [o for o in outputs if o["output_type"] == "execute_result"]
                kinds = set(result["data"])
                self.assertLessEqual(wanted, kinds)
                self.assertEqual(kinds & unwanted, set())
                self.assertLess(len(result["data"]["text/plain"]), 1000)
        fit_html = cells[0].outputs[0]["data"]["text/html"]
        self.assertIn("<table>", fit_html)
        self.assertEqual(fit_html.count("<svg"), 1)  # the loss curve, inline
        self.assertIn("<animate ", cells[6].outputs[0]["data"]["text/html"])


if __name__ == "__main__":
    unittest.main()
