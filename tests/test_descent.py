"""Tests for vecgd.descent: the book's gradient_step and minibatches."""

from __future__ import annotations

import math
import random
import unittest
from typing import Any

from tests.support import assert_raises_each, assert_vectors_close
from vecgd.descent import (
    DivergenceError,
    clip_by_norm,
    clip_by_value,
    gradient_step,
    minibatches,
)


class GradientStepTest(unittest.TestCase):
    def test_matches_the_books_definition_bit_for_bit(self) -> None:
        rng = random.Random(3)
        for _ in range(200):
            v = [rng.uniform(-10, 10) for _ in range(4)]
            g = [rng.uniform(-10, 10) for _ in range(4)]
            s = rng.uniform(-1, 1)
            # The book: add(v, scalar_multiply(step_size, gradient)).
            expected = [v_i + g_i for v_i, g_i in zip(v, [s * g_i for g_i in g])]
            self.assertEqual(gradient_step(v, g, s), expected)

    def test_by_hand(self) -> None:
        self.assertEqual(gradient_step([1.0, 2.0], [0.5, -1.0], -0.5), [0.75, 2.5])
        self.assertEqual(gradient_step([3], [4], 0), [3])

    def test_does_not_mutate(self) -> None:
        v, g = [1.0], [2.0]
        gradient_step(v, g, 0.5)
        self.assertEqual((v, g), ([1.0], [2.0]))

    def test_errors(self) -> None:
        cases = [
            ("lengths", lambda: gradient_step([1, 2], [1], 0.1), ValueError,
             "gradient_step: vectors must have the same length (got 2 and 1)"),
            ("nan step", lambda: gradient_step([1], [1], math.nan), ValueError,
             "step_size must be finite"),
            ("string step", lambda: gradient_step([1], [1], "0.1"), TypeError, "step_size"),
            ("gradient None", lambda: gradient_step([1], None, 0.1), TypeError,
             "gradient must be a sequence"),
        ]
        assert_raises_each(self, cases)


class MinibatchesTest(unittest.TestCase):
    def test_in_order_without_shuffle(self) -> None:
        self.assertEqual(
            list(minibatches(list(range(7)), 3, shuffle=False)), [[0, 1, 2], [3, 4, 5], [6]]
        )

    def test_shuffle_moves_batches_not_samples(self) -> None:
        data = list(range(10))
        batches = list(minibatches(data, 2, rng=random.Random(5)))
        self.assertEqual(sorted(batches), [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]])
        for batch in batches:
            self.assertEqual(batch[1], batch[0] + 1)

    def test_same_seed_same_batches(self) -> None:
        data = list(range(50))
        first = list(minibatches(data, 4, rng=random.Random(7)))
        second = list(minibatches(data, 4, rng=random.Random(7)))
        self.assertEqual(first, second)
        self.assertNotEqual(first, list(minibatches(data, 4, shuffle=False)))

    def test_order_is_random_shuffle_of_batch_starts(self) -> None:
        # Independent oracle: shuffle the batch starts with the same seed.
        starts = list(range(0, 10, 3))
        random.Random(11).shuffle(starts)
        expected = [list(range(s, min(s + 3, 10))) for s in starts]
        self.assertEqual(list(minibatches(list(range(10)), 3, rng=random.Random(11))), expected)

    def test_global_random_state_is_untouched(self) -> None:
        random.seed(123)
        before = random.getstate()
        list(minibatches(list(range(20)), 3, rng=random.Random(1)))
        list(minibatches(list(range(20)), 3))
        self.assertEqual(random.getstate(), before)

    def test_empty_dataset_gives_no_batches(self) -> None:
        self.assertEqual(list(minibatches([], 3)), [])

    def test_errors_are_raised_at_the_call(self) -> None:
        cases = [
            ("zero size", lambda: minibatches([1, 2], 0), ValueError,
             "batch_size must be at least 1 (got 0)"),
            ("float size", lambda: minibatches([1, 2], 1.5), TypeError, "batch_size"),
            ("bool size", lambda: minibatches([1, 2], True), TypeError, "batch_size"),
            ("not a sequence", lambda: minibatches(5, 1), TypeError,
             "minibatches: dataset must be a sequence (got 5 (int))"),
            ("a str", lambda: minibatches("abc", 1), TypeError, "dataset must be a sequence"),
            ("bad rng", lambda: minibatches([1], 1, rng=3), TypeError, "rng"),
            ("shuffle string", lambda: minibatches([1], 1, shuffle="yes"), TypeError, "shuffle"),
        ]
        assert_raises_each(self, cases)


class ClipTest(unittest.TestCase):
    def test_clip_by_norm_scales_long_gradients(self) -> None:
        clipped = clip_by_norm([3.0, 4.0], 1.0)
        factor = 1.0 / (5.0 + 1e-6)  # PyTorch's clip_grad_norm_ coefficient
        assert_vectors_close(self, clipped, [3 * factor, 4 * factor], rel=1e-15)
        self.assertLess(math.hypot(*clipped), 1.0)

    def test_clip_by_norm_leaves_short_gradients(self) -> None:
        self.assertEqual(clip_by_norm([3.0, 4.0], 6.0), [3.0, 4.0])
        # PyTorch's 1e-6 in the denominator: a norm of exactly max_norm still shrinks a hair.
        at_limit = clip_by_norm([3.0, 4.0], 5.0)
        assert_vectors_close(self, at_limit, [3 * 5 / (5 + 1e-6), 4 * 5 / (5 + 1e-6)], rel=1e-15)
        self.assertEqual(clip_by_norm([0.0, 0.0], 1.0), [0.0, 0.0])

    def test_clip_by_value(self) -> None:
        self.assertEqual(clip_by_value([3.0, -0.5, -7.0, 2.0], 2.0), [2.0, -0.5, -2.0, 2.0])

    def test_clip_errors(self) -> None:
        cases: list[tuple[str, Any, type, str]] = [
            ("max_norm zero", lambda: clip_by_norm([1.0], 0.0), ValueError,
             "clip_by_norm: max_norm must be positive (got 0.0)"),
            ("nan entry", lambda: clip_by_norm([1.0, math.nan], 1.0), ValueError,
             "clip_by_norm: gradient[1] must be finite (got nan)"),
            ("limit negative", lambda: clip_by_value([1.0], -1.0), ValueError,
             "clip_by_value: limit must be positive (got -1.0)"),
            ("inf entry", lambda: clip_by_value([math.inf], 1.0), ValueError,
             "clip_by_value: gradient[0] must be finite (got inf)"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name), self.assertRaises(error) as caught:
                call()
            self.assertIn(message, str(caught.exception), name)


class DivergenceErrorTest(unittest.TestCase):
    def test_message_and_attributes(self) -> None:
        error = DivergenceError(3, 0.5, (1.0, 2.0))
        self.assertIsInstance(error, ArithmeticError)
        self.assertEqual((error.epoch, error.lr, error.theta), (3, 0.5, [1.0, 2.0]))
        self.assertEqual(
            str(error),
            "fit: the loss or theta stopped being finite in epoch 3 with lr=0.5; "
            "try a smaller learning rate, such as 0.05",
        )

    def test_minimize_names_itself_and_counts_steps(self) -> None:
        error = DivergenceError(7, 0.25, [1.0], "minimize", "step")
        self.assertTrue(str(error).startswith("minimize: the loss or theta stopped being finite "
                                              "in step 7 with lr=0.25;"))

    def test_theta_is_a_copy(self) -> None:
        theta = [1.0]
        error = DivergenceError(0, 1.0, theta)
        theta[0] = 2.0
        self.assertEqual(error.theta, [1.0])


if __name__ == "__main__":
    unittest.main()
