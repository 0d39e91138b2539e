"""Tests for vecgd.vector: values by hand, fsum's accuracy, and every error path."""

from __future__ import annotations

import math
import random
import unittest
from fractions import Fraction

from tests.support import assert_raises_each, assert_vectors_close
from vecgd import (
    accurate_sum,
    add,
    distance,
    dot,
    magnitude,
    scalar_multiply,
    subtract,
    sum_of_squares,
    vector_mean,
    vector_sum,
)


class ValuesTest(unittest.TestCase):
    def test_add_and_subtract_by_hand(self) -> None:
        self.assertEqual(add([1, 2, 3], [4, 5, 6]), [5, 7, 9])
        self.assertEqual(subtract([5, 7, 9], [4, 5, 6]), [1, 2, 3])
        self.assertEqual(add([0.5, -1.25], [0.25, 0.25]), [0.75, -1.0])

    def test_scalar_multiply(self) -> None:
        self.assertEqual(scalar_multiply(2, [1, 2, 3]), [2, 4, 6])
        self.assertEqual(scalar_multiply(-0.5, [4.0, -2.0]), [-2.0, 1.0])

    def test_vector_sum_and_mean(self) -> None:
        self.assertEqual(vector_sum([[1, 2], [3, 4], [5, 6], [7, 8]]), [16, 20])
        self.assertEqual(vector_mean([[1, 2], [3, 4], [5, 6]]), [3, 4])

    def test_vector_mean_is_correctly_rounded(self) -> None:
        # A running sum of ten 0.1s gives 0.9999999999999999; fsum gives 1.0.
        self.assertEqual(vector_mean([[0.1]] * 10), [0.1])
        self.assertEqual(vector_sum([[0.1]] * 10), [1.0])

    def test_vector_sum_cancellation(self) -> None:
        # 1e16 + 1 - 1e16 is 0 with naive summation, 1 exactly with fsum.
        self.assertEqual(vector_sum([[1e16], [1.0], [-1e16]]), [1.0])

    def test_dot_sum_of_squares_magnitude_distance(self) -> None:
        self.assertEqual(dot([1, 2, 3], [4, 5, 6]), 32)
        self.assertEqual(sum_of_squares([1, 2, 3]), 14)
        self.assertEqual(magnitude([3, 4]), 5)
        self.assertEqual(distance([1, 1], [4, 5]), 5)

    def test_dot_matches_exact_rational_sum(self) -> None:
        v = [0.1, 0.2, 0.3, -0.6]
        w = [3.0, 7.0, -1.0, 0.5]
        # fsum of the float products is the correctly rounded exact sum of those products.
        exact = sum(Fraction(a) * Fraction(b) for a, b in zip(v, w))
        self.assertEqual(dot(v, w), float(exact))

    def test_magnitude_neither_overflows_nor_underflows(self) -> None:
        self.assertEqual(magnitude([3e300, 4e300]), 5e300)
        assert_vectors_close(self, [magnitude([3e-300, 4e-300])], [5e-300], rel=1e-15)
        self.assertTrue(math.isfinite(distance([1e308], [-1e307])))

    def test_empty_vectors(self) -> None:
        self.assertEqual(add([], []), [])
        self.assertEqual(dot([], []), 0.0)
        self.assertEqual(magnitude([]), 0.0)

    def test_tuples_are_accepted_and_lists_returned(self) -> None:
        self.assertEqual(add((1, 2), (3, 4)), [4, 6])
        self.assertIsInstance(scalar_multiply(2, (1,)), list)

    def test_arguments_are_never_mutated(self) -> None:
        v, w = [1.0, 2.0], [3.0, 4.0]
        for fn in (add, subtract, dot, distance):
            fn(v, w)
        scalar_multiply(3, v)
        vector_sum([v, w])
        vector_mean([v, w])
        self.assertEqual((v, w), ([1.0, 2.0], [3.0, 4.0]))


class AccurateSumTest(unittest.TestCase):
    def test_accurate_sum_is_the_exact_sum_rounded_once_then_divided(self) -> None:
        rng = random.Random(5)
        for _ in range(200):
            values = [rng.uniform(-1, 1) * 10 ** rng.randint(-20, 20) for _ in range(10)]
            n = rng.randint(1, 10)
            exact = sum(map(Fraction, values), Fraction(0))
            self.assertEqual(accurate_sum(values), float(exact))
            self.assertEqual(accurate_sum(values, n), float(exact) / n)  # then one division

    def test_accurate_sum_where_fsum_raises(self) -> None:
        # fsum raises OverflowError when only a partial sum passes the largest float,
        # and ValueError for inf + -inf; accurate_sum gives IEEE arithmetic's answer.
        cases = [
            ("partial overflow", [1e308, 1e308, -1e308], 1, 1e308),
            ("mean of a sum past the floats", [1e308, 1e308, 1e308], 3, 1e308),
            ("sum past the floats", [1e308, 1e308], 1, math.inf),
            ("negative past the floats", [-1e308, -1e308, 1.0], 1, -math.inf),
            ("one infinity", [math.inf, 1.0, -1e308], 2, math.inf),
        ]
        for name, values, divisor, expected in cases:
            with self.subTest(name):
                self.assertEqual(accurate_sum(values, divisor), expected)
        self.assertTrue(math.isnan(accurate_sum([math.inf, -math.inf])))
        self.assertTrue(math.isnan(accurate_sum([1.0, math.nan])))

    def test_accurate_sum_of_tenths_and_nothing(self) -> None:
        self.assertEqual(accurate_sum([0.1] * 10), 1.0)
        self.assertEqual(accurate_sum([0.1] * 10, 10), 0.1)
        self.assertEqual(accurate_sum([]), 0.0)


class ErrorsTest(unittest.TestCase):
    def test_errors(self) -> None:
        cases = [
            # (name, call, exception, words the message must contain)
            ("add lengths", lambda: add([1, 2], [1, 2, 3]), ValueError,
             "add: vectors must have the same length (got 2 and 3)"),
            ("subtract lengths", lambda: subtract([1], []), ValueError, "(got 1 and 0)"),
            ("dot lengths", lambda: dot([1, 2], [1, 2, 3]), ValueError,
             "dot: vectors must have the same length (got 2 and 3)"),
            ("distance lengths", lambda: distance([1], [1, 2]), ValueError, "distance"),
            ("vector_sum empty", lambda: vector_sum([]), ValueError, "at least one vector"),
            ("vector_mean empty", lambda: vector_mean([]), ValueError, "vector_mean"),
            ("vector_mean ragged", lambda: vector_mean([[1, 2], [3]]), ValueError,
             "vectors[1] has 1"),
            ("add string", lambda: add("ab", "cd"), TypeError, "sequence of numbers"),
            ("add None", lambda: add(None, [1]), TypeError, "add: v must be"),
            ("dot nested", lambda: dot([[1]], [1]), TypeError, "v[0] must be a real number"),
            ("magnitude bool", lambda: magnitude([True]), TypeError, "v[0]"),
            ("scalar string", lambda: scalar_multiply("2", [1]), TypeError, "c must be"),
            ("scalar nan", lambda: scalar_multiply(math.nan, [1]), ValueError, "finite"),
            ("sum_of_squares str item", lambda: sum_of_squares([1, "2"]), TypeError, "v[1]"),
            ("vector_sum not a list", lambda: vector_sum(3), TypeError, "vector_sum"),
            ("accurate_sum string", lambda: accurate_sum("ab"), TypeError,
             "accurate_sum: values must be a sequence of numbers (got 'ab' (str))"),
            ("accurate_sum bool", lambda: accurate_sum([1.0, True]), TypeError,
             "accurate_sum: values[1] must be a real number"),
            ("accurate_sum divisor 0", lambda: accurate_sum([1.0], 0), ValueError,
             "accurate_sum: divisor must be positive (got 0)"),
            ("accurate_sum divisor nan", lambda: accurate_sum([1.0], math.nan), ValueError,
             "accurate_sum: divisor must be finite"),
        ]
        assert_raises_each(self, cases)


if __name__ == "__main__":
    unittest.main()
