"""Tests for vecgd.losses: the documents' losses by hand, overflow, and bad arguments."""

from __future__ import annotations

import math
import unittest

from tests.support import assert_close
from vecgd.losses import (
    mean_squared_error,
    root_mean_squared_error,
    squared_error,
    sum_of_squared_errors,
)


class LossTest(unittest.TestCase):
    def test_losses_by_hand(self) -> None:
        predicted, actual = [1.0, 2.0, 4.0], [1.0, 3.0, 2.0]  # errors 0, -1, 2
        self.assertEqual(squared_error(4.0, 2.0), 4.0)
        self.assertEqual(sum_of_squared_errors(predicted, actual), 5.0)
        assert_close(self, mean_squared_error(predicted, actual), 5 / 3, rel=1e-15)
        assert_close(self, root_mean_squared_error(predicted, actual), math.sqrt(5 / 3), rel=1e-15)

    def test_overflowing_sum_is_inf(self) -> None:
        self.assertEqual(sum_of_squared_errors([1e200, 1e200], [0.0, 0.0]), math.inf)
        self.assertEqual(mean_squared_error([1.5e154, 1.5e154], [0.0, 0.0]), math.inf)

    def test_mean_is_finite_when_only_the_sum_overflows(self) -> None:
        # Each square is about 1e308: their sum passes the largest float, their mean does not.
        square = 1e154 * 1e154
        self.assertEqual(sum_of_squared_errors([1e154, 1e154], [0.0, 0.0]), math.inf)
        self.assertEqual(mean_squared_error([1e154, 1e154], [0.0, 0.0]), square)
        self.assertEqual(root_mean_squared_error([1e154, -1e154], [0.0, 0.0]), 1e154)

    def test_bad_loss_arguments(self) -> None:
        cases = [
            ("lengths", sum_of_squared_errors, ([1.0], [1.0, 2.0]), ValueError),
            ("empty mean", mean_squared_error, ([], []), ValueError),
            ("empty root", root_mean_squared_error, ([], []), ValueError),
            ("text", squared_error, ("1", 1.0), TypeError),
        ]
        for name, function, args, error in cases:
            with self.subTest(name), self.assertRaises(error):
                function(*args)  # type: ignore[operator]


if __name__ == "__main__":
    unittest.main()
