"""Hold vecgd.LBFGS to torch.optim.LBFGS in float64: theta within 1e-10 after every step.

Each run calls ``step`` several times on both sides from the same start,
with the defaults, a small history, fewer iterations, and the same with
``line_search_fn="strong_wolfe"``, on Rosenbrock (2 and 5 dimensions), a
quadratic of condition number 1e3, a logistic loss and a least-squares
line; the loss and gradient are computed by the same Python function on
both sides.  After every step the two thetas must agree within 1e-10
relative (the largest coordinate difference over the largest coordinate of
torch's theta) and the counts of iterations and evaluations exactly.  Dot
products and sums are where the two differ: torch's are BLAS-ordered,
vecgd's in index order.  The script prints a table and exits 1 on any
deviation.

Dot products and sums are where the two sides differ by construction:
torch's ``dot`` is MKL's ``ddot``, which sums in an order of its own (two
or more running sums, chosen by the processor), and ``sum`` is ATen's
cascade; vecgd sums correctly rounded (``math.fsum``).  L-BFGS amplifies a
last-bit difference (a line search decides otherwise, a history pair is
kept or not), so the script first runs torch as it is, for information,
then holds vecgd to torch with a correctly rounded ``Tensor.dot`` and
``Tensor.sum`` in place of its own, so that what is compared is the order
of the operations, which is what vecgd promises.

``ATEN_CPU_CAPABILITY=default`` is set before torch is imported, so that
torch's kernels do plain float64 arithmetic (no fused multiply-adds; see
scripts/parity_torch.py).  torch is imported here only; CI runs this
script in a throwaway virtual environment:

    python scripts/parity_lbfgs.py
"""

from __future__ import annotations

import os

# Before torch is imported: the plain kernels, no fused multiply-adds.
os.environ["ATEN_CPU_CAPABILITY"] = "default"

import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Dict, List, NamedTuple, Tuple  # noqa: E402

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from step_cases import logistic, rosenbrock  # noqa: E402  (beside this script)

import vecgd  # noqa: E402

Vector = List[float]
LossAndGradient = Callable[[Vector], Tuple[float, Vector]]
TOLERANCE = 1e-10
STEPS = 8


C = [1000 ** (i / 3) for i in range(4)]


def quadratic(x: Vector) -> Tuple[float, Vector]:
    return (sum(c * (xi - 1) ** 2 for c, xi in zip(C, x)) / 2,
            [c * (xi - 1) for c, xi in zip(C, x)])


LINE = [(x / 2, 3.0 * x / 2 - 4.0 + math.sin(x)) for x in range(20)]


def line(theta: Vector) -> Tuple[float, Vector]:
    a, b = theta
    errors = [(a * x + b - y, x) for x, y in LINE]
    n = len(LINE)
    return (sum(e * e for e, _ in errors) / n,
            [sum(2 * e * x for e, x in errors) / n, sum(2 * e for e, _ in errors) / n])


class Objective(NamedTuple):
    name: str
    start: Vector
    loss_and_gradient: LossAndGradient


OBJECTIVES = [
    Objective("Rosenbrock 2", [-1.2, 1.0], rosenbrock),
    Objective("Rosenbrock 5", [-1.2, 1.0, -0.5, 0.3, 1.1], rosenbrock),
    Objective("quadratic kappa 1e3", [0.0, 0.0, 0.0, 0.0], quadratic),
    Objective("logistic", [0.0, 0.0, 0.0], logistic),
    Objective("line, least squares", [0.0, 0.0], line),
]

CONFIGS: List[Dict[str, Any]] = [
    {}, {"history_size": 3}, {"max_iter": 5, "lr": 0.5},
    {"line_search_fn": "strong_wolfe"}, {"line_search_fn": "strong_wolfe", "history_size": 3},
    {"line_search_fn": "strong_wolfe", "max_iter": 4, "max_eval": 6},
    # vecgd's state through JSON after every step (a new LBFGS loads it): the same run.
    {"reload": True}, {"line_search_fn": "strong_wolfe", "history_size": 3, "reload": True},
]


class Outcome(NamedTuple):
    worst: float  # the largest relative deviation of theta after any step
    counts_equal: bool
    steps: int


def run(objective: Objective, config: Dict[str, Any]) -> Outcome:
    options = {k: v for k, v in config.items() if k != "reload"}
    ours = vecgd.LBFGS(**options)
    theta_t = torch.tensor(objective.start, dtype=torch.float64, requires_grad=True)
    theirs = torch.optim.LBFGS([theta_t], **options)

    def closure() -> float:
        loss, grad = objective.loss_and_gradient(theta_t.detach().tolist())
        theta_t.grad = torch.tensor(grad, dtype=torch.float64)
        return loss

    theta = list(objective.start)
    worst, counts_equal = 0.0, True
    for _ in range(STEPS):
        theta = ours.step(theta, objective.loss_and_gradient)
        if config.get("reload"):
            saved = json.loads(json.dumps(ours.state_dict()))
            ours = vecgd.LBFGS()
            ours.load_state_dict(saved)
        theirs.step(closure)
        now = theta_t.detach().tolist()
        scale = max(abs(v) for v in now) or 1.0
        worst = max(worst, max(abs(a - b) for a, b in zip(theta, now)) / scale)
        state = theirs.state[theta_t]
        counts_equal &= (ours.n_iter, ours.func_evals) == (state["n_iter"], state["func_evals"])
    return Outcome(worst, counts_equal, STEPS)


_TORCH_DOT, _TORCH_SUM = torch.Tensor.dot, torch.Tensor.sum


def _fsum_dot(self: torch.Tensor, other: torch.Tensor) -> torch.Tensor:
    products = [a * b for a, b in zip(self.tolist(), other.tolist())]
    return torch.tensor(math.fsum(products), dtype=self.dtype)


def _fsum_sum(self: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    if args or kwargs or self.dim() != 1:
        return _TORCH_SUM(self, *args, **kwargs)
    return torch.tensor(math.fsum(self.tolist()), dtype=self.dtype)


def correctly_rounded(on: bool) -> None:
    """Make Tensor.dot and Tensor.sum (of a vector) sum with math.fsum, or restore torch's."""
    torch.Tensor.dot = _fsum_dot if on else _TORCH_DOT  # type: ignore[method-assign, assignment]
    torch.Tensor.sum = _fsum_sum if on else _TORCH_SUM  # type: ignore[method-assign, assignment]


def table() -> Tuple[List[str], int, float]:
    """Return the table's lines, the number of runs that deviate, and the worst deviation."""
    lines = ["| options | " + " | ".join(o.name for o in OBJECTIVES) + " |",
             "| --- |" + " --- |" * len(OBJECTIVES)]
    bad, worst_of_all = 0, 0.0
    for options in CONFIGS:
        cells = []
        for objective in OBJECTIVES:
            outcome = run(objective, options)
            deviates = outcome.worst > TOLERANCE or not outcome.counts_equal
            bad += deviates
            worst_of_all = max(worst_of_all, outcome.worst)
            mark = "" if outcome.counts_equal else ", counts differ"
            cells.append(f"{outcome.worst:.1e}{mark}" + (" DEVIATES" if deviates else ""))
        label = ", ".join(f"{k}={v!r}" for k, v in options.items() if k != "reload")
        label = (label or "defaults") + (", state saved and loaded each step"
                                         if options.get("reload") else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines, bad, worst_of_all


def main() -> int:
    print(f"torch {torch.__version__}, CPU capability "
          f"{torch.backends.cpu.get_cpu_capability()}, Python {sys.version.split()[0]}")
    print(f"\nworst relative deviation of theta over {STEPS} steps (counts of iterations and "
          "evaluations equal unless marked)")
    print("\nWith torch's own dot and sum (MKL's ddot, ATen's cascade), for information:\n")
    lines, bad, worst_of_all = table()
    print("\n".join(lines))
    print("\nHeld to torch with a correctly rounded Tensor.dot and Tensor.sum (math.fsum):\n")
    correctly_rounded(True)
    lines, bad, worst_of_all = table()
    correctly_rounded(False)
    print("\n".join(lines))
    runs = len(CONFIGS) * len(OBJECTIVES)
    print(f"\n{runs - bad} of {runs} runs within {TOLERANCE:g} relative after every step "
          f"(worst {worst_of_all:.1e})")
    if bad:
        print(f"parity_lbfgs: {bad} runs deviate from torch.optim.LBFGS", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
