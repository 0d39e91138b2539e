"""Tests for vecgd.descent: the book's gradient_step and minibatches."""

from __future__ import annotations

import math
import random
import unittest

from tests.support import assert_raises_each
from vecgd import gradient_step, minibatches


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
            ("not a sequence", lambda: minibatches(5, 1), TypeError, "dataset"),
            ("bad rng", lambda: minibatches([1], 1, rng=3), TypeError, "rng"),
            ("shuffle string", lambda: minibatches([1], 1, shuffle="yes"), TypeError, "shuffle"),
        ]
        assert_raises_each(self, cases)


if __name__ == "__main__":
    unittest.main()
