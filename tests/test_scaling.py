"""Tests for vecgd.scaling.Standardizer and fit(..., standardize=True).

Oracles: means and standard deviations by hand; the mapping back checked
by predictions (a theta and its image predict the same values, in exact
arithmetic); the chain rule against a difference of losses; and
standardized fits against ``least_squares``, the closed form.
"""

from __future__ import annotations

import math
import unittest
from fractions import Fraction

from tests.support import assert_close, assert_vectors_close
from vecgd import (
    SGD,
    Linear,
    MultipleLinear,
    Polynomial,
    Proportional,
    Standardizer,
    distance,
    fit,
    least_squares,
    magnitude,
)


class StandardizerTest(unittest.TestCase):
    def test_means_and_scales_by_hand(self) -> None:
        scaler = Standardizer(MultipleLinear()).fit([[1, 10], [3, 10], [5, 10]])
        self.assertEqual(scaler.means, [3.0, 10.0])
        # population sd of 1, 3, 5: sqrt(8/3); a constant feature keeps scale 1.
        assert_vectors_close(self, scaler.scales, [math.sqrt(8 / 3), 1.0], rel=1e-15)
        rows = scaler.transform([[1, 10], [3, 10]])
        assert_vectors_close(self, rows[0], [-2 / math.sqrt(8 / 3), 0.0], rel=1e-15)
        self.assertEqual(rows[1], [0.0, 0.0])

    def test_polynomial_scales_each_power(self) -> None:
        scaler = Standardizer(Polynomial(2)).fit([-1, 0, 1])
        # x**2: 1, 0, 1 (mean 2/3); x: -1, 0, 1 (mean 0).
        assert_vectors_close(self, scaler.means, [2 / 3, 0.0], rel=1e-15)
        self.assertEqual(scaler.features(3), [9.0, 3.0])

    def test_to_data_keeps_every_prediction_exactly(self) -> None:
        for model, xs, theta in [
            (Linear(), [0.5, 2.0, 7.0], [0.3, -1.7]),
            (MultipleLinear(), [[1.0, 200.0], [3.0, -50.0], [2.5, 10.0]], [0.1, 2.0, -3.0]),
            (Polynomial(3), [-2.0, 0.5, 4.0, 9.0], [0.25, -1.0, 2.0, 0.5]),
        ]:
            with self.subTest(model=model):
                scaler = Standardizer(model).fit(xs)
                data = scaler.to_data(theta)
                for x, row in zip(xs, scaler.transform(xs)):
                    scaled = math.fsum(w * z for w, z in zip(theta, row)) + theta[-1]
                    assert_close(self, model.predict(data, x), scaled, rel=1e-12, abs=1e-12)
                assert_vectors_close(self, scaler.to_scaled(data), theta, rel=1e-14, abs=1e-15)

    def test_to_data_is_rounded_once_from_the_exact_value(self) -> None:
        scaler = Standardizer(Linear()).fit([0.1, 0.2, 0.7])
        w, b = 0.3, 1.1
        m, s = Fraction(scaler.means[0]), Fraction(scaler.scales[0])
        expected = [float(Fraction(w) / s), float(Fraction(b) - Fraction(w) / s * m)]
        self.assertEqual(scaler.to_data([w, b]), expected)

    def test_gradient_to_data_is_the_chain_rule(self) -> None:
        xs, ys = [[1.0, 200.0], [3.0, -50.0], [2.5, 10.0], [0.0, 1.0]], [1.0, 2.0, 0.5, 3.0]
        model = MultipleLinear()
        scaler = Standardizer(model).fit(xs)
        data_theta = [0.2, 0.01, 1.0]
        scaled_theta = scaler.to_scaled(data_theta)
        scaled_gradient = model.batch_gradient(scaled_theta, scaler.transform(xs), ys)[0]
        direct = model.batch_gradient(data_theta, xs, ys)[0]
        assert_vectors_close(self, scaler.gradient_to_data(scaled_gradient), direct, rel=1e-10)

    def test_errors(self) -> None:
        with self.assertRaisesRegex(TypeError, r"^Standardizer: model must be linear in theta "
                                    r"with an intercept .* \(got Proportional\(\) "):
            Standardizer(Proportional())
        with self.assertRaisesRegex(ValueError, r"^Standardizer.transform: call fit\(xs\) first"):
            Standardizer(Linear()).transform([1.0])
        with self.assertRaisesRegex(ValueError, "Standardizer.fit: xs must not be empty"):
            Standardizer(Linear()).fit([])
        scaler = Standardizer(Linear()).fit([1.0, 2.0])
        with self.assertRaisesRegex(ValueError, r"Standardizer.to_data: theta must have 2 values"):
            scaler.to_data([1.0])
        with self.assertRaisesRegex(ValueError, r"Standardizer.to_scaled: theta\[0\] must be fin"):
            scaler.to_scaled([math.nan, 1.0])
        with self.assertRaisesRegex(TypeError, r"Standardizer.fit: xs\[0\] must be a real"):
            Standardizer(Linear()).fit(["1"])


def _relative(theta: list[float], answer: list[float]) -> float:
    return distance(theta, answer) / magnitude(answer)


class StandardizedFitTest(unittest.TestCase):
    XS = [[1.0, 2000.0], [2.0, 1000.0], [3.0, 4000.0], [4.0, 2500.0], [5.0, 100.0]]
    YS = [3.0, 1.0, 4.0, 1.0, 5.0]

    def test_reaches_least_squares_in_data_units(self) -> None:
        answer = least_squares(MultipleLinear(), self.XS, self.YS)
        result = fit(MultipleLinear(), self.XS, self.YS, [0.0, 0.0, 0.0], SGD(0.3),
                     epochs=500, standardize=True, gradient_tolerance=1e-12)
        self.assertEqual(result.stop_reason, "gradient")
        self.assertLess(_relative(result.theta, answer), 1e-10)
        # Unscaled, the same SGD diverges at once, and a safe lr crawls.
        slow = fit(MultipleLinear(), self.XS, self.YS, [0.0, 0.0, 0.0], SGD(1e-7), epochs=500)
        self.assertGreater(_relative(slow.theta, answer), 0.1)

    def test_history_and_callback_are_in_data_units(self) -> None:
        seen: list[tuple[list[float], float]] = []
        result = fit(MultipleLinear(), self.XS, self.YS, [0.1, 0.001, 1.0], SGD(0.1), epochs=5,
                     standardize=True, callback=lambda e, theta, loss: seen.append((theta, loss)))
        model = MultipleLinear()
        for (theta, loss), record in zip(seen, result.history):
            gradient, data_loss = model.batch_gradient(theta, self.XS, self.YS)
            assert_close(self, record.loss, data_loss, rel=1e-12)
            assert_close(self, record.gradient_norm, magnitude(gradient), rel=1e-9)
            self.assertEqual(loss, record.loss)
        self.assertEqual(seen[-1][0], result.theta)

    def test_starts_from_the_theta_given_in_data_units(self) -> None:
        answer = least_squares(Linear(), [1.0, 2.0, 4.0], [2.0, 3.0, 9.0])
        result = fit(Linear(), [1.0, 2.0, 4.0], [2.0, 3.0, 9.0], answer, SGD(0.1), epochs=0,
                     standardize=True)
        assert_vectors_close(self, result.theta, answer, rel=1e-15)

    def test_polynomial_and_adam(self) -> None:
        xs = [float(x) for x in range(-10, 11)]
        ys = [0.5 * x**3 - 2 * x + 7 + (-1) ** i for i, x in enumerate(xs)]
        answer = least_squares(Polynomial(3), xs, ys)
        result = fit(Polynomial(3), xs, ys, [0.0] * 4, SGD(0.2), epochs=3000, standardize=True,
                     gradient_tolerance=1e-10)
        self.assertLess(_relative(result.theta, answer), 1e-9)
        # A step past 2/lambda_max (3.84 here) from epoch 5 on, as in the spikes of a
        # fixed lr: the loss climbs, and keep_best returns the best theta seen.
        optimizer = SGD(0.2)

        def spike(epoch: int, theta: list[float], loss: float) -> None:
            if epoch == 4:
                optimizer.lr = 3.0

        best = fit(Polynomial(3), xs, ys, [0.0] * 4, optimizer, epochs=8, standardize=True,
                   keep_best=True, callback=spike)
        self.assertEqual(best.best_epoch, best.losses.index(min(best.losses)))
        self.assertEqual(best.loss, min(best.losses))
        self.assertGreater(best.history[-1].loss, 10 * best.loss)
        self.assertEqual(best.theta, best.best_theta)

    def test_refuses_models_it_cannot_scale(self) -> None:
        with self.assertRaisesRegex(TypeError, "fit: model must be linear in theta"):
            fit(Proportional(), [1.0, 2.0], [2.0, 4.0], [0.0], SGD(0.1), epochs=1,
                standardize=True)
        with self.assertRaisesRegex(TypeError, "fit: standardize must be True or False"):
            fit(Linear(), [1.0, 2.0], [2.0, 4.0], [0.0, 0.0], SGD(0.1), epochs=1,
                standardize=1)  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
