"""The book's own checks (Data Science from Scratch, chapters 4 and 8), with vecgd's functions.

The book proves its code with asserts at the bottom of ``linear_algebra.py``
and in ``gradient_descent.py``'s ``main()``: three fits of ``y = 20x + 5``.
These are the same checks, with vecgd's functions in place of the book's and
a seeded ``random.Random`` in place of the global random state.
"""

from __future__ import annotations

import random
import unittest

from vecgd import (
    Vector,
    add,
    distance,
    dot,
    gradient_step,
    magnitude,
    minibatches,
    scalar_multiply,
    subtract,
    sum_of_squares,
    vector_mean,
    vector_sum,
)


def linear_gradient(x: float, y: float, theta: Vector) -> Vector:
    """The book's gradient of one sample's squared error for y = slope * x + intercept."""
    slope, intercept = theta
    predicted = slope * x + intercept
    error = predicted - y
    return [2 * error * x, 2 * error]


INPUTS = [(x, 20 * x + 5) for x in range(-50, 50)]


class LinearAlgebraAssertsTest(unittest.TestCase):
    """linear_algebra.py's asserts, one for one."""

    def test_the_books_asserts(self) -> None:
        self.assertEqual(add([1, 2, 3], [4, 5, 6]), [5, 7, 9])
        self.assertEqual(subtract([5, 7, 9], [4, 5, 6]), [1, 2, 3])
        self.assertEqual(vector_sum([[1, 2], [3, 4], [5, 6], [7, 8]]), [16, 20])
        self.assertEqual(scalar_multiply(2, [1, 2, 3]), [2, 4, 6])
        self.assertEqual(vector_mean([[1, 2], [3, 4], [5, 6]]), [3, 4])
        self.assertEqual(dot([1, 2, 3], [4, 5, 6]), 32)
        self.assertEqual(sum_of_squares([1, 2, 3]), 14)
        self.assertEqual(magnitude([3, 4]), 5)
        self.assertEqual(distance([0, 0], [3, 4]), 5)


class GradientDescentMainTest(unittest.TestCase):
    """gradient_descent.py's main(): the same loops, the same bounds."""

    def assert_within_the_books_bounds(self, theta: Vector) -> None:
        """The book's asserts after each fit of y = 20x + 5."""
        slope, intercept = theta
        self.assertTrue(19.9 < slope < 20.1, slope)
        self.assertTrue(4.9 < intercept < 5.1, intercept)

    def test_sum_of_squares_descent(self) -> None:
        rng = random.Random(8)
        v = [rng.uniform(-10, 10) for _ in range(3)]
        for _ in range(1000):
            grad = [2 * v_i for v_i in v]
            v = gradient_step(v, grad, -0.01)
        self.assertLess(distance(v, [0, 0, 0]), 0.001)

    def test_full_batch_fit(self) -> None:
        rng = random.Random(0)
        theta = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
        for _ in range(5000):
            grad = vector_mean([linear_gradient(x, y, theta) for x, y in INPUTS])
            theta = gradient_step(theta, grad, -0.001)
        self.assert_within_the_books_bounds(theta)

    def test_minibatch_fit(self) -> None:
        rng = random.Random(1)
        theta = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
        for _ in range(1000):
            for batch in minibatches(INPUTS, batch_size=20, rng=rng):
                grad = vector_mean([linear_gradient(x, y, theta) for x, y in batch])
                theta = gradient_step(theta, grad, -0.001)
        self.assert_within_the_books_bounds(theta)

    def test_stochastic_fit(self) -> None:
        rng = random.Random(2)
        theta = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
        for _ in range(100):
            for x, y in INPUTS:
                grad = linear_gradient(x, y, theta)
                theta = gradient_step(theta, grad, -0.001)
        self.assert_within_the_books_bounds(theta)


if __name__ == "__main__":
    unittest.main()
