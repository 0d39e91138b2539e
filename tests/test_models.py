"""Tests for vecgd.models: predictions, gradients, batch gradients, checks, the Model base."""

from __future__ import annotations

import math
import random
import unittest
from dataclasses import dataclass
from typing import Any, Callable, List, Sequence, Tuple, Type

from tests.support import assert_close, assert_vectors_close
from vecgd import check_gradient
from vecgd.losses import mean_squared_error
from vecgd.models import Linear, Model, MultipleLinear, Polynomial, Proportional, linear_gradient


def book_linear_gradient(x: float, y: float, theta: List[float]) -> List[float]:
    """The book chapter's linear_gradient, as printed (its unused squared_error left out)."""
    slope, intercept = theta
    predicted = intercept + x * slope
    error = predicted - y
    gradient = [2 * error * x, 2 * error]
    return gradient  # noqa: RET504  (the book's lines, as printed)


def lecture_gradient(x: float, y: float, w: float) -> float:
    """The lecture's gradient(x, y), with its global w made an argument."""
    return 2 * x * (x * w - y)


@dataclass(frozen=True)
class Ridge(Linear):
    """A user's Linear with a ridge term on the slope: gradient + [2 * alpha * slope, 0]."""

    alpha: float = 0.5

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> List[float]:
        slope_part, intercept_part = super().sample_gradient(theta, x, y)
        return [slope_part + 2 * self.alpha * theta[0], intercept_part]


class Shifted(Linear):
    """A user's Linear whose prediction is one more than the parent's."""

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        return super().prediction(theta, x) + 1.0


class Cubic(Model):
    """A user's model written from scratch: y = a * x**3 + b; no check methods."""

    has_intercept = True

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        a, b = theta
        value: float = a * x * x * x + b
        return value

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> List[float]:
        error = self.prediction(theta, x) - y
        return [2 * error * x * x * x, 2 * error]

    def parameter_names(self, x: Any = None) -> List[str]:
        return ["a", "b"]


class Weighted(Model):
    """A user's model of feature vectors without intercept: y = sum(u_i * x_i)."""

    takes_vectors = True

    def prediction(self, theta: Sequence[float], x: Any) -> float:
        return math.fsum(u * x_i for u, x_i in zip(theta, x))

    def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> List[float]:
        error = self.prediction(theta, x) - y
        return [2 * error * x_i for x_i in x]

    def parameter_names(self, x: Any = None) -> List[str]:
        return [f"u_{j}" for j in range(1, len(x) + 1)] if x is not None else ["u_1", "..."]


MODELS: List[Any] = [Linear(), Proportional(), Polynomial(0), Polynomial(1), Polynomial(3)]


def random_case(model: Any, rng: random.Random, scale: float) -> tuple[List[float], Any, float]:
    """Return (theta, x, y) for model with values of about the given scale."""
    if isinstance(model, MultipleLinear):
        x: Any = [rng.uniform(-scale, scale) for _ in range(3)]
        size = 4
    else:
        x = rng.uniform(-scale, scale)
        size = {Linear: 2, Proportional: 1}.get(type(model), getattr(model, "degree", 0) + 1)
    theta = [rng.uniform(-scale, scale) for _ in range(size)]
    return theta, x, rng.uniform(-scale, scale)


class PredictionTest(unittest.TestCase):
    def test_linear_predicts_slope_times_x_plus_intercept(self) -> None:
        self.assertEqual(Linear().predict([3.0, 8.0], 0.5), 9.5)

    def test_proportional_gradient_is_the_lectures(self) -> None:
        # The lecture's first two printed gradients: w = 1, then w = 1 - 0.01 * -2.0.
        self.assertEqual(Proportional().gradient([1.0], 1, 2), [-2.0])
        assert_vectors_close(self, Proportional().gradient([1.02], 2, 4), [-7.84], rel=1e-15)

    def test_linear_gradient_is_the_lessons(self) -> None:
        # Seed 003, first sample from b = w = 1: y_pred = 1 + 14 = 15, y = 58.
        self.assertEqual(Linear().gradient([1, 1], 14, 58), [2 * (15 - 58) * 14, 2 * (15 - 58)])

    def test_polynomial_uses_highest_power_first(self) -> None:
        # y = 2x^2 - 3x + 5 at x = 2: 8 - 6 + 5 = 7; error 7 - 1 = 6.
        self.assertEqual(Polynomial(2).predict([2.0, -3.0, 5.0], 2.0), 7.0)
        self.assertEqual(Polynomial(2).gradient([2.0, -3.0, 5.0], 2.0, 1.0), [48.0, 24.0, 12.0])

    def test_polynomial_degree_zero_is_a_constant(self) -> None:
        self.assertEqual(Polynomial(0).predict([4.5], 123.0), 4.5)
        self.assertEqual(Polynomial(0).gradient([4.5], 123.0, 4.0), [1.0])

    def test_multiple_linear_weights_first_intercept_last(self) -> None:
        self.assertEqual(MultipleLinear().predict([1.0, -2.0, 0.5], [4.0, 1.0]), 2.5)
        gradient = MultipleLinear().gradient([1.0, -2.0, 0.5], [4.0, 1.0], 2.0)
        self.assertEqual(gradient, [4.0, 1.0, 1.0])

    def test_huge_values_give_inf_not_overflow_error(self) -> None:
        self.assertEqual(Polynomial(3).predict([1.0, 0.0, 0.0, 0.0], 1e200), math.inf)


class GradientCheckTest(unittest.TestCase):
    def test_analytic_gradients_match_numeric_ones(self) -> None:
        rng = random.Random(2024)
        for model in MODELS + [MultipleLinear(), Polynomial(2)]:
            for scale in (1e-3, 1e-1, 1.0, 10.0, 1e3):
                for _ in range(10):
                    theta, x, y = random_case(model, rng, scale)

                    def loss(t: Any, m: Any = model, x: Any = x, y: float = y) -> Any:
                        # The unchecked hook takes a complex theta: the complex step applies.
                        error = m.prediction(t, x) - y
                        return error * error

                    def analytic(t: Any, m: Any = model, x: Any = x, y: float = y) -> Any:
                        return m.gradient(t, x, y)

                    # method="complex": the models' maths uses no abs() or comparison on
                    # theta, so the complex step is trusted where real arithmetic cannot
                    # confirm it (at 1e-3 and 1e3 f's values do not resolve rtol 1e-6).
                    check = check_gradient(loss, analytic, theta, method="complex")
                    with self.subTest(model=model, scale=scale, theta=theta, x=x, y=y):
                        self.assertTrue(check.ok, check)

    def test_a_wrong_gradient_is_caught(self) -> None:
        model = Linear()

        def loss(t: Any) -> Any:
            error = model.predict(t, 3.0) - 1.0
            return error * error

        def wrong(t: List[float]) -> List[float]:
            slope_part, intercept_part = model.gradient(t, 3.0, 1.0)
            return [slope_part, intercept_part * (1 + 1e-3)]  # a slightly wrong factor

        self.assertFalse(check_gradient(loss, wrong, [0.5, 2.0]).ok)


class BatchGradientTest(unittest.TestCase):
    def test_batch_gradient_is_the_mean_of_sample_gradients(self) -> None:
        rng = random.Random(7)
        for model in MODELS + [MultipleLinear()]:
            theta, _, _ = random_case(model, rng, 2.0)
            cases = [random_case(model, rng, 2.0) for _ in range(50)]
            xs, ys = [c[1] for c in cases], [c[2] for c in cases]
            gradients = [model.gradient(theta, x, y) for x, y in zip(xs, ys)]
            expected = [math.fsum(column) / len(xs) for column in zip(*gradients)]
            expected_loss = mean_squared_error([model.predict(theta, x) for x in xs], ys)
            gradient, loss = model.batch_gradient(theta, xs, ys)
            with self.subTest(model=model):
                assert_vectors_close(self, gradient, expected, rel=1e-12, abs=1e-12)
                assert_close(self, loss, expected_loss, rel=1e-12)


class CheckTest(unittest.TestCase):
    def test_wrong_theta_length_is_refused_with_a_clear_message(self) -> None:
        cases = [
            ("linear", Linear(), [1.0, 2.0, 3.0], None,
             "Linear: theta must have 2 values [slope, intercept] (got 3)"),
            ("proportional", Proportional(), [1.0, 2.0], None,
             "Proportional: theta must have 1 value [w] (got 2)"),
            ("polynomial", Polynomial(2), [1.0], None,
             "Polynomial(degree=2): theta must have 3 values [w_2, w_1, b] (got 1)"),
            ("multiple", MultipleLinear(), [1.0, 2.0], [1.0, 2.0],
             "MultipleLinear: theta must have 3 values [w_1, w_2, b] "
             "for x with 2 features (got 2)"),
        ]
        for name, model, theta, x, message in cases:
            with self.subTest(name):
                with self.assertRaises(ValueError) as caught:
                    model.check_theta(theta, x)
                self.assertEqual(str(caught.exception), message)
                with self.assertRaises(ValueError):
                    model.gradient(theta, x if x is not None else 1.0, 0.0)

    def test_polynomial_degree_must_be_a_non_negative_int(self) -> None:
        for name, degree, error in [("float", 2.0, TypeError), ("bool", True, TypeError),
                                    ("negative", -1, ValueError)]:
            with self.subTest(name), self.assertRaises(error):
                Polynomial(degree)  # type: ignore[arg-type]

    def test_bad_inputs_are_named_by_row(self) -> None:
        nan = float("nan")
        cases = [
            ("nan", Linear(), [1.0, 2.0, 3.0, nan], ValueError,
             "fit: xs[3] must be finite (got nan)"),
            ("text", Proportional(), [1.0, "2"], TypeError, "fit: xs[1] must be a real number"),
            ("feature nan", MultipleLinear(), [[1.0, 2.0], [1.0, nan]], ValueError,
             "fit: xs[1][1] must be finite (got nan)"),
            ("ragged", MultipleLinear(), [[1.0, 2.0], [1.0]], ValueError,
             "fit: xs[1] must have 2 features like xs[0] (got 1)"),
        ]
        for name, model, xs, error, message in cases:
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    model.check_inputs("fit", xs)  # type: ignore[arg-type]
                self.assertTrue(str(caught.exception).startswith(message), caught.exception)


class BookTest(unittest.TestCase):
    def test_linear_sample_gradient_is_the_books_linear_gradient_to_the_bit(self) -> None:
        rng = random.Random(2)
        for _ in range(1000):
            theta = [rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)]
            x, y = rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)
            self.assertEqual(Linear().sample_gradient(theta, x, y),
                             book_linear_gradient(x, y, theta))

    def test_the_books_linear_gradient_is_importable_and_is_linears(self) -> None:
        rng = random.Random(4)
        for _ in range(200):
            theta = [rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)]
            x, y = rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)
            self.assertEqual(linear_gradient(x, y, theta), book_linear_gradient(x, y, theta))
        with self.assertRaises(ValueError) as caught:
            linear_gradient(1.0, 2.0, [1.0])
        self.assertIn("theta must have 2 values [slope, intercept]", str(caught.exception))

    def test_prediction_is_the_books_predicted_to_the_bit(self) -> None:
        # intercept + x * slope (the chapter) and slope * x + intercept are the
        # same float: IEEE addition and multiplication commute exactly.
        rng = random.Random(5)
        for _ in range(1000):
            slope, intercept, x = (rng.uniform(-1e3, 1e3) for _ in range(3))
            self.assertEqual(Linear().prediction([slope, intercept], x), slope * x + intercept)

    def test_proportional_sample_gradient_is_the_lectures_to_the_bit(self) -> None:
        rng = random.Random(3)
        for _ in range(1000):
            w, x, y = rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(-10, 10)
            self.assertEqual(Proportional().sample_gradient([w], x, y), [lecture_gradient(x, y, w)])


class SubclassTest(unittest.TestCase):
    def test_ridge_override_is_honoured_in_every_batch_mode(self) -> None:
        model = Ridge()
        # theta = [1, 2] at (3, 4): error 2 + 3 - 4 = 1, so Linear's [6, 2], plus 2 * 0.5 * 1.
        self.assertEqual(model.gradient([1.0, 2.0], 3.0, 4.0), [7.0, 2.0])
        self.assertEqual(model.batch_gradient([1.0, 2.0], [3.0], [4.0]), ([7.0, 2.0], 1.0))
        xs, ys = [3.0, -1.0, 0.5, 2.0], [4.0, 0.0, 1.0, -2.0]
        samples = [model.gradient([1.0, 2.0], x, y) for x, y in zip(xs, ys)]
        expected = [math.fsum(column) / len(xs) for column in zip(*samples)]
        gradient, _ = model.batch_gradient([1.0, 2.0], xs, ys)
        self.assertEqual(gradient, expected)
        # The parent's fused formula would leave out the ridge term: 2 * 0.5 * 1 = 1 apart.
        parent, _ = Linear().batch_gradient([1.0, 2.0], xs, ys)
        assert_close(self, gradient[0] - parent[0], 1.0, rel=1e-15)

    def test_prediction_override_gives_the_loss(self) -> None:
        # Shifted predicts [2, 3] for xs [1, 2] at theta [1, 0]: errors 1 and 1, loss 1.
        self.assertEqual(Linear().batch_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 2.0])[1], 0.0)
        self.assertEqual(Shifted().batch_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 2.0])[1], 1.0)
        self.assertEqual(Shifted().predict([1.0, 0.0], 2.0), 3.0)

    def test_changed_formula_gets_the_generic_mean_and_a_trivial_subclass_keeps_the_fused(
        self,
    ) -> None:
        class Same(Linear):
            pass

        self.assertIs(Same.mean_gradient, Linear.mean_gradient)
        self.assertIs(Ridge.mean_gradient, Model.mean_gradient)
        self.assertIs(Shifted.mean_gradient, Model.mean_gradient)

    def test_a_mixins_formula_is_honoured_and_its_entry_points_refused(self) -> None:
        class RidgeTerm:
            def sample_gradient(self, theta: Sequence[float], x: Any, y: float) -> List[float]:
                slope_g, intercept_g = Linear.sample_gradient(self, theta, x, y)  # type: ignore
                return [slope_g + theta[0], intercept_g]

        class MixedRidge(RidgeTerm, Linear):
            pass

        self.assertIs(MixedRidge.mean_gradient, Model.mean_gradient)
        # error 2 + 3 - 4 = 1 at (3, 4): Linear's [6, 2], plus theta[0] = 1.
        self.assertEqual(MixedRidge().batch_gradient([1.0, 2.0], [3.0], [4.0])[0], [7.0, 2.0])

        class Checks:
            def predict(self, theta: Sequence[float], x: Any) -> float:
                return 0.0

        with self.assertRaises(TypeError) as caught:
            type("Mine", (Checks, Linear), {})
        self.assertTrue(str(caught.exception).startswith("Mine: do not define predict"))

    def test_defining_a_checked_entry_point_is_a_type_error(self) -> None:
        cases = [("predict", "prediction(theta, x)"), ("gradient", "sample_gradient(theta, x, y)"),
                 ("batch_gradient", "mean_gradient(theta, xs, ys)"),
                 ("check_theta", "parameter_names(x=None)"),
                 ("check_inputs", "takes_vectors")]
        for name, hook in cases:
            with self.subTest(name), self.assertRaises(TypeError) as caught:
                type("Mine", (Linear,), {name: lambda self, *args: None})
            message = str(caught.exception)
            self.assertTrue(message.startswith(f"Mine: do not define {name}"), message)
            self.assertIn(hook, message)

    def test_a_model_without_its_maths_cannot_be_made(self) -> None:
        class Unfinished(Model):
            def prediction(self, theta: Sequence[float], x: Any) -> float:
                return 0.0

        with self.assertRaises(TypeError) as caught:
            Unfinished()  # type: ignore[abstract]
        self.assertIn("sample_gradient", str(caught.exception))


class UserModelTest(unittest.TestCase):
    def test_a_user_model_gets_the_maths_through_the_checked_methods(self) -> None:
        model = Cubic()
        # theta = [1, 0.5] at x = 2: 8.5; error 0.5 against y = 8: [2 * 0.5 * 8, 2 * 0.5].
        self.assertEqual(model.predict([1.0, 0.5], 2.0), 8.5)
        self.assertEqual(model.gradient([1.0, 0.5], 2.0, 8.0), [8.0, 1.0])
        # errors 0 and 8 - 10 = -2: gradients [0, 0] and [-32, -4]; loss (0 + 4) / 2.
        self.assertEqual(model.batch_gradient([1.0, 0.0], [1.0, 2.0], [1.0, 10.0]),
                         ([-16.0, -2.0], 2.0))
        self.assertEqual(model.parameter_names(), ["a", "b"])

    def test_a_user_model_gets_the_v1_checks(self) -> None:
        nan = float("nan")
        cases: List[Tuple[str, Callable[[], object], Type[Exception], str]] = [
            ("theta length", lambda: Cubic().predict([1.0, 2.0, 3.0], 1.0), ValueError,
             "Cubic: theta must have 2 values [a, b] (got 3)"),
            ("theta text", lambda: Cubic().gradient("ab", 1.0, 1.0),  # type: ignore[arg-type]
             TypeError,
             "Cubic: theta must be a sequence of numbers (got 'ab' (str))"),
            ("x text", lambda: Cubic().predict([1.0, 2.0], "1"), TypeError,
             "Cubic: x must be a real number (got '1' (str))"),
            ("y None", lambda: Cubic().gradient([1.0, 2.0], 1.0, None),  # type: ignore[arg-type]
             TypeError,
             "Cubic: y must be a real number (got None (NoneType))"),
            ("xs nan", lambda: Cubic().check_inputs("fit", [1.0, 2.0, 3.0, nan]), ValueError,
             "fit: xs[3] must be finite (got nan)"),
            ("lengths", lambda: Cubic().batch_gradient([1.0, 2.0], [1.0, 2.0], [1.0]),
             ValueError, "Cubic: xs and ys must have the same length (got 2 and 1)"),
            ("empty ys", lambda: Cubic().batch_gradient([1.0, 2.0], [], []), ValueError,
             "Cubic: ys must not be empty"),
            ("vector x", lambda: Weighted().predict([1.0, 2.0], 1.0), TypeError,
             "Weighted: x must be a sequence of numbers (got 1.0 (float))"),
            ("vector theta", lambda: Weighted().gradient([1.0, 2.0, 3.0], [1.0, 2.0], 0.0),
             ValueError, "Weighted: theta must have 2 values [u_1, u_2] for x with 2 features "
             "(got 3)"),
            ("many features", lambda: Weighted().check_theta([1.0], [1.0] * 5), ValueError,
             "Weighted: theta must have 5 values [u_1, ..., u_4, u_5] for x with 5 features "
             "(got 1)"),
            ("no x", lambda: Weighted().check_theta([]), ValueError,
             "Weighted: theta must have at least 1 value [u_1, ...] (got 0)"),
            ("ragged", lambda: Weighted().check_inputs("fit", [[1.0, 2.0], [1.0]]), ValueError,
             "fit: xs[1] must have 2 features like xs[0] (got 1)"),
        ]
        for name, call, error, message in cases:
            with self.subTest(name):
                with self.assertRaises(error) as caught:
                    call()
                self.assertEqual(str(caught.exception), message)

    def test_errors_name_the_class_and_its_fields(self) -> None:
        class Mine(Polynomial):
            pass

        for model, name in [(Ridge(), "Ridge(alpha=0.5)"), (Mine(2), "Mine(degree=2)"),
                            (Shifted(), "Shifted"), (MultipleLinear(), "MultipleLinear")]:
            with self.subTest(name), self.assertRaises(ValueError) as caught:
                model.check_theta([1.0] * 9, [1.0, 2.0])
            self.assertTrue(str(caught.exception).startswith(f"{name}: theta must have"))


class DescriptionTest(unittest.TestCase):
    def test_parameter_names_and_class_attributes(self) -> None:
        cases = [
            (Linear(), None, ["slope", "intercept"], False, True),
            (Proportional(), None, ["w"], False, False),
            (Polynomial(0), None, ["b"], False, True),
            (Polynomial(2), None, ["w_2", "w_1", "b"], False, True),
            (MultipleLinear(), [5.0, 6.0], ["w_1", "w_2", "b"], True, True),
            (MultipleLinear(), None, ["w_1", "...", "w_k", "b"], True, True),
        ]
        for model, x, names, vectors, intercept in cases:
            with self.subTest(model=model, x=x):
                self.assertEqual(model.parameter_names(x), names)
                self.assertIs(model.takes_vectors, vectors)
                self.assertIs(model.has_intercept, intercept)

    def test_the_generic_mean_gradient_agrees_with_each_fused_one(self) -> None:
        rng = random.Random(11)
        for model in MODELS + [MultipleLinear()]:
            theta, _, _ = random_case(model, rng, 2.0)
            cases = [random_case(model, rng, 2.0) for _ in range(30)]
            xs, ys = [c[1] for c in cases], [c[2] for c in cases]
            fused, fused_loss = model.mean_gradient(theta, xs, ys)
            generic, generic_loss = Model.mean_gradient(model, theta, xs, ys)
            with self.subTest(model=model):
                assert_vectors_close(self, fused, generic, rel=1e-12, abs=1e-12)
                assert_close(self, fused_loss, generic_loss, rel=1e-12)


if __name__ == "__main__":
    unittest.main()
