"""Numerical edge cases, one test each: underflow, overflow, flat losses, denormals, tiny shapes.

The rules these tests hold:

* A gradient that underflows to zero is a zero gradient: the step is 0 and
  nothing raises.
* A loss (or a step) that overflows ends in ``DivergenceError``, never
  ``OverflowError``: in ``fit`` and ``minimize`` alike.
* A flat loss (a zero gradient) moves no optimizer, whatever its eps: with
  ``eps=0`` Adam, RMSprop and AdaGrad divide 0 by 0 on a zero gradient, and
  vecgd defines that step as 0 per coordinate (a non-zero numerator over a
  zero denominator stays IEEE's infinity, which ``fit`` reports as
  divergence).
* Subnormal ("denormal") inputs are ordinary numbers: exact where the
  arithmetic is exact, never an error.
* Degenerate shapes work: ``Polynomial(0)`` is the constant model, one data
  point is enough for ``fit`` (``least_squares`` says when the normal
  equations are singular), and ``MultipleLinear`` with one feature is
  ``Linear``.
"""

from __future__ import annotations

import math
import sys
import unittest
from fractions import Fraction
from typing import Any, Callable, List

from tests.support import assert_close, assert_vectors_close
from vecgd import (
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Annealing,
    DivergenceError,
    Linear,
    Momentum,
    MultipleLinear,
    Polynomial,
    Proportional,
    RMSprop,
    add,
    dot,
    estimate_gradient,
    fit,
    least_squares,
    magnitude,
    minimize,
    vector_mean,
    vector_sum,
)

TINY = 5e-324  # the smallest subnormal float
SMALLEST_NORMAL = sys.float_info.min

# Every optimizer, and the eps=0 variants whose division a zero gradient makes 0 / 0.
FLAT_OPTIMIZERS: List[Callable[[], Any]] = [
    lambda: SGD(0.1),
    lambda: Momentum(0.1),
    lambda: Momentum(0.1, nesterov=True),
    lambda: AdaGrad(0.1),
    lambda: AdaGrad(0.1, eps=0.0),
    lambda: RMSprop(0.1),
    lambda: RMSprop(0.1, eps=0.0),
    lambda: RMSprop(0.1, eps=0.0, centered=True),
    lambda: RMSprop(0.1, eps=0.0, momentum=0.9),
    lambda: Adam(0.1),
    lambda: Adam(0.1, eps=0.0),
    lambda: Adam(0.1, eps=0.0, amsgrad=True),
    lambda: Adam(0.1, eps=0.0, bias_correction=False),
    lambda: AdamW(0.1, eps=0.0, weight_decay=0.0),
]


class UnderflowTest(unittest.TestCase):
    def test_gradient_that_underflows_to_zero_leaves_theta_alone(self) -> None:
        # 2 * x * (x*w - y) = 2 * 1e-170 * -1e-170 = -2e-340, below the smallest
        # subnormal: the gradient is exactly 0, so no optimizer moves theta.
        model = Proportional()
        self.assertEqual(model.gradient([1.0], 1e-170, 2e-170), [-0.0])
        for make in FLAT_OPTIMIZERS:
            optimizer = make()
            with self.subTest(optimizer=repr(optimizer)):
                result = fit(model, [1e-170], [2e-170], [1.0], optimizer, epochs=3,
                             batch_size=1)
                self.assertEqual(result.theta, [1.0])
                self.assertEqual(result.loss, 0.0)  # 1e-340 underflows too

    def test_numeric_gradient_of_an_underflowing_function_is_zero(self) -> None:
        # f(v) = 1e-300 * 1e-300 * v0**2 is 0 for every ordinary v: its estimate is 0.
        def f(v: List[float]) -> float:
            return 1e-300 * 1e-300 * v[0] * v[0]

        for method in ("forward", "central", "richardson"):
            with self.subTest(method=method):
                self.assertEqual(estimate_gradient(f, [3.0], method=method), [0.0])


class OverflowTest(unittest.TestCase):
    def test_loss_that_overflows_at_the_start_is_bad_input(self) -> None:
        # (1e200 * 1 - 0)**2 is beyond the floats: the first loss is inf, before any
        # step, so no lr can help (issue 11): ValueError, with no lr advice.
        with self.assertRaises(ValueError) as caught:
            fit(Linear(), [1e200, -1e200], [0.0, 0.0], [1.0, 0.0], SGD(0.1), epochs=3)
        self.assertIn("fit: the loss at the starting theta is not finite", str(caught.exception))
        self.assertIn("scale the data", str(caught.exception))
        self.assertNotIn("learning rate", str(caught.exception))

    def test_fsum_overflow_inside_a_model_is_never_overflow_error(self) -> None:
        # MultipleLinear sums w_i * x_i with fsum, which raises OverflowError past
        # the floats: at the start fit turns that into ValueError; in a step, into
        # DivergenceError.
        with self.assertRaises(ValueError):
            fit(MultipleLinear(), [[1e308, 1e308]], [0.0], [1.0, 1.0, 0.0], SGD(0.1),
                epochs=2)
        with self.assertRaises(DivergenceError):
            fit(MultipleLinear(), [[1e150, 1e150]], [0.0], [1.0, 1.0, 0.0], SGD(1e10),
                epochs=3)

    def test_sums_whose_partial_sums_overflow_are_exact(self) -> None:
        # fsum raises OverflowError on 1e308 + 1e308 even when the whole sum is
        # finite; vecgd sums exactly instead.  Past the floats: IEEE's infinity.
        self.assertEqual(vector_sum([[1e308], [1e308], [-1e308]]), [1e308])
        self.assertEqual(vector_sum([[1e308], [1e308], [-1e308], [-1e308], [TINY]]), [TINY])
        self.assertEqual(vector_mean([[1.5e308], [1.7e308], [1.6e308]]), [1.6e308])
        self.assertEqual(dot([1e308, 1e308, 1e308], [1.0, 1.0, -1.0]), 1e308)
        self.assertEqual(vector_sum([[1e308], [1e308]]), [math.inf])
        self.assertEqual(dot([1e308, 1e308], [-1.0, -1.0]), -math.inf)
        self.assertTrue(math.isnan(vector_sum([[math.inf], [-math.inf]])[0]))
        self.assertEqual(vector_sum([[1e308], [1e308], [-math.inf]]), [-math.inf])

    def test_steps_that_overflow_are_a_divergence(self) -> None:
        # SGD with a huge lr: the loss grows by about 1e10 per epoch until inf.
        with self.assertRaises(DivergenceError) as caught:
            fit(Linear(), [1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 0.0], SGD(1e5), epochs=100)
        self.assertGreater(caught.exception.epoch, 0)
        self.assertTrue(all(math.isfinite(t) for t in caught.exception.theta))

    def test_divergence_within_an_epoch_keeps_the_theta_it_started_with(self) -> None:
        # Each sample multiplies w by 1 - 2 * lr * x**2 = 1 - 2e50, while the loss
        # (1e-100 * w)**2 stays finite after epoch 0 (w = 1.6e201).  Epoch 1
        # overflows w on its third sample.  fit tests theta once per epoch, for
        # every optimizer alike: the error carries epoch 1's start, whether the
        # optimizer is vecgd's, a subclass that overrides step, or any object
        # with lr and step.
        class Logged(SGD):
            def step(self, theta: Any, gradient: Any) -> List[float]:
                return super().step(theta, gradient)

        class DuckSGD:
            lr = 1e250

            def step(self, theta: Any, gradient: Any) -> List[float]:
                return [t - self.lr * g for t, g in zip(theta, gradient)]

        xs, ys = [1e-100] * 4, [0.0] * 4
        w = 1.0
        for _ in range(4):
            w -= 1e250 * (2 * 1e-100 * (1e-100 * w))  # Proportional's gradient, 4 steps
        for optimizer in (SGD(1e250), Logged(1e250), DuckSGD()):
            with self.subTest(optimizer=type(optimizer).__name__):
                ends: List[List[float]] = []
                with self.assertRaises(DivergenceError) as caught:
                    fit(Proportional(), xs, ys, [1.0], optimizer, epochs=5, batch_size=1,
                        callback=lambda epoch, theta, loss, ends=ends: ends.append(theta))
                self.assertEqual(caught.exception.epoch, 1)
                self.assertEqual(ends, [[w]])
                assert_close(self, caught.exception.theta[0], w, rel=1e-14)

    def test_minimize_turns_overflow_of_f_into_divergence(self) -> None:
        # v**4 with ** raises OverflowError for floats past 1e77: not a leak.
        def f(v: List[float]) -> float:
            return v[0] ** 4

        with self.assertRaises(DivergenceError):
            minimize(f, [1e10], SGD(1.0), steps=10, gradient=lambda v: [4 * v[0] ** 3])


class FlatLossTest(unittest.TestCase):
    def test_zero_gradient_moves_no_optimizer(self) -> None:
        for make in FLAT_OPTIMIZERS:
            optimizer = make()
            with self.subTest(optimizer=repr(optimizer)):
                theta = [1.5, -2.0]
                for _ in range(3):
                    theta = optimizer.step(theta, [0.0, 0.0])
                self.assertEqual(theta, [1.5, -2.0])

    def test_adam_eps_zero_defines_zero_over_zero_per_coordinate(self) -> None:
        # One coordinate flat, one not: the flat one stays, the other moves by
        # lr against the gradient's sign (Adam's first step from zero state).
        theta = Adam(0.1, eps=0.0).step([1.0, 1.0], [0.0, 4.0])
        self.assertEqual(theta[0], 1.0)
        assert_close(self, theta[1], 0.9, rel=1e-15)

    def test_fit_on_data_the_start_already_fits(self) -> None:
        result = fit(Linear(), [1.0, 2.0, 3.0], [5.0, 7.0, 9.0], [2.0, 3.0],
                     Adam(0.1, eps=0.0), epochs=5)
        self.assertEqual(result.theta, [2.0, 3.0])
        self.assertEqual(result.losses, [0.0] * 5)

    def test_annealing_after_a_flat_epoch_does_not_divide_by_zero(self) -> None:
        optimizer = Adam(0.1)
        schedule = Annealing(optimizer, reference=1.0)
        optimizer.step([1.0], [0.0])
        self.assertEqual(schedule.step(), 0.1)  # s = 0: no jump; reference becomes 0
        self.assertEqual(schedule.reference, 0.0)
        self.assertEqual(schedule.step(), 0.1)  # 0 / 0: still no jump
        optimizer.step([1.0], [1.0])
        self.assertEqual(schedule.step(), 0.025)  # s > 0 over reference 0: a jump


class DenormalTest(unittest.TestCase):
    def test_vector_arithmetic_on_subnormals_is_exact(self) -> None:
        self.assertEqual(add([TINY], [TINY]), [2 * TINY])
        self.assertEqual(vector_mean([[TINY], [3 * TINY]]), [2 * TINY])
        self.assertEqual(magnitude([3 * TINY, 4 * TINY]), 5 * TINY)

    def test_sgd_step_on_a_subnormal_gradient(self) -> None:
        # 0.5 * 4 * TINY = 2 * TINY exactly; the subtraction is exact too.
        self.assertEqual(SGD(0.5).step([8 * TINY], [4 * TINY]), [6 * TINY])

    def test_adam_on_a_gradient_whose_square_underflows(self) -> None:
        # g = 1e-170: g*g underflows to 0.  With eps=1e-8 the step is about
        # lr * g / eps, far below theta's ulp.  With eps=0 the numerator m is
        # not 0 but v is: IEEE's infinity, which fit reports as divergence.
        # A subnormal g underflows in m as well: 0 / 0, a step of 0.
        self.assertEqual(Adam(0.1).step([1.0], [1e-170]), [1.0])
        self.assertEqual(Adam(0.1, eps=0.0).step([1.0], [1e-170]), [-math.inf])
        self.assertEqual(Adam(0.1, eps=0.0).step([1.0], [TINY]), [1.0])
        with self.assertRaises(DivergenceError):
            fit(Proportional(), [1e-85], [0.0], [1.0], Adam(0.1, eps=0.0), epochs=1)

    def test_fit_on_subnormal_data(self) -> None:
        xs, ys = [TINY, 2 * TINY, 3 * TINY], [0.0, 0.0, 0.0]
        result = fit(Linear(), xs, ys, [1.0, 0.0], SGD(0.1), epochs=3)
        self.assertEqual(result.theta, [1.0, 0.0])  # the gradient underflows to 0

    def test_least_squares_through_subnormal_ys(self) -> None:
        # Exact arithmetic: the line through (0, 0), (1, TINY), (2, 2 TINY) is y = TINY * x.
        self.assertEqual(least_squares(Linear(), [0.0, 1.0, 2.0], [0.0, TINY, 2 * TINY]),
                         [TINY, 0.0])


class ShapesTest(unittest.TestCase):
    def test_polynomial_of_degree_zero_is_the_mean(self) -> None:
        model = Polynomial(0)
        self.assertEqual(model.predict([2.5], 100.0), 2.5)
        self.assertEqual(model.gradient([2.5], 100.0, 1.5), [2.0])
        ys = [1.0, 2.0, 4.5]
        mean = float(sum(Fraction(y) for y in ys) / 3)
        self.assertEqual(least_squares(model, [7.0, -1.0, 3.0], ys), [mean])
        result = fit(model, [7.0, -1.0, 3.0], ys, [0.0], SGD(0.25), epochs=60)
        assert_vectors_close(self, result.theta, [mean], rel=1e-12)

    def test_a_single_data_point(self) -> None:
        # Linear: any line through the point fits; descent finds one with loss ~0.
        result = fit(Linear(), [2.0], [5.0], [0.0, 0.0], SGD(0.1), epochs=200)
        assert_close(self, result.theta[0] * 2.0 + result.theta[1], 5.0, abs=1e-9)
        self.assertEqual(least_squares(Proportional(), [2.0], [5.0]), [2.5])
        with self.assertRaisesRegex(ValueError, "least_squares: the normal equations are singular"):
            least_squares(Linear(), [2.0], [5.0])
        for batch_size in (None, 1, 4):
            with self.subTest(batch_size=batch_size):
                one = fit(Proportional(), [2.0], [5.0], [0.0], SGD(0.1), epochs=50,
                          batch_size=batch_size)
                assert_close(self, one.theta[0], 2.5, rel=1e-12)

    def test_multiple_linear_with_one_feature_is_linear(self) -> None:
        xs = [0.5, -1.0, 2.0, 3.5]
        ys = [2.0, -0.5, 5.5, 8.0]
        for batch_size in (None, 1, 2):
            with self.subTest(batch_size=batch_size):
                line = fit(Linear(), xs, ys, [0.0, 0.0], Adam(0.1), epochs=40,
                           batch_size=batch_size)
                plane = fit(MultipleLinear(), [[x] for x in xs], ys, [0.0, 0.0], Adam(0.1),
                            epochs=40, batch_size=batch_size)
                assert_vectors_close(self, plane.theta, line.theta, rel=1e-12)
                assert_vectors_close(self, plane.losses, line.losses, rel=1e-12)
        self.assertEqual(least_squares(MultipleLinear(), [[x] for x in xs], ys),
                         least_squares(Linear(), xs, ys))
        self.assertEqual(MultipleLinear().gradient([2.0, 1.0], [3.0], 5.0),
                         Linear().gradient([2.0, 1.0], 3.0, 5.0))


if __name__ == "__main__":
    unittest.main()
