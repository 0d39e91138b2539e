"""Tests for vecgd.plot: the SVG parses, holds what it should, and is written atomically."""

from __future__ import annotations

import math
import os
import re
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from typing import List
from unittest import mock

from tests.support import assert_close, assert_vectors_close
from vecgd import SGD, Linear, _contour, _svg, fit, line_data, lr_range_test, minimize
from vecgd.plot import (
    SVG,
    AnimatedSVG,
    animated_fit,
    contour_chart,
    line_chart,
    scatter_chart,
    sparkline,
    write_svg,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
MINUS = "\u2212"


def parse(svg: str) -> ElementTree.Element:
    """Return the root of the SVG text (failing the test if it is not XML)."""
    return ElementTree.fromstring(svg)


def texts(root: ElementTree.Element, group: str) -> List[str]:
    """Return the full text of each <text> inside the <g class=group> elements."""
    return ["".join(t.itertext()) for g in root.iter(f"{SVG_NS}g") if g.get("class") == group
            for t in g.iter(f"{SVG_NS}text")]


def of_class(root: ElementTree.Element, tag: str, css: str) -> List[ElementTree.Element]:
    """Return the elements with this tag and class attribute."""
    return [e for e in root.iter(f"{SVG_NS}{tag}") if e.get("class") == css]


def point_count(element: ElementTree.Element) -> int:
    """Return how many points a polyline's points attribute holds."""
    return len((element.get("points") or "").split())


def sample_charts() -> dict[str, str]:
    """One chart of each kind, for the checks they all must pass."""
    return {
        "line": line_chart({"sgd": [3, 2, 1], "adam": [3, 1, 0.5]}, title="loss"),
        "line log": line_chart([("sgd", [100, 10, 1])], log_y=True),
        "scatter": scatter_chart([0, 1, 2], [1, 2, 4], {"fit": lambda x: 1.5 * x + 0.8}),
        "contour": contour_chart(lambda x, y: x * x + y * y, (-1, 1), (-1, 1),
                                 {"gd": [(1, 1), (0, 0)]}, resolution=10),
        "animation": animated_fit([0, 1], [1, 3], [(0, 0), (2, 1)]),
    }


class EverySvgTest(unittest.TestCase):
    def test_every_chart_parses_and_scales(self) -> None:
        for name, svg in sample_charts().items():
            with self.subTest(chart=name):
                root = parse(svg)
                self.assertEqual(root.tag, f"{SVG_NS}svg")
                size = f"0 0 {root.get('width')} {root.get('height')}"
                self.assertEqual(root.get("viewBox"), size)

    def test_text_is_escaped(self) -> None:
        title = 'a < b & "c" > d'
        root = parse(line_chart({"<sgd>": [1, 2]}, title=title, xlabel="x & y"))
        self.assertEqual(texts(root, "legend"), [])  # one series: no legend
        titles = [t.text for t in of_class(root, "text", "title")]
        self.assertEqual(titles, [title])
        self.assertEqual([t.text for t in of_class(root, "text", "xlabel")], ["x & y"])


class DisplayTest(unittest.TestCase):
    """What a notebook finds: a picture, one short repr, ids of the chart's own."""

    def test_still_charts_are_svg_strings_with_a_short_repr(self) -> None:
        for name, svg in sample_charts().items():
            with self.subTest(chart=name):
                self.assertIsInstance(svg, str)
                if name == "animation":
                    self.assertIsInstance(svg, AnimatedSVG)
                    self.assertEqual(svg._repr_html_(), str(svg))
                    self.assertFalse(hasattr(svg, "_repr_svg_"))  # an <img> would not play
                else:
                    self.assertIsInstance(svg, SVG)
                    self.assertEqual(svg._repr_svg_(), str(svg))
                self.assertLess(len(repr(svg)), 200)
                self.assertIn(f"{len(svg)} characters", repr(svg))

    def test_ids_are_derived_from_content_and_references_stay_inside(self) -> None:
        charts = sample_charts()
        ids = {}
        for name, svg in charts.items():
            root = parse(svg)
            own = {e.get("id") for e in root.iter() if e.get("id")}
            refs = {r for e in root.iter() for v in e.attrib.values()
                    for r in re.findall(r"url\(#([^)]+)\)", v)}
            with self.subTest(chart=name):
                self.assertEqual(len(own), 1)
                self.assertLessEqual(refs, own)
                self.assertNotIn("vecgd-plot-area", svg)
            ids[name] = own
        self.assertEqual(len(set().union(*ids.values())), len(charts))  # no two charts share
        again = line_chart({"sgd": [3, 2, 1], "adam": [3, 1, 0.5]}, title="loss")
        self.assertEqual(again, charts["line"])  # the same content, the same id

    def test_an_optimizer_keeps_its_style_in_every_picture(self) -> None:
        alone = parse(line_chart({"AdamW": [3, 2]}))
        with_others = parse(line_chart({"SGD": [3, 2], "adam": [2, 1], "AdamW": [3, 2]}))
        fits = parse(scatter_chart([0, 1], [1, 2], {"adamw": lambda x: x}))
        strokes = [[(e.get("stroke"), e.get("stroke-dasharray")) for e in
                    of_class(root, "polyline", "series") if e.findtext(f"{SVG_NS}title")
                    in ("AdamW", "adamw")] for root in (alone, with_others, fits)]
        self.assertEqual(strokes[0], strokes[1])
        self.assertEqual(strokes[0], strokes[2])
        # Least squares is black and data grey, whatever else is drawn.
        styles = _svg.styles(["least squares", "SGD", "frame 0"])
        self.assertEqual(styles[0].colour, "#000000")
        self.assertNotIn(styles[2].colour, {styles[0].colour, styles[1].colour})
        points = of_class(fits, "g", "points")[0]
        self.assertEqual({c.get("stroke") for c in points.iter(f"{SVG_NS}circle")},
                         {_svg.DATA.colour})

    def test_unknown_names_take_a_neutral_ramp_never_an_optimizers_style(self) -> None:
        names = ["frame 0", "frame 2", "frame 5", "frame 10", "frame 40", "descent"]
        styles = _svg.styles(names)
        taken = {(s.colour, s.dash) for s in _svg.NAMED.values()}
        self.assertFalse({(s.colour, s.dash) for s in styles} & taken)
        self.assertFalse({s.colour for s in styles} & {s.colour for s in _svg.NAMED.values()})
        self.assertEqual({s.dash for s in styles}, {""})
        # light to dark, evenly: the ends are RAMP's, each step darker (a smaller sum of RGB)
        self.assertEqual((styles[0].colour, styles[-1].colour), ("#9ecae1", "#08306b"))
        sums = [sum(int(s.colour[i:i + 2], 16) for i in (1, 3, 5)) for s in styles]
        self.assertEqual(sums, sorted(sums, reverse=True))
        self.assertEqual(len(set(sums)), len(names))
        # an optimizer named with an explanation keeps its own style
        self.assertEqual(_svg.styles(["Adam (descent)"])[0], _svg.NAMED["adam"])

    def test_contour_labels_never_overlap_each_other_or_a_path(self) -> None:
        path = [(-1.5 + 0.1 * k, 1.5 - 0.1 * k) for k in range(31)]
        root = parse(contour_chart(lambda x, y: 1000 * x * x + y * y, (-2, 2), (-2, 2),
                                   {"sgd": path}, levels=20, resolution=30))
        boxes = []
        for label in of_class(root, "text", "level"):
            x, y, text = float(label.get("x", 0)), float(label.get("y", 0)) - 3, label.text or ""
            half = len(text) * _contour.LABEL_CHAR / 2 + 2
            boxes.append((x - half, y - 5.5, x + half, y + 5.5))
            self.assertNotIn("e+", text)  # 4020, not 4.02e+03
        self.assertGreater(len(boxes), 2)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                self.assertFalse(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        (line,) = of_class(root, "polyline", "path")
        for p in line.get("points", "").split():
            px, py = map(float, p.split(","))
            self.assertFalse(any(b[0] <= px <= b[2] and b[1] <= py <= b[3] for b in boxes))

    def test_a_legend_that_would_hide_data_goes_beside_the_plot(self) -> None:
        # Points in every corner: the legend moves right and the picture widens.
        xs, ys = [0, 0, 1, 1, 0.5], [0, 1, 0, 1, 0.5]
        root = parse(scatter_chart(xs, ys, {"a": lambda x: 0.5, "b": lambda x: x}))
        self.assertGreater(int(root.get("width", 0)), 640)
        legend = of_class(root, "g", "legend")[0].find(f"{SVG_NS}rect")
        self.assertGreaterEqual(float(legend.get("x", 0)), 640 - 12)


class ResultDisplayTest(unittest.TestCase):
    def test_reprs_stay_short_whatever_the_history(self) -> None:
        xs, ys = line_data()
        result = fit(Linear(), xs, ys, [-1.0, 1.0], SGD(0.01), epochs=5000)
        text = repr(result)
        self.assertLess(len(text), 1000)
        for part in ("FitResult(epochs=5000", "stop_reason='epochs'", "first_loss=",
                     "theta=[", "5000 EpochRecord"):
            self.assertIn(part, text)
        page = result._repr_html_()
        self.assertIn("<table>", page)
        self.assertEqual(page.count("<svg"), 1)
        self.assertLess(len(page), 20000)  # at most 400 points of the 5000 drawn
        wide = fit(vecgd_multi(), [[float(i == k) for i in range(40)] for k in range(40)],
                   [1.0] * 40, [0.0] * 41, SGD(0.1), epochs=2)
        self.assertIn("(41 in all)", repr(wide))
        self.assertLess(len(repr(wide)), 1000)
        done = minimize(lambda v: v[0] ** 2, [3.0], SGD(0.1), steps=3000)
        self.assertLess(len(repr(done)), 1000)
        self.assertIn("nit=3000", repr(done))
        self.assertIn("<svg", done._repr_html_())
        found = lr_range_test(Linear(), xs, ys, [0.0, 0.0], SGD(1e-5), steps=50)
        self.assertIn("suggested_lr=", repr(found))
        self.assertIn("<table>", found._repr_html_())


def vecgd_multi():  # type: ignore[no-untyped-def]
    from vecgd import MultipleLinear
    return MultipleLinear()


class TicksTest(unittest.TestCase):
    # Step = the finest of 1, 2, 5 x 10^k with at most 6 intervals over the range.
    def test_range_to_nine_point_three_is_ticked_by_twos(self) -> None:
        # 9.3 / 6 = 1.55: a step of 1 gives 9.3 intervals, 2 gives 4.65.
        self.assertEqual(_svg.linear_ticks(0, 9.3),
                         ([0, 2, 4, 6, 8], ["0", "2", "4", "6", "8"], 0))

    def test_ticks_are_the_decimals_themselves(self) -> None:
        values, labels, _ = _svg.linear_ticks(0, 1)  # 1 / 6: step 0.2 (0.1 gives 10 intervals)
        # 3 * 0.2 would be 0.6000000000000001; the tick is the float nearest 0.6.
        self.assertEqual(values, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
        self.assertEqual(labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])

    def test_step_of_ten_tenths_is_written_as_whole_numbers(self) -> None:
        self.assertEqual(_svg.linear_ticks(-3, 3)[1], [f"{MINUS}3", f"{MINUS}2", f"{MINUS}1",
                                                      "0", "1", "2", "3"])

    def test_big_and_tiny_ticks_count_units_of_a_power_of_ten(self) -> None:
        # 1.1e6 / 6 = 183333: step 2e5, labelled 0, 2, 4, ... with "x10^5" by the axis.
        self.assertEqual(_svg.linear_ticks(0, 1.1e6),
                         ([0, 2e5, 4e5, 6e5, 8e5, 1e6], ["0", "2", "4", "6", "8", "10"], 5))
        tiny = _svg.linear_ticks(0, 3e-4)  # 5e-5: step 5e-5, labelled 0, 5, ..., 30 (x10^-5)
        self.assertEqual(tiny[1:], (["0", "5", "10", "15", "20", "25", "30"], -5))
        root = parse(line_chart({"loss": [0, 1.1e6]}))
        self.assertEqual(["".join(t.itertext()) for t in of_class(root, "text", "yfactor")],
                         ["×105"])

    def test_line_chart_y_ticks_for_a_known_range(self) -> None:
        # Padded by 5%: -0.465 .. 9.765, span 10.23: step 2, ticks 0 .. 8.
        root = parse(line_chart({"loss": [0, 9.3]}))
        self.assertEqual(texts(root, "yticks"), ["0", "2", "4", "6", "8"])

    def test_epochs_are_ticked_at_whole_numbers(self) -> None:
        root = parse(line_chart({"loss": [3, 2, 1]}))  # 0.9 .. 3.1 would take 0.5 steps
        self.assertEqual(texts(root, "xticks"), ["1", "2", "3"])
        root = parse(line_chart({"loss": [1.0] * 40}))  # -0.95 .. 41.95: steps of 10
        self.assertEqual(texts(root, "xticks"), ["0", "10", "20", "30", "40"])

    def test_log_axis_is_ticked_at_powers_of_ten(self) -> None:
        # log10 range -2 .. 1.699, padded to about -2.18 .. 1.88: powers -2 .. 1.
        root = parse(line_chart({"loss": [50, 5, 0.5, 0.01]}, log_y=True))
        self.assertEqual(texts(root, "yticks"), [f"10{MINUS}2", f"10{MINUS}1", "100", "101"])

    def test_log_axis_within_one_decade_widens_to_whole_decades(self) -> None:
        root = parse(line_chart({"loss": [0.9, 0.5]}, log_y=True))
        self.assertEqual(texts(root, "yticks"), [f"10{MINUS}1", "100"])


class LineChartTest(unittest.TestCase):
    def test_one_polyline_point_per_value_and_a_legend_entry_per_series(self) -> None:
        series = {"sgd": [4.0, 3.0, 2.5, 2.0], "momentum": [4.0, 2.0], "adam": [4.0, 1.0, 0.5]}
        root = parse(line_chart(series, title="three optimizers"))
        lines = of_class(root, "polyline", "series")
        self.assertEqual([line.findtext(f"{SVG_NS}title") for line in lines], list(series))
        self.assertEqual([point_count(line) for line in lines], [4, 2, 3])
        self.assertEqual(texts(root, "legend-entry"), ["sgd", "momentum", "adam"])
        self.assertEqual(len({line.get("stroke") for line in lines}), 3)
        self.assertEqual(len({line.get("stroke-dasharray") for line in lines}), 3)
        self.assertEqual([t.text for t in of_class(root, "text", "title")], ["three optimizers"])

    def test_points_fall_where_the_axes_say(self) -> None:
        root = parse(line_chart({"loss": [0, 9.3]}))
        xs, ys = zip(*(map(float, p.split(",")) for p in
                       of_class(root, "polyline", "series")[0].get("points", "").split()))
        # The y ticks 0 and 8 sit at the pictured heights of the values 0 and 8.
        tick_y = {t.text: float(t.get("y", "0")) - 4 for g in of_class(root, "g", "yticks")
                  for t in g.iter(f"{SVG_NS}text")}
        assert_close(self, ys[0], tick_y["0"], abs=0.01)
        assert_close(self, ys[1], tick_y["0"] + (tick_y["8"] - tick_y["0"]) * 9.3 / 8, abs=0.02)
        self.assertLess(xs[0], xs[1])


class ScatterChartTest(unittest.TestCase):
    def test_points_curves_and_legend(self) -> None:
        xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 2.5, 5.5, 7.0]
        root = parse(scatter_chart(xs, ys, {"fit": lambda x: 2 * x + 1, "flat": lambda x: 4.0},
                                   samples=50, label="measured"))
        groups = of_class(root, "g", "points")
        self.assertEqual(len(groups), 1)
        self.assertEqual(len(list(groups[0].iter(f"{SVG_NS}circle"))), 4)
        curves = of_class(root, "polyline", "series")
        self.assertEqual([point_count(c) for c in curves], [50, 50])
        self.assertEqual(texts(root, "legend-entry"), ["measured", "fit", "flat"])
        flat = [float(p.split(",")[1]) for p in curves[1].get("points", "").split()]
        self.assertEqual(len(set(flat)), 1)

    def test_without_curves_there_is_no_legend(self) -> None:
        self.assertEqual(texts(parse(scatter_chart([1, 2], [3, 4])), "legend-entry"), [])


class ContourTest(unittest.TestCase):
    def grid(self, f, low: float, high: float, n: int):  # type: ignore[no-untyped-def]
        xs = [low + (high - low) * i / n for i in range(n + 1)]
        return [[f(x, y) for x in xs] for y in xs], xs

    def test_unit_circle_of_the_paraboloid(self) -> None:
        grid, xs = self.grid(lambda x, y: x * x + y * y, -2.0, 2.0, 40)
        lines = _contour.contour_lines(grid, xs, xs, 1.0)
        self.assertEqual(len(lines), 1)
        circle = lines[0]
        self.assertEqual(circle[0], circle[-1])  # a closed loop
        # Interpolating x^2 linearly along an edge of length h = 0.1 errs by at most h^2/4.
        assert_vectors_close(self, [math.hypot(x, y) for x, y in circle],
                             [1.0] * len(circle), abs=0.0025)
        angles = sorted(math.atan2(y, x) for x, y in circle)
        gaps = [b - a for a, b in zip(angles, angles[1:])] + [angles[0] + 2 * math.pi - angles[-1]]
        self.assertLess(max(gaps), 0.2)  # goes all the way round

    def test_saddle_keeps_the_two_branches_apart(self) -> None:
        # x*y = 0.05: the middle cell of a 3x3 grid is a saddle whose centre is below.
        grid, xs = self.grid(lambda x, y: x * y, -1.0, 1.0, 3)
        lines = _contour.contour_lines(grid, xs, xs, 0.05)
        self.assertEqual(len(lines), 2)
        signs = sorted({(x > 0, y > 0) for x, y in line} == {(s, s)} and s
                       for line in lines for s in [line[0][0] > 0])
        self.assertEqual(signs, [False, True])

    def test_log_levels_are_geometric_above_the_floor(self) -> None:
        # f runs from 5 to 1005 on the grid: log levels 5 + 1000 * 10**(-3 * (3 - k) / 3),
        # even ones 5 + 1000 * (k + 1) / 4, given ones sorted.
        def drawn(**options: object) -> List[float]:
            svg = contour_chart(lambda x, y: 5 + 1000 * x, (0, 1), (0, 1), resolution=2,
                                **options)  # type: ignore[arg-type]
            return [float(c.findtext(f"{SVG_NS}title", "").split("= ")[1])
                    for c in of_class(parse(svg), "path", "contour")]

        assert_vectors_close(self, drawn(levels=3), [6.0, 15.0, 105.0], rel=1e-12)
        assert_vectors_close(self, drawn(levels=3, log_levels=False), [255.0, 505.0, 755.0],
                             rel=1e-12)
        self.assertEqual(drawn(levels=[700, 100, 400]), [100.0, 400.0, 700.0])

    def test_chart_draws_levels_paths_and_their_ends(self) -> None:
        path = [(1.5, 1.5), (1.0, 0.5), (0.2, 0.1), (0.0, 0.0)]
        root = parse(contour_chart(lambda x, y: x * x + 4 * y * y, (-2, 2), (-2, 2),
                                   {"gd": path, "adam": path[::-1]}, levels=[1, 4, 9],
                                   resolution=20, title="bowl"))
        self.assertEqual([p.findtext(f"{SVG_NS}title") for p in of_class(root, "path", "contour")],
                         ["f = 1", "f = 4", "f = 9"])
        lines = of_class(root, "polyline", "path")
        self.assertEqual([point_count(line) for line in lines], [4, 4])
        self.assertEqual(texts(root, "legend-entry"), ["gd", "adam"])
        self.assertEqual(len(of_class(root, "text", "legend-note")), 1)
        starts = [c for c in root.iter(f"{SVG_NS}circle") if c.get("r") == "5"]
        ends = [r for r in root.iter(f"{SVG_NS}rect") if r.get("width") == "9"]
        self.assertEqual((len(starts), len(ends)), (2, 2))
        first = lines[0].get("points", "").split()[0]
        self.assertEqual(f"{starts[0].get('cx')},{starts[0].get('cy')}", first)

    def test_paths_on_one_route_stay_visible_halos_first_then_lines_then_ends(self) -> None:
        # SGD and Momentum on the same route: Momentum's halo must not cover SGD's line.
        path = [(1.5, 1.5), (1.0, 0.5), (0.0, 0.0)]
        root = parse(contour_chart(lambda x, y: x * x + y * y, (-2, 2), (-2, 2),
                                   {"SGD": path, "Momentum": path, "least squares": [(0, 0)]},
                                   levels=[1, 4], resolution=10))
        (area,) = [g for g in root.iter(f"{SVG_NS}g") if g.get("clip-path")]
        kinds = []
        for e in area:
            tag = e.tag.replace(SVG_NS, "")
            if tag == "polyline":
                kinds.append("halo" if e.get("stroke") == "white" else "line")
            elif tag in ("circle", "rect", "path") and e.get("class") is None:
                kinds.append("marker")
        self.assertEqual(kinds, ["halo", "halo", "line", "line"] + ["marker"] * 5)
        # the least-squares cross is the last thing drawn: no end marker covers it
        self.assertEqual(area[-1].get("stroke"), "#000000")

    def test_no_label_under_a_diverging_paths_long_jump(self) -> None:
        # Two points, the second far outside: the one segment crosses the whole map.
        path = [(-1.9, -1.9), (1e6, 1e6)]
        root = parse(contour_chart(lambda x, y: x * x + 9 * y * y, (-2, 2), (-2, 2),
                                   {"sgd": path}, levels=12, resolution=30))
        labels = of_class(root, "text", "level")
        self.assertGreater(len(labels), 2)
        (line,) = of_class(root, "polyline", "path")
        a, b = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
        for label in labels:
            x, y = float(label.get("x", 0)), float(label.get("y", 0)) - 3
            half = len(label.text or "") * _contour.LABEL_CHAR / 2
            self.assertEqual(_contour.clip(a, b, (x - half, y - 4.5, x + half, y + 4.5)), [],
                             label.text)
        self.assertEqual(_contour.clip((0.0, 0.0), (10.0, 10.0), (2.0, 2.0, 5.0, 8.0)),
                         [(2.0, 2.0), (5.0, 5.0)])
        self.assertEqual(_contour.clip((0.0, 0.0), (1.0, 0.0), (2.0, 2.0, 5.0, 8.0)), [])

    def test_each_contour_label_sits_on_an_opaque_box(self) -> None:
        root = parse(contour_chart(lambda x, y: x * x + 9 * y * y, (-2, 2), (-2, 2),
                                   levels=6, resolution=30))
        groups = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "level-label"]
        self.assertGreater(len(groups), 2)
        for g in groups:
            (box,), (label,) = of_class(g, "rect", "level-box"), of_class(g, "text", "level")
            self.assertEqual(box.get("fill"), "white")
            half = len(label.text or "") * _contour.LABEL_CHAR / 2
            x, y = float(label.get("x", 0)), float(label.get("y", 0)) - 3
            left, top = float(box.get("x", 0)), float(box.get("y", 0))
            width, height = float(box.get("width", 0)), float(box.get("height", 0))
            self.assertLessEqual(left, x - half)
            self.assertGreaterEqual(left + width, x + half)
            self.assertLessEqual(top, y - _contour.LABEL_FONT / 2)
            self.assertGreaterEqual(top + height, y + _contour.LABEL_FONT / 2)


class AnimatedFitTest(unittest.TestCase):
    def test_one_value_per_frame_on_both_ends(self) -> None:
        frames = [(0.0, float(k)) for k in range(40)]  # flat lines: y1 == y2 in every frame
        root = parse(animated_fit([0, 1, 2], [0, 20, 39], frames, interval=0.1))
        (line,) = of_class(root, "line", "fit")
        animations = {a.get("attributeName"): a for a in line.iter(f"{SVG_NS}animate")}
        self.assertEqual(sorted(animations), ["y1", "y2"])
        y1 = animations["y1"].get("values", "").split(";")
        self.assertEqual(len(y1), 40)
        self.assertEqual(y1, animations["y2"].get("values", "").split(";"))
        self.assertEqual(len(set(y1)), 40)  # every intercept at its own height
        self.assertEqual(animations["y1"].get("dur"), "4s")
        self.assertEqual(animations["y1"].get("repeatCount"), "indefinite")
        self.assertEqual((line.get("y1"), line.get("y2")), (y1[-1], y1[-1]))  # no SMIL: the end

    def test_counter_shows_each_frame_in_its_turn(self) -> None:
        root = parse(animated_fit([0, 1], [1, 3], [(0, 0), (1, 1), (2, 1), (2, 1)]))
        shown = texts(root, "counter")
        # Counted as a terminal counts: frame 0 is the start, 3 steps later frame 3.
        self.assertEqual(shown[0], "frame 0/3: slope 0, intercept 0")
        self.assertEqual(shown[-1], "frame 3/3: slope 2, intercept 1")
        self.assertEqual(len(shown), 4)
        windows = [t.find(f"{SVG_NS}animate") for g in of_class(root, "g", "counter")
                   for t in g.iter(f"{SVG_NS}text")]
        self.assertEqual([w.get("keyTimes") for w in windows if w is not None],
                         ["0;0.25", "0;0.25;0.5", "0;0.5;0.75", "0;0.75"])

    def test_one_frame_needs_no_animation(self) -> None:
        svg = animated_fit([0, 1], [1, 3], [(2, 1)])
        self.assertNotIn("<animate", svg)


class SparklineTest(unittest.TestCase):
    def test_eight_steps_give_the_eight_blocks(self) -> None:
        self.assertEqual(sparkline([1, 2, 3, 4, 5, 6, 7, 8]), "▁▂▃▄▅▆▇█")

    def test_shapes(self) -> None:
        cases = [
            ("empty", [], None, ""),
            ("constant", [2.5, 2.5, 2.5], None, "▄▄▄"),
            ("one value", [7], None, "▄"),
            ("falling", [15, 8, 1], None, "█▅▁"),  # 8 is halfway: 3.5 rounds to block 4 (even)
            ("bucket means 7, 3, 1", [8, 6, 4, 2, 1, 1], 3, "█▃▁"),
            ("short series is not stretched", [1, 2], 5, "▁█"),
            ("huge values do not overflow", [-1e308, 1e308], None, "▁█"),
        ]
        for name, values, width, expected in cases:
            with self.subTest(name):
                self.assertEqual(sparkline(values, width=width), expected)


class WriteSvgTest(unittest.TestCase):
    def test_writes_the_text_and_nothing_else(self) -> None:
        svg = line_chart({"sgd": [2, 1]}, title="π ≈ 3.14")
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "loss.svg")
            write_svg(target, svg)
            with open(target, encoding="utf-8") as stream:
                self.assertEqual(stream.read(), svg)
            self.assertEqual(os.listdir(folder), ["loss.svg"])
            write_svg(target, "<svg/>")  # replaces a file already there
            with open(target, encoding="utf-8") as stream:
                self.assertEqual(stream.read(), "<svg/>")
            self.assertEqual(os.listdir(folder), ["loss.svg"])

    def test_a_failure_leaves_the_old_picture_and_no_temporary_file(self) -> None:
        for step in ("os.replace", "os.fsync", "os.chmod"):
            with self.subTest(failing=step), tempfile.TemporaryDirectory() as folder:
                target = os.path.join(folder, "loss.svg")
                write_svg(target, "<svg>old</svg>")
                with mock.patch(step, side_effect=OSError("disk full")), \
                        self.assertRaisesRegex(OSError, "disk full"):
                    write_svg(target, "<svg>new</svg>")
                self.assertEqual(os.listdir(folder), ["loss.svg"])
                with open(target, encoding="utf-8") as stream:
                    self.assertEqual(stream.read(), "<svg>old</svg>")

    def test_bad_arguments_create_nothing(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "loss.svg")
            with self.assertRaisesRegex(TypeError, r"write_svg: svg must be a str \(got b'<svg/>'"):
                write_svg(target, b"<svg/>")  # type: ignore[arg-type]
            with self.assertRaises(FileNotFoundError):
                write_svg(os.path.join(folder, "missing", "loss.svg"), "<svg/>")
            self.assertEqual(os.listdir(folder), [])


class InputChecksTest(unittest.TestCase):
    def test_errors_name_the_function_and_the_value(self) -> None:
        nan = float("nan")
        square = lambda x, y: x * x + y * y  # noqa: E731
        cases = [
            ("no series", lambda: line_chart({}), ValueError,
             "line_chart: series must name at least one series"),
            ("empty series", lambda: line_chart({"sgd": []}), ValueError,
             "line_chart: series 'sgd' must not be empty"),
            ("nan in series", lambda: line_chart({"sgd": [1, nan]}), ValueError,
             r"line_chart: series 'sgd'\[1\] must be finite \(got nan\)"),
            ("zero on a log axis", lambda: line_chart({"sgd": [1, 0]}, log_y=True), ValueError,
             r"line_chart: series 'sgd'\[1\] must be positive when log_y=True \(got 0\)"),
            ("series not a mapping", lambda: line_chart(5), TypeError,  # type: ignore[arg-type]
             "line_chart: series must be a mapping"),
            ("name not a str", lambda: line_chart({1: [1]}), TypeError,  # type: ignore[dict-item]
             "line_chart: series names must be strings"),
            ("pair is a str", lambda: line_chart(["ab"]), TypeError,  # type: ignore[list-item]
             r"line_chart: series\[0\] must be a \(name, values\) pair \(got 'ab' \(str\)\)"),
            ("pair of three", lambda: line_chart([("a", [1], 2)]), TypeError,  # type: ignore[list-item]
             r"line_chart: series\[0\] must be a \(name, values\) pair"),
            ("too narrow", lambda: line_chart({"a": [1]}, width=50), ValueError,
             r"line_chart: width must be at least 200 \(got 50\)"),
            ("title not a str", lambda: line_chart({"a": [1]}, title=None), TypeError,  # type: ignore[arg-type]
             "line_chart: title must be a str"),
            ("lengths differ", lambda: scatter_chart([1, 2], [1]), ValueError,
             r"scatter_chart: xs and ys must have the same length \(got 2 and 1\)"),
            ("inf in xs", lambda: scatter_chart([1, math.inf], [1, 2]), ValueError,
             r"scatter_chart: xs\[1\] must be finite \(got inf\)"),
            ("curve not callable", lambda: scatter_chart([1], [1], {"fit": 3}), TypeError,
             "scatter_chart: curve 'fit' must be callable"),
            ("curve is nan", lambda: scatter_chart([1, 2], [1, 2], {"fit": lambda x: nan}),
             ValueError, r"scatter_chart: curve 'fit' at x=1.0 must be finite \(got nan\)"),
            ("reversed range", lambda: contour_chart(square, (1, -1), (-1, 1)), ValueError,
             r"contour_chart: x_range must have low < high \(got \(1, -1\)\)"),
            ("range not a pair", lambda: contour_chart(square, (-1, 1), 1), TypeError,  # type: ignore[arg-type]
             "contour_chart: y_range must be a \\(low, high\\) pair"),
            ("resolution 1", lambda: contour_chart(square, (-1, 1), (-1, 1), resolution=1),
             ValueError, r"contour_chart: resolution must be at least 2 \(got 1\)"),
            ("f overflows", lambda: contour_chart(lambda x, y: 1 / x, (0, 1), (0, 1)),
             ZeroDivisionError, "division by zero"),
            ("f is inf", lambda: contour_chart(lambda x, y: math.inf, (0, 1), (0, 1)),
             ValueError, r"contour_chart: f\(0.0, 0.0\) must be finite \(got inf\)"),
            ("empty path", lambda: contour_chart(square, (-1, 1), (-1, 1), {"gd": []}),
             ValueError, "contour_chart: path 'gd' must not be empty"),
            ("point of three", lambda: contour_chart(square, (-1, 1), (-1, 1), {"gd": [(1, 2, 3)]}),
             ValueError, r"contour_chart: path 'gd'\[0\] must be an \(x, y\) pair"),
            ("no levels", lambda: contour_chart(square, (-1, 1), (-1, 1), levels=[]),
             ValueError, "contour_chart: levels must not be empty"),
            ("no frames", lambda: animated_fit([1], [1], []), ValueError,
             "animated_fit: frames must not be empty"),
            ("nan frame", lambda: animated_fit([1], [1], [(1, nan)]), ValueError,
             r"animated_fit: frames\[0\]\[1\] must be finite"),
            ("zero interval", lambda: animated_fit([1], [1], [(1, 1)], interval=0), ValueError,
             r"animated_fit: interval must be positive \(got 0\)"),
            ("nan in sparkline", lambda: sparkline([1, nan]), ValueError,
             r"sparkline: values\[1\] must be finite \(got nan\)"),
            ("inf in sparkline", lambda: sparkline([math.inf]), ValueError,
             r"sparkline: values\[0\] must be finite \(got inf\)"),
            ("width 0", lambda: sparkline([1], width=0), ValueError,
             r"sparkline: width must be at least 1 \(got 0\)"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name), self.assertRaisesRegex(error, message):
                call()


if __name__ == "__main__":
    unittest.main()
