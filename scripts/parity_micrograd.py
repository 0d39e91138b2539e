"""Hold vecgd.autodiff's Value to micrograd 0.1.0 and to PyTorch in float64.

Four parts, each printing its largest relative difference
``|ours - theirs| / max(|ours|, |theirs|)`` over every value and gradient:

1. micrograd's README example (``g.data`` 24.7041, ``a.grad`` 138.8338,
   ``b.grad`` 645.5773): vecgd, micrograd and PyTorch (micrograd's own
   ``b.grad`` changes in its last bit between runs: its children are a
   set, summed in the order of the objects' addresses);
2. the expressions of micrograd's tests (test_sanity_check,
   test_more_ops; and tanh and exp at -1, 0.123 and 2, as its later tests
   check them against PyTorch: micrograd 0.1.0 has neither): vecgd against
   micrograd where it has the operations, and against PyTorch;
3. seeded random graphs with micrograd's operations (scripts/autodiff_graphs.py):
   vecgd against micrograd (which divides as ``a * b**-1`` and so differs
   in the last bits);
4. seeded random graphs with every operation (sums, products, quotients,
   powers with number and Value exponents, exp, log, tanh, sigmoid,
   relu, shared subexpressions): vecgd against PyTorch float64.

Each must stay within 1e-12 relative; the script exits 1 otherwise.  It
also checks that building and differentiating the same graph twice gives
the same bits.  It imports micrograd and torch, so CI runs it in the
throwaway venv of scripts/parity_torch.py:

    python scripts/parity_micrograd.py            # the table; exit 1 past 1e-12
    python scripts/parity_micrograd.py --graphs 50
"""

from __future__ import annotations

import os

# Before torch is imported: the plain kernels, as scripts/parity_torch.py.
os.environ["ATEN_CPU_CAPABILITY"] = "default"

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, List, Sequence, Tuple  # noqa: E402

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import micrograd.engine  # noqa: E402
import torch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from autodiff_graphs import ALL_OPS, MICROGRAD_OPS, build, magnitudes, random_program  # noqa: E402

from vecgd.autodiff import Value  # noqa: E402

TOLERANCE = 1e-12
Leaf = Callable[[float], Any]


def tensor(x: float) -> Any:
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def read(out: Any, leaves: Sequence[Any]) -> List[float]:
    """Return [out's value, each leaf's gradient] after out.backward()."""
    out.backward()
    if isinstance(out, torch.Tensor):
        # torch leaves a leaf the output does not depend on without a grad: its gradient is 0.
        return [out.item()] + [0.0 if leaf.grad is None else leaf.grad.item() for leaf in leaves]
    return [float(out.data)] + [float(leaf.grad) for leaf in leaves]


def relative(a: Sequence[float], b: Sequence[float], scale: Sequence[float] = ()) -> float:
    """Return the largest |a_i - b_i| / max(|a_i|, |b_i|, scale_i) (0 where they are equal)."""
    scale = list(scale) or [0.0] * len(a)
    worst = 0.0
    for x, y, s in zip(a, b, scale, strict=True):
        if x != y:
            worst = max(worst, abs(x - y) / max(abs(x), abs(y), s))
    return worst


def readme(leaf: Leaf) -> Tuple[List[Any], Any]:
    """micrograd's README example, as written there (torch has no += on a leaf's graph: same)."""
    a = leaf(-4.0)
    b = leaf(2.0)
    c = a + b
    d = a * b + b**3
    c = c + (c + 1)
    c = c + (1 + c + (-a))
    d = d + (d * 2 + (b + a).relu())
    d = d + (3 * d + (b - a).relu())
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    return [a, b], g


def sanity(leaf: Leaf) -> Tuple[List[Any], Any]:
    """micrograd's test_sanity_check."""
    x = leaf(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    return [x], y


def unary(name: str, x: float) -> Callable[[Leaf], Tuple[List[Any], Any]]:
    """micrograd's later test_unary_tensor_fns: name (tanh, exp) at x."""
    def expression(leaf: Leaf) -> Tuple[List[Any], Any]:
        v = leaf(x)
        return [v], getattr(v, name)()
    return expression


def run(expression: Callable[[Leaf], Tuple[List[Any], Any]], leaf: Leaf) -> List[float]:
    leaves, out = expression(leaf)
    return read(out, leaves)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=300, help="random graphs per part")
    parser.add_argument("--steps", type=int, default=60, help="operations per graph")
    args = parser.parse_args(argv)
    rows: List[Tuple[str, str, int, float]] = []  # (part, against, numbers compared, worst)

    ours = run(readme, Value)
    shown = [f"{x:.4f}" for x in ours]
    print(f"README example with vecgd: g = {shown[0]}, a.grad = {shown[1]}, b.grad = {shown[2]}")
    readme_ok = shown == ["24.7041", "138.8338", "645.5773"]
    theirs = micrograd.engine.Value
    rows.append(("README example", "micrograd", 3, relative(ours, run(readme, theirs))))
    rows.append(("README example", "torch", 3, relative(ours, run(readme, tensor))))
    sane = run(sanity, Value)
    rows.append(("test_sanity_check", "micrograd", 2, relative(sane, run(sanity, theirs))))
    rows.append(("test_sanity_check", "torch", 2, relative(sane, run(sanity, tensor))))
    worst = max(relative(run(unary(name, x), Value), run(unary(name, x), tensor))
                for name in ("tanh", "exp") for x in (-1.0, 0.123, 2.0))
    rows.append(("test_unary: tanh, exp", "torch", 12, worst))

    for part, ops, other in (("graphs, micrograd's ops", MICROGRAD_OPS, micrograd.engine.Value),
                             ("graphs, every op", ALL_OPS, tensor)):
        rng = random.Random(20260601)
        worst, count, repeatable = 0.0, 0, True
        for _ in range(args.graphs):
            program = random_program(rng, ops, steps=args.steps)
            mine = read(*reversed(build(program, Value)))
            repeatable &= mine == read(*reversed(build(program, Value)))
            theirs = read(*reversed(build(program, other)))
            # Rounding is relative to the terms summed; torch's tanh and sigmoid derivatives,
            # 1 - t**2 and s (1 - s), are off by up to 4 eps absolute (0 past |x| = 19.1,
            # where vecgd keeps 4 e**(-2|x|)): that much is allowed, as a floor.
            bound = magnitudes(program, floor=4 * sys.float_info.epsilon / TOLERANCE)
            worst, count = max(worst, relative(mine, theirs, bound)), count + len(mine)
        against = "micrograd" if other is micrograd.engine.Value else "torch"
        rows.append((f"{args.graphs} {part}", against, count, worst))
        if not repeatable:
            print(f"FAILED: {part}: the same graph gave different bits twice")
            return 1

    print(f"{'part':<32} {'against':<10} {'numbers':>8} {'worst relative':>15}")
    for part, against, count, worst in rows:
        print(f"{part:<32} {against:<10} {count:>8} {worst:>15.3g}")
    bad = [row for row in rows if not row[3] <= TOLERANCE]
    if bad or not readme_ok:
        print(f"FAILED: {len(bad)} part(s) beyond {TOLERANCE:g} relative"
              + ("" if readme_ok else "; the README's printed digits differ"))
        return 1
    print(f"all within {TOLERANCE:g} relative; the same bits on every rebuild")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
