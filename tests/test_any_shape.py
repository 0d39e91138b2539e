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
    AdaGrad,
    Adam,
    Linear,
    MultipleLinear,
    MultiStepLR,
    Polynomial,
    Standardizer,
    add,
    animated_fit,
    check_gradient,
    check_hessian,
    check_jacobian,
    condition_number,
    contour_chart,
    distance,
    dot,
    estimate_directional,
    estimate_gradient,
    estimate_hessian,
    estimate_jacobian,
    estimate_partial,
    fit,
    grad,
    least_squares,
    line_chart,
    logistic_optimum,
    lr_range_test,
    magnitude,
    mean_squared_error,
    partial_difference_quotient,
    predict_class,
    predict_probability,
    scalar_multiply,
    scatter_chart,
    sparkline,
    sum_of_squares,
    synthetic,
    value_and_grad,
    vector_mean,
)


class Float64(numbers.Real):
    """A real number that is not a float: what NumPy's float64 looks like to vecgd."""

    def __init__(self, value: float) -> None:
        self.value = float(value)

    def __float__(self) -> float:
        return self.value

    def __int__(self) -> int:
        return int(self.value)

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
        # a start whose loss is past the floats is bad input: ValueError, never OverflowError
        with self.assertRaisesRegex(ValueError, "starting theta is not finite"):
            fit(Linear(), [10**200, 2 * 10**200], [1, 2], [10**200, 0], SGD(0.1), epochs=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.assertEqual(least_squares(Linear(), [0, 10**20], [0, 10**20]), [1.0, 0.0])


HUGE = 10**200  # a float-sized int whose square, computed as an int, is past the floats


class EntryPointsTest(unittest.TestCase):
    """The other entry points: optimizers, schedules, the range test, derivatives, charts."""

    XS, YS = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.5]

    def test_optimizer_step_takes_any_shape_and_huge_ints(self) -> None:
        for theta, gradient in zip(_shapes([1.0, -2.0]), _shapes([0.5, 4.0])):
            with self.subTest(kind=type(theta).__name__):
                for make in (lambda: SGD(0.1), lambda: AdaGrad(0.1), lambda: Adam(0.1)):
                    new = make().step(theta, gradient)
                    self.assertEqual(new, make().step([1.0, -2.0], [0.5, 4.0]))
                    self.assertTrue(_plain(new), new)
        self.assertEqual(SGD(0.5).step(range(1, 3), range(2, 4)), [0.0, 0.5])
        # The case: AdaGrad squared 10**200 as an int, then raised OverflowError.
        # As a float, g * g is inf: the sum is inf, and the step g / sqrt(inf) is 0.
        opt = AdaGrad(0.1)
        self.assertEqual(opt.step([1.0], [HUGE]), [1.0])
        self.assertEqual(opt.sum, [math.inf])
        self.assertEqual(Adam(0.1).step([HUGE], [1.0]), [1e200 - 0.1])

    def test_milestones_in_any_shape(self) -> None:
        for milestones in ([2, 4], (2, 4), range(2, 5, 2), array.array("i", [2, 4]),
                           FakeArray([2, 4])):
            with self.subTest(kind=type(milestones).__name__):
                schedule = MultiStepLR(SGD(1.0), milestones, gamma=0.5)
                self.assertEqual([schedule.step() for _ in range(5)],
                                 [1.0, 0.5, 0.5, 0.25, 0.25])
                self.assertEqual(schedule.milestones, [2, 4])
                self.assertTrue(all(type(m) is int for m in schedule.milestones))
        with self.assertRaisesRegex(TypeError, r"MultiStepLR: milestones\[0\] must be an "
                                               r"integer \(got 2.0"):
            MultiStepLR(SGD(1.0), array.array("d", [2.0]))

    def test_lr_range_test_converts_its_data(self) -> None:
        expected = lr_range_test(Linear(), self.XS, self.YS, [0.0, 0.0], SGD(0.1), steps=20)
        for xs, ys, theta in zip(_shapes(self.XS), _shapes(self.YS), _shapes([0.0, 0.0])):
            with self.subTest(kind=type(xs).__name__):
                result = lr_range_test(Linear(), xs, ys, theta, SGD(0.1), steps=20)
                self.assertEqual((result.lrs, result.losses, result.suggested_lr),
                                 (expected.lrs, expected.losses, expected.suggested_lr))
                self.assertTrue(_plain(result.losses))
        # A huge int in the data: the loss is inf at once, a one-line ValueError.
        with self.assertRaisesRegex(ValueError, "lr_range_test: the loss exploded after 0"):
            lr_range_test(Linear(), [0, HUGE], [0, HUGE], [0, 0], SGD(0.1))

    def test_derivative_estimates_and_checks(self) -> None:
        def f(v: Any) -> Any:
            return v[0] * v[0] * v[1]

        def jac(v: Any) -> Any:
            return [v[0] * v[1], v[0] + v[1]]

        point = [3.0, 2.0]
        for v in _shapes(point):
            with self.subTest(kind=type(v).__name__):
                for method in ("forward", "central", "complex", "richardson"):
                    self.assertEqual(estimate_gradient(f, v, method=method),
                                     estimate_gradient(f, point, method=method))
                self.assertEqual(estimate_partial(f, v, 1), estimate_partial(f, point, 1))
                self.assertEqual(partial_difference_quotient(f, v, 0, 0.5),
                                 partial_difference_quotient(f, point, 0, 0.5))
                self.assertEqual(estimate_directional(f, v, v), estimate_directional(f, point,
                                                                                    point))
                self.assertTrue(check_gradient(f, lambda w: [2 * w[0] * w[1], w[0] ** 2], v).ok)
                self.assertEqual(estimate_jacobian(jac, v, method="complex"),
                                 [[2.0, 3.0], [1.0, 1.0]])
                self.assertEqual(estimate_hessian(f, v, method="complex"),
                                 estimate_hessian(f, point, method="complex"))
                self.assertTrue(check_jacobian(jac, lambda w: [[w[1], w[0]], [1.0, 1.0]], v).ok)
                self.assertTrue(check_hessian(f, lambda w: [[2 * w[1], 2 * w[0]],
                                                            [2 * w[0], 0.0]], v, atol=1e-9).ok)
                self.assertEqual(grad(f)(v), [12.0, 9.0])
                self.assertEqual(value_and_grad(f)(v), (18.0, [12.0, 9.0]))

    def test_huge_ints_in_derivatives_never_overflow_error(self) -> None:
        # 10**200 as a float: f's values near it are inf, which the estimates name.
        for estimate in (estimate_gradient, estimate_jacobian, estimate_hessian):
            with self.subTest(estimate.__name__), self.assertRaisesRegex(
                    ValueError, f"{estimate.__name__}: f's values near v are not finite"):
                estimate((lambda v: [v[0] * v[0]]) if estimate is estimate_jacobian
                         else (lambda v: v[0] * v[0]), [HUGE])
        # The complex step keeps working on converted numbers: d(x^2)/dx = 2x.
        self.assertEqual(estimate_gradient(lambda v: v[0] * v[0], [3], method="complex"), [6.0])
        self.assertEqual(estimate_gradient(lambda v: 2 * v[0], [HUGE], method="complex"), [2.0])
        self.assertEqual(grad(lambda v: v[0] * 3)([HUGE]), [3.0])
        check = check_gradient(lambda v: 2 * v[0], lambda v: [2], [HUGE])
        self.assertTrue(check.ok)

    def test_logistic_optimum_and_the_probability_take_any_shape(self) -> None:
        labels = [0, 1, 0, 1]
        expected = logistic_optimum(Linear(), self.XS, labels, alpha=0.1)
        for xs, ys in zip(_shapes(self.XS), _shapes([0.0, 1.0, 0.0, 1.0])):
            with self.subTest(kind=type(xs).__name__):
                theta = logistic_optimum(Linear(), xs, ys, alpha=0.1)
                self.assertEqual(theta, expected)
                self.assertTrue(_plain(theta))
        for theta in _shapes(expected):
            with self.subTest(kind=type(theta).__name__):
                p = predict_probability(Linear(), theta, Float64(2.0))
                self.assertEqual(p, predict_probability(Linear(), expected, 2.0))
                self.assertIs(type(p), float)
                self.assertEqual(predict_class(Linear(), theta, Float64(2.0)),
                                 predict_class(Linear(), expected, 2.0))

    def test_standardizer_takes_any_shape(self) -> None:
        expected = Standardizer(Linear()).fit(self.XS)
        for xs, theta in zip(_shapes(self.XS), _shapes([2.0, 1.0])):
            with self.subTest(kind=type(xs).__name__):
                scaler = Standardizer(Linear()).fit(xs)
                self.assertEqual((scaler.means, scaler.scales), (expected.means, expected.scales))
                self.assertEqual(scaler.transform(xs), expected.transform(self.XS))
                self.assertEqual(scaler.to_data(theta), expected.to_data([2.0, 1.0]))
                self.assertEqual(scaler.to_scaled(theta), expected.to_scaled([2.0, 1.0]))
                self.assertTrue(_plain(scaler.to_data(theta)))
        self.assertEqual(Standardizer(Linear()).fit([0, HUGE, 2 * HUGE]).means, [1e200])

    def test_charts_take_any_shape(self) -> None:
        for xs, ys in zip(_shapes(self.XS), _shapes(self.YS)):
            with self.subTest(kind=type(xs).__name__):
                self.assertEqual(line_chart({"a": ys}), line_chart({"a": self.YS}))
                self.assertEqual(scatter_chart(xs, ys), scatter_chart(self.XS, self.YS))
                self.assertEqual(sparkline(ys), sparkline(self.YS))
                frames = [FakeArray([0.0, 1.0]), array.array("d", [2.0, 1.0])]
                self.assertEqual(animated_fit(xs, ys, frames),
                                 animated_fit(self.XS, self.YS, [[0.0, 1.0], [2.0, 1.0]]))
                self.assertEqual(
                    contour_chart(lambda x, y: x * x + y * y, (-1, 1), (-1, 1), levels=ys,
                                  paths={"p": FakeArray([[0.5, 0.5], [0.1, 0.1]])}),
                    contour_chart(lambda x, y: x * x + y * y, (-1, 1), (-1, 1), levels=self.YS,
                                  paths={"p": [[0.5, 0.5], [0.1, 0.1]]}))
        self.assertEqual(sparkline(range(1, 9)), "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588")
        self.assertEqual(sparkline([1, HUGE]), sparkline([1.0, 1e200]))
        with self.assertRaisesRegex(TypeError, r"sparkline: values must be a sequence of numbers"):
            sparkline("12")


if __name__ == "__main__":
    unittest.main()
