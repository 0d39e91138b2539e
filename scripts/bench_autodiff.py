"""Time vecgd.autodiff's forward plus backward pass against micrograd 0.1.0's, on the same graphs.

Usage: ``python scripts/bench_autodiff.py [--quick]`` (it imports
micrograd, so CI runs it in the venv of scripts/parity_micrograd.py).

Two workloads, each built and differentiated by both libraries from the
same numbers (scripts/autodiff_graphs.py):

* ``random graphs``: seeded random expressions with micrograd's operations
  (sums, differences, products, quotients, number powers, negation,
  relu), many graphs of a few hundred operations;
* ``MLP``: micrograd's demo in miniature, a 2-16-16-1 relu network's
  squared error summed over a batch of samples, the graph a training step
  builds.

A run times the whole job: build every graph (the forward pass) and call
``backward()`` on it.  Times are the process's CPU time (``time.process_time``,
so that other work on a shared machine does not count), the median of
several runs, the two libraries taking turns, with Python's cyclic garbage collector on (as a
user runs) and again with it off: micrograd's nodes hold closures that
refer back to them, reference cycles only the collector frees, and its
passes over a growing heap are part of micrograd's cost; vecgd's nodes
hold tuples of numbers, no cycles.  Before timing, both must agree on every gradient
within 1e-9 relative.  The target (issue 13): vecgd no slower than
micrograd, a ratio vecgd / micrograd of at most 1.0; the script exits 1
past it.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, List, Sequence, Tuple

import micrograd.engine

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from autodiff_graphs import MICROGRAD_OPS, Program, build, mlp_loss, random_program  # noqa: E402

from vecgd.autodiff import Value  # noqa: E402

TARGET = 1.0
Job = Callable[[Callable[[float], Any]], List[float]]


def graphs_job(programs: Sequence[Program]) -> Job:
    """Build and differentiate every program; return the gradients."""
    def job(leaf: Callable[[float], Any]) -> List[float]:
        gradients: List[float] = []
        for program in programs:
            leaves, out = build(program, leaf)
            out.backward()
            gradients += [leaf.grad for leaf in leaves]
        return gradients
    return job


def mlp_job(sizes: Sequence[int], samples: int, seed: int) -> Job:
    """One training step's graph of a relu MLP on a batch: build it, backward()."""
    rng = random.Random(seed)
    count = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    weights = [rng.uniform(-1, 1) for _ in range(count)]
    data = [([rng.uniform(-2, 2) for _ in range(sizes[0])], rng.uniform(-1, 1))
            for _ in range(samples)]

    def job(leaf: Callable[[float], Any]) -> List[float]:
        leaves, loss = mlp_loss(leaf, weights, sizes, data)
        loss.backward()
        return [w.grad for w in leaves]
    return job


def agree(a: Sequence[float], b: Sequence[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)
                                    for x, y in zip(a, b))


def timed(job: Job, repeats: int, collect: bool) -> Tuple[float, float]:
    """Return the median seconds of job with vecgd's Value and with micrograd's, taking turns."""
    ours: List[float] = []
    theirs: List[float] = []
    for _ in range(repeats):
        for leaf, times in ((Value, ours), (micrograd.engine.Value, theirs)):
            gc.collect()
            if not collect:
                gc.disable()
            try:
                start = time.process_time()
                job(leaf)
                times.append(time.process_time() - start)
            finally:
                gc.enable()
    return statistics.median(ours), statistics.median(theirs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small graphs, few repeats")
    args = parser.parse_args(argv)
    rng = random.Random(20260601)
    count, steps, samples = (20, 100, 4) if args.quick else (200, 300, 32)
    programs = [random_program(rng, MICROGRAD_OPS, inputs=8, steps=steps) for _ in range(count)]
    jobs = [(f"random graphs ({count} x {steps} ops)", graphs_job(programs)),
            (f"MLP 2-16-16-1, batch of {samples}", mlp_job([2, 16, 16, 1], samples, 7))]
    repeats = 3 if args.quick else 9
    print(f"{'workload':<34} {'gc':<4} {'vecgd s':>9} {'micrograd s':>12} {'ratio':>6}"
          "   (CPU seconds, median)")
    worst = 0.0
    for name, job in jobs:
        if not agree(job(Value), job(micrograd.engine.Value)):
            print(f"FAILED: {name}: vecgd and micrograd differ")
            return 1
        for collect in (True, False):
            ours, theirs = timed(job, repeats, collect)
            worst = max(worst, ours / theirs)
            print(f"{name:<34} {'on' if collect else 'off':<4} {ours:>9.4f} {theirs:>12.4f} "
                  f"{ours / theirs:>6.2f}")
    verdict = "met" if worst <= TARGET else "MISSED"
    print(f"target: vecgd / micrograd <= {TARGET:.2f} on every row: {verdict} "
          f"(worst {worst:.2f}; Python {sys.version.split()[0]})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
