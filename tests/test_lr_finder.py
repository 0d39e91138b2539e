"""Tests for vecgd.lr_finder: the learning-rate range test."""

from __future__ import annotations

import math
import unittest
from typing import Any

from tests.support import assert_vectors_close
from vecgd import SGD, Adam, Linear, LRRangeResult, lr_range_test


class LRRangeTest(unittest.TestCase):
    XS = [i / 10 for i in range(10)]
    YS = [2 * x + 1 for x in XS]

    def test_geometric_lrs_and_an_early_stop_when_the_loss_explodes(self) -> None:
        result = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), start_lr=1e-4,
                               end_lr=100.0, steps=61, batch_size=None)
        self.assertIsInstance(result, LRRangeResult)
        self.assertLess(len(result.lrs), 61)  # lr = 100 diverges long before the end
        assert_vectors_close(self, result.lrs[:3], [1e-4, 10**-3.9, 10**-3.8], rel=1e-12)
        self.assertGreater(result.losses[-1], 4 * min(result.losses))
        self.assertIn(result.suggested_lr, result.lrs)
        self.assertTrue(0.01 < result.suggested_lr < 2.0)

    def test_the_first_loss_is_the_starting_mean_squared_error(self) -> None:
        # Smoothing's bias correction makes the first recorded loss the raw one:
        # at theta [0, 0] the errors are -(2x + 1), whose mean square is 6.7 here.
        result = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), steps=5)
        expected = math.fsum((2 * x + 1) ** 2 for x in self.XS) / len(self.XS)
        assert_vectors_close(self, result.losses[:1], [expected], rel=1e-14)

    def test_leaves_optimizer_and_theta_alone_and_is_deterministic(self) -> None:
        optimizer = Adam(0.01)
        theta = [0.5, 0.5]
        optimizer.step(theta, [1.0, -1.0])
        before = optimizer.state_dict()
        runs = [lr_range_test(Linear(), self.XS, self.YS, theta, optimizer, steps=50,
                              shuffle=True, seed=3) for _ in range(2)]
        self.assertEqual(optimizer.state_dict(), before)
        self.assertEqual(theta, [0.5, 0.5])
        self.assertEqual(runs[0], runs[1])

    def test_lrs_a_few_ulps_apart_give_a_suggestion_not_zero_division(self) -> None:
        end_lr = math.nextafter(1.0, 2.0)
        result = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), start_lr=1.0,
                               end_lr=end_lr, steps=5, batch_size=None)
        self.assertTrue(set(result.lrs) <= {1.0, end_lr}, result.lrs)
        self.assertIn(result.suggested_lr, result.lrs)

    def test_too_few_losses_is_a_value_error(self) -> None:
        with self.assertRaisesRegex(ValueError, "lr_range_test: the loss exploded after"):
            lr_range_test(Linear(), [1e150], [0.0], [1.0, 0.0], SGD(0.1), start_lr=1.0,
                          end_lr=10.0, steps=5)

    def test_bad_arguments(self) -> None:
        cases: list[tuple[str, dict[str, Any], type[Exception], str]] = [
            ("order", {"start_lr": 1.0, "end_lr": 0.1}, ValueError,
             "lr_range_test: start_lr must be below end_lr (got 1.0 and 0.1)"),
            ("steps", {"steps": 2}, ValueError, "lr_range_test: steps must be at least 3 (got 2)"),
            ("smoothing", {"smoothing": 1.0}, ValueError,
             "lr_range_test: smoothing must be in [0, 1) (got 1.0)"),
            ("batch", {"batch_size": 0}, ValueError,
             "lr_range_test: batch_size must be at least 1 (got 0)"),
            ("model", {"model": object()}, TypeError, "lr_range_test: model must be a Model"),
            ("optimizer", {"optimizer": object()}, TypeError,
             "lr_range_test: optimizer must have lr, step(), reset(), state_dict(), "
             "load_state_dict()"),
        ]
        for name, keywords, error, message in cases:
            arguments: dict[str, Any] = {"model": Linear(), "optimizer": SGD(0.1), **keywords}
            with self.subTest(name), self.assertRaises(error) as caught:
                lr_range_test(arguments.pop("model"), self.XS, self.YS, [0.0, 0.0],
                              arguments.pop("optimizer"), **arguments)
            self.assertTrue(str(caught.exception).startswith(message), caught.exception)


if __name__ == "__main__":
    unittest.main()
