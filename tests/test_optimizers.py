"""Tests for vecgd.optimizers: every equation and option pinned by values derived here.

Oracles: exact arithmetic with fractions.Fraction where the numbers allow
(dyadic rates, gradients whose squares sum to perfect squares), otherwise
the equations written out by hand with math.sqrt, and closed forms (Adam's
first step is lr against the gradient's sign; RMSprop's is lr/sqrt(1-alpha)).
"""

from __future__ import annotations

import inspect
import json
import math
import unittest
from collections.abc import Sequence
from fractions import Fraction as F
from typing import Any

from tests.support import assert_close, assert_vectors_close
from vecgd.optimizers import (
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    Momentum,
    Optimizer,
    RMSprop,
)

CLASSES: list[Any] = [SGD, Momentum, AdaGrad, RMSprop, Adam, AdamW]


def quadratic_gradient(theta: list[float]) -> list[float]:
    """Gradient of 1.5*t0^2 + 0.5*t0*t1 + t1^2 - t0 + 2*t1 (a tilted bowl)."""
    return [3.0 * theta[0] + 0.5 * theta[1] - 1.0, 0.5 * theta[0] + 2.0 * theta[1] + 2.0]


class SGDTest(unittest.TestCase):
    def test_sgd_steps_against_the_gradient(self) -> None:
        opt = SGD(F(1, 4))
        theta = opt.step([1.0, -2.0], [2.0, 4.0])
        self.assertEqual(theta, [F(1) - F(1, 4) * 2, F(-2) - F(1, 4) * 4])
        self.assertEqual(opt.steps, 1)

    def test_sgd_weight_decay_adds_l2_term(self) -> None:
        # g + wd*theta = 2 + 0.5*4 = 4; theta - 0.25*4 = 3.
        self.assertEqual(SGD(0.25, weight_decay=0.5).step([4.0], [2.0]), [3.0])

    def test_sgd_maximize_ascends(self) -> None:
        self.assertEqual(SGD(0.25, maximize=True).step([1.0], [2.0]), [1.5])

    def test_sgd_maximize_negates_before_weight_decay(self) -> None:
        # PyTorch: g = -g, then g + wd*theta: -2 + 1*4 = 2; 4 - 0.5*2 = 3.
        self.assertEqual(SGD(0.5, weight_decay=1.0, maximize=True).step([4.0], [2.0]), [3.0])


class MomentumTest(unittest.TestCase):
    def test_first_buffer_is_the_gradient_undamped(self) -> None:
        opt = Momentum(0.5, momentum=0.5, dampening=0.5)
        theta = opt.step([1.0], [2.0])
        self.assertEqual(opt.momentum_buffer, [2.0])
        self.assertEqual(theta, [0.0])
        # Step 2: b = 0.5*2 + (1 - 0.5)*4 = 3; theta = 0 - 0.5*3.
        theta = opt.step(theta, [4.0])
        self.assertEqual(opt.momentum_buffer, [3.0])
        self.assertEqual(theta, [-1.5])

    def test_three_steps_exact(self) -> None:
        lr, m = F(1, 8), F(3, 4)
        theta, b = [F(2)], None
        opt = Momentum(float(lr), momentum=float(m))
        out = [2.0]
        for g in (F(1), F(-2), F(5)):
            b = g if b is None else m * b + g
            theta = [theta[0] - lr * b]
            out = opt.step(out, [float(g)])
            self.assertEqual(out, [float(theta[0])])

    def test_nesterov_uses_gradient_plus_momentum_times_buffer(self) -> None:
        opt = Momentum(0.5, momentum=0.5, nesterov=True)
        # Step 1: b = g = 2; direction 2 + 0.5*2 = 3; 1 - 1.5.
        theta = opt.step([1.0], [2.0])
        self.assertEqual(theta, [-0.5])
        # Step 2: b = 0.5*2 + 4 = 5; direction 4 + 2.5 = 6.5; -0.5 - 3.25.
        self.assertEqual(opt.step(theta, [4.0]), [-3.75])

    def test_initial_starts_the_buffer_and_damps_from_step_one(self) -> None:
        opt = Momentum(0.5, momentum=0.5, dampening=0.75, initial=2.0)
        # b = 0.5*2 + 0.25*4 = 2; theta = 1 - 0.5*2.
        self.assertEqual(opt.step([1.0], [4.0]), [0.0])
        self.assertEqual(opt.momentum_buffer, [2.0])

    def test_lesson_variant_is_the_lessons_arithmetic(self) -> None:
        # seed 003: step = 0.9*prev + (1-0.9)*g, prev starting at 1; theta -= lr*step.
        opt = Momentum(0.0001, momentum=0.9, dampening=0.9, initial=1.0)
        theta, prev = [1.0, 1.0], [1.0, 1.0]
        for g in ([-60.0, -900.0], [-40.0, -500.0], [10.0, 30.0]):
            prev = [0.9 * p + (1 - 0.9) * g_i for p, g_i in zip(prev, g)]
            expected = [t - 0.0001 * p for t, p in zip(theta, prev)]
            theta = opt.step(theta, g)
            self.assertEqual(theta, expected)

    def test_book_variant_damped_average_from_zero(self) -> None:
        # Data Science from Scratch ch. 19: u = 0.9*u + (1 - 0.9)*g from u = 0; p -= lr*u.
        opt = Momentum(0.5, momentum=0.75, dampening=0.75, initial=0.0)
        theta = opt.step([1.0], [4.0])  # u = 0.25*4 = 1
        self.assertEqual(theta, [0.5])
        self.assertEqual(opt.step(theta, [4.0]), [float(F(1, 2) - F(1, 2) * F(7, 4))])

    def test_weight_decay_enters_the_buffer(self) -> None:
        # g = 1 + 0.5*2 = 2 -> b = 2; theta = 2 - 0.25*2.
        self.assertEqual(Momentum(0.25, weight_decay=0.5).step([2.0], [1.0]), [1.5])

    def test_maximize(self) -> None:
        self.assertEqual(Momentum(0.25, maximize=True).step([2.0], [1.0]), [2.25])

    def test_zero_momentum_is_sgd_without_buffer(self) -> None:
        opt = Momentum(0.5, momentum=0.0)
        self.assertEqual(opt.step([1.0], [1.0]), [0.5])
        self.assertEqual(opt.momentum_buffer, [])


class AdaGradTest(unittest.TestCase):
    def test_two_steps_with_square_sums(self) -> None:
        opt = AdaGrad(1.0, eps=0.0)
        # sums 9, 16 -> steps 3/3, 4/4; then 25, 25 -> 4/5, 3/5.
        theta = opt.step([1.0, 1.0], [3.0, 4.0])
        self.assertEqual(theta, [0.0, 0.0])
        theta = opt.step(theta, [4.0, 3.0])
        self.assertEqual(opt.sum, [25.0, 25.0])
        self.assertEqual(theta, [float(-F(4, 5)), float(-F(3, 5))])

    def test_eps_is_added_outside_the_root(self) -> None:
        # sum 9: step 3 / (3 + 1) with eps 1 (inside the root it would be 3/sqrt(10)).
        self.assertEqual(AdaGrad(1.0, eps=1.0).step([1.0], [3.0]), [0.25])

    def test_default_eps(self) -> None:
        assert_close(self, AdaGrad(0.5).step([1.0], [3.0])[0], 1 - 0.5 * 3 / (3 + 1e-10), rel=1e-15)

    def test_lr_decay(self) -> None:
        opt = AdaGrad(1.0, lr_decay=0.5, eps=0.0)
        theta = opt.step([0.0], [3.0])  # clr = 1, sum 9: -1
        # step 2: clr = 1/(1 + 1*0.5) = 2/3, sum 25, step (2/3)*4/5 = 8/15.
        theta = opt.step(theta, [4.0])
        assert_close(self, theta[0], float(F(-1) - F(8, 15)), rel=1e-15)

    def test_initial_accumulator_value(self) -> None:
        # sum 16 + 9 = 25: step 3/5.
        opt = AdaGrad(1.0, initial_accumulator_value=16.0, eps=0.0)
        self.assertEqual(opt.step([1.0], [3.0]), [float(F(2, 5))])

    def test_weight_decay_and_maximize(self) -> None:
        # g = -1 (maximize) + 1*4 = 3 -> sum 9 -> 4 - 1.
        self.assertEqual(AdaGrad(1.0, weight_decay=1.0, eps=0.0, maximize=True).step([4.0], [1.0]),
                         [3.0])


class RMSpropTest(unittest.TestCase):
    def test_first_step_is_lr_over_sqrt_one_minus_alpha(self) -> None:
        theta = RMSprop(0.01).step([1.0, 1.0], [2.0, -300.0])
        assert_vectors_close(self, theta, [1 - 0.1, 1 + 0.1], rel=1e-7)

    def test_two_steps_by_hand(self) -> None:
        opt = RMSprop(0.1, alpha=0.5, eps=1e-3)
        v1 = 0.5 * 4.0
        t1 = 1.0 - 0.1 * 2.0 / (math.sqrt(v1) + 1e-3)
        v2 = 0.5 * v1 + 0.5 * 1.0
        t2 = t1 - 0.1 * -1.0 / (math.sqrt(v2) + 1e-3)
        theta = opt.step([1.0], [2.0])
        assert_close(self, theta[0], t1, rel=1e-15)
        assert_close(self, opt.step(theta, [-1.0])[0], t2, rel=1e-15)

    def test_eps_is_added_outside_the_root(self) -> None:
        # v = 0.5*4 = 2: step 2/(sqrt(2) + 1), not 2/sqrt(3).
        theta = RMSprop(1.0, alpha=0.5, eps=1.0).step([0.0], [2.0])
        assert_close(self, theta[0], -2 / (math.sqrt(2) + 1), rel=1e-15)

    def test_centered_subtracts_squared_mean(self) -> None:
        opt = RMSprop(0.1, alpha=0.5, eps=0.0, centered=True)
        # Step 1: v = 2, m = 1: sqrt(2 - 1) = 1; theta = 1 - 0.1*2.
        theta = opt.step([1.0], [2.0])
        self.assertEqual(opt.grad_avg, [1.0])
        assert_close(self, theta[0], 0.8, rel=1e-15)
        # Step 2, g = 4: v = 1 + 8 = 9, m = 0.5 + 2 = 2.5: sqrt(9 - 6.25) = sqrt(2.75).
        theta = opt.step(theta, [4.0])
        assert_close(self, theta[0], 0.8 - 0.1 * 4 / math.sqrt(2.75), rel=1e-15)

    def test_momentum_buffer(self) -> None:
        opt = RMSprop(0.1, alpha=0.5, eps=0.0, momentum=0.5)
        # Step 1: v = 2, buf = 2/sqrt(2) = sqrt(2); theta = 1 - 0.1*sqrt(2).
        theta = opt.step([1.0], [2.0])
        assert_close(self, opt.momentum_buffer[0], math.sqrt(2), rel=1e-15)
        # Step 2, g = 2: v = 1 + 2 = 3; buf = 0.5*sqrt(2) + 2/sqrt(3).
        theta = opt.step(theta, [2.0])
        buf = 0.5 * math.sqrt(2) + 2 / math.sqrt(3)
        assert_close(self, theta[0], 1 - 0.1 * math.sqrt(2) - 0.1 * buf, rel=1e-15)

    def test_initial_and_lesson_variant(self) -> None:
        # seed 003: r = 0.9*r + 0.1*g^2, r starting at 1, theta -= lr/sqrt(r)*g.
        opt = RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0)
        theta, r = [1.0, 1.0], [1.0, 1.0]
        for g in ([-60.0, -900.0], [-40.0, -500.0]):
            r = [0.9 * r_i + 0.1 * g_i**2 for r_i, g_i in zip(r, g)]
            expected = [t - 0.02 / math.sqrt(r_i) * g_i for t, r_i, g_i in zip(theta, r, g)]
            theta = opt.step(theta, g)
            assert_vectors_close(self, theta, expected, rel=1e-14)

    def test_weight_decay_and_maximize(self) -> None:
        # g = -1 + 1*3 = 2; v = 2 -> step 0.5*2/sqrt(2).
        theta = RMSprop(0.5, alpha=0.5, eps=0.0, weight_decay=1.0, maximize=True).step([3.0], [1.0])
        assert_close(self, theta[0], 3 - 1 / math.sqrt(2), rel=1e-15)


class AdamTest(unittest.TestCase):
    def test_adam_first_step_moves_by_lr(self) -> None:
        theta = Adam(0.01).step([1.0, 1.0, 1.0], [0.003, -250.0, 7.0])
        assert_vectors_close(self, theta, [0.99, 1.01, 0.99], rel=1e-7)

    def test_two_steps_by_hand(self) -> None:
        b1, b2, lr, eps = 0.5, 0.75, 0.1, 1e-3
        opt = Adam(lr, betas=(b1, b2), eps=eps)
        theta, m, v = 1.0, 0.0, 0.0
        for t, g in ((1, 2.0), (2, -1.0)):
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            theta -= lr * (m / (1 - b1**t)) / (math.sqrt(v) / math.sqrt(1 - b2**t) + eps)
        out = opt.step([1.0], [2.0])
        out = opt.step(out, [-1.0])
        assert_close(self, out[0], theta, rel=1e-15)
        self.assertEqual(opt.steps, 2)

    def test_eps_after_the_bias_corrected_root(self) -> None:
        # Step 1, g=2: m_hat = 2, v_hat = 4: step = lr*2/(2 + eps) (Keras's epsilon hat differs).
        theta = Adam(1.0, eps=1.0).step([0.0], [2.0])
        assert_close(self, theta[0], -2 / 3, rel=1e-14)

    def test_no_bias_correction(self) -> None:
        # m = 0.5*2 = 1, v = 0.5*4 = 2: step 1/sqrt(2).
        theta = Adam(1.0, betas=(0.5, 0.5), eps=0.0, bias_correction=False).step([0.0], [2.0])
        assert_close(self, theta[0], -1 / math.sqrt(2), rel=1e-15)

    def test_initial_and_lesson_variant(self) -> None:
        # seed 003: m, r start at 1, betas 0.9/0.9, theta -= lr/sqrt(r)*m.
        opt = Adam(1.0, betas=(0.9, 0.9), eps=0.0, bias_correction=False, initial=1.0)
        theta, m, r = [1.0, 1.0], [1.0, 1.0], [1.0, 1.0]
        for g in ([-60.0, -900.0], [-40.0, -500.0], [3.0, 20.0]):
            m = [0.9 * a + 0.1 * g_i for a, g_i in zip(m, g)]
            r = [0.9 * a + 0.1 * g_i**2 for a, g_i in zip(r, g)]
            theta_expected = [t - 1.0 / math.sqrt(r_i) * m_i for t, r_i, m_i in zip(theta, r, m)]
            theta = opt.step(theta, g)
            assert_vectors_close(self, theta, theta_expected, rel=1e-13)

    def test_amsgrad_keeps_the_largest_second_moment(self) -> None:
        opt = Adam(0.1, betas=(0.5, 0.5), eps=0.0, amsgrad=True)
        opt.step([0.0], [4.0])  # v = 8
        theta = opt.step([0.0], [0.0])  # v = 4, max stays 8
        self.assertEqual(opt.exp_avg_sq, [4.0])
        self.assertEqual(opt.max_exp_avg_sq, [8.0])
        # m = 1 (lerp: 2 + 0.5*(0-2)); step = 0.1*(1/0.75)/(sqrt(8)/sqrt(0.75)).
        expected = -0.1 * (1 / 0.75) / (math.sqrt(8) / math.sqrt(0.75))
        assert_close(self, theta[0], expected, rel=1e-15)

    def test_weight_decay_is_l2(self) -> None:
        # g = 0 + 1*2: first step still exactly lr against the sign of g.
        theta = Adam(0.5, weight_decay=1.0, eps=0.0).step([2.0], [0.0])
        assert_close(self, theta[0], 1.5, rel=1e-15)

    def test_maximize(self) -> None:
        assert_close(self, Adam(0.5, eps=0.0, maximize=True).step([2.0], [3.0])[0], 2.5, rel=1e-15)


class AdamWTest(unittest.TestCase):
    def test_decay_is_decoupled_and_comes_first(self) -> None:
        # theta = 2*(1 - 0.1*0.5) = 1.9, then Adam's first step of lr: 1.8.
        theta = AdamW(0.1, weight_decay=0.5, eps=0.0).step([2.0], [3.0])
        assert_close(self, theta[0], 2 * (1 - 0.1 * 0.5) - 0.1, rel=1e-15)

    def test_zero_gradient_still_decays(self) -> None:
        opt = AdamW(0.5, betas=(0.5, 0.5), weight_decay=1.0, eps=1.0)
        self.assertEqual(opt.step([4.0], [0.0]), [2.0])

    def test_differs_from_adam_l2(self) -> None:
        adam = Adam(0.1, weight_decay=0.5, eps=0.0).step([2.0], [3.0])
        adamw = AdamW(0.1, weight_decay=0.5, eps=0.0).step([2.0], [3.0])
        assert_close(self, adam[0], 1.9, rel=1e-15)  # L2 only changes g's size here
        self.assertNotAlmostEqual(adam[0], adamw[0])

    def test_amsgrad_and_maximize(self) -> None:
        opt = AdamW(0.1, betas=(0.5, 0.5), weight_decay=0.0, eps=0.0, amsgrad=True, maximize=True)
        opt.step([0.0], [-4.0])
        opt.step([0.0], [0.0])
        self.assertEqual(opt.max_exp_avg_sq, [8.0])


class CommonBehaviourTest(unittest.TestCase):
    def make_all(self) -> list[Any]:
        return [
            SGD(0.05, weight_decay=0.01),
            Momentum(0.05, momentum=0.8, dampening=0.1, weight_decay=0.01),
            Momentum(0.05, nesterov=True),
            Momentum(0.05, momentum=0.9, dampening=0.9, initial=1.0),
            AdaGrad(0.3, lr_decay=0.01, initial_accumulator_value=0.1),
            RMSprop(0.01, momentum=0.5, centered=True, weight_decay=0.01),
            RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0),
            Adam(0.05, amsgrad=True, weight_decay=0.01),
            Adam(0.5, betas=(0.9, 0.9), eps=0.0, bias_correction=False, initial=1.0),
            AdamW(0.05, amsgrad=True),
            # every other buffer option, and maximize, once each
            SGD(0.05, maximize=True),
            Momentum(0.05, momentum=0.0, initial=2.0),
            Momentum(0.05, momentum=0.75, dampening=0.75, initial=0.0, maximize=True),
            AdaGrad(0.3, eps=0.0, weight_decay=0.1, maximize=True),
            RMSprop(0.01),
            RMSprop(0.01, centered=True),
            RMSprop(0.01, momentum=0.9),
            RMSprop(0.02, alpha=0.9, eps=0.0, initial=1.0, centered=True, momentum=0.5),
            Adam(0.05),
            Adam(0.05, amsgrad=True, bias_correction=False, initial=0.5, maximize=True),
            AdamW(0.05, weight_decay=0.0),
            AdamW(0.05, betas=(0.5, 0.75), maximize=True),
        ]

    def test_json_round_trip_resumes_identically(self) -> None:
        for opt in self.make_all():
            with self.subTest(optimizer=repr(opt)):
                twin = type(opt)(1.0)  # load_state_dict restores every hyperparameter
                theta = [0.5, -1.0]
                for _ in range(7):
                    theta = opt.step(theta, quadratic_gradient(theta))
                saved = json.loads(json.dumps(opt.state_dict(), allow_nan=False))
                twin.load_state_dict(saved)
                self.assertEqual(repr(twin), repr(opt))
                self.assertEqual(twin.state_dict(), saved)
                resumed = list(theta)
                for _ in range(20):
                    theta = opt.step(theta, quadratic_gradient(theta))
                    resumed = twin.step(resumed, quadratic_gradient(resumed))
                self.assertEqual(resumed, theta)
                self.assertEqual(twin.steps, 27)

    def test_reset_forgets_state_and_length(self) -> None:
        for opt in self.make_all():
            with self.subTest(optimizer=repr(opt)):
                first = opt.step([1.0, 2.0], [0.5, -0.5])
                opt.step(first, [0.25, 0.5])
                opt.reset()
                self.assertEqual(opt.steps, 0)
                self.assertEqual(opt.step([1.0, 2.0], [0.5, -0.5]), first)
                opt.reset()
                opt.step([1.0, 2.0, 3.0], [0.5, -0.5, 1.0])  # a new length is fine after reset

    def test_step_returns_a_new_list_and_leaves_arguments_alone(self) -> None:
        for opt in self.make_all():
            with self.subTest(optimizer=repr(opt)):
                theta, gradient = [1.0, 2.0], [0.5, -0.5]
                out = opt.step(theta, gradient)
                self.assertIsNot(out, theta)
                self.assertEqual((theta, gradient), ([1.0, 2.0], [0.5, -0.5]))

    def test_repr_shows_every_hyperparameter_in_constructor_order(self) -> None:
        for cls in CLASSES:
            with self.subTest(optimizer=cls.__name__):
                opt = cls(0.5)
                names = list(inspect.signature(cls).parameters)
                text = repr(opt)
                self.assertTrue(text.startswith(f"{cls.__name__}(lr=0.5, "))
                positions = [text.index(f"{name}=") for name in names]
                self.assertEqual(positions, sorted(positions))

    def test_repr_of_defaults(self) -> None:
        self.assertEqual(
            repr(Adam()),
            "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, amsgrad=False, "
            "bias_correction=True, initial=None, maximize=False)",
        )
        self.assertEqual(
            repr(Momentum(0.1)),
            "Momentum(lr=0.1, momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0, "
            "initial=None, maximize=False)",
        )

    def test_pytorch_defaults(self) -> None:
        self.assertEqual((AdaGrad().lr, AdaGrad().eps), (0.01, 1e-10))
        self.assertEqual((RMSprop().lr, RMSprop().alpha, RMSprop().eps), (0.01, 0.99, 1e-8))
        self.assertEqual((Adam().lr, Adam().betas, Adam().eps), (0.001, (0.9, 0.999), 1e-8))
        self.assertEqual(AdamW().weight_decay, 0.01)

    def test_every_optimizer_is_an_optimizer(self) -> None:
        for opt in self.make_all():
            with self.subTest(optimizer=repr(opt)):
                self.assertIsInstance(opt, Optimizer)

    def test_every_optimizer_descends_the_bowl(self) -> None:
        # Minimum of the tilted bowl: solve [[3, .5], [.5, 2]] t = [1, -2].
        det = F(3 * 2) - F(1, 4)
        minimum = [float((F(1) * 2 - F(1, 2) * -2) / det), float((F(3) * -2 - F(1, 2)) / det)]
        optimizers = [SGD(0.1), Momentum(0.05), AdaGrad(0.5), RMSprop(0.01), Adam(0.05),
                      AdamW(0.05, weight_decay=0.0)]
        for opt in optimizers:
            with self.subTest(optimizer=repr(opt)):
                theta = [0.0, 0.0]
                for _ in range(2000):
                    theta = opt.step(theta, quadratic_gradient(theta))
                assert_vectors_close(self, theta, minimum, abs=1e-2)


class OptimizerBaseTest(unittest.TestCase):
    """The public base: step is check, then update; a user's subclass writes __init__ and update."""

    def test_a_users_subclass_writes_only_init_and_update(self) -> None:
        class SignDescent(Optimizer):
            """theta <- theta - lr * scale * sign(g)."""

            def __init__(self, lr: float, *, scale: float = 1.0) -> None:
                super().__init__(lr)
                self.scale = scale

            def update(self, theta: Sequence[float], gradient: Sequence[float]) -> list[float]:
                if not self.steps:
                    self.size = len(theta)
                self.steps += 1
                return [t - self.lr * self.scale * math.copysign(1.0, g)
                        for t, g in zip(theta, gradient)]

        opt = SignDescent(0.5, scale=2.0)
        self.assertEqual(repr(opt), "SignDescent(lr=0.5, scale=2.0)")
        theta = opt.step([1.0, 1.0], [3.0, -0.25])
        self.assertEqual(theta, [0.0, 2.0])
        with self.assertRaises(ValueError) as caught:  # the base's checks, in its name
            opt.step(theta, [1.0, math.inf])
        self.assertIn("SignDescent: gradient[1] must be finite (got inf)", str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            opt.step([1.0], [1.0])
        self.assertIn("SignDescent: theta must keep the length it had on the first step, 2",
                      str(caught.exception))
        saved = json.loads(json.dumps(opt.state_dict()))
        self.assertEqual(saved, {"optimizer": "SignDescent",
                                 "hyperparameters": {"lr": 0.5, "scale": 2.0},
                                 "steps": 1, "size": 2, "state": {}})
        twin = SignDescent(1.0)
        twin.load_state_dict(saved)
        self.assertEqual((repr(twin), twin.steps, twin.size), (repr(opt), 1, 2))
        self.assertEqual(twin.step(theta, [1.0, 1.0]), opt.step(theta, [1.0, 1.0]))

    def test_a_trivial_subclass_gives_identical_results(self) -> None:
        for opt in CommonBehaviourTest().make_all():
            with self.subTest(optimizer=repr(opt)):
                hyperparameters = opt.state_dict()["hyperparameters"]
                if "betas" in hyperparameters:
                    hyperparameters["betas"] = tuple(hyperparameters["betas"])
                mine = type("Mine", (type(opt),), {})(**hyperparameters)
                self.assertEqual(repr(mine), "Mine" + repr(opt)[len(type(opt).__name__):])
                theta = mine_theta = [0.5, -1.0]
                for i in range(30):
                    theta = opt.step(theta, quadratic_gradient(theta))
                    mine_theta = (mine.step if i % 2 else mine.update)(
                        mine_theta, quadratic_gradient(mine_theta))
                    self.assertEqual(mine_theta, theta)

    def test_update_checks_nothing_but_step_does(self) -> None:
        opt = SGD(0.5)
        self.assertTrue(math.isnan(opt.update([1.0], [math.nan])[0]))  # fit tests theta after
        self.assertEqual(opt.update([1.0, 2.0], [2.0]), [0.0])  # zip: the caller checked lengths
        opt.lr = -1.0
        self.assertEqual(opt.update([1.0], [1.0]), [2.0])
        cases: list[tuple[str, Any, type, str]] = [
            ("nan gradient", lambda: SGD(0.5).step([1.0], [math.nan]), ValueError,
             "SGD: gradient[0] must be finite (got nan)"),
            ("lengths", lambda: SGD(0.5).step([1.0, 2.0], [2.0]), ValueError,
             "SGD: theta and gradient must have the same length (got 2 and 1)"),
            ("lr set negative", lambda: opt.step([1.0], [1.0]), ValueError,
             "SGD: lr must be non-negative (got -1.0)"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                call()
            self.assertIn(message, str(caught.exception))

    def test_check_without_a_gradient_is_what_fit_asks_once_per_epoch(self) -> None:
        opt = Adam()
        opt.check([1.0, 2.0])  # no state yet: any length
        opt.step([1.0, 2.0], [1.0, 1.0])
        opt.check([3.0, 4.0])
        with self.assertRaises(ValueError) as caught:
            opt.check([1.0])
        self.assertIn("Adam: theta must keep the length it had on the first step, 2 (got 1)",
                      str(caught.exception))
        with self.assertRaises(ValueError):
            opt.check([1.0, math.nan])
        opt.reset()
        opt.check([1.0])

    def test_the_base_alone_has_no_maths(self) -> None:
        with self.assertRaises(NotImplementedError) as caught:
            Optimizer(0.1).step([1.0], [1.0])
        self.assertIn("Optimizer must define update(theta, gradient)", str(caught.exception))
        self.assertEqual(
            repr(Optimizer(0.1)), "Optimizer(lr=0.1, weight_decay=0.0, maximize=False)"
        )

    def test_effective_gradient_negates_then_adds_weight_decay(self) -> None:
        # PyTorch's order: -g, then + wd * theta: -3 + 0.5 * 2 = -2.
        self.assertEqual(SGD(0.1, weight_decay=0.5, maximize=True).effective_gradient([2.0], [3.0]),
                         [-2.0])
        self.assertEqual(Adam(0.1).effective_gradient([2.0], [3.0]), [3.0])
        # AdamW's g has no L2 term: its update shrinks theta instead.
        self.assertEqual(AdamW(0.1, weight_decay=0.5).effective_gradient([2.0], [3.0]), [3.0])
        self.assertEqual(
            AdamW(0.1, weight_decay=0.5, maximize=True).effective_gradient([2.0], [3.0]), [-3.0]
        )


class ErrorTest(unittest.TestCase):
    def test_constructor_checks(self) -> None:
        cases: list[tuple[str, Any, type, str]] = [
            ("lr zero", lambda: SGD(0.0), ValueError, "SGD: lr must be positive (got 0.0)"),
            ("lr inf", lambda: Adam(math.inf), ValueError, "Adam: lr must be finite (got inf)"),
            ("lr str", lambda: SGD("0.1"), TypeError, "SGD: lr must be a real number"),
            ("weight decay", lambda: AdaGrad(weight_decay=-1.0), ValueError,
             "AdaGrad: weight_decay must be non-negative (got -1.0)"),
            ("maximize", lambda: SGD(0.1, maximize=1), TypeError,
             "SGD: maximize must be True or False"),
            ("momentum", lambda: Momentum(0.1, momentum=-0.5), ValueError,
             "Momentum: momentum must be non-negative (got -0.5)"),
            ("dampening", lambda: Momentum(0.1, dampening=1.5), ValueError,
             "Momentum: dampening must be in [0, 1] (got 1.5)"),
            ("nesterov needs momentum", lambda: Momentum(0.1, momentum=0.0, nesterov=True),
             ValueError, "Momentum: nesterov needs momentum > 0 and dampening 0 "
             "(got momentum=0.0, dampening=0.0)"),
            ("nesterov needs no dampening", lambda: Momentum(0.1, dampening=0.5, nesterov=True),
             ValueError, "Momentum: nesterov needs momentum > 0 and dampening 0"),
            ("initial nan", lambda: Momentum(0.1, initial=math.nan), ValueError,
             "Momentum: initial must be finite (got nan)"),
            ("lr_decay", lambda: AdaGrad(lr_decay=-0.1), ValueError,
             "AdaGrad: lr_decay must be non-negative (got -0.1)"),
            ("accumulator", lambda: AdaGrad(initial_accumulator_value=-1), ValueError,
             "AdaGrad: initial_accumulator_value must be non-negative (got -1)"),
            ("eps", lambda: AdaGrad(eps=-1e-10), ValueError,
             "AdaGrad: eps must be non-negative (got -1e-10)"),
            ("alpha", lambda: RMSprop(alpha=1.0), ValueError,
             "RMSprop: alpha must be in [0, 1) (got 1.0)"),
            ("rmsprop momentum", lambda: RMSprop(momentum=-1.0), ValueError,
             "RMSprop: momentum must be non-negative (got -1.0)"),
            ("centered", lambda: RMSprop(centered="yes"), TypeError,
             "RMSprop: centered must be True or False"),
            ("rmsprop initial", lambda: RMSprop(initial=-1.0), ValueError,
             "RMSprop: initial must be non-negative (got -1.0)"),
            ("beta1", lambda: Adam(betas=(1.0, 0.999)), ValueError,
             "Adam: betas[0] must be in [0, 1) (got 1.0)"),
            ("beta2", lambda: AdamW(betas=(0.9, -0.1)), ValueError,
             "AdamW: betas[1] must be in [0, 1) (got -0.1)"),
            ("betas shape", lambda: Adam(betas=0.9), TypeError,
             "Adam: betas must be a pair of numbers"),
            ("amsgrad", lambda: Adam(amsgrad=None), TypeError,
             "Adam: amsgrad must be True or False"),
            ("bias_correction", lambda: Adam(bias_correction=0), TypeError,
             "Adam: bias_correction must be True or False"),
            ("adam eps", lambda: Adam(eps=-1.0), ValueError, "Adam: eps must be non-negative"),
        ]
        for name, make, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                make()
            self.assertIn(message, str(caught.exception), name)

    def test_step_checks(self) -> None:
        def changed_length() -> None:
            opt = Adam()
            opt.step([1.0, 2.0], [1.0, 1.0])
            opt.step([1.0, 2.0, 3.0], [1.0, 1.0, 1.0])

        def negative_lr() -> None:
            opt = SGD(0.1)
            opt.lr = -1
            opt.step([1.0], [1.0])

        cases: list[tuple[str, Any, type, str]] = [
            ("gradient length", lambda: SGD(0.1).step([1.0, 2.0], [1.0]), ValueError,
             "SGD: theta and gradient must have the same length (got 2 and 1)"),
            ("theta length changes", changed_length, ValueError,
             "Adam: theta must keep the length it had on the first step, 2 (got 3)"),
            ("nan gradient", lambda: RMSprop().step([1.0, 2.0], [1.0, math.nan]), ValueError,
             "RMSprop: gradient[1] must be finite (got nan)"),
            ("inf gradient", lambda: Momentum(0.1).step([1.0], [-math.inf]), ValueError,
             "Momentum: gradient[0] must be finite (got -inf)"),
            ("lr set negative", negative_lr, ValueError, "SGD: lr must be non-negative (got -1)"),
            ("empty theta", lambda: AdaGrad().step([], []), ValueError,
             "AdaGrad: theta must not be empty"),
            ("theta not a vector", lambda: AdamW().step("ab", [1.0, 1.0]), TypeError,
             "AdamW: theta must be a sequence of numbers"),
            ("gradient None", lambda: SGD(0.1).step([1.0], None), TypeError,
             "SGD: gradient must be a sequence of numbers (got None (NoneType))"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                call()
            self.assertIn(message, str(caught.exception), name)

    def test_a_subclass_that_forgets_super_init_still_steps(self) -> None:
        class NoSuper(Optimizer):
            def __init__(self, lr: float) -> None:
                self.lr = lr

            def update(self, theta: Sequence[float], gradient: Sequence[float]) -> list[float]:
                self.steps += 1
                return [t - self.lr * g for t, g in zip(theta, gradient)]

        opt = NoSuper(0.5)
        self.assertEqual(opt.step([1.0], [1.0]), [0.5])
        self.assertEqual((opt.steps, opt.size, NoSuper(0.5).steps), (1, None, 0))

    def test_a_parameter_kept_under_another_name_is_a_type_error(self) -> None:
        class Renamed(Optimizer):
            def __init__(self, learning_rate: float) -> None:
                super().__init__(learning_rate)

            def update(self, theta: Sequence[float], gradient: Sequence[float]) -> list[float]:
                return list(theta)

        for call in (repr, lambda opt: opt.state_dict()):
            with self.assertRaises(TypeError) as caught:
                call(Renamed(0.1))
            self.assertIn("(no self.learning_rate on Renamed)", str(caught.exception))

    def test_load_state_dict_checks(self) -> None:
        good = Adam(0.1)
        good.step([1.0, 2.0], [1.0, 1.0])
        state = good.state_dict()
        wrong_length = json.loads(json.dumps(state))
        wrong_length["state"]["exp_avg"] = [0.0]
        bad_beta = json.loads(json.dumps(state))
        bad_beta["hyperparameters"]["betas"] = [1.5, 0.9]
        missing = json.loads(json.dumps(state))
        del missing["hyperparameters"]["eps"]
        emptied = json.loads(json.dumps(state))
        emptied["state"]["exp_avg_sq"] = []
        unused_filled = json.loads(json.dumps(state))
        unused_filled["state"]["max_exp_avg_sq"] = [1.0, 1.0]  # amsgrad is off
        steps_without_size = json.loads(json.dumps(state))
        steps_without_size["size"] = None
        negative_square = json.loads(json.dumps(state))
        negative_square["state"]["exp_avg_sq"] = [-1.0, 1.0]  # would be sqrt(-1) at the step
        cases: list[tuple[str, Any, type, str]] = [
            ("other optimizer", SGD(0.1).state_dict(), ValueError,
             "Adam.load_state_dict: state must come from Adam.state_dict()"),
            ("buffer length", wrong_length, ValueError,
             "Adam.load_state_dict: exp_avg must have theta's length 2 (got 1 values)"),
            ("emptied buffer", emptied, ValueError,
             "Adam.load_state_dict: exp_avg_sq must have theta's length 2 (got 0 values)"),
            ("unused buffer filled", unused_filled, ValueError,
             "Adam.load_state_dict: max_exp_avg_sq must be empty (got 2 values)"),
            ("steps without size", steps_without_size, ValueError,
             "steps and size must both be unset or both set (got steps 1 and size None)"),
            ("negative square", negative_square, ValueError,
             "Adam.load_state_dict: exp_avg_sq holds squares, so no value may be negative "
             "(got -1.0)"),
            ("bad hyperparameter", bad_beta, ValueError, "Adam: betas[0] must be in [0, 1)"),
            ("missing hyperparameter", missing, ValueError,
             "Adam.load_state_dict: hyperparameters must be lr, betas"),
        ]
        for name, bad, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                Adam().load_state_dict(bad)
            self.assertIn(message, str(caught.exception), name)


if __name__ == "__main__":
    unittest.main()
