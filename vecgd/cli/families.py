"""The command line's families, one table each: optimizers, schedules, models, losses, penalties.

Each table maps the name a user types to what it builds and one line of
help.  ``--help``, the parsing of ``--optimizer``, ``--lr NAME=LR``,
``--schedule`` and ``--model``, and the construction of the objects all
read from these tables: a new entry here is all a new optimizer, schedule
or model needs to reach every command.  The parameters' names are the
models' own (``Model.parameter_names``), never copies kept here.

>>> sorted(OPTIMIZERS) == ["adagrad", "adam", "adamw", "lbfgs", "momentum", "rmsprop", "sgd"]
True
>>> make_model("poly:2")
Polynomial(degree=2)
>>> sorted(LOSSES)[:3], PENALTIES["elasticnet"](0.1, 0.5)
(['epsilon-insensitive', 'hinge', 'huber'], ElasticNet(alpha=0.1, l1_ratio=0.5))
>>> parse_schedule("step:50:0.5")
ScheduleSpec(text='step:50:0.5', kind='step', values=[50, 0.5])
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, Callable, Dict, List, NamedTuple, Tuple

from vecgd import schedules
from vecgd.cli._common import positive_float
from vecgd.lbfgs import LBFGS
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
)
from vecgd.models import Linear, Model, MultipleLinear, Polynomial, Proportional
from vecgd.optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, Optimizer, RMSprop
from vecgd.schedules import Schedule

__all__ = [
    "LOSSES",
    "LossKind",
    "MODELS",
    "PENALTIES",
    "ModelKind",
    "OPTIMIZERS",
    "OptimizerKind",
    "SCHEDULES",
    "ScheduleKind",
    "ScheduleSpec",
    "family_help",
    "make_model",
    "make_schedule",
    "model_syntax",
    "parameter_names",
    "parse_lr",
    "parse_model",
    "parse_schedule",
    "schedule_syntax",
]


class OptimizerKind(NamedTuple):
    """An optimizer the command line builds: its class, compare's lr, a line of help.

    With ``by_scale`` compare divides ``race_lr`` by the data's largest
    squared design row (``vecgd.cli.compare.race_lr``).  A ``full_batch``
    optimizer (L-BFGS) steps on the loss over all the data: fit takes it
    without --batch-size, and compare races it beside the line searches.
    """

    make: Callable[[float], Optimizer | LBFGS]
    race_lr: float
    help: str
    by_scale: bool = False
    full_batch: bool = False


# compare's lrs.  One sample's squared error has curvature 2 |row|^2 along its
# design row, so SGD's 0.5 / max |row|^2 lands exactly on the steepest sample
# (Kaczmarz's step) and never overshoots it; momentum 0.9 makes steps 10 times
# longer, so Momentum takes a tenth.  The adaptive optimizers take steps of
# about lr per coordinate whatever the data's scale: one number each will do.
OPTIMIZERS: Dict[str, OptimizerKind] = {
    "sgd": OptimizerKind(SGD, 0.5, "theta -= lr * g", by_scale=True),
    "momentum": OptimizerKind(Momentum, 0.05, "v = 0.9 v + g; theta -= lr * v", by_scale=True),
    "adagrad": OptimizerKind(AdaGrad, 1.0, "s = s + g^2; theta -= lr * g / (sqrt(s) + eps)"),
    "rmsprop": OptimizerKind(RMSprop, 0.1,
                             "r = 0.99 r + 0.01 g^2; theta -= lr * g / (sqrt(r) + eps)"),
    "adam": OptimizerKind(Adam, 0.1,
                          "theta -= lr * m / (sqrt(v) + eps); m, v: debiased means of g, g^2"),
    "adamw": OptimizerKind(AdamW, 0.1,
                           "Adam's step from theta * (1 - lr * 0.01): decoupled weight decay"),
    "lbfgs": OptimizerKind(LBFGS, 1.0, "PyTorch's L-BFGS, full batch only: theta += lr * "
                           "(-H g), H from the last 100 steps (--lr 1 is PyTorch's)",
                           full_batch=True),
}


def _integers(text: str) -> List[int]:
    return [int(m) for m in text.split(",")]


def _plateau(optimizer: Optimizer, *numbers: Any) -> Schedule:
    return schedules.ReduceLROnPlateau(optimizer, "min", *numbers)


class ScheduleKind(NamedTuple):
    """A --schedule kind: its syntax, the types of its numbers, how many are required,
    what builds it from (optimizer, *numbers) (None: no schedule), and a line of help."""

    syntax: str
    numbers: Tuple[Callable[[str], Any], ...]
    required: int
    make: Callable[..., Schedule] | None
    help: str


SCHEDULES: Dict[str, ScheduleKind] = {
    "none": ScheduleKind("none", (), 0, None, "a constant lr"),
    "step": ScheduleKind("step:SIZE[:GAMMA]", (int, float), 1, schedules.StepLR,
                         "lr *= GAMMA (default 0.1) every SIZE epochs"),
    "multistep": ScheduleKind("multistep:M1,M2[:GAMMA]", (_integers, float), 1,
                              schedules.MultiStepLR,
                              "lr *= GAMMA (default 0.1) at epochs M1, M2, ..."),
    "exponential": ScheduleKind("exponential:GAMMA", (float,), 1, schedules.ExponentialLR,
                                "lr *= GAMMA every epoch"),
    "cosine": ScheduleKind("cosine:TMAX[:ETA_MIN]", (int, float), 1, schedules.CosineAnnealingLR,
                           "half a cosine to ETA_MIN (default 0) in TMAX epochs"),
    "plateau": ScheduleKind("plateau[:FACTOR[:PATIENCE]]", (float, int), 0, _plateau,
                            "lr *= FACTOR (0.1) after PATIENCE (10) bad epochs"),
    "invscaling": ScheduleKind("invscaling[:POWER]", (float,), 0, schedules.InverseScaling,
                               "lr = lr0 / t^POWER (default 0.5) in epoch t"),
    "adaptive": ScheduleKind("adaptive", (), 0, schedules.Adaptive,
                             "lr /= 5 after 5 epochs without a 1e-3 gain"),
    "annealing": ScheduleKind("annealing", (), 0, schedules.Annealing,
                              "the optimizer lesson's lr /= 4 (adam, adamw)"),
}


class ModelKind(NamedTuple):
    """A --model kind: its syntax (``:N`` when it takes an integer), its constructor, help."""

    syntax: str
    make: Callable[..., Model]
    help: str


MODELS: Dict[str, ModelKind] = {
    "linear": ModelKind("linear", Linear, "y = slope * x + intercept"),
    "proportional": ModelKind("proportional", Proportional, "y = w * x, through the origin"),
    "poly": ModelKind("poly:N", Polynomial, "a polynomial of degree N in x"),
    "multi": ModelKind("multi", MultipleLinear,
                       "a weight per --features column, plus an intercept"),
}


class LossKind(NamedTuple):
    """A --loss: what builds it (with scikit-learn's defaults) and a line of help."""

    make: Callable[[], Loss]
    help: str


LOSSES: Dict[str, LossKind] = {
    "squared": LossKind(SquaredError, "(p - y)^2, the default"),
    "huber": LossKind(Huber, "r^2/2 within 0.1 of y, linear beyond"),
    "epsilon-insensitive": LossKind(EpsilonInsensitive, "max(0, |p - y| - 0.1)"),
    "log": LossKind(LogLoss, "logistic regression: labels 0/1, p the logit"),
    "hinge": LossKind(Hinge, "max(0, 1 - s p), s = 2y - 1: a linear SVM"),
    "modified-huber": LossKind(ModifiedHuber, "a smoothed hinge (Zhang 2004)"),
}

# --penalty NAME: what builds it from (--alpha, --l1-ratio); None: no penalty.
PENALTIES: Dict[str, Callable[[float, float], Penalty] | None] = {
    "none": None,
    "l2": lambda alpha, _: L2(alpha),
    "l1": lambda alpha, _: L1(alpha),
    "elasticnet": ElasticNet,
}


# === Parsing (argparse calls these with the option's text) ===


def parse_lr(text: str) -> Tuple[str | None, float]:
    """Parse ``LR`` (every optimizer) or ``NAME=LR`` (one optimizer of the table)."""
    name, _, value = text.rpartition("=")
    if name and name.lower() not in OPTIMIZERS:
        raise argparse.ArgumentTypeError(
            f"unknown optimizer {name!r} (choose {', '.join(OPTIMIZERS)})")
    return (name.lower() or None), positive_float(value)


def model_syntax(joiner: str = " | ") -> str:
    """Return the --model kinds' syntaxes joined, as help and errors list them."""
    return joiner.join(kind.syntax for kind in MODELS.values())


def parse_model(text: str) -> str:
    """Check a --model spec against the table and return it (``linear``, ``poly:3``)."""
    name, colon, argument = text.partition(":")
    kind = MODELS.get(name)
    if kind is None or (":" in kind.syntax) != bool(colon) or (colon and not argument.isdigit()):
        syntaxes = [kind.syntax for kind in MODELS.values()]
        raise argparse.ArgumentTypeError(
            f"unknown model {text!r} (choose {', '.join(syntaxes[:-1])} or {syntaxes[-1]})")
    return text


def schedule_syntax() -> str:
    """Return the --schedule kinds' syntaxes joined by ``|``, as help and errors list them."""
    return "|".join(kind.syntax for kind in SCHEDULES.values())


class ScheduleSpec(NamedTuple):
    """A parsed --schedule: the text as typed, its kind, and its numbers."""

    text: str
    kind: str
    values: List[Any]


def parse_schedule(text: str) -> ScheduleSpec:
    """Parse a --schedule spec by its kind's entry in the table."""
    name, *parts = text.split(":")
    if name not in SCHEDULES:
        raise argparse.ArgumentTypeError(f"unknown schedule {text!r} (choose {schedule_syntax()})")
    kind = SCHEDULES[name]
    if not kind.required <= len(parts) <= len(kind.numbers):
        raise argparse.ArgumentTypeError(f"schedule {text!r} does not match {schedule_syntax()}")
    try:
        values = [number(part) for number, part in zip(kind.numbers, parts)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"schedule {text!r}: not a number in it") from None
    return ScheduleSpec(text, name, values)


# === Construction ===


def make_model(spec: str) -> Model:
    """Return the model of a --model spec that parse_model accepted."""
    name, _, argument = spec.partition(":")
    make = MODELS[name].make
    return make(int(argument)) if argument else make()


def make_schedule(spec: ScheduleSpec, optimizer: Optimizer | LBFGS) -> Schedule | None:
    """Return the schedule of a parsed --schedule, attached to optimizer (None for none).

    The schedule's own ValueError or TypeError (a step size of 0, annealing
    on an optimizer without ``exp_avg_sq``) is raised as a ValueError
    naming the option.
    """
    make = SCHEDULES[spec.kind].make
    if make is None:
        return None
    try:
        return make(optimizer, *spec.values)
    except (TypeError, ValueError) as error:
        raise ValueError(f"--schedule {spec.text}: {error}") from None


def parameter_names(model: Model, x: Any, columns: Sequence[str] = ()) -> List[str]:
    """Return the names of model's parameters for inputs like x, as the model names them.

    With columns (a model of feature vectors read from a CSV file), the
    parameters are named in the data's words instead: each weight by its
    column and the intercept, if the model has one, "intercept".

    >>> parameter_names(Polynomial(2), 2.0)
    ['w_2', 'w_1', 'b']
    >>> parameter_names(MultipleLinear(), [1.0, 2.0], ["height", "age"])
    ['height', 'age', 'intercept']
    """
    names = list(model.parameter_names(x))
    if columns:
        names[:len(columns)] = columns
        if model.has_intercept:
            names[-1] = "intercept"
    return names


def family_help(title: str, entries: Sequence[Tuple[str, str]]) -> str:
    """Return a help section: the title, then one indented ``name  help`` line per entry."""
    width = max(len(name) for name, _ in entries)
    return "\n".join([f"{title}:", *(f"  {name.ljust(width)}  {text}" for name, text in entries)])
