"""The pictures and the explorer in a real browser: headless Chromium, where it is installed.

These tests take about 12 seconds (three times the rest of the suite), so
they run when ``VECGD_BROWSER=1`` is set, as CI's "Notebook and browser"
block sets it after installing Debian's ``chromium``; otherwise, and where
Chromium is missing, each skips saying why.  They need nothing beyond the
standard library and the browser: ``python -m unittest`` stays
standard-library only.
"""

from __future__ import annotations

import os
import re
import tempfile
import unittest
from pathlib import Path

from tests.browser import differing, dom, find_chromium, screenshot
from vecgd import animated_fit, contour_chart, explorer_page, line_chart

CHROMIUM = find_chromium() if os.environ.get("VECGD_BROWSER") == "1" else None
NEEDS = ("set VECGD_BROWSER=1 to run the browser tests (about 12 s)"
         if os.environ.get("VECGD_BROWSER") != "1"
         else "headless Chromium is not installed (apt-get install chromium)")


def page(*bodies: str) -> str:
    """Return an HTML page showing each body, one above the other, no margins."""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:0}"
            "svg{display:block}</style></head><body>" + "".join(bodies) + "</body></html>")


@unittest.skipIf(CHROMIUM is None, NEEDS)
class TwoChartsInOnePageTest(unittest.TestCase):
    def test_each_chart_inlined_with_another_draws_as_it_does_alone(self) -> None:
        # A short chart, then a tall one: when every chart's clip path had the id
        # vecgd-plot-area, the second was clipped to the first's plot area and lost
        # its bottom 180 pixels (1,042 pixels of lines, markers and ticks here).
        square = lambda x, y: x * x + 3 * y * y  # noqa: E731
        first = contour_chart(square, (-2, 2), (-2, 2), {"SGD": [(1.5, 1.5), (0, 0)]},
                              resolution=20, height=300, title="short")
        second = line_chart({"SGD": [4, 2, 1, 0.5], "Adam": [4, 1, 0.3, 0.2]}, log_y=True,
                            height=480)
        assert CHROMIUM is not None
        with tempfile.TemporaryDirectory() as folder:
            where = Path(folder)
            shots = {}
            for name, body, height in (("first", [first], 300), ("second", [second], 480),
                                       ("both", [first, second], 780)):
                html = where / f"{name}.html"
                html.write_text(page(*body), encoding="utf-8")
                shots[name] = screenshot(CHROMIUM, html.as_uri(), where / f"{name}.png",
                                         640, height)
        for name, top, height in (("first", 0, 300), ("second", 300, 480)):
            with self.subTest(chart=name):
                alone = shots[name].region(0, height, 640)
                inlined = shots["both"].region(top, height, 640)
                differ, total = differing(alone, inlined)
                self.assertEqual(total, 640 * height)
                self.assertEqual(differ, 0, f"{differ} of {total} pixels differ")


@unittest.skipIf(CHROMIUM is None, NEEDS)
class AnimationPlaysInlineTest(unittest.TestCase):
    def test_the_html_the_notebook_shows_plays_with_no_script(self) -> None:
        movie = animated_fit([0, 1, 2], [0, 1, 2], [(0, 0), (1, 0), (1, 1), (0, 2)],
                             interval=0.5)
        html_text = page(movie._repr_html_())
        self.assertNotIn("<script", html_text)
        assert CHROMIUM is not None
        with tempfile.TemporaryDirectory() as folder:
            where = Path(folder)
            (where / "movie.html").write_text(html_text, encoding="utf-8")
            url = (where / "movie.html").as_uri()
            # Frame k shows from 0.5k to 0.5(k + 1) seconds of the page's time.
            # A loaded machine may take a screenshot late (seen in CI), so any
            # of three later times showing another frame is the animation playing.
            early = screenshot(CHROMIUM, url, where / "early.png", 640, 400, virtual_ms=100)
            moved = []
            for ms in (700, 1200, 1700):
                later = screenshot(CHROMIUM, url, where / f"later{ms}.png", 640, 400,
                                   virtual_ms=ms)
                moved.append(differing(early.region(0, 400, 640), later.region(0, 400, 640))[0])
                if moved[-1] > 500:
                    break
        self.assertGreater(max(moved), 500, moved)  # the line and the counter moved


@unittest.skipIf(CHROMIUM is None, NEEDS)
class ExplorerTest(unittest.TestCase):
    folder: tempfile.TemporaryDirectory[str]
    url: str
    text: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = tempfile.TemporaryDirectory()
        path = Path(cls.folder.name) / "explorer.html"
        cls.text = explorer_page()
        path.write_text(cls.text, encoding="utf-8")
        cls.url = path.as_uri()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()

    def drawn(self, fragment: str) -> dict[str, str]:
        """Return what the page drew for the fragment: overlays, notice, status, timing."""
        assert CHROMIUM is not None
        text = dom(CHROMIUM, self.url + fragment)
        found = {css: " ".join(re.findall(rf'<polyline [^>]*class="{css}"[^>]*>', text))
                 for css in ("fit", "loss", "path")}
        for key in ("notice", "status"):
            match = re.search(rf'<div id="{key}"[^>]*>([^<]*)</div>', text)
            found[key] = match.group(1) if match else "(missing)"
        timing = re.search(r'data-drawn-ms="(\d+)"', text)
        found["ms"] = timing.group(1) if timing else "(not drawn)"
        return found

    def test_two_fragments_give_two_drawings(self) -> None:
        adam = self.drawn("#optimizer=adam&lr=0.1&data=lesson")
        sgd = self.drawn("#optimizer=sgd&lr=0.01&epochs=100&data=line")
        for css in ("fit", "loss", "path"):
            with self.subTest(overlay=css):
                self.assertIn("points=", adam[css])
                self.assertIn("points=", sgd[css])
                self.assertNotEqual(adam[css], sgd[css])
        self.assertEqual((adam["notice"], sgd["notice"]), ("", ""))
        self.assertTrue(adam["status"].startswith("Adam, lr 0.1, after epoch 50: "))
        self.assertTrue(sgd["status"].startswith("SGD, lr 0.01, after epoch 100: "))

    def test_an_unknown_value_falls_back_and_says_so(self) -> None:
        seen = self.drawn("#optimizer=nadam&lr=fast&data=line")
        self.assertIn("unknown optimizer \u2018nadam\u2019: showing sgd", seen["notice"])
        self.assertIn("unknown lr \u2018fast\u2019", seen["notice"])
        self.assertTrue(seen["status"].startswith("SGD, lr 0.01, after epoch 400: "))
        self.assertIn("points=", seen["path"])  # the page is still drawn

    def test_the_page_is_offline_light_and_quick(self) -> None:
        self.assertLessEqual(len(self.text.encode("utf-8")), 3_000_000)
        # Nothing fetched: no src or href at all, and no address but SVG's namespace.
        self.assertIsNone(re.search(r"\s(src|href)=", self.text))
        addresses = set(re.findall(r"https?://[^\s\"'<>]+", self.text))
        self.assertEqual(addresses, {"http://www.w3.org/2000/svg"})
        # Read, parsed, chosen and drawn, as the page times itself from the start of
        # navigation: the best of three loads, so that a busy machine does not fail it.
        times = []
        for _ in range(3):
            seen = self.drawn("")
            times.append(int(seen["ms"]) if seen["ms"].isdigit() else 10**6)
            if times[-1] < 1000:
                break
        self.assertLess(min(times), 1000, f"drawn after {times} ms")


if __name__ == "__main__":
    unittest.main()
