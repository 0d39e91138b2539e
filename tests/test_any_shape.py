"""Data in any shape: array.array, ranges, tuples, and NumPy-like arrays by duck typing.

The suite stays standard-library only: ``FakeArray`` behaves as a NumPy
array does for vecgd (it is not a registered Sequence, has ``tolist()``,
and its items are not plain floats), and ``Protocol`` only has the
sequence protocol (``__len__`` and ``__getitem__``).  Every result must hold
plain Python floats (and ints), and must equal the result on lists.
"""

from __future__ import annotations

import array
import math
import numbers
import unittest
import warnings
from typing import Any

from vecgd import (
    SGD,
    Linear,
    MultipleLinear,
    Polynomial,
    Standardizer,
    add,
    condition_number,
    distance,
    dot,
    fit,
    least_squares,
    magnitude,
    mean_squared_error,
    scalar_multiply,
    sum_of_squares,
    synthetic,
    vector_mean,
)


class Float64(numbers.Real):
    """A real number that is not a float: what NumPy's float64 looks like to vecgd."""

    def __init__(self, value: float) -> None:
        self.value = float(value)

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return f"Float64({self.value})"

    # numbers.Real's abstract methods, enough for isinstance and float().
    def __abs__(self) -> Any: return abs(self.value)
    def __add__(self, o: Any) -> Any: return self.value + float(o)
    def __radd__(self, o: Any) -> Any: return float(o) + self.value
    def __mul__(self, o: Any) -> Any: return self.value * float(o)
    def __rmul__(self, o: Any) -> Any: return float(o) * self.value
    def __neg__(self) -> Any: return -self.value
    def __pos__(self) -> Any: return self.value
    def __truediv__(self, o: Any) -> Any: return self.value / float(o)
    def __rtruediv__(self, o: Any) -> Any: return float(o) / self.value
    def __pow__(self, o: Any) -> Any: return self.value ** float(o)
    def __rpow__(self, o: Any) -> Any: return float(o) ** self.value
    def __floordiv__(self, o: Any) -> Any: return self.value // float(o)
    def __rfloordiv__(self, o: Any) -> Any: return float(o) // self.value
    def __mod__(self, o: Any) -> Any: return self.value % float(o)
    def __rmod__(self, o: Any) -> Any: return float(o) % self.value
    def __lt__(self, o: Any) -> bool: return self.value < float(o)
    def __le__(self, o: Any) -> bool: return self.value <= float(o)
    def __eq__(self, o: Any) -> bool: return self.value == float(o)
    def __hash__(self) -> int: return hash(self.value)
    def __trunc__(self) -> int: return math.trunc(self.value)
    def __floor__(self) -> int: return math.floor(self.value)
    def __ceil__(self) -> int: return math.ceil(self.value)
    def __round__(self, n: Any = None) -> Any: return round(self.value, n)


class FakeArray:
    """A NumPy-like array: indexing gives Float64s, tolist() gives plain numbers."""

    def __init__(self, values: Any) -> None:
        self.values = [FakeArray(v) if isinstance(v, list) else v for v in values]

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> Any:
        value = self.values[i]
        return value if isinstance(value, FakeArray) else Float64(value)

    def tolist(self) -> list[Any]:
        return [v.tolist() if isinstance(v, FakeArray) else v for v in self.values]


class Protocol:
    """Only the sequence protocol: __len__ and __getitem__ giving Float64s."""

    def __init__(self, values: list[float]) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> Float64:
        if not 0 <= i < len(self.values):
            raise IndexError(i)
        return Float64(self.values[i])


def _shapes(values: list[float]) -> list[Any]:
    return [list(values), tuple(values), array.array("d", values), FakeArray(values),
            Protocol(values)]


def _plain(value: Any) -> bool:
    """Return True for a plain float or int, or a list (of lists) of them."""
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return type(value) in (float, int)


class VectorFunctionsTest(unittest.TestCase):
    def test_every_shape_gives_the_list_answer(self) -> None:
        v, w = [1.0, 2.5, -3.0], [0.5, 4.0, 2.0]
        for a, b in zip(_shapes(v), _shapes(w)):
            with self.subTest(kind=type(a).__name__):
                for result, expected in [
                    (add(a, b), add(v, w)), (dot(a, b), dot(v, w)),
                    (distance(a, b), distance(v, w)), (magnitude(a), magnitude(v)),
                    (sum_of_squares(a), sum_of_squares(v)),
                    (scalar_multiply(Float64(2.0), a), scalar_multiply(2.0, v)),
                    (vector_mean([a, b]), vector_mean([v, w])),
                    (mean_squared_error(a, b), mean_squared_error(v, w)),
                ]:
                    self.assertEqual(result, expected)
                    self.assertTrue(_plain(result), result)

    def test_range_and_numpy_style_2d(self) -> None:
        self.assertEqual(add(range(3), range(3)), [0, 2, 4])
        self.assertEqual(vector_mean(FakeArray([[1.0, 2.0], [3.0, 4.0]])), [2.0, 3.0])

    def test_junk_keeps_its_errors(self) -> None:
        cases = [("a string", "12", TypeError, r"dot: v must be a sequence of numbers \(got '12'"),
                 ("a dict", {0: 1.0}, TypeError, "dot: v must be a sequence of numbers"),
                 ("nested", [[1.0]], TypeError, r"dot: v\[0\] must be a real number"),
                 ("text inside", array.array("u", "ab"), TypeError, r"dot: v\[0\] must be a real")]
        for label, v, kind, message in cases:
            with self.subTest(label), self.assertRaisesRegex(kind, message):
                dot(v, [1.0, 2.0])

    def test_huge_ints_become_floats_not_overflow_errors(self) -> None:
        # 10**200 squared is exact as an int and past the floats: fsum would raise.
        self.assertEqual(sum_of_squares([10**200]), math.inf)
        self.assertEqual(magnitude([3 * 10**200, 4 * 10**200]), magnitude([3e200, 4e200]))
        self.assertEqual(dot([10**200, 10**160], [1e-200, 1e-160]), dot([1e200, 1e160],
                                                                         [1e-200, 1e-160]))
        # Small ints stay ints, as the documents print them.
        self.assertEqual(add([1, 2], [3, 4]), [4, 6])


class ModelsAndFitTest(unittest.TestCase):
    XS, YS = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.5]

    def test_models_take_any_shape(self) -> None:
        for theta in _shapes([2.0, 1.0]):
            with self.subTest(kind=type(theta).__name__):
                self.assertEqual(Linear().predict(theta, Float64(3.0)), 7.0)
                gradient = Linear().gradient(theta, Float64(3.0), Float64(5.0))
                self.assertEqual(gradient, [12.0, 4.0])
                self.assertTrue(_plain(gradient))
                mean, loss = Linear().batch_gradient(theta, FakeArray(self.XS),
                                                     array.array("d", self.YS))
                self.assertEqual((mean, loss), Linear().batch_gradient([2.0, 1.0], self.XS,
                                                                       self.YS))
        self.assertEqual(MultipleLinear().predict(FakeArray([1.0, 2.0, 0.5]),
                                                  array.array("d", [3.0, 4.0])), 11.5)

    def test_fit_least_squares_and_standardizer(self) -> None:
        expected = fit(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.05), epochs=30)
        for xs, ys, theta in zip(_shapes(self.XS), _shapes(self.YS), _shapes([0.0, 0.0])):
            with self.subTest(kind=type(xs).__name__):
                result = fit(Linear(), xs, ys, theta, SGD(0.05), epochs=30)
                self.assertEqual(result.theta, expected.theta)
                self.assertEqual(result.history, expected.history)
                self.assertTrue(_plain(result.theta) and type(result.loss) is float)
                self.assertEqual(least_squares(Linear(), xs, ys),
                                 least_squares(Linear(), self.XS, self.YS))
                self.assertEqual(Standardizer(Linear()).fit(xs).means, [1.5])
                self.assertEqual(condition_number(Linear(), xs),
                                 condition_number(Linear(), self.XS))
        rows = FakeArray([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
        result = fit(MultipleLinear(), rows, FakeArray(self.YS), FakeArray([0.0, 0.0, 0.0]),
                     SGD(0.01), epochs=3)
        self.assertTrue(_plain(result.theta))
        xs, _ = synthetic(Polynomial(1), FakeArray([2.0, 1.0]), 3, seed=0)
        self.assertTrue(_plain(xs))

    def test_huge_int_data_diverges_or_warns_never_overflow_error(self) -> None:
        from vecgd import DivergenceError
        with self.assertRaises(DivergenceError):
            fit(Linear(), [10**200, 2 * 10**200], [1, 2], [10**200, 0], SGD(0.1), epochs=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.assertEqual(least_squares(Linear(), [0, 10**20], [0, 10**20]), [1.0, 0.0])


if __name__ == "__main__":
    unittest.main()
