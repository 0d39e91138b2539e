"""Hold vecgd's optimizers and schedules to PyTorch's, bit for bit, in float64.

Every optimizer, with every option PyTorch also has, takes a few hundred
steps on three objectives beside the same ``torch.optim`` optimizer; both
sides compute the same gradient, in Python, from their own theta, and the
two thetas must be equal (``==``, every bit) after every step.  The
learning-rate schedules are held the same way: the lr after every epoch and
the theta it leads to.  The script prints a table and exits 1 on any
difference.

PyTorch's CPU kernels are compiled several times and the fastest one the
processor supports is chosen at run time; the vectorized ones fuse
multiply-adds (``a * b + c`` rounded once).  ``ATEN_CPU_CAPABILITY=default``,
set below before torch is imported, selects the plain one, whose float64
arithmetic rounds every operation as Python does.  One kernel it does not
reach: ``Tensor.sqrt`` calls Intel MKL's ``vdSqrt``, which on some
processors (AMD EPYC, for one) is within 1 ulp but not correctly rounded,
where Python's ``math.sqrt`` is.  The script measures that first; where
torch's square root is not IEEE's, it reports so, also runs the comparison
with torch's own root (for information), and holds vecgd to torch with an
IEEE square root in its place, so that what is compared is the order of
the operations, which is what vecgd promises.

This is the one file in the repository that imports something outside the
standard library (torch); CI runs it in a throwaway virtual environment.
From the repository root:

    python scripts/parity_torch.py            # the table; exit 1 on a difference
    python scripts/parity_torch.py --steps 50 # fewer steps
"""

from __future__ import annotations

import os

# Before torch is imported: the plain kernels, no fused multiply-adds.
os.environ["ATEN_CPU_CAPABILITY"] = "default"

import argparse  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Tuple  # noqa: E402

# torch warns once that NumPy is missing; the script passes lists, not arrays.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402

# Run as `python scripts/parity_torch.py`, the folder on sys.path is scripts/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import vecgd  # noqa: E402

Vector = List[float]
Gradient = Callable[[Vector, int], Vector]  # (theta, step number from 0) -> gradient
Loss = Callable[[Vector], float]


# === Objectives: gradients in plain Python, the same function for both sides ===

class Objective(NamedTuple):
    name: str
    start: Vector
    gradient: Gradient
    loss: Loss
    lr_scale: float  # multiplies each optimizer's lr, to keep plain SGD stable


QUADRATIC_C, QUADRATIC_A = (1.0, 10.0, 100.0), (1.0, -2.0, 0.5)


def _quadratic_gradient(theta: Vector, step: int) -> Vector:
    # f = sum c_i (x_i - a_i)^2 / 2, condition number 100.
    return [c * (x - a) for c, x, a in zip(QUADRATIC_C, theta, QUADRATIC_A)]


def _quadratic_loss(theta: Vector) -> float:
    return sum(c * (x - a) ** 2 / 2 for c, x, a in zip(QUADRATIC_C, theta, QUADRATIC_A))


def _rosenbrock_gradient(theta: Vector, step: int) -> Vector:
    x, y = theta
    return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]


def _rosenbrock_loss(theta: Vector) -> float:
    x, y = theta
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _line_data() -> List[Tuple[float, float]]:
    rng = random.Random(3)
    xs = [0.5 * i for i in range(10)]
    return [(x, 2.0 * x + 3.0 + rng.gauss(0.0, 0.5)) for x in xs]


LINE = _line_data()


def _line_gradient(theta: Vector, step: int) -> Vector:
    # Per-sample squared error of y = a x + b, one sample per step, in turn:
    # the gradient changes sign often, as in the optimizer lesson's loops.
    a, b = theta
    x, y = LINE[step % len(LINE)]
    error = a * x + b - y
    return [2 * error * x, 2 * error]


def _line_loss(theta: Vector) -> float:
    a, b = theta
    return sum((a * x + b - y) ** 2 for x, y in LINE) / len(LINE)


OBJECTIVES = [
    Objective("quadratic", [0.3, 0.7, -1.2], _quadratic_gradient, _quadratic_loss, 1.0),
    Objective("Rosenbrock", [-1.2, 1.0], _rosenbrock_gradient, _rosenbrock_loss, 0.1),
    Objective("line, per sample", [0.0, 0.0], _line_gradient, _line_loss, 0.2),
]


# === Configurations: the same keyword arguments for vecgd and torch ===

class Config(NamedTuple):
    """One optimizer or schedule: its label, vecgd's and torch's class, the keyword arguments."""

    label: str
    ours: Callable[..., Any]
    theirs: Callable[..., Any]
    options: Dict[str, Any]


def configurations() -> List[Config]:
    """Return every optimizer with every option torch also has, alone and together."""
    optim = torch.optim
    table: List[Tuple[str, Callable[..., Any], Callable[..., Any], float, List[Dict[str, Any]]]] = [
        ("SGD", vecgd.SGD, optim.SGD, 0.005, [
            {}, {"weight_decay": 0.1}, {"maximize": True},
        ]),
        ("Momentum", vecgd.Momentum, optim.SGD, 0.005, [
            {"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.5},
            {"momentum": 0.9, "nesterov": True},
            {"momentum": 0.5, "dampening": 0.1, "weight_decay": 0.1, "maximize": True},
            {"momentum": 0.9, "nesterov": True, "weight_decay": 0.05},
        ]),
        ("AdaGrad", vecgd.AdaGrad, optim.Adagrad, 0.1, [
            {}, {"lr_decay": 0.01}, {"initial_accumulator_value": 0.5}, {"weight_decay": 0.1},
            {"lr_decay": 0.01, "weight_decay": 0.1}, {"eps": 1e-3},
            {"lr_decay": 0.001, "weight_decay": 0.3, "initial_accumulator_value": 0.1,
             "eps": 1e-3, "maximize": True},
        ]),
        ("RMSprop", vecgd.RMSprop, optim.RMSprop, 0.01, [
            {}, {"alpha": 0.9}, {"centered": True}, {"momentum": 0.9}, {"weight_decay": 0.1},
            {"centered": True, "momentum": 0.5}, {"eps": 1e-3, "maximize": True},
            {"centered": True, "momentum": 0.9, "weight_decay": 0.1, "alpha": 0.95},
        ]),
        ("Adam", vecgd.Adam, optim.Adam, 0.01, [
            {}, {"betas": (0.8, 0.99)}, {"amsgrad": True}, {"weight_decay": 0.1},
            {"maximize": True}, {"eps": 1e-3},
            {"amsgrad": True, "weight_decay": 0.1, "maximize": True, "betas": (0.5, 0.9)},
        ]),
        ("AdamW", vecgd.AdamW, optim.AdamW, 0.01, [
            {}, {"weight_decay": 0.1}, {"amsgrad": True}, {"maximize": True},
            {"amsgrad": True, "weight_decay": 0.3, "betas": (0.8, 0.95), "eps": 1e-6},
        ]),
    ]
    configs = []
    for name, ours, theirs, lr, variants in table:
        for options in variants:
            shown = ", ".join(f"{key}={value}" for key, value in options.items())
            configs.append(Config(f"{name}({shown})", ours, theirs, {"lr": lr, **options}))
    return configs


# === Running both sides ===

def difference(ours: Vector, theirs: Vector) -> float:
    """Return the largest |ours[i] - theirs[i]|; inf where either is not finite."""
    if not all(map(math.isfinite, ours + theirs)):
        return math.inf
    return max(abs(a - b) for a, b in zip(ours, theirs))


class Outcome(NamedTuple):
    steps: int
    first: int | None  # the first step whose theta differs, None if none did
    worst: float  # the largest difference of a coordinate over the run


def _torch_side(optimizer_class: Callable[..., Any], options: Dict[str, Any],
                start: Vector) -> Tuple[torch.Tensor, Any]:
    theta = torch.tensor(start, dtype=torch.float64)
    # foreach=False: the single-tensor loop, whose order of operations vecgd follows
    # (it is also what PyTorch picks on the CPU by itself).
    return theta, optimizer_class([theta], foreach=False, **options)


def gradient_for(objective: Objective, options: Dict[str, Any]) -> Gradient:
    """Return the objective's gradient, negated when the optimizer maximizes.

    Maximizing -f takes the same path as minimizing f, through the
    optimizer's own negation (exact), so the run stays bounded.
    """
    if not options.get("maximize"):
        return objective.gradient
    return lambda theta, step: [-g for g in objective.gradient(theta, step)]


def compare_optimizer(config: Config, objective: Objective, steps: int) -> Outcome:
    """Step both optimizers from the same start; return where theta first differs."""
    options = dict(config.options, lr=config.options["lr"] * objective.lr_scale)
    gradient = gradient_for(objective, options)
    ours = config.ours(**options)
    theta_t, theirs = _torch_side(config.theirs, options, objective.start)
    theta = list(objective.start)
    first, worst = None, 0.0
    for step in range(steps):
        theta = ours.step(theta, gradient(theta, step))
        theta_t.grad = torch.tensor(gradient(theta_t.tolist(), step), dtype=torch.float64)
        theirs.step()
        now = theta_t.tolist()
        if theta != now:
            first = step + 1 if first is None else first
            worst = max(worst, difference(theta, now))
            if worst == math.inf:
                break  # diverged: a row that differs, by inf
    return Outcome(steps, first, worst)


def schedule_cases() -> List[Config]:
    """Return each schedule with options that make it act within 60 epochs."""
    s = torch.optim.lr_scheduler
    cases: List[Tuple[str, Callable[..., Any], Callable[..., Any], Dict[str, Any]]] = [
        ("StepLR", vecgd.StepLR, s.StepLR, {"step_size": 7, "gamma": 0.5}),
        ("MultiStepLR", vecgd.MultiStepLR, s.MultiStepLR,
         {"milestones": [10, 25, 25, 40], "gamma": 0.3}),
        ("ExponentialLR", vecgd.ExponentialLR, s.ExponentialLR, {"gamma": 0.93}),
        ("CosineAnnealingLR", vecgd.CosineAnnealingLR, s.CosineAnnealingLR,
         {"T_max": 20, "eta_min": 0.001}),
        ("ReduceLROnPlateau", vecgd.ReduceLROnPlateau, s.ReduceLROnPlateau,
         {"factor": 0.5, "patience": 2, "threshold": 1e-2, "cooldown": 1, "min_lr": 1e-4}),
        ("ReduceLROnPlateau", vecgd.ReduceLROnPlateau, s.ReduceLROnPlateau,
         {"mode": "max", "factor": 0.7, "patience": 0, "threshold": 0.5,
          "threshold_mode": "abs"}),
    ]
    return [Config(f"{name}({', '.join(f'{k}={v}' for k, v in options.items())})",
                         ours, theirs, options) for name, ours, theirs, options in cases]


def compare_schedule(case: Config, optimizer: Config, epochs: int) -> Outcome:
    """Run per-sample epochs on the line, a schedule step after each; compare lr and theta."""
    objective = OBJECTIVES[2]
    options = dict(optimizer.options, lr=optimizer.options["lr"] * objective.lr_scale)
    ours = optimizer.ours(**options)
    theta_t, theirs = _torch_side(optimizer.theirs, options, objective.start)
    our_schedule = case.ours(ours, **case.options)
    their_schedule = case.theirs(theirs, **case.options)
    theta = list(objective.start)
    first, worst, step = None, 0.0, 0
    sign = -1.0 if case.options.get("mode") == "max" else 1.0  # "max" watches -loss
    for epoch in range(epochs):
        for _ in range(len(LINE)):
            theta = ours.step(theta, objective.gradient(theta, step))
            theta_t.grad = torch.tensor(objective.gradient(theta_t.tolist(), step),
                                        dtype=torch.float64)
            theirs.step()
            step += 1
        if case.label.startswith("ReduceLROnPlateau"):
            our_schedule.step(sign * objective.loss(theta))
            their_schedule.step(sign * objective.loss(theta_t.tolist()))
        else:
            our_schedule.step()
            their_schedule.step()
        now = theta_t.tolist()
        if theta != now or ours.lr != theirs.param_groups[0]["lr"]:
            first = epoch + 1 if first is None else first
            worst = max(worst, difference(theta, now),
                        difference([ours.lr], [theirs.param_groups[0]["lr"]]))
    return Outcome(epochs, first, worst)


# === torch's square root ===

def torch_sqrt_is_ieee(count: int = 100_000) -> int:
    """Return how many of count float64 square roots torch rounds otherwise than math.sqrt."""
    rng = random.Random(0)
    xs = [math.ldexp(rng.random() + 0.5, rng.randrange(-60, 60)) for _ in range(count)]
    roots = torch.tensor(xs, dtype=torch.float64).sqrt().tolist()
    return sum(r != math.sqrt(x) for r, x in zip(roots, xs))


_TORCH_SQRT, _TORCH_SQRT_ = torch.Tensor.sqrt, torch.Tensor.sqrt_


def _ieee_sqrt(self: torch.Tensor) -> torch.Tensor:
    # Python's math.sqrt, correctly rounded; NaN below zero, as torch gives.
    roots = [math.sqrt(x) if x >= 0 else math.nan for x in self.reshape(-1).tolist()]
    return torch.tensor(roots, dtype=self.dtype).reshape(self.shape)


def _ieee_sqrt_(self: torch.Tensor) -> torch.Tensor:
    return self.copy_(_ieee_sqrt(self))


def use_ieee_sqrt(on: bool) -> None:
    """Make Tensor.sqrt and Tensor.sqrt_ (what torch.optim calls) correctly rounded, or not."""
    torch.Tensor.sqrt = _ieee_sqrt if on else _TORCH_SQRT  # type: ignore[method-assign, assignment]
    torch.Tensor.sqrt_ = _ieee_sqrt_ if on else _TORCH_SQRT_  # type: ignore[method-assign, assignment]


# === The table ===

def cell(outcome: Outcome) -> str:
    """Return "== (steps)" for a run equal throughout, else where it first differed, how much."""
    if outcome.first is None:
        return f"== ({outcome.steps})"
    return f"from step {outcome.first}, by up to {outcome.worst:.2g}"


def optimizer_rows(steps: int) -> Iterator[Tuple[str, List[Outcome]]]:
    """Yield (label, an outcome per objective) for every optimizer configuration."""
    for config in configurations():
        yield config.label, [compare_optimizer(config, o, steps) for o in OBJECTIVES]


SCHEDULED = [Config("SGD", vecgd.SGD, torch.optim.SGD, {"lr": 0.005}),
             Config("Adam", vecgd.Adam, torch.optim.Adam, {"lr": 0.05})]


def schedule_rows(epochs: int) -> Iterator[Tuple[str, List[Outcome]]]:
    """Yield (label, an outcome per optimizer scheduled) for every schedule."""
    for case in schedule_cases():
        yield case.label, [compare_schedule(case, optimizer, epochs) for optimizer in SCHEDULED]


def table(steps: int, epochs: int) -> Tuple[List[str], int, int]:
    """Return the Markdown tables' lines, the number of rows and of rows that differ."""
    sections = [
        ("optimizer and options", [o.name for o in OBJECTIVES], optimizer_rows(steps)),
        (f"schedule ({epochs} epochs of {len(LINE)} steps on the line)",
         [f"with {c.label}" for c in SCHEDULED], schedule_rows(epochs)),
    ]
    lines: List[str] = []
    rows = differ = 0
    for heading, columns, section in sections:
        lines += ["", f"| {heading} | " + " | ".join(columns) + " |",
                  "| --- |" + " --- |" * len(columns)]
        for label, outcomes in section:
            rows += 1
            differ += any(o.first is not None for o in outcomes)
            lines.append(f"| {label} | " + " | ".join(cell(o) for o in outcomes) + " |")
    return lines, rows, differ


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="steps per run (default 300)")
    parser.add_argument("--epochs", type=int, default=60, help="epochs per schedule run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"torch {torch.__version__}, CPU capability "
          f"{torch.backends.cpu.get_cpu_capability()}, Python {sys.version.split()[0]}")
    inexact = torch_sqrt_is_ieee()
    if inexact:
        print(f"torch's float64 sqrt here rounds {inexact} of 100000 square roots otherwise "
              "than IEEE (MKL's vdSqrt, within 1 ulp).\nWith torch's own sqrt, for "
              "information:")
        lines, rows, differ = table(args.steps, args.epochs)
        print("\n".join(lines))
        print(f"\n{rows - differ} of {rows} rows equal with torch's own sqrt.\n\n"
              "Held to torch with an IEEE square root in Tensor.sqrt and Tensor.sqrt_:")
        use_ieee_sqrt(True)
    else:
        print("torch's float64 sqrt is IEEE's here (0 of 100000 differ): torch as it is.")
    lines, rows, differ = table(args.steps, args.epochs)
    use_ieee_sqrt(False)
    print("\n".join(lines))
    print(f"\n{rows - differ} of {rows} rows bit for bit "
          f"({time.perf_counter() - started:.1f} s)")
    if differ:
        print(f"parity_torch: {differ} rows differ from PyTorch", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
