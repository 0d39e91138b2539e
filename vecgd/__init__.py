"""vecgd: gradient descent from scratch in pure, typed, standard-library-only Python.

Every public name is importable from here; each module holds one idea
(docs/ maps them to the course documents):

>>> import vecgd
>>> vecgd.gradient_step([1.0, 2.0], [2.0, 4.0], -0.25)
[0.5, 1.0]
"""

from __future__ import annotations

from vecgd.datasets import book_data, lecture_data, lesson_data, line_data, load_csv, synthetic
from vecgd.descent import DivergenceError, clip_by_norm, clip_by_value, gradient_step, minibatches
from vecgd.exact import least_squares, logistic_optimum
from vecgd.explore import explorer_page
from vecgd.gradcheck import (
    EntryCheck,
    GradientCheck,
    assert_gradient_ok,
    check_entry,
    check_gradient,
    cross_checked_directional,
    cross_checked_partial,
)
from vecgd.gradients import (
    Estimate,
    NotComplexError,
    difference_quotient,
    estimate_directional,
    estimate_directional_with_error,
    estimate_gradient,
    estimate_gradient_with_error,
    estimate_partial,
    estimate_partial_with_error,
    partial_difference_quotient,
    richardson_derivative,
)
from vecgd.losses import (
    L1,
    L2,
    ElasticNet,
    EpsilonInsensitive,
    Hinge,
    Huber,
    LogLoss,
    Loss,
    ModifiedHuber,
    Penalty,
    SquaredError,
    mean_squared_error,
    root_mean_squared_error,
    squared_error,
    sum_of_squared_errors,
)
from vecgd.lr_finder import LRRangeResult, lr_range_test
from vecgd.minimize import MinimizeResult, minimize
from vecgd.models import Linear, Model, MultipleLinear, Polynomial, Proportional, linear_gradient
from vecgd.objective import Objective, predict_class, predict_probability, sigmoid
from vecgd.optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, Optimizer, RMSprop
from vecgd.plot import (
    SVG,
    AnimatedSVG,
    animated_fit,
    contour_chart,
    line_chart,
    scatter_chart,
    sparkline,
    write_svg,
)
from vecgd.schedules import (
    Adaptive,
    Annealing,
    CosineAnnealingLR,
    ExponentialLR,
    InverseScaling,
    MultiStepLR,
    ReduceLROnPlateau,
    Schedule,
    StepLR,
)
from vecgd.training import EpochRecord, FitResult, fit
from vecgd.vector import (
    Vector,
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

__version__ = "0.1.0"

__all__ = [
    "AdaGrad",
    "Adam",
    "AdamW",
    "Adaptive",
    "AnimatedSVG",
    "Annealing",
    "CosineAnnealingLR",
    "DivergenceError",
    "ElasticNet",
    "EntryCheck",
    "EpochRecord",
    "EpsilonInsensitive",
    "Estimate",
    "ExponentialLR",
    "FitResult",
    "GradientCheck",
    "Hinge",
    "Huber",
    "InverseScaling",
    "L1",
    "L2",
    "LRRangeResult",
    "Linear",
    "LogLoss",
    "Loss",
    "MinimizeResult",
    "Model",
    "ModifiedHuber",
    "Momentum",
    "MultiStepLR",
    "MultipleLinear",
    "NotComplexError",
    "Objective",
    "Optimizer",
    "Penalty",
    "Polynomial",
    "Proportional",
    "RMSprop",
    "ReduceLROnPlateau",
    "SGD",
    "SVG",
    "Schedule",
    "SquaredError",
    "StepLR",
    "Vector",
    "accurate_sum",
    "add",
    "animated_fit",
    "assert_gradient_ok",
    "book_data",
    "check_entry",
    "check_gradient",
    "clip_by_norm",
    "clip_by_value",
    "contour_chart",
    "cross_checked_directional",
    "cross_checked_partial",
    "difference_quotient",
    "distance",
    "dot",
    "estimate_directional",
    "estimate_directional_with_error",
    "estimate_gradient",
    "estimate_gradient_with_error",
    "estimate_partial",
    "estimate_partial_with_error",
    "explorer_page",
    "fit",
    "gradient_step",
    "least_squares",
    "lecture_data",
    "lesson_data",
    "line_chart",
    "line_data",
    "linear_gradient",
    "load_csv",
    "logistic_optimum",
    "lr_range_test",
    "magnitude",
    "mean_squared_error",
    "minibatches",
    "minimize",
    "partial_difference_quotient",
    "predict_class",
    "predict_probability",
    "richardson_derivative",
    "root_mean_squared_error",
    "scalar_multiply",
    "scatter_chart",
    "sigmoid",
    "sparkline",
    "squared_error",
    "subtract",
    "sum_of_squared_errors",
    "sum_of_squares",
    "synthetic",
    "vector_mean",
    "vector_sum",
    "write_svg",
]
