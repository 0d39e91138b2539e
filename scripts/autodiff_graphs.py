"""Seeded random expression graphs, built alike by vecgd, micrograd and PyTorch.

A program is a list of instructions over a growing list of nodes: the
first nodes are the inputs, each instruction appends one node computed
from earlier ones (an operand is often one of the last few nodes, so the
graph is deep, and often an older one, so subexpressions are shared).
Every value stays between 1e-3 and 1e3 in size (or is a relu's 0), and
each operation stays inside its domain (a divisor away from 0, a log of a
number above 0.1, a Value exponent of a base above 0.1), so that the
comparison measures the arithmetic, not an overflow.  The output is the
sum of the last ``OUTPUTS`` nodes.

``build(program, inputs, leaf)`` evaluates a program with any Value-like
class whose leaves ``leaf(x)`` makes: the operators and the methods
``exp log tanh sigmoid relu`` are the same in vecgd and torch; micrograd
0.1.0 has the operators (number exponents only) and ``relu``.
Used by scripts/parity_micrograd.py and scripts/bench_autodiff.py.
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable, List, NamedTuple, Sequence, Tuple

__all__ = ["ALL_OPS", "MICROGRAD_OPS", "Program", "build", "magnitudes", "mlp_loss",
           "random_program"]

ALL_OPS = ("add", "sub", "mul", "div", "neg", "add_number", "rsub_number", "rmul_number",
           "rdiv_number", "pow_number", "pow_value", "rpow_number", "exp", "log", "tanh",
           "sigmoid", "relu")
MICROGRAD_OPS = ("add", "sub", "mul", "div", "neg", "add_number", "rsub_number", "rmul_number",
                 "rdiv_number", "pow_number", "relu")
NUMBERS = (0.5, 1.5, 2.0, 3.0, -1.25)
EXPONENTS = (2, 3, -1, 0.5, 1.5, -2)
OUTPUTS = 5
LOW, HIGH = 1e-3, 1e3


class Program(NamedTuple):
    inputs: List[float]
    steps: List[Tuple[str, int, int, float]]  # (op, first operand, second operand, number)


def _apply(op: str, a: Any, b: Any, c: float) -> Any:
    """Return the node of op on nodes a and b and the number c (Value-like or float)."""
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if op == "div":
        return a / b
    if op == "neg":
        return -a
    if op == "add_number":
        return a + c
    if op == "rsub_number":
        return c - a
    if op == "rmul_number":
        return c * a
    if op == "rdiv_number":
        return c / a
    if op == "pow_number":
        return a ** c
    if op == "pow_value":
        return a ** b
    if op == "rpow_number":
        return c ** a
    return getattr(a, op)()  # exp, log, tanh, sigmoid, relu


def _real(op: str, a: float, b: float, c: float) -> float | None:
    """Return op's value on floats, or None where the op is outside the domain we test."""
    if op in ("div", "rdiv_number") and abs(b if op == "div" else a) < 0.1:
        return None
    if op == "pow_number" and (a <= 0.1 if c != int(c) else abs(a) < 0.1):
        return None
    if (op == "pow_value" and not (a > 0.1 and abs(b) < 3)) or (op == "log" and a <= 0.1):
        return None
    if (op == "rpow_number" and (c <= 0 or abs(a) > 5)) or (op == "exp" and a > 5):
        return None
    if op in ("exp", "log", "tanh"):
        return float(getattr(math, op)(a))
    if op == "sigmoid":
        return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
    if op == "relu":
        return max(a, 0.0)
    return float(_apply(op, a, b, c))


def random_program(rng: random.Random, ops: Sequence[str], inputs: int = 3,
                   steps: int = 40) -> Program:
    """Return a program of `steps` instructions on `inputs` inputs, drawn from rng."""
    values = [rng.uniform(0.5, 2.0) * rng.choice((-1, 1)) for _ in range(inputs)]
    start = list(values)
    program: List[Tuple[str, int, int, float]] = []

    def operand() -> int:
        if rng.random() < 0.7:  # one of the last few: depth
            return rng.randrange(max(0, len(values) - 4), len(values))
        return rng.randrange(len(values))  # any earlier node: shared subexpressions

    while len(program) < steps:
        op = rng.choice(ops)
        i, j = operand(), operand()
        c = rng.choice(EXPONENTS if op == "pow_number" else NUMBERS)
        if op == "rpow_number":
            c = abs(c)
        value = _real(op, values[i], values[j], c)
        if value is None or not (value == 0 or LOW < abs(value) < HIGH):
            continue
        values.append(value)
        program.append((op, i, j, c))
    return Program(start, program)


def build(program: Program, leaf: Callable[[float], Any]) -> Tuple[List[Any], Any]:
    """Return (the input leaves, the output node) of program built with leaf's class."""
    leaves = [leaf(x) for x in program.inputs]
    nodes = list(leaves)
    for op, i, j, c in program.steps:
        nodes.append(_apply(op, nodes[i], nodes[j], c))
    out = nodes[-OUTPUTS]
    for node in nodes[-OUTPUTS + 1:]:
        out = out + node
    return leaves, out


def _partials(op: str, a: float, b: float, c: float, out: float) -> Tuple[float, float]:
    """Return op's local derivatives with respect to its two operands (0 for an unused one)."""
    table = {
        "add": (1, 1), "sub": (1, -1), "mul": (b, a), "neg": (-1, 0),
        "add_number": (1, 0), "rsub_number": (-1, 0), "rmul_number": (c, 0),
        "exp": (out, 0), "tanh": (1 - out * out, 0), "sigmoid": (out * (1 - out), 0),
        "relu": (1.0 if a > 0 else 0.0, 0),
    }
    if op in table:
        return table[op]
    if op == "div":
        return 1 / b, -a / (b * b)
    if op == "rdiv_number":
        return -c / (a * a), 0
    if op == "pow_number":
        return (c * a ** (c - 1) if c != 0 else 0.0), 0
    if op == "pow_value":
        return b * a ** (b - 1), out * math.log(a)
    if op == "rpow_number":
        return out * math.log(c), 0
    return 1 / a, 0  # log


def magnitudes(program: Program, floor: float = 0.0) -> List[float]:
    """Return [the output's size, then each input's |d output / d input| bound].

    The bound is the chain rule with every local derivative replaced by its
    absolute value: the sum of the sizes of the terms a gradient adds up.
    Rounding in a gradient is relative to that sum, not to the gradient,
    which cancellation can make 0 (where two libraries then differ by
    1e-16 against a true 0).  The output's size is the sum of the sizes of
    the nodes it adds.  floor is added to |local derivative| of tanh and
    sigmoid: a library computing them as 1 - t**2 and s (1 - s) is off by
    up to a few eps absolute there (0 past |x| = 19.1 where the truth is
    4 e**(-2|x|)), which vecgd avoids.
    """
    values = list(program.inputs)
    for op, i, j, c in program.steps:
        values.append(float(_real(op, values[i], values[j], c) or 0.0))
    sizes = [0.0] * len(values)
    for k in range(len(values) - OUTPUTS, len(values)):
        sizes[k] = 1.0
    first = len(program.inputs)
    for k in range(len(values) - 1, first - 1, -1):
        op, i, j, c = program.steps[k - first]
        d_i, d_j = _partials(op, values[i], values[j], c, values[k])
        sizes[i] += sizes[k] * (abs(d_i) + (floor if op in ("tanh", "sigmoid") else 0.0))
        if op in ("add", "sub", "mul", "div", "pow_value"):
            sizes[j] += sizes[k] * abs(d_j)
    return [sum(abs(v) for v in values[-OUTPUTS:])] + sizes[:first]


def mlp_loss(leaf: Callable[[float], Any], weights: Sequence[float], sizes: Sequence[int],
             data: Sequence[Tuple[List[float], float]]) -> Tuple[List[Any], Any]:
    """Return (weight leaves, loss node): a relu MLP's squared error summed over data.

    micrograd's demo in miniature: layers of neurons ``relu(w . x + b)``
    (the last layer linear), the loss ``sum (prediction - y)**2``.
    """
    leaves = [leaf(w) for w in weights]
    loss: Any = 0.0
    for x, y in data:
        activations: List[Any] = list(x)
        k = 0
        for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
            outputs = []
            for _ in range(n_out):
                total: Any = leaves[k + n_in]
                for a in activations:
                    total = total + leaves[k] * a
                    k += 1
                k += 1
                outputs.append(total.relu() if layer < len(sizes) - 2 else total)
            activations = outputs
        loss = loss + (activations[0] - y) ** 2
    return leaves, loss
