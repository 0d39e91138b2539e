"""Tests for vecgd.autodiff and FunctionModel: gradients by hand, exactly, and numerically.

The oracles: derivatives worked out by hand; forward-mode dual numbers over
``Fraction`` (written here, independent of the reverse mode under test),
which give the exact derivative of a rational expression; and vecgd's own
numeric derivatives (the complex step and Ridders' method).
"""

from __future__ import annotations

import cmath
import math
import random
import sys
import unittest
from fractions import Fraction
from typing import Any, Callable, List

from tests.support import assert_close, assert_raises_each, assert_vectors_close
from tests.test_documents import load_script
from vecgd import (
    SGD,
    Adam,
    FunctionModel,
    Huber,
    Linear,
    LogLoss,
    Value,
    check_gradient,
    estimate_gradient,
    exp,
    fit,
    grad,
    log,
    relu,
    sigmoid,
    tanh,
    value_and_grad,
)


class Dual:
    """a + b eps with eps**2 = 0: forward-mode derivatives, exact over Fractions."""

    def __init__(self, a: Any, b: Any = 0) -> None:
        self.a, self.b = a, b

    @staticmethod
    def lift(x: Any) -> Dual:
        return x if isinstance(x, Dual) else Dual(x)

    def __add__(self, o: Any) -> Dual:
        o = Dual.lift(o)
        return Dual(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(-self.a, -self.b)

    def __sub__(self, o: Any) -> Dual:
        return self + -Dual.lift(o)

    def __rsub__(self, o: Any) -> Dual:
        return Dual.lift(o) - self

    def __mul__(self, o: Any) -> Dual:
        o = Dual.lift(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    __rmul__ = __mul__

    def __truediv__(self, o: Any) -> Dual:
        o = Dual.lift(o)
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __rtruediv__(self, o: Any) -> Dual:
        return Dual.lift(o) / self

    def __pow__(self, n: int) -> Dual:
        return Dual(self.a**n, n * self.a ** (n - 1) * self.b)

    def relu(self) -> Dual:
        return self if self.a > 0 else Dual(0 * self.a, 0 * self.b)


def readme_example(a: Any, b: Any) -> Any:
    """micrograd's README example, with its constants as Fractions (exact for Fraction inputs)."""
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / Fraction(2)
    g += Fraction(10) / f
    return g


def derivative_by_duals(expression: Callable[[Any, Any], Any], point: List[Any], i: int) -> Any:
    args = [Dual(x, 1 if k == i else 0) for k, x in enumerate(point)]
    return expression(*args).b


class ValueArithmeticTest(unittest.TestCase):
    def test_each_operation_has_its_local_derivatives(self) -> None:
        F = Fraction
        cases = [  # (expression of a, b; its value; d/da; d/db) at a = 3, b = -2
            (lambda a, b: a + b, F(1), F(1), F(1)),
            (lambda a, b: a - b, F(5), F(1), F(-1)),
            (lambda a, b: a * b, F(-6), F(-2), F(3)),
            (lambda a, b: a / b, F(-3, 2), F(-1, 2), F(-3, 4)),
            (lambda a, b: -a + 0 * b, F(-3), F(-1), F(0)),
            (lambda a, b: 2 + a - 1 * b, F(7), F(1), F(-1)),
            (lambda a, b: 5 - a, F(2), F(-1), F(0)),
            (lambda a, b: 6 / a + b / 4, F(3, 2), F(-2, 3), F(1, 4)),
            (lambda a, b: a**3 + b**-1, F(53, 2), F(27), F(-1, 4)),
            (lambda a, b: a**0 * b, F(-2), F(0), F(1)),
        ]
        for k, (expression, value, d_a, d_b) in enumerate(cases):
            with self.subTest(case=k):
                a, b = Value(F(3)), Value(F(-2))
                out = expression(a, b)
                out.backward()
                self.assertEqual((out.data, a.grad, b.grad), (value, d_a, d_b))

    def test_readme_example_is_exact_against_dual_numbers(self) -> None:
        point = [Fraction(-4), Fraction(2)]
        a, b = Value(point[0]), Value(point[1])
        g = readme_example(a, b)
        g.backward()
        self.assertEqual(g.data, Fraction(2421, 98))
        self.assertEqual(a.grad, derivative_by_duals(readme_example, point, 0))
        self.assertEqual(b.grad, derivative_by_duals(readme_example, point, 1))
        # micrograd's README prints these, from float arithmetic.
        self.assertEqual([f"{float(x):.4f}" for x in (g.data, a.grad, b.grad)],
                         ["24.7041", "138.8338", "645.5773"])

    def test_random_rational_expressions_match_dual_numbers_exactly(self) -> None:
        rng = random.Random(13)
        for trial in range(40):
            point = [Fraction(rng.randint(1, 9), rng.randint(1, 5)) * rng.choice((-1, 1))
                     for _ in range(3)]
            steps = [(rng.randrange(5), rng.randrange(10), rng.randrange(10)) for _ in range(12)]

            def expression(*xs: Any, steps: Any = steps) -> Any:
                nodes = list(xs)
                for op, i, j in steps:
                    a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
                    nodes.append([a + b, a - b, a * b, a * 3 - b**2, (a * a + 1) / (b * b + 2)][op])
                return nodes[-1] + nodes[-2] * nodes[-3]

            values = [Value(x) for x in point]
            out = expression(*values)
            out.backward()
            with self.subTest(trial=trial):
                self.assertEqual([v.grad for v in values],
                                 [derivative_by_duals(expression, point, i) for i in range(3)])

    def test_functions_have_their_derivatives(self) -> None:
        x = 0.7
        s = 1 / (1 + math.exp(-x))
        cases = [  # (method, value, derivative)
            (Value.exp, math.exp(x), math.exp(x)),
            (Value.log, math.log(x), 1 / x),
            (Value.tanh, math.tanh(x), 1 - math.tanh(x) ** 2),
            (Value.sigmoid, s, s * (1 - s)),
            (Value.relu, x, 1.0),
        ]
        for method, value, derivative in cases:
            with self.subTest(method=method.__name__):
                v = Value(x)
                out = method(v)
                out.backward()
                assert_close(self, out.data, value, rel=1e-15)
                assert_close(self, v.grad, derivative, rel=1e-15)

    def test_relu_derivative_at_zero_is_zero_as_pytorch(self) -> None:
        for x, value, derivative in ((0.0, 0.0, 0), (-2.0, 0.0, 0), (2.5, 2.5, 1)):
            v = Value(x)
            out = v.relu()
            out.backward()
            self.assertEqual((out.data, v.grad), (value, derivative))
        self.assertEqual(Value(Fraction(-3)).relu().data, Fraction(0))

    def test_value_exponent_has_out_times_log_base(self) -> None:
        a, b = Value(2.0), Value(3.0)
        out = a**b
        out.backward()
        self.assertEqual((out.data, a.grad), (8.0, 12.0))
        assert_close(self, b.grad, 8 * math.log(2), rel=1e-15)
        x = Value(0.5)
        out = 3**x  # a number to a Value's power
        out.backward()
        assert_close(self, x.grad, math.sqrt(3) * math.log(3), rel=1e-15)

    def test_value_exponent_at_a_zero_base_has_zero_exponent_gradient(self) -> None:
        a, b = Value(0.0), Value(2.0)
        out = a**b
        out.backward()
        self.assertEqual((out.data, a.grad, b.grad), (0.0, 0.0, 0))

    def test_square_root_at_zero_has_an_infinite_derivative_as_pytorch(self) -> None:
        x = Value(0.0)
        out = x**0.5
        out.backward()
        self.assertEqual((out.data, x.grad), (0.0, math.inf))

    def test_overflow_gives_infinity_as_float_multiplication_does(self) -> None:
        self.assertEqual((Value(1e200) ** 2).data, math.inf)
        self.assertEqual((Value(-1e200) ** 3).data, -math.inf)
        self.assertEqual(Value(1000.0).exp().data, math.inf)

    def test_backward_accumulates_and_setting_grad_to_zero_starts_fresh(self) -> None:
        w = Value(0.3)
        y = (w * w).tanh() + w.exp() * w
        y.backward()
        first = w.grad
        y.backward()
        self.assertEqual(w.grad, 2 * first)  # exactly twice: not micrograd's compounding
        w.grad = 0
        y.backward()
        self.assertEqual(w.grad, first)

    def test_a_chain_of_100000_operations_works_without_recursion(self) -> None:
        # Under Pyodide, freeing any structure nested a few thousand deep (plain
        # tuples too) overflows WebAssembly's stack in CPython's deallocator; a
        # chain of 2,000 is freed there, one of 3,000 is not (docs/autodiff.md).
        n = 2_000 if sys.platform == "emscripten" else 100_000
        limit = sys.getrecursionlimit()
        x = Value(1.5)
        y = x
        for _ in range(n):
            y = y + x
        y.backward()
        self.assertEqual((y.data, x.grad), (1.5 * (n + 1), n + 1))
        self.assertEqual(sys.getrecursionlimit(), limit)
        self.assertGreater(n, limit)  # deeper than a recursive sort could go

    def test_gradients_are_summed_in_the_same_order_every_run(self) -> None:
        def build() -> List[float]:
            rng = random.Random(5)
            leaves = [Value(rng.uniform(-1, 1)) for _ in range(6)]
            nodes = list(leaves)
            for _ in range(300):
                a, b = rng.choice(nodes), rng.choice(nodes[-6:])
                nodes.append((a * b).tanh() + a * 0.3 if rng.random() < 0.5 else a - b.sigmoid())
            nodes[-1].backward()
            self.assertIsInstance(nodes[-1].children, tuple)
            return [v.grad for v in leaves]

        self.assertEqual(build(), build())

    def test_values_mix_with_numbers_but_not_other_types(self) -> None:
        assert_raises_each(self, [
            ("str data", lambda: Value("1.0"), TypeError, "Value: data must be a real number"),
            ("bool data", lambda: Value(True), TypeError, "Value: data must be a real number"),
            ("complex data", lambda: Value(1j), TypeError, "Value: data must be a real number"),
            ("plus a str", lambda: Value(1.0) + "a", TypeError, "unsupported operand"),
            ("times a complex", lambda: Value(1.0) * 1j, TypeError, "unsupported operand"),
            ("log of 0", lambda: Value(0.0).log(), ValueError, "log: x must be greater than 0"),
            ("fractional power of a negative", lambda: Value(-8.0) ** (1 / 3), ValueError,
             "a negative base needs a whole exponent"),
            ("Value power of a negative", lambda: Value(-2.0) ** Value(2.0), ValueError,
             "needs a base a >= 0"),
            ("number to a Value power, negative", lambda: (-2.0) ** Value(2.0), ValueError,
             "needs a base a >= 0"),
            ("divide by zero", lambda: Value(1.0) / 0.0, ZeroDivisionError, "division by zero"),
        ])

    def test_repr_shows_data_and_grad_as_micrograd(self) -> None:
        self.assertEqual(repr(Value(2.0)), "Value(data=2.0, grad=0)")


class ModuleFunctionTest(unittest.TestCase):
    def test_floats_in_floats_out(self) -> None:
        self.assertEqual(relu(-2.0), 0.0)
        self.assertIs(type(relu(3)), float)
        for function, expected in ((exp, math.exp(0.5)), (log, math.log(0.5)),
                                   (tanh, math.tanh(0.5)), (sigmoid, 1 / (1 + math.exp(-0.5)))):
            with self.subTest(function=function.__name__):
                self.assertIs(type(function(0.5)), float)
                assert_close(self, function(0.5), expected, rel=1e-15)

    def test_extremes_do_not_overflow(self) -> None:
        self.assertEqual((exp(1000.0), sigmoid(-1000.0), sigmoid(1000.0)), (math.inf, 0.0, 1.0))

    def test_values_in_values_out(self) -> None:
        for function in (exp, log, tanh, sigmoid, relu):
            with self.subTest(function=function.__name__):
                self.assertIsInstance(function(Value(0.5)), Value)

    def test_complex_numbers_follow_cmath(self) -> None:
        z = 0.5 + 0.25j
        self.assertEqual((exp(z), log(z), tanh(z)), (cmath.exp(z), cmath.log(z), cmath.tanh(z)))
        assert_close(self, abs(sigmoid(z) - 1 / (1 + cmath.exp(-z))), 0.0, abs=1e-16)

    def test_one_function_serves_numbers_autodiff_and_the_complex_step(self) -> None:
        def f(v: List[Any]) -> Any:
            return sigmoid(v[0] * v[1]) + log(v[0]) * tanh(v[1]) + exp(v[1] / v[0])

        v = [1.3, -0.4]
        gradient = grad(f)(v)
        check = check_gradient(f, grad(f), v, method="complex", rtol=1e-13)
        self.assertTrue(check.ok, check)
        assert_vectors_close(self, gradient, estimate_gradient(f, v, method="complex"),
                             rel=1e-14)

    def test_bad_inputs_are_named(self) -> None:
        assert_raises_each(self, [
            ("relu of complex", lambda: relu(1j), TypeError, "relu: x must be a real number"),
            ("exp of str", lambda: exp("1"), TypeError, "exp: x must be a real number"),
            ("tanh of bool", lambda: tanh(True), TypeError, "tanh: x must be a real number"),
            ("sigmoid of None", lambda: sigmoid(None), TypeError, "sigmoid: x must be a real"),
            ("log of 0", lambda: log(0.0), ValueError, "log: x must be greater than 0"),
            ("log of a negative", lambda: log(-1), ValueError, "log: x must be greater than 0"),
            ("log of complex 0", lambda: log(0j), ValueError, "log: x must not be 0"),
            ("log of Value 0", lambda: log(Value(0.0)), ValueError, "log: x must be greater"),
        ])


class GradTest(unittest.TestCase):
    def test_grad_of_the_book_chapters_sum_of_squares_is_2v(self) -> None:
        def sum_of_squares(v: List[Any]) -> Any:
            return sum(v_i * v_i for v_i in v)

        self.assertEqual(grad(sum_of_squares)([1.0, -2.0, 0.5]), [2.0, -4.0, 1.0])

    def test_value_and_grad_gives_plain_floats(self) -> None:
        value, gradient = value_and_grad(lambda v: v[0] * v[0] * v[1])([3, 2])
        self.assertEqual((value, gradient), (18.0, [12.0, 9.0]))
        self.assertEqual({type(value), *map(type, gradient)}, {float})

    def test_matches_the_numeric_gradient_at_every_scale(self) -> None:
        def f(v: List[Any]) -> Any:
            return (v[0] * v[1]) ** 2 / (1 + v[2] ** 2) + exp(v[2] / 10) * v[0]

        for scale in (1e-3, 1.0, 1e3):
            v = [0.7 * scale, -1.1 * scale, 0.4 * scale]
            with self.subTest(scale=scale):
                # method="complex": f is analytic (no abs() or comparison), so the complex
                # step is trusted where real arithmetic cannot resolve rtol 1e-10.
                check = check_gradient(f, grad(f), v, rtol=1e-10, method="complex")
                self.assertTrue(check.ok, check)

    def test_a_constant_has_a_zero_gradient(self) -> None:
        self.assertEqual(value_and_grad(lambda v: 4)([1.0, 2.0]), (4.0, [0.0, 0.0]))
        self.assertEqual(grad(lambda v: v[0] * 0 + v[1])([1.0, 2.0]), [0.0, 1.0])

    def test_bad_inputs_and_nan_are_refused(self) -> None:
        assert_raises_each(self, [
            ("f not callable", lambda: grad(3), TypeError, "grad: f must be callable"),
            ("f not callable", lambda: value_and_grad(None), TypeError,
             "value_and_grad: f must be callable"),
            ("v not a vector", lambda: grad(sum)("ab"), TypeError, "grad: v"),
            ("v with nan", lambda: grad(sum)([math.nan]), ValueError, "grad: v"),
            ("f returns str", lambda: grad(lambda v: "x")([1.0]), TypeError,
             "grad: f must return a number"),
            ("inf meets 0: nan", lambda: grad(lambda v: v[0] ** 0.5 * 0)([0.0]), ValueError,
             "grad: f or its gradient is not a number"),
        ])


class RandomGraphTest(unittest.TestCase):
    """The parity script's seeded graphs (scripts/autodiff_graphs.py) against numeric ones."""

    def test_random_graphs_match_central_differences(self) -> None:
        graphs = load_script("autodiff_graphs")
        rng = random.Random(7)
        for trial in range(15):
            program = graphs.random_program(rng, graphs.ALL_OPS, steps=25)

            def f(v: List[Any], program: Any = program) -> Any:
                """The graph at v: a Value for grad's Values, a float for the numeric side."""
                traced = isinstance(v[0], Value)
                leaf = (lambda x: x) if traced else Value
                out = graphs.build(program._replace(inputs=list(v)), leaf)[1]
                return out if traced else float(out.data)

            with self.subTest(trial=trial):
                # An input the output does not use has the gradient 0, which central
                # differences pin only to their bound (about 1e-9): atol covers it.
                scale = 1 + max(abs(g) for g in grad(f)(program.inputs))
                check = check_gradient(f, grad(f), program.inputs, method="central",
                                       rtol=1e-6, atol=1e-7 * scale)
                self.assertTrue(check.ok, check)
                bounds = graphs.magnitudes(program)[1:]
                for g, bound in zip(grad(f)(program.inputs), bounds):
                    self.assertLessEqual(abs(g), bound * (1 + 1e-12))


def line(theta: Any, x: Any) -> Any:
    return theta[0] * x + theta[1]


class FunctionModelTest(unittest.TestCase):
    xs = [0.1 * i for i in range(-5, 7)]
    ys = [3 * x + 1 + 0.1 * ((i * 7) % 5 - 2) for i, x in enumerate(xs)]

    def test_a_line_gives_linears_numbers_in_every_batch_mode(self) -> None:
        model = FunctionModel(line, ["slope", "intercept"])
        for batch_size in (None, 1, 3):
            for make in (lambda: SGD(0.1), lambda: Adam(0.05)):
                shuffle = batch_size is not None
                ours = fit(model, self.xs, self.ys, [0.0, 0.0], make(), epochs=25,
                           batch_size=batch_size, shuffle=shuffle, seed=3 if shuffle else None)
                linear = fit(Linear(), self.xs, self.ys, [0.0, 0.0], make(), epochs=25,
                             batch_size=batch_size, shuffle=shuffle, seed=3 if shuffle else None)
                with self.subTest(batch_size=batch_size, optimizer=type(make()).__name__):
                    self.assertEqual(ours.theta, linear.theta)
                    self.assertEqual(ours.history, linear.history)

    def test_a_line_gives_linears_numbers_with_another_loss(self) -> None:
        model = FunctionModel(line, ["slope", "intercept"])
        labels = [1 if x > 0.1 else 0 for x in self.xs]
        for loss in (LogLoss(), Huber(0.5)):
            for batch_size in (None, 1, 3):
                with self.subTest(loss=type(loss).__name__, batch_size=batch_size):
                    ours = fit(model, self.xs, labels, [0.0, 0.0], SGD(0.1), epochs=20,
                               batch_size=batch_size, loss=loss)
                    linear = fit(Linear(), self.xs, labels, [0.0, 0.0], SGD(0.1), epochs=20,
                                 batch_size=batch_size, loss=loss)
                    self.assertEqual(ours.theta, linear.theta)

    def test_prediction_gradient_is_d_prediction_d_theta(self) -> None:
        model = FunctionModel(lambda t, x: t[0] * exp(t[1] * x), ["a", "b"])
        theta, x = [2.0, -0.5], 1.5
        e = math.exp(-0.75)
        assert_vectors_close(self, model.prediction_gradient(theta, x), [e, 2.0 * x * e],
                             rel=1e-15)
        error = model.predict(theta, x) - 1.0
        assert_vectors_close(self, model.gradient(theta, x, 1.0),
                             [2 * error * e, 2 * error * 2.0 * x * e], rel=1e-15)

    def test_a_nonlinear_model_fits_its_own_data(self) -> None:
        model = FunctionModel(lambda t, x: t[0] * sigmoid(t[1] * x + t[2]), ["a", "k", "x0"])
        xs = [0.25 * i for i in range(-8, 9)]
        ys = [2.0 * (1 / (1 + math.exp(-(1.5 * x - 0.5)))) for x in xs]
        result = fit(model, xs, ys, [1.0, 1.0, 0.0], Adam(0.05), epochs=1500)
        assert_vectors_close(self, result.theta, [2.0, 1.5, -0.5], abs=1e-3)

    def test_a_prediction_without_theta_has_zero_gradient(self) -> None:
        model = FunctionModel(lambda t, x: 2.0 * x, ["unused"])
        self.assertEqual(model.gradient([1.0], 3.0, 5.0), [0.0])

    def test_bad_arguments_are_named(self) -> None:
        model = FunctionModel(line, ["slope", "intercept"])
        assert_raises_each(self, [
            ("predict not callable", lambda: FunctionModel(3, ["a"]), TypeError,
             "FunctionModel: predict must be callable"),
            ("names a str", lambda: FunctionModel(line, "ab"), TypeError,
             "FunctionModel: parameter_names must be a sequence of names"),
            ("no names", lambda: FunctionModel(line, []), ValueError,
             "FunctionModel: parameter_names must name a value"),
            ("a name not a str", lambda: FunctionModel(line, ["a", 2]), TypeError,
             "FunctionModel: parameter_names must be a str"),
            ("theta too long", lambda: model.predict([1.0, 2.0, 3.0], 1.0), ValueError,
             "FunctionModel: theta must have 2 values [slope, intercept]"),
            ("predict returns str", lambda: FunctionModel(lambda t, x: "y", ["a"]).predict(
                [1.0], 1.0), TypeError, "FunctionModel: predict(theta, x) must be a real number"),
            ("gradient of str", lambda: FunctionModel(lambda t, x: "y", ["a"]).gradient(
                [1.0], 1.0, 2.0), TypeError, "FunctionModel: predict(theta, x) must be a real"),
        ])

    def test_repr_names_the_function_and_parameters(self) -> None:
        self.assertEqual(repr(FunctionModel(line, ("slope", "intercept"))),
                         "FunctionModel(line, ['slope', 'intercept'])")


if __name__ == "__main__":
    unittest.main()
