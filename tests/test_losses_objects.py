"""Tests for the loss objects, the penalties, Objective, fit(loss=, penalty=) and logistic_optimum.

Values by hand, derivatives against central differences, and scikit-learn's
SGD loop written out here from its source (sklearn/linear_model/_sgd_fast.pyx.tp:
the weights kept as ``wscale * w``, the derivative clipped at 1e12, the L2
shrink, the step, the intercept, then the cumulative L1 penalty with u and
q), so that the per-sample arrangement is held without scikit-learn itself;
scripts/parity_sklearn.py holds it to scikit-learn.
"""

from __future__ import annotations

import math
import random
import unittest
from fractions import Fraction
from typing import Any, List, Sequence

from tests.support import assert_close, assert_raises_each, assert_vectors_close
from vecgd import (
    L1,
    L2,
    SGD,
    Adam,
    DivergenceError,
    ElasticNet,
    EpsilonInsensitive,
    Hinge,
    Huber,
    Linear,
    LogLoss,
    Model,
    ModifiedHuber,
    MultipleLinear,
    Objective,
    Polynomial,
    Proportional,
    SquaredError,
    fit,
    logistic_optimum,
    predict_class,
    predict_probability,
    sigmoid,
)

Vector = List[float]
LOSSES = [SquaredError(), Huber(0.5), EpsilonInsensitive(0.5), LogLoss(), Hinge(), ModifiedHuber()]


class Cubic(Model):
    """A model without prediction_gradient: fit(loss=...) must refuse it by name."""

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        return float(theta[0] * x * x * x)

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> Vector:
        return [2 * (self.prediction(theta, x) - y) * x * x * x]

    def parameter_names(self, x: Any = None) -> List[str]:
        return ["a"]


def mixed_data(n: int = 30, seed: int = 1) -> tuple[List[List[float]], List[float], List[int]]:
    """Seeded features of mixed scale, regression targets and 0/1 labels."""
    rng = random.Random(seed)
    xs = [[rng.gauss(0, 1), rng.gauss(0, 10), rng.gauss(0, 0.1)] for _ in range(n)]
    ys = [0.5 * a - 0.1 * b + 4 * c + 0.3 + rng.gauss(0, 0.2) for a, b, c in xs]
    labels = [int(y + rng.gauss(0, 0.5) > 0.3) for y in ys]
    return xs, ys, labels


def sklearn_sgd(xs: List[List[float]], ys: Sequence[float], loss: Any, eta: float,
                alpha: float, l1_ratio: float, epochs: int, gamma: float = 1.0) -> Vector:
    """scikit-learn's plain SGD for dense data, written from _sgd_fast.pyx.tp's order of operations.

    Labels are passed as 0/1 and turned into sklearn's -1/+1 inside the
    loss's slope, which takes them as vecgd's losses do.  eta is multiplied
    by gamma after each epoch (scikit-learn's own changes of eta, as with
    learning_rate="adaptive", feed u the same way).
    """
    k = len(xs[0])
    w, wscale, b = [0.0] * k, 1.0, 0.0
    u, q = 0.0, [0.0] * k
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            p = wscale * math.fsum(wj * xj for wj, xj in zip(w, x)) + b
            d = min(max(loss.slope(p, y), -1e12), 1e12)
            update = -eta * d
            if alpha and l1_ratio < 1:  # penalty l2 or elasticnet: shrink via wscale
                wscale *= max(0.0, 1.0 - (1.0 - l1_ratio) * eta * alpha)
            if update != 0.0:
                w = [wj + xj * (update / wscale) for wj, xj in zip(w, x)]
            b += update
            if alpha and l1_ratio > 0:  # penalty l1 or elasticnet: Tsuruoka et al. (2009)
                u += l1_ratio * eta * alpha
                for j in range(k):
                    z = w[j]
                    if wscale * z > 0.0:
                        w[j] = max(0.0, w[j] - (u + q[j]) / wscale)
                    elif wscale * z < 0.0:
                        w[j] = min(0.0, w[j] + (u - q[j]) / wscale)
                    q[j] += wscale * (w[j] - z)
        eta *= gamma
    return [wscale * wj for wj in w] + [b]


class LossValuesTest(unittest.TestCase):
    def test_values_and_derivatives_by_hand(self) -> None:
        cases = [  # loss, prediction, y, value, derivative
            (SquaredError(), 3.0, 1.0, 4.0, 4.0),
            (Huber(0.5), 0.25, 0.0, 0.03125, 0.25),
            (Huber(0.5), -2.0, 0.0, 0.875, -0.5),
            (EpsilonInsensitive(0.5), 2.0, 0.0, 1.5, 1.0),
            (EpsilonInsensitive(0.5), 0.25, 0.0, 0.0, 0.0),
            (Hinge(), 0.25, 1, 0.75, -1.0),
            (Hinge(), 0.25, 0, 1.25, 1.0),
            (Hinge(), 3.0, 1, 0.0, 0.0),
            (Hinge(0.0), -1.0, 1, 1.0, -1.0),  # the perceptron
            (ModifiedHuber(), 0.0, 1, 1.0, -2.0),
            (ModifiedHuber(), -3.0, 1, 12.0, -4.0),
            (ModifiedHuber(), 2.0, 1, 0.0, 0.0),
            (LogLoss(), 0.0, 1, math.log(2), -0.5),
            (LogLoss(), 0.0, 0, math.log(2), 0.5),
        ]
        for loss, p, y, value, slope in cases:
            with self.subTest(loss=loss, p=p, y=y):
                assert_close(self, loss.loss(p, y), value, rel=1e-15)
                assert_close(self, loss.derivative(p, y), slope, rel=1e-15)

    def test_at_the_kinks_scikit_learns_convention(self) -> None:
        self.assertEqual(Huber(0.5).derivative(0.5, 0.0), 0.5)  # |r| <= epsilon: r
        self.assertEqual(EpsilonInsensitive(0.5).derivative(0.5, 0.0), 0.0)  # inside the band
        self.assertEqual(Hinge().derivative(1.0, 1), -1.0)  # z <= threshold
        self.assertEqual(Hinge().derivative(-1.0, 0), 1.0)
        self.assertEqual(ModifiedHuber().derivative(1.0, 1), 0.0)  # z >= 1
        self.assertEqual(ModifiedHuber().derivative(-1.0, 1), -4.0)  # both sides: -4s

    def test_derivative_is_the_central_difference_away_from_kinks(self) -> None:
        rng = random.Random(3)
        for loss in LOSSES:
            for _ in range(40):
                p = rng.uniform(-4, 4)
                y = rng.choice([0, 1]) if loss.classification else rng.uniform(-4, 4)
                h = 1e-6
                numeric = (loss.loss(p + h, y) - loss.loss(p - h, y)) / (2 * h)
                with self.subTest(loss=loss, p=p, y=y):
                    # Away from a kink the central difference's error is about h**2.
                    if abs(numeric - loss.derivative(p, y)) > 1e-6:
                        kinks = [loss.loss(p + t * h, y) for t in (-1, -0.5, 0, 0.5, 1)]
                        second = [kinks[i + 1] - 2 * kinks[i + 2] + kinks[i + 3] for i in (0,)]
                        self.assertGreater(abs(second[0]), 1e-14, "a mismatch that is no kink")

    def test_log_loss_without_overflow(self) -> None:
        self.assertEqual(LogLoss().loss(1e308, 1), 0.0)
        self.assertEqual(LogLoss().loss(-1e308, 1), 1e308)
        self.assertEqual(LogLoss().loss(1000.0, 0), 1000.0)
        self.assertEqual(LogLoss().derivative(-1000.0, 1), -1.0)
        self.assertEqual(LogLoss().derivative(1000.0, 1), -0.0)
        assert_close(self, LogLoss().loss(40.0, 1), math.exp(-40.0), rel=1e-15)
        # sigmoid(p) - 1 = -exp(-p) / (1 + exp(-p)), without the cancellation:
        for p in (-3.0, -0.5, 0.7, 20.0, 36.0, 50.0):
            assert_close(self, LogLoss().derivative(p, 1), -math.exp(-p) / (1 + math.exp(-p)),
                         rel=1e-14)

    def test_booleans_are_labels(self) -> None:
        self.assertEqual(LogLoss().loss(0.5, True), LogLoss().loss(0.5, 1))
        self.assertEqual(Hinge().derivative(0.5, False), 1.0)

    def test_sigmoid(self) -> None:
        self.assertEqual(sigmoid(0.0), 0.5)
        self.assertEqual(sigmoid(-800.0), 0.0)
        assert_close(self, sigmoid(2.0) + sigmoid(-2.0), 1.0, rel=1e-15)

    def test_reprs_show_the_settings(self) -> None:
        self.assertEqual(repr(Huber(0.25)), "Huber(epsilon=0.25)")
        self.assertEqual(repr(ElasticNet(0.1)), "ElasticNet(alpha=0.1, l1_ratio=0.15)")
        self.assertEqual(repr(L2(0.5)), "L2(alpha=0.5)")


class PenaltyTest(unittest.TestCase):
    def test_values_by_hand(self) -> None:
        w = [3.0, -4.0]
        self.assertEqual(L2(0.5).value(w), 6.25)  # 0.5 * 25 / 2
        self.assertEqual(L1(0.5).value(w), 3.5)
        self.assertEqual(ElasticNet(1.0, l1_ratio=0.5).value(w), 0.5 * 7 + 0.5 * 12.5)
        self.assertEqual(ElasticNet(1.0, l1_ratio=0.0).value(w), L2(1.0).value(w))
        self.assertEqual(ElasticNet(1.0, l1_ratio=1.0).value(w), L1(1.0).value(w))

    def test_gradient_and_subgradient_zero_at_zero(self) -> None:
        self.assertEqual(ElasticNet(2.0, 0.5).gradient([1.0, 0.0, -2.0]), [2.0, 0.0, -3.0])

    def test_the_books_ridge_alpha_is_half_of_l2s(self) -> None:
        # The book: alpha * dot(beta[1:], beta[1:]); L2: alpha * ||w||**2 / 2.
        beta_w, book_alpha = [0.97, -1.85, 0.91], 0.1
        book = book_alpha * sum(b * b for b in beta_w)
        assert_close(self, L2(2 * book_alpha).value(beta_w), book, rel=1e-15)


class ObjectiveTest(unittest.TestCase):
    def test_the_intercept_is_never_penalized(self) -> None:
        plain = Objective(Linear(), Huber(1.0))
        penalized = Objective(Linear(), Huber(1.0), ElasticNet(0.5, 0.5))
        theta, xs, ys = [2.0, 3.0], [0.0, 1.0, 2.0], [1.0, 2.0, 3.0]
        (g0, v0), (g1, v1) = plain.mean_gradient(theta, xs, ys), penalized.mean_gradient(
            theta, xs, ys)
        self.assertEqual(g1[1], g0[1])  # the intercept's gradient is the loss's alone
        assert_close(self, g1[0] - g0[0], 0.5 * 0.5 * 2.0, rel=1e-15)  # the L2 part on w only
        assert_close(self, v1 - v0, 0.5 * (0.5 * 2.0 + 0.5 * 4.0 / 2), rel=1e-15)  # w = 2 only

    def test_a_model_without_intercept_penalizes_every_value(self) -> None:
        objective = Objective(Proportional(), SquaredError(), L2(1.0))
        gradient, value = objective.mean_gradient([2.0], [1.0], [2.0])
        self.assertEqual((gradient, value), ([2.0], 2.0))  # residual 0: penalty alone

    def test_mean_gradient_is_the_mean_of_sample_gradients(self) -> None:
        xs, ys, labels = mixed_data(8)
        for loss, targets in ((LogLoss(), labels), (Huber(0.3), ys)):
            objective = Objective(MultipleLinear(), loss, L2(0.2))
            theta = [0.3, -0.2, 1.5, 0.1]
            mean, _ = objective.mean_gradient(theta, xs, targets)
            # Each sample's gradient carries the L2 part; their mean carries it once.
            samples = [objective.sample_gradient(theta, x, y) for x, y in zip(xs, targets)]
            expected = [math.fsum(column) / len(xs) for column in zip(*samples)]
            assert_vectors_close(self, mean, expected, rel=1e-12, abs=1e-15)

    def test_a_derivative_beyond_1e12_is_clipped_as_scikit_learn_clips_it(self) -> None:
        objective = Objective(Linear(), SquaredError(), L2(0.0))
        self.assertEqual(objective.sample_gradient([0.0, 1e13], 1.0, 0.0), [1e12, 1e12])


class PerSampleParityTest(unittest.TestCase):
    """fit with SGD and one sample per step is scikit-learn's loop (written out above)."""

    def test_every_loss_and_penalty(self) -> None:
        xs, ys, labels = mixed_data()
        penalties = [(None, 0.0, 0.0), (L2(0.05), 0.05, 0.0), (L1(0.05), 0.05, 1.0),
                     (ElasticNet(0.05, 0.3), 0.05, 0.3)]
        for loss in LOSSES:
            targets = labels if loss.classification else ys
            for penalty, alpha, l1_ratio in penalties:
                with self.subTest(loss=loss, penalty=penalty):
                    # lr below 1 / max |x|**2: squared error's per-sample steps do not overshoot.
                    expected = sklearn_sgd(xs, targets, loss, 0.002, alpha, l1_ratio, 4)
                    result = fit(MultipleLinear(), xs, targets, [0.0] * 4, SGD(0.002), epochs=4,
                                 batch_size=1, loss=loss, penalty=penalty)
                    scale = max(abs(e) for e in expected)
                    assert_vectors_close(self, result.theta, expected, abs=1e-12 * scale)

    def test_a_schedule_changes_the_step_and_the_l1_penalty_alike(self) -> None:
        from vecgd import StepLR
        xs, ys, _ = mixed_data()
        optimizer = SGD(0.002)
        result = fit(MultipleLinear(), xs, ys, [0.0] * 4, optimizer, epochs=3, batch_size=1,
                     schedule=StepLR(optimizer, 1, gamma=0.5), loss=Huber(0.3),
                     penalty=ElasticNet(0.5, 0.5))
        self.assertEqual([r.lr for r in result.history], [0.002, 0.001, 0.0005])
        expected = sklearn_sgd(xs, ys, Huber(0.3), 0.002, 0.5, 0.5, 3, gamma=0.5)
        assert_vectors_close(self, result.theta, expected, abs=1e-15)

    def test_l1_holds_weights_at_zero_and_remembers_what_it_owes(self) -> None:
        # One feature, lr 1, L1(0.5): the cumulative penalty by hand (Tsuruoka et al. 2009).
        xs, ys = [[1.0], [1.0]], [1.0, 1.0]
        theta = fit(MultipleLinear(), xs, ys, [0.0, 0.0], SGD(0.25), epochs=1, batch_size=1,
                    loss=Huber(10.0), penalty=L1(2.0)).theta
        # Sample 1: p = 0, d = -1, w = 0.25 then u = 0.5: w = max(0, 0.25 - 0.5) = 0, q = -0.25.
        # Sample 2: p = 0 + 0.25 = 0.25, d = -0.75, w = 0.1875; u = 1.0: w = 0 (owed 0.75).
        self.assertEqual(theta, [0.0, 0.4375])


class BatchFitTest(unittest.TestCase):
    def test_proximal_full_batch_reaches_the_lasso_answer(self) -> None:
        # mean (w x - y)**2 + alpha |w|: w = (Sxy - alpha/2) / Sxx while Sxy > alpha/2, else 0.
        xs, ys = [1.0, 2.0, 3.0], [1.0, 2.5, 2.5]
        sxx, sxy = Fraction(14, 3), Fraction(1 + 5 + Fraction(15, 2), 3)
        for alpha in (0.5, 2.0, 10.0):
            expected = max(Fraction(0), (sxy - Fraction(alpha) / 2) / sxx)
            theta = fit(Proportional(), xs, ys, [0.0], SGD(0.1), epochs=300,
                        penalty=L1(alpha)).theta
            with self.subTest(alpha=alpha):
                assert_close(self, theta[0], float(expected), abs=1e-13)
                if expected == 0:
                    self.assertEqual(theta[0], 0.0)  # exactly 0, not oscillating around it

    def test_full_batch_log_loss_with_l2_reaches_newtons_optimum(self) -> None:
        xs, _, labels = mixed_data()
        exact = logistic_optimum(MultipleLinear(), xs, labels, alpha=0.1)
        result = fit(MultipleLinear(), xs, labels, [0.0] * 4, SGD(0.05), epochs=4000,
                     loss=LogLoss(), penalty=L2(0.1))
        assert_vectors_close(self, result.theta, exact, abs=1e-9)
        self.assertLess(result.history[-1].gradient_norm, 1e-9)

    def test_every_batch_mode_and_optimizer_runs_and_lowers_the_objective(self) -> None:
        xs, ys, labels = mixed_data()
        for loss in LOSSES:
            targets = labels if loss.classification else ys
            for batch_size in (None, 1, 7):
                for optimizer in (SGD(0.005), Adam(0.01)):
                    with self.subTest(loss=loss, batch_size=batch_size, optimizer=optimizer):
                        result = fit(MultipleLinear(), xs, targets, [0.0] * 4, optimizer,
                                     epochs=20, batch_size=batch_size, shuffle=batch_size == 7,
                                     seed=0, loss=loss, penalty=ElasticNet(0.01, 0.5))
                        start = Objective(MultipleLinear(), loss, ElasticNet(0.01, 0.5))
                        self.assertLess(result.loss, start.mean_gradient([0.0] * 4, xs,
                                                                         targets)[1])

    def test_clipping_tolerance_and_callback_work_with_a_loss(self) -> None:
        xs, _, labels = mixed_data()
        seen: List[float] = []
        result = fit(MultipleLinear(), xs, labels, [0.0] * 4, SGD(0.1), epochs=5000,
                     loss=LogLoss(), penalty=L2(0.1), clip_norm=0.5, tolerance=1e-12,
                     callback=lambda epoch, theta, loss: seen.append(loss))
        self.assertEqual(result.stop_reason, "tolerance")
        self.assertEqual(seen, result.losses)
        # A gain below 1e-12 in the objective: theta within about sqrt(1e-12 / curvature).
        exact = logistic_optimum(MultipleLinear(), xs, labels, alpha=0.1)
        assert_vectors_close(self, result.theta, exact, abs=1e-4)

    def test_reported_loss_is_the_objective(self) -> None:
        xs, ys = [0.0, 1.0, 2.0], [1.0, 2.0, 4.0]
        result = fit(Linear(), xs, ys, [1.0, 1.0], SGD(0.01), epochs=1, penalty=L2(0.5))
        value = Objective(Linear(), None, L2(0.5)).mean_gradient(result.theta, xs, ys)[1]
        self.assertEqual(result.loss, value)
        w = result.theta[0]
        mse = sum((w * x + result.theta[1] - y) ** 2 for x, y in zip(xs, ys)) / 3
        assert_close(self, result.loss, mse + 0.25 * w * w, rel=1e-14)

    def test_squared_error_without_penalty_is_the_default_path_bit_for_bit(self) -> None:
        xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 2.9, 5.2, 7.1]
        for batch_size in (None, 1, 2):
            plain = fit(Polynomial(2), xs, ys, [0.0] * 3, SGD(0.01), epochs=30,
                        batch_size=batch_size)
            named = fit(Polynomial(2), xs, ys, [0.0] * 3, SGD(0.01), epochs=30,
                        batch_size=batch_size, loss=SquaredError())
            self.assertEqual(plain.theta, named.theta)
            self.assertEqual(plain.losses, named.losses)
            self.assertIsNone(named.accuracy)

    def test_accuracy_for_classification(self) -> None:
        xs, labels = [-2.0, -1.0, 1.0, 2.0, 0.5], [0, 0, 1, 1, 0]
        result = fit(Linear(), xs, labels, [1.0, 0.0], SGD(1e-9), epochs=1, loss=Hinge())
        self.assertEqual(result.accuracy, 4 / 5)  # 0.5 is predicted 1
        self.assertEqual([predict_class(Linear(), result.theta, x) for x in xs], [0, 0, 1, 1, 1])

    def test_separable_data_without_penalty_do_not_converge_and_do_not_diverge(self) -> None:
        xs, labels = [-2.0, -1.0, 1.0, 2.0], [False, False, True, True]
        result = fit(Linear(), xs, labels, [0.0, 0.0], SGD(1.0), epochs=500, loss=LogLoss())
        self.assertTrue(all(math.isfinite(t) for t in result.theta))
        self.assertEqual(result.accuracy, 1.0)
        self.assertEqual(result.stop_reason, "epochs")
        # The loss keeps falling toward 0 and the slope keeps growing: no finite optimum.
        self.assertLess(result.losses[-1], result.losses[-100])
        self.assertGreater(result.theta[0], 3.0)
        with self.assertRaisesRegex(ValueError, "separable"):
            logistic_optimum(Linear(), xs, labels)

    def test_a_huge_lr_still_diverges(self) -> None:
        with self.assertRaises(DivergenceError):
            fit(Linear(), [0.0, 1.0], [0.0, 1.0], [0.0, 0.0], SGD(1e300), epochs=3,
                loss=Huber(1.0), penalty=L2(1.0))


class ProbabilityTest(unittest.TestCase):
    def test_probability_is_the_sigmoid_of_the_logit(self) -> None:
        theta = [math.log(3.0), 0.0]  # odds 3 at x = 1
        assert_close(self, predict_probability(Linear(), theta, 1.0), 0.75, rel=1e-15)
        self.assertEqual(predict_class(Linear(), theta, 1.0, threshold=0.8), 0)
        self.assertEqual(predict_class(Linear(), theta, 1.0, threshold=0.7), 1)
        self.assertEqual(predict_probability(Linear(), [1.0, 0.0], math.inf), 1.0)


class LogisticOptimumTest(unittest.TestCase):
    def test_the_closed_form_of_one_binary_feature(self) -> None:
        xs, ys = [0, 0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 0, 0, 1]
        slope, intercept = logistic_optimum(Linear(), xs, ys)
        assert_close(self, intercept, math.log(2), rel=1e-14)
        assert_close(self, slope, -math.log(6), rel=1e-14)

    def test_the_gradient_at_the_optimum_is_below_1e_12(self) -> None:
        xs, _, labels = mixed_data(40)
        for alpha in (0.0, 0.01, 1.0):
            theta = logistic_optimum(MultipleLinear(), xs, labels, alpha=alpha)
            gradient, _ = Objective(MultipleLinear(), LogLoss(), L2(alpha)).mean_gradient(
                theta, xs, labels)
            with self.subTest(alpha=alpha):
                self.assertLess(max(map(abs, gradient)), 1e-12)

    def test_alpha_shrinks_the_weights_not_the_intercept(self) -> None:
        xs, ys = [0, 0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 0, 0, 1]
        weak = logistic_optimum(Linear(), xs, ys, alpha=0.01)
        strong = logistic_optimum(Linear(), xs, ys, alpha=100.0)
        self.assertLess(abs(strong[0]), abs(weak[0]))
        # With the slope near 0 the intercept is the logit of the overall rate, 3/7.
        assert_close(self, strong[1], math.log(3 / 4), rel=0.05)

    def test_errors(self) -> None:
        assert_raises_each(self, [
            ("separable", lambda: logistic_optimum(Linear(), [0, 1, 2, 3], [0, 0, 1, 1]),
             ValueError, "logistic_optimum: no finite minimizer: the classes are separable"),
            ("one class", lambda: logistic_optimum(Linear(), [0, 1], [1, 1]),
             ValueError, "separable"),
            ("collinear", lambda: logistic_optimum(MultipleLinear(), [[1, 2], [2, 4], [3, 6]],
                                                   [0, 1, 0], alpha=0.0),
             ValueError, "linearly dependent"),
            ("not linear in theta", lambda: logistic_optimum(Cubic(), [0, 1], [0, 1]),
             TypeError, "logistic_optimum: model must be linear in theta"),
            ("label 2", lambda: logistic_optimum(Linear(), [0, 1], [0, 2]),
             ValueError, "logistic_optimum: ys[1] must be a label 0 or 1"),
            ("ys not a sequence", lambda: logistic_optimum(Linear(), [0, 1], 1),
             TypeError, "logistic_optimum: ys must be a sequence"),
            ("negative alpha", lambda: logistic_optimum(Linear(), [0, 1], [0, 1], alpha=-1.0),
             ValueError, "logistic_optimum: alpha must be non-negative"),
            ("lengths", lambda: logistic_optimum(Linear(), [0, 1, 2], [0, 1]),
             ValueError, "same length"),
            ("tiny column", lambda: logistic_optimum(Linear(), [1e-200, 0.0], [0, 1]),
             ValueError, "rescale xs"),
        ])


class ErrorTest(unittest.TestCase):
    def test_every_error_names_its_function(self) -> None:
        line = ([0.0, 1.0], [0, 1], [0.0, 0.0])
        assert_raises_each(self, [
            ("label 2 in fit", lambda: fit(Linear(), [0.0, 1.0], [0, 2], [0.0, 0.0], SGD(0.1),
                                           epochs=1, loss=LogLoss()),
             ValueError, "fit: ys[1] must be a label 0 or 1 (or a bool) (got 2)"),
            ("loss not a Loss", lambda: fit(Linear(), *line, SGD(0.1), epochs=1, loss="log"),
             TypeError, "fit: loss must be a loss such as LogLoss()"),
            ("penalty not a Penalty", lambda: fit(Linear(), *line, SGD(0.1), epochs=1,
                                                  penalty=0.1),
             TypeError, "fit: penalty must be a penalty such as L2(0.01)"),
            ("no prediction_gradient", lambda: fit(Cubic(), [1.0], [1.0], [0.0], SGD(0.1),
                                                   epochs=1, loss=Huber()),
             TypeError, "fit: loss=Huber(epsilon=0.1) needs the model's prediction_gradient"),
            ("a label for LogLoss.loss", lambda: LogLoss().loss(0.0, 0.5),
             ValueError, "LogLoss: y must be a label 0 or 1"),
            ("a NaN prediction", lambda: Huber().loss(math.nan, 0.0),
             ValueError, "Huber: prediction must be finite"),
            ("a str target", lambda: Huber().derivative(0.0, "1"),
             TypeError, "Huber: y must be a real number"),
            ("negative epsilon", lambda: Huber(-0.1), ValueError, "Huber: epsilon must be"),
            ("negative threshold", lambda: Hinge(-1.0), ValueError, "Hinge: threshold must be"),
            ("epsilon str", lambda: EpsilonInsensitive("0.1"),  # type: ignore[arg-type]
             TypeError, "EpsilonInsensitive: epsilon must be a real number"),
            ("negative alpha", lambda: L2(-1.0), ValueError, "L2: alpha must be non-negative"),
            ("l1_ratio past 1", lambda: ElasticNet(1.0, 1.5),
             ValueError, "ElasticNet: l1_ratio must be in [0, 1] (got 1.5)"),
            ("weights with NaN", lambda: L1(1.0).value([math.nan]),
             ValueError, "L1: weights"),
            ("Objective of a non-model", lambda: Objective(3),
             TypeError, "Objective: model must have prediction"),
            ("Objective loss", lambda: Objective(Linear(), L2(1.0)),  # type: ignore[arg-type]
             TypeError, "Objective: loss must be a loss"),
            ("sigmoid of NaN", lambda: sigmoid(math.nan), ValueError, "sigmoid: x must not be NaN"),
            ("threshold past 1", lambda: predict_class(Linear(), [1.0, 0.0], 1.0, 2.0),
             ValueError, "predict_class: threshold must be in [0, 1]"),
            ("a NaN prediction's class", lambda: predict_class(Linear(), [1.0, 0.0], math.nan),
             ValueError, "predict_class: the prediction at x is NaN"),
        ])

    def test_newton_that_cannot_reach_its_tolerance_says_so(self) -> None:
        from unittest import mock
        message = "logistic_optimum: Newton's method did not reach a gradient of 0"
        with mock.patch("vecgd.exact.NEWTON_TOLERANCE", 0.0), \
                self.assertRaisesRegex(ValueError, message):  # 0 is beyond rounding's reach
            logistic_optimum(Linear(), [0.1, 1.3, 2.2, 3.7], [0, 1, 0, 1])

    def test_penalty_itself_and_fixed_settings(self) -> None:
        from vecgd import Penalty
        with self.assertRaisesRegex(TypeError, "Penalty: make an L2, L1 or ElasticNet penalty"):
            Penalty(0.1)
        with self.assertRaisesRegex(AttributeError, "Huber: epsilon is fixed once made"):
            Huber(0.1).epsilon = 0.2
        self.assertEqual(len({L2(0.1), L2(0.1), L1(0.1), Huber(), Huber(0.1)}), 3)

    def test_the_loss_classes_are_abstract(self) -> None:
        from vecgd import Loss
        with self.assertRaises(TypeError):
            Loss()  # type: ignore[abstract]


if __name__ == "__main__":
    unittest.main()
