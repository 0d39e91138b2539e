"""Tests for vecgd.theory: the rates written out, and vecgd's optimizers measured against them.

The rates are checked against their closed forms (computed here from
kappa, independently of theory.py's arrangement in l_min and l_max) and
exact fractions; the central test runs SGD and Momentum on quadratics and
finds the contraction they show within 1% of the prediction.
"""

from __future__ import annotations

import math
import unittest
import xml.etree.ElementTree as ElementTree
from fractions import Fraction

from tests.support import assert_close, assert_raises_each
from vecgd import (
    SGD,
    Momentum,
    observed_rate,
    predicted_rate,
    quadratic_rates,
    theory_chart,
)
from vecgd.theory import BANDS, DIVERGES

SVG_NS = "{http://www.w3.org/2000/svg}"

EIGENVALUES = {"kappa 10": [1.0, 2.0, 5.0, 10.0], "kappa 100": [0.5, 3.0, 20.0, 50.0],
               "kappa 1000": [0.02, 0.7, 4.0, 20.0]}


class QuadraticRatesTest(unittest.TestCase):
    def test_exact_on_kappa_9(self) -> None:
        rates = quadratic_rates([1.0, 4.0, 9.0])
        self.assertEqual(rates, (1.0, 9.0, 9.0, 0.2, 0.8, 0.25, 0.25, 0.5))

    def test_closed_forms_from_kappa(self) -> None:
        for name, values in EIGENVALUES.items():
            rates = quadratic_rates(values)
            kappa = max(values) / min(values)
            root = math.sqrt(kappa)
            with self.subTest(name):
                self.assertEqual(rates.condition_number, kappa)
                assert_close(self, rates.descent_lr, 2 / (min(values) + max(values)), rel=1e-15)
                assert_close(self, rates.descent_rate, (kappa - 1) / (kappa + 1), rel=1e-14)
                assert_close(self, rates.momentum_rate, (root - 1) / (root + 1), rel=1e-14)
                assert_close(self, rates.momentum, ((root - 1) / (root + 1)) ** 2, rel=1e-14)
                assert_close(self, rates.momentum_lr,
                             (2 / (math.sqrt(min(values)) + math.sqrt(max(values)))) ** 2,
                             rel=1e-14)

    def test_steps(self) -> None:
        rates = quadratic_rates([1.0, 3.0])  # descent contracts by 1/2
        self.assertEqual(rates.steps(1e-3), 10)  # 2^-10 < 1e-3 < 2^-9
        self.assertEqual(rates.steps(Fraction(1, 1024)), 10)  # exactly 2^-10: not 11
        self.assertEqual(rates.steps(1.0), 0)
        self.assertEqual(quadratic_rates([2.0, 2.0]).steps(1e-9), 1)
        slow = quadratic_rates([1.0, 100.0])
        self.assertEqual(slow.steps(1e-6), math.ceil(math.log(1e-6) / math.log(99 / 101)))
        self.assertEqual(slow.steps(1e-6, "momentum"),
                         math.ceil(math.log(1e-6) / math.log(9 / 11)))

    def test_bad_arguments(self) -> None:
        rates = quadratic_rates([1.0, 2.0])
        assert_raises_each(self, [
            ("empty", lambda: quadratic_rates([]), ValueError, "eigenvalues must not be empty"),
            ("zero", lambda: quadratic_rates([0.0, 1.0]), ValueError, "must all be positive"),
            ("negative", lambda: quadratic_rates([-1.0, 1.0]), ValueError, "positive"),
            ("nan", lambda: quadratic_rates([math.nan]), ValueError, "finite"),
            ("tolerance 0", lambda: rates.steps(0.0), ValueError, "tolerance"),
            ("method", lambda: rates.steps(0.1, "adam"), ValueError, "method"),
            ("kappa past the floats", lambda: quadratic_rates([5e-324, 1e300]).steps(0.1),
             ValueError, "never reaches"),
        ])


class PredictedRateTest(unittest.TestCase):
    def test_plain_descent_is_the_largest_one_minus_lr_l(self) -> None:
        values = [1.0, 4.0, 9.0]
        for lr in (0.05, 0.2, 0.21, 0.3):
            with self.subTest(lr=lr):
                self.assertEqual(predicted_rate(values, lr), max(abs(1 - lr * v) for v in values))

    def test_the_best_settings_give_the_best_rates(self) -> None:
        for name, values in EIGENVALUES.items():
            rates = quadratic_rates(values)
            with self.subTest(name):
                assert_close(self, predicted_rate(values, rates.descent_lr), rates.descent_rate,
                             rel=1e-12)
                assert_close(self, predicted_rate(values, rates.momentum_lr, rates.momentum),
                             rates.momentum_rate, rel=1e-6)
                # Nearby settings are slower.
                for lr, m in ((0.9, 1.0), (1.1, 1.0), (1.0, 0.9), (1.0, 1.1)):
                    self.assertGreater(predicted_rate(values, rates.momentum_lr * lr,
                                                      rates.momentum * m), rates.momentum_rate)

    def test_the_edge_of_convergence(self) -> None:
        # lr = 2 (1 + momentum) / l_max: a root at -1 for the largest eigenvalue.
        assert_close(self, predicted_rate([1.0, 10.0], 2 * 1.5 / 10, 0.5), 1.0, rel=1e-12)
        self.assertGreater(predicted_rate([1.0, 10.0], 2 * 1.5 / 10 * 1.01, 0.5), 1.0)


class ObservedRateTest(unittest.TestCase):
    def test_vecgds_optimizers_contract_as_predicted(self) -> None:
        # The contraction over the second half of 400 steps, within 1% of the prediction:
        # the best plain step, the best heavy ball (Momentum in PyTorch's form is the heavy
        # ball with the same lr and momentum), slower settings, and Momentum with
        # dampening d, which is the heavy ball with lr * (1 - d).
        for name, values in EIGENVALUES.items():
            r = quadratic_rates(values)
            cases = [
                ("best descent", SGD(r.descent_lr), predicted_rate(values, r.descent_lr)),
                ("half the best step", SGD(r.descent_lr / 2),
                 predicted_rate(values, r.descent_lr / 2)),
                ("best heavy ball", Momentum(r.momentum_lr, r.momentum), r.momentum_rate),
                ("momentum 0.5", Momentum(r.descent_lr, 0.5),
                 predicted_rate(values, r.descent_lr, 0.5)),
                ("dampening 0.5", Momentum(2 * r.momentum_lr, r.momentum, dampening=0.5),
                 r.momentum_rate),
            ]
            for label, optimizer, predicted in cases:
                observed = observed_rate(values, optimizer, steps=400)
                with self.subTest(name, case=label, observed=observed, predicted=predicted):
                    assert_close(self, observed, predicted, rel=0.01)

    def test_landing_and_diverging(self) -> None:
        self.assertEqual(observed_rate([2.0, 2.0], SGD(0.5)), 0.0)  # one step lands
        self.assertEqual(observed_rate([1.0, 10.0], SGD(0.3)), 2.0)  # |1 - 3|: doubles
        self.assertEqual(observed_rate([1.0, 10.0], SGD(30.0)), math.inf)  # 299^200 overflows

    def test_bad_arguments(self) -> None:
        assert_raises_each(self, [
            ("no step", lambda: observed_rate([1.0], object()), TypeError,
             "optimizer must have lr, step()"),
            ("steps 1", lambda: observed_rate([1.0], SGD(0.1), steps=1), ValueError, "steps"),
        ])


class TheoryChartTest(unittest.TestCase):
    def test_marks_the_observed_rates(self) -> None:
        svg = theory_chart([1.0, 10.0], [(0.1, 0.0), (0.35, 0.0), (0.3, 0.5)], resolution=10)
        self.assertTrue(svg.startswith("<svg"))
        self.assertEqual(svg.count('class="observed"'), 3)
        self.assertIn("0.900 (predicted 0.900)", svg)  # max |1 - 0.1 l| = 0.9
        self.assertIn("diverges, as predicted", svg)  # 0.35 > 2 / 10
        self.assertIn('fill="#d9d9d9"', svg)  # the grey of divergence

    def test_rates_near_one_read_as_one_minus_a_small_number(self) -> None:
        from vecgd.theory import _fmt
        self.assertEqual([_fmt(0.948), _fmt(0.98999), _fmt(1 - 7.7e-4), _fmt(1 - 2.9e-7),
                          _fmt(1.0), _fmt(3.0)],
                         ["0.948", "0.990", "1 - 7.7e-4", "1 - 2.9e-7", "diverges", "diverges"])

    def test_a_large_condition_number_still_shows_its_bands_and_the_best_rate(self) -> None:
        # The unscaled heights' Hessian: kappa 6.8e6.  Momentum is drawn on a log scale of
        # 1 - momentum, so the fast region is many cells, not a hair: every band shows.
        values = [1.0, 6.8e6]
        root = ElementTree.fromstring(theory_chart(values, resolution=32, steps=200))
        fills = {e.get("fill") for e in root.iter(f"{SVG_NS}rect") if e.get("class") == "cells"}
        self.assertTrue({colour for _, colour in BANDS} <= fills)
        self.assertIn(DIVERGES, fills)
        ticks = ["".join(t.itertext()) for g in root.iter(f"{SVG_NS}g")
                 if g.get("class") == "yticks" for t in g.iter(f"{SVG_NS}text")]
        self.assertEqual(ticks, ["0", "0.5", "0.9", "0.99", "0.999", "0.9999"])
        # At the best heavy ball (a double root) the run is long enough that the transient
        # k * rate^k leaves 1 - rate within 1% (ln 2 / 400 = 0.2% by the window's length).
        values = [1.0, 1e5]
        rates = quadratic_rates(values)
        root = ElementTree.fromstring(theory_chart(
            values, [(rates.momentum_lr, rates.momentum)], resolution=4))
        labels = ["".join(t.itertext()) for g in root.iter(f"{SVG_NS}g")
                  if g.get("class") == "observed" for t in g.iter(f"{SVG_NS}text")]
        best = f"(predicted 1 - {1 - rates.momentum_rate:.1e})".replace("e-03", "e-3")
        (label,) = [text for text in labels if best in text]
        seen = float(label.split(" (")[0].replace("1 - ", ""))
        assert_close(self, seen, 1 - rates.momentum_rate, rel=0.01)

    def test_labels_overlap_no_label_marker_or_edge(self) -> None:
        for values in ([1.0, 10.0], [0.149, 0.957, 32.8, 203.5], [1.0, 6.8e6]):
            with self.subTest(values=values):
                root = ElementTree.fromstring(theory_chart(values, resolution=16, steps=200))
                boxes, markers = [], []
                for g in root.iter(f"{SVG_NS}g"):
                    if g.get("class") != "observed":
                        continue
                    (box,) = [r for r in g.iter(f"{SVG_NS}rect") if r.get("class") == "label-box"]
                    x, y = float(box.get("x", 0)), float(box.get("y", 0))
                    boxes.append((x, y, x + float(box.get("width", 0)),
                                  y + float(box.get("height", 0))))
                    (circle,) = g.iter(f"{SVG_NS}circle")
                    markers.append((float(circle.get("cx", 0)), float(circle.get("cy", 0))))
                self.assertEqual(len(boxes), 4)
                for i, a in enumerate(boxes):
                    for b in boxes[i + 1:]:
                        self.assertFalse(a[0] < b[2] and b[0] < a[2] and a[1] < b[3]
                                         and b[1] < a[3], (a, b))
                    for mx, my in markers:
                        self.assertFalse(a[0] - 5 < mx < a[2] + 5 and a[1] - 5 < my < a[3] + 5)
                (edge,) = [p for p in root.iter(f"{SVG_NS}polyline")
                           if p.findtext(f"{SVG_NS}title") == "edge of convergence"]
                for point in (edge.get("points") or "").split():
                    px, py = map(float, point.split(","))
                    self.assertFalse(any(b[0] <= px <= b[2] and b[1] <= py <= b[3]
                                         for b in boxes), (px, py))

    def test_bad_arguments(self) -> None:
        assert_raises_each(self, [
            ("momentum 1", lambda: theory_chart([1.0], [(0.1, 1.0)]), ValueError, "momentum"),
            ("lr negative", lambda: theory_chart([1.0], [(-0.1, 0.5)]), ValueError, "lr"),
            ("range below 0", lambda: theory_chart([1.0], lr_range=(-1.0, 1.0)), ValueError,
             "lr_range must start at 0"),
            ("resolution", lambda: theory_chart([1.0], resolution=1), ValueError, "resolution"),
        ])


if __name__ == "__main__":
    unittest.main()
