"""Time vecgd's fit against hand-written loops doing the same job, in one process.

Usage: ``python scripts/bench.py [--quick] [--json] [--no-pypy] [--no-import]``.

The job (the issue's): fit ``y = 20x + 5`` on N points evenly spaced in
[-1, 1), ``Linear()``, ``SGD(0.1)``, theta from [0, 0], for N = 30, 100,
1,000 and 10,000, full batch, minibatches of 32 (in order) and per sample.
Every variant does what fit does in an epoch, its bookkeeping included:
the steps, then ONE evaluation of the mean squared error and the mean
gradient over all the data at the new theta (fit records both in its
history, and full batch steps on that gradient in the next epoch), plus
one evaluation before the first epoch.  The variants:

* ``vecgd``: ``vecgd.fit`` itself (its argument checks included, once per call);
* ``subclass``: ``fit`` of ``class MyLinear(Linear): pass`` with ``class
  MySGD(SGD): pass``, which must cost what ``vecgd`` costs;
* ``book``: Data Science from Scratch's style, its functions written out
  below (a gradient list per sample, ``vector_mean``, ``gradient_step``; the
  loss with chapter 14's ``sum_of_sqerrors``);
* ``plain``: the book's ``linear_gradient`` called per sample and a list
  comprehension for the update (a batch's mean gradient, and the
  bookkeeping, from the fused loop's evaluation);
* ``fused``: the fastest loop I could write: one loop per pass, sums in
  local variables, the update written out for the two parameters;
* ``calls``: the floor of a library: per step one call of the model's
  ``sample_gradient`` (or ``mean_gradient``) and one of the optimizer's
  ``update``, nothing else: what fit calls per step (fit adds its checks
  once per call, and ``optimizer.check`` and a finite test once per epoch).

Before any time is reported, every variant must end at the same theta as
fit, within 1e-9.  Times are per epoch, the median of several runs, the
variants taking turns in each run so that a slow moment hits all of them.
Then ``estimate_gradient`` against the analytic gradient of the same loss;
the accuracy of fit's running sums; and the cost of importing: whole
processes (``python -c "import vecgd"`` against ``python -c "import
statistics"``, bytecode cached, with and without site) and ``python -X
importtime``'s sums.  The speed targets (CPython's) are checked last.  When
``pypy3`` is on the PATH the script runs itself under it (``--json``) and
prints its table too.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import vecgd  # noqa: E402  (after the path: run from a checkout)
from vecgd import SGD, Linear, estimate_gradient, fit, mean_squared_error  # noqa: E402

Vector = List[float]
Variant = Callable[[List[float], List[float], int], Vector]
LR = 0.1
SIZES = (30, 100, 1000, 10000)
QUICK_SIZES = (30, 100)
MODES = ((None, "full batch"), (32, "minibatch 32"), (1, "per sample"))
TOLERANCE = 1e-9


def data(n: int) -> Tuple[List[float], List[float]]:
    """Return n points of y = 20x + 5, x evenly spaced in [-1, 1)."""
    xs = [-1.0 + 2.0 * i / n for i in range(n)]
    return xs, [20.0 * x + 5.0 for x in xs]


# === vecgd ===


def vecgd_variant(batch_size: int | None) -> Variant:
    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        result = fit(Linear(), xs, ys, [0.0, 0.0], SGD(LR), epochs=epochs, batch_size=batch_size)
        return result.theta

    return run


class MyLinear(Linear):
    """A user's trivial subclass: fit must treat it as it treats Linear."""


class MySGD(SGD):
    """A user's trivial subclass: fit must treat it as it treats SGD."""


def subclass_variant(batch_size: int | None) -> Variant:
    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        result = fit(MyLinear(), xs, ys, [0.0, 0.0], MySGD(LR), epochs=epochs,
                     batch_size=batch_size)
        return result.theta

    return run


# === The book's style: Data Science from Scratch, chapters 4 and 8, written out ===


def add(v: Vector, w: Vector) -> Vector:
    assert len(v) == len(w), "vectors must be the same length"
    return [v_i + w_i for v_i, w_i in zip(v, w)]


def scalar_multiply(c: float, v: Vector) -> Vector:
    return [c * v_i for v_i in v]


def vector_sum(vectors: List[Vector]) -> Vector:
    assert vectors, "no vectors provided!"
    num_elements = len(vectors[0])
    assert all(len(v) == num_elements for v in vectors), "different sizes!"
    return [sum(vector[i] for vector in vectors) for i in range(num_elements)]


def vector_mean(vectors: List[Vector]) -> Vector:
    n = len(vectors)
    return scalar_multiply(1 / n, vector_sum(vectors))


def magnitude(v: Vector) -> float:
    return math.sqrt(sum(v_i * v_i for v_i in v))


def gradient_step(v: Vector, gradient: Vector, step_size: float) -> Vector:
    assert len(v) == len(gradient)
    step = scalar_multiply(step_size, gradient)
    return add(v, step)


def linear_gradient(x: float, y: float, theta: Vector) -> Vector:
    slope, intercept = theta
    predicted = slope * x + intercept
    error = predicted - y
    return [2 * error * x, 2 * error]


def minibatches(dataset: List[Any], batch_size: int) -> List[List[Any]]:
    return [dataset[start : start + batch_size] for start in range(0, len(dataset), batch_size)]


def predict(alpha: float, beta: float, x_i: float) -> float:  # chapter 14
    return beta * x_i + alpha


def error(alpha: float, beta: float, x_i: float, y_i: float) -> float:
    return predict(alpha, beta, x_i) - y_i


def sum_of_sqerrors(alpha: float, beta: float, x: Vector, y: Vector) -> float:
    return sum(error(alpha, beta, x_i, y_i) ** 2 for x_i, y_i in zip(x, y))


def book_evaluate(xs: Vector, ys: Vector, theta: Vector) -> Tuple[Vector, float]:
    """The bookkeeping, book-style: the mean gradient and the mean squared error."""
    gradient = vector_mean([linear_gradient(x, y, theta) for x, y in zip(xs, ys)])
    slope, intercept = theta
    return gradient, sum_of_sqerrors(intercept, slope, xs, ys) / len(xs)


def book_variant(batch_size: int | None) -> Variant:
    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        pairs = list(zip(xs, ys))
        theta = [0.0, 0.0]
        history = []
        gradient, loss = book_evaluate(xs, ys, theta)
        for epoch in range(epochs):
            if batch_size is None:
                theta = gradient_step(theta, gradient, -LR)
            elif batch_size == 1:
                for x, y in pairs:
                    theta = gradient_step(theta, linear_gradient(x, y, theta), -LR)
            else:
                for batch in minibatches(pairs, batch_size):
                    batch_gradient = vector_mean([linear_gradient(x, y, theta) for x, y in batch])
                    theta = gradient_step(theta, batch_gradient, -LR)
            gradient, loss = book_evaluate(xs, ys, theta)
            history.append((epoch, loss, LR, magnitude(gradient)))
        return theta

    return run


# === Plain: the book's linear_gradient and a list comprehension per step ===


def plain_variant(batch_size: int | None) -> Variant:
    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        pairs = list(zip(xs, ys))
        theta = [0.0, 0.0]
        history = []
        g_slope, g_intercept, loss = fused_evaluate(xs, ys, *theta)
        for epoch in range(epochs):
            if batch_size is None:
                theta = [t - LR * g for t, g in zip(theta, (g_slope, g_intercept))]
            elif batch_size == 1:
                for x, y in pairs:
                    theta = [t - LR * g for t, g in zip(theta, linear_gradient(x, y, theta))]
            else:
                for start in range(0, len(xs), batch_size):
                    stop = start + batch_size
                    gradient = fused_evaluate(xs[start:stop], ys[start:stop], *theta)[:2]
                    theta = [t - LR * g for t, g in zip(theta, gradient)]
            g_slope, g_intercept, loss = fused_evaluate(xs, ys, *theta)
            history.append((epoch, loss, LR, math.hypot(g_slope, g_intercept)))
        return theta

    return run


# === Fused: the practical limit of CPython ===


def fused_evaluate(
    xs: Sequence[float], ys: Sequence[float], slope: float, intercept: float
) -> Tuple[float, float, float]:
    """Return (mean of 2*error*x, mean of 2*error, mean of error**2) in one loop."""
    sum_e = sum_ex = sum_ee = 0.0
    for x, y in zip(xs, ys):
        error = slope * x + intercept - y
        sum_e += error
        sum_ex += error * x
        sum_ee += error * error
    n = len(xs)
    return 2 * sum_ex / n, 2 * sum_e / n, sum_ee / n


def fused_variant(batch_size: int | None) -> Variant:
    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        slope = intercept = 0.0
        scale = 2 * LR
        history = []
        g_slope, g_intercept, loss = fused_evaluate(xs, ys, slope, intercept)
        for epoch in range(epochs):
            if batch_size is None:
                slope -= LR * g_slope
                intercept -= LR * g_intercept
            elif batch_size == 1:
                for x, y in zip(xs, ys):
                    step = scale * (slope * x + intercept - y)
                    slope -= step * x
                    intercept -= step
            else:
                for start in range(0, len(xs), batch_size):
                    batch_xs = xs[start : start + batch_size]
                    sum_e = sum_ex = 0.0
                    for x, y in zip(batch_xs, ys[start : start + batch_size]):
                        error = slope * x + intercept - y
                        sum_e += error
                        sum_ex += error * x
                    step = scale / len(batch_xs)
                    slope -= step * sum_ex
                    intercept -= step * sum_e
            g_slope, g_intercept, loss = fused_evaluate(xs, ys, slope, intercept)
            history.append((epoch, loss, LR, math.hypot(g_slope, g_intercept)))
        return [slope, intercept]

    return run


# === Calls: the floor of a library loop ===


def calls_variant(batch_size: int | None) -> Variant:
    """One model call and one optimizer call per step, nothing else (no checks, no finite test)."""

    def run(xs: List[float], ys: List[float], epochs: int) -> Vector:
        model, optimizer = Linear(), SGD(LR)
        update = optimizer.update  # the maths without step's checks: what fit calls
        mean_gradient = model.mean_gradient  # without batch_gradient's checks
        theta = [0.0, 0.0]
        history = []
        gradient, loss = mean_gradient(theta, xs, ys)
        for epoch in range(epochs):
            if batch_size is None:
                theta = update(theta, gradient)
            elif batch_size == 1:
                sample_gradient = model.sample_gradient
                for x, y in zip(xs, ys):
                    theta = update(theta, sample_gradient(theta, x, y))
            else:
                for start in range(0, len(xs), batch_size):
                    stop = start + batch_size
                    theta = update(theta, mean_gradient(theta, xs[start:stop], ys[start:stop])[0])
            gradient, loss = mean_gradient(theta, xs, ys)
            history.append((epoch, loss, LR, math.hypot(*gradient)))
        return theta

    return run


VARIANTS = (
    ("vecgd", vecgd_variant),
    ("subclass", subclass_variant),
    ("book", book_variant),
    ("plain", plain_variant),
    ("fused", fused_variant),
    ("calls", calls_variant),
)


# The ratios reported beside the times: fit over each loop, and the subclass over fit.
RATIOS = (("vecgd", "fused"), ("vecgd", "plain"), ("vecgd", "calls"), ("book", "vecgd"),
          ("subclass", "vecgd"))


def epochs_for(n: int, quick: bool) -> int:
    """Enough epochs that a run of fit is mostly epochs, not its one-off checks."""
    return max(2, 2_000 // n) if quick else max(20, 50_000 // n)


def check(n: int, epochs: int) -> None:
    """Raise AssertionError unless every variant ends at fit's theta, within 1e-9, in every mode."""
    xs, ys = data(n)
    for batch_size, label in MODES:
        thetas = {name: make(batch_size)(xs, ys, epochs) for name, make in VARIANTS}
        for name, theta in thetas.items():
            gap = max(abs(a - b) for a, b in zip(theta, thetas["vecgd"]))
            if not gap <= TOLERANCE:
                raise AssertionError(
                    f"N={n}, {label}: {name} ends at {theta}, vecgd at {thetas['vecgd']} "
                    f"(differ by {gap:.3g} > {TOLERANCE})"
                )


def seconds(run: Callable[..., Any], *args: Any) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


def time_fit(sizes: Sequence[int], repeats: int, quick: bool) -> List[Dict[str, Any]]:
    """Return one row per (N, mode): median seconds per epoch of each variant."""
    rows = []
    for n in sizes:
        xs, ys = data(n)
        epochs = epochs_for(n, quick)
        for batch_size, label in MODES:
            runs = [(name, make(batch_size)) for name, make in VARIANTS]
            for _, run in runs:  # warm up (PyPy's JIT compiles here)
                run(xs, ys, epochs)
            times: Dict[str, List[float]] = {name: [] for name, _ in runs}
            for _ in range(repeats):  # take turns, so a slow moment hits every variant
                for name, run in runs:
                    times[name].append(seconds(run, xs, ys, epochs) / epochs)
            row: Dict[str, Any] = {"n": n, "mode": label, "epochs": epochs}
            row.update({name: statistics.median(t) for name, t in times.items()})
            rows.append(row)
    return rows


# === Numeric gradients against the analytic one ===


def time_gradients(sizes: Sequence[int], repeats: int) -> List[Dict[str, Any]]:
    """Return one row per N: seconds per gradient, analytic and estimated, and the errors."""
    return [gradient_row(n, repeats) for n in sizes]


def gradient_row(n: int, repeats: int) -> Dict[str, Any]:
    xs, ys = data(n)
    theta = [1.0, 1.0]

    def loss(t: Sequence[Any]) -> Any:  # operators only: complex-step friendly
        slope, intercept = t
        total = 0.0
        for x, y in zip(xs, ys):
            error = slope * x + intercept - y
            total += error * error
        return total / n

    def analytic() -> Vector:
        return Linear().batch_gradient(theta, xs, ys)[0]

    def estimate(method: str) -> Callable[[], Vector]:
        return lambda: estimate_gradient(loss, theta, method=method)

    exact = analytic()
    calls = {"analytic": analytic}
    calls.update({method: estimate(method) for method in ("forward", "central", "complex")})
    row: Dict[str, Any] = {"n": n}
    for name, call in calls.items():
        call()
        row[name] = statistics.median(seconds(call) for _ in range(repeats))
        error = max(abs(a - b) for a, b in zip(call(), exact))
        row[f"{name} error"] = error / max(abs(g) for g in exact)
    return row


# === Accuracy of fit's running sums (Linear.batch_gradient keeps no fsum) ===


def accuracy(n: int) -> List[Dict[str, Any]]:
    """Return the relative errors of fit's sums and of fsum's, against exact fractions.

    Data: the bench's line at theta = [1, 1], and an adversarial one whose
    errors at theta = [0, 0] are 1e16, 1, -1e16, 1, ...: a running sum loses
    the 1s, fsum keeps them.  Errors are relative, the worse coordinate's.
    """
    from fractions import Fraction

    xs, ys = data(n)
    bumps = [(1e16, 1.0, -1e16, 1.0)[i % 4] for i in range(n)]  # at theta = 0, errors = bumps
    rows = []
    model = Linear()
    for label, theta, targets in (
        ("y = 20x + 5", [1.0, 1.0], ys),
        ("adversarial", [0.0, 0.0], [-b for b in bumps]),
    ):
        slope, intercept = Fraction(theta[0]), Fraction(theta[1])
        errors = [slope * Fraction(x) + intercept - Fraction(y) for x, y in zip(xs, targets)]
        zero = Fraction(0)
        exact = [2 * sum((e * Fraction(x) for e, x in zip(errors, xs)), zero) / n,
                 2 * sum(errors, zero) / n]
        exact_loss = sum((e * e for e in errors), zero) / n
        running, running_loss = model.batch_gradient(theta, xs, targets)
        per_sample = [model.gradient(theta, x, y) for x, y in zip(xs, targets)]
        fsummed = [math.fsum(column) / n for column in zip(*per_sample)]
        fsum_loss = mean_squared_error([model.predict(theta, x) for x in xs], targets)
        for method, gradient, loss in (
            ("running sums (fit)", running, running_loss),
            ("math.fsum", fsummed, fsum_loss),
        ):
            rows.append({
                "data": label,
                "sums": method,
                "gradient": max(float(abs(Fraction(g) / e - 1)) for g, e in zip(gradient, exact)),
                "loss": float(abs(Fraction(loss) - exact_loss) / exact_loss),
            })
    return rows


# === Import cost ===


def import_ms(statement: str, runs: int, no_site: bool, cache: str) -> float:
    """Return the median milliseconds of statement's imports, from -X importtime.

    Sums the cumulative column of the top-level imports that a bare
    interpreter does not make.  Bytecode is cached (in a private folder, as
    an installed package has its .pyc files); the first run fills the cache.
    """
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    flags = ["-S"] if no_site else []
    command = [sys.executable, *flags, "-X", f"pycache_prefix={cache}", "-X", "importtime"]

    def top_level(code: str) -> Dict[str, int]:
        out = subprocess.run(
            command + ["-c", code], env=env, capture_output=True, text=True, check=True
        ).stderr
        found = {}
        for line in out.splitlines():
            if line.startswith("import time:") and "|" in line:
                _, cumulative, name = line[len("import time:") :].split("|")
                if not name.startswith("  ") and cumulative.strip().isdigit():
                    found[name.strip()] = int(cumulative)
        return found

    startup = set(top_level("pass"))
    top_level(statement)  # fill the bytecode cache
    totals = []
    for _ in range(runs):
        found = top_level(statement)
        totals.append(sum(us for name, us in found.items() if name not in startup) / 1000)
    return statistics.median(totals)


IMPORTS = (
    ("import statistics", "import statistics"),
    ("import vecgd", "import vecgd"),
    ("import vecgd; fit, Linear, SGD", "from vecgd import fit, Linear, SGD"),
)


def process_ms(statements: Sequence[str], runs: int, no_site: bool, cache: str) -> List[float]:
    """Return the median wall-clock milliseconds of ``python -c statement``, whole processes.

    The statements take turns in each run (a slow moment hits them all);
    bytecode is cached in a private folder, filled by a first run of each.
    """
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    flags = ["-S"] if no_site else []
    commands = [[sys.executable, *flags, "-X", f"pycache_prefix={cache}", "-c", statement]
                for statement in statements]
    for command in commands:  # fill the bytecode cache
        subprocess.run(command, env=env, check=True)
    times: List[List[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, spent in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True)
            spent.append((time.perf_counter() - start) * 1000)
    return [statistics.median(spent) for spent in times]


def time_imports(runs: int) -> List[Dict[str, Any]]:
    """Return one row per import: whole processes and -X importtime sums, with and without site."""
    rows: List[Dict[str, Any]] = [{"import": label} for label, _ in IMPORTS]
    statements = [statement for _, statement in IMPORTS]
    with tempfile.TemporaryDirectory() as cache:
        for no_site, key in ((False, "site"), (True, "no site (-S)")):
            wall = process_ms(["pass", *statements], 3 * runs, no_site, cache)
            for row, ms, statement in zip(rows, wall[1:], statements):
                row[f"process, {key}"] = ms
                row[f"process - bare, {key}"] = ms - wall[0]
                row[f"importtime, {key}"] = import_ms(statement, runs, no_site, cache)
    return rows


# === The speed targets (docs/performance.md), for CPython ===


def fit_row(rows: Sequence[Dict[str, Any]], n: int, mode: str) -> Dict[str, Any] | None:
    """Return the timing row of (n, mode), or None when this run did not time it."""
    return next((r for r in rows if r["n"] == n and r["mode"] == mode), None)


def targets(results: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Return each speed target that this run measured: its ratio, limit and verdict."""
    found = []
    for n, mode, over, limit in ((1000, "full batch", "fused", 1.15),
                                 (30, "full batch", "fused", 1.8),
                                 (1000, "per sample", "plain", 1.3)):
        row = fit_row(results["fit"], n, mode)
        if row is not None and over in row:
            found.append({"target": f"fit / {over}, {mode}, N = {n:,}",
                          "ratio": row["vecgd"] / row[over], "limit": limit})
    for n, mode in ((1000, "full batch"), (1000, "per sample"), (30, "full batch")):
        row = fit_row(results["fit"], n, mode)
        if row is not None and "subclass" in row:
            found.append({"target": f"MyLinear + MySGD / Linear + SGD, {mode}, N = {n:,}",
                          "ratio": row["subclass"] / row["vecgd"], "limit": 1.05})
    rows = {row["import"]: row for row in results.get("import", [])}
    if rows:
        for key in ("site", "no site (-S)"):
            found.append({"target": f"python -c 'import vecgd' / 'import statistics', {key}",
                          "ratio": rows["import vecgd"][f"process, {key}"]
                          / rows["import statistics"][f"process, {key}"],
                          "limit": 1.6})
    for target in found:
        target["holds"] = target["ratio"] <= target["limit"]
    return found


# === Report ===


def machine() -> Dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = (line.split(":", 1)[1] for line in info if line.startswith("model name"))
            cpu = next(names).strip()
    except (OSError, StopIteration):
        pass
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cores": os.cpu_count(),
        "cpu": cpu,
        "vecgd": vecgd.__version__,
    }


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}" if seconds >= 1e-4 else f"{seconds * 1e6:,.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths)) + " |")
    return "\n".join(lines)


def report(results: Dict[str, Any]) -> str:
    m = results["machine"]
    parts = [f"{m['python']}, {m['cores']} cores, {m['cpu']}", ""]
    names = [name for name, _ in VARIANTS if name in results["fit"][0]]
    ratios = [(a, b) for a, b in RATIOS if a in names and b in names]
    parts.append(table(
        ["N", "mode", *(f"{name} us/epoch" if name == "vecgd" else name for name in names),
         *(f"{a}/{b}" for a, b in ratios)],
        [[f"{r['n']:,}", r["mode"], *(us(r[name]) for name in names),
          *(f"{r[a] / r[b]:.2f}" for a, b in ratios)]
         for r in results["fit"]],
    ))
    parts.append("")
    methods = ("analytic", "forward", "central", "complex")
    parts.append(table(
        ["N", *(f"{m} us" for m in methods), *(f"{m} rel. error" for m in methods[1:])],
        [[f"{r['n']:,}", *(us(r[m]) for m in methods),
          *(f"{r[m + ' error']:.1e}" for m in methods[1:])] for r in results["gradients"]],
    ))
    parts.append("")
    parts.append(table(
        [f"N = {results['fit'][-1]['n']:,}: relative error", "sums", "gradient", "loss"],
        [[r["data"], r["sums"], f"{r['gradient']:.1e}", f"{r['loss']:.1e}"]
         for r in results["accuracy"]],
    ))
    if results.get("import"):
        parts.append("")
        keys = ("site", "no site (-S)")
        parts.append(table(
            ["import (ms, median)", *(f"process, {k}" for k in keys),
             *(f"process - bare, {k}" for k in keys), *(f"importtime, {k}" for k in keys)],
            [[r["import"], *(f"{r[f'process, {k}']:.1f}" for k in keys),
              *(f"{r[f'process - bare, {k}']:.1f}" for k in keys),
              *(f"{r[f'importtime, {k}']:.1f}" for k in keys)] for r in results["import"]],
        ))
    if results.get("targets"):
        parts.append("")
        parts.append(table(
            ["target (docs/performance.md)", "ratio", "at most", "holds"],
            [[t["target"], f"{t['ratio']:.2f}", f"{t['limit']:.2f}", "yes" if t["holds"] else "NO"]
             for t in results["targets"]],
        ))
    return "\n".join(parts)


def run_pypy(quick: bool) -> Dict[str, Any] | None:
    pypy = shutil.which("pypy3")
    if pypy is None:
        return None
    command = [pypy, os.path.abspath(__file__), "--json", "--no-pypy", "--no-import"]
    done = subprocess.run(command + (["--quick"] if quick else []),
                          capture_output=True, text=True, check=True)
    result: Dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N, few repeats (for the tests)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--no-pypy", action="store_true", help="do not re-run under pypy3")
    parser.add_argument("--no-import", action="store_true", help="skip the import timings")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    repeats = 2 if args.quick else 7
    for n in sizes:
        check(n, epochs_for(n, args.quick))
    results: Dict[str, Any] = {
        "machine": machine(),
        "fit": time_fit(sizes, repeats, args.quick),
        "gradients": time_gradients(sizes, repeats),
        "accuracy": accuracy(sizes[-1]),
        "import": [] if args.no_import else time_imports(2 if args.quick else 7),
    }
    # The targets are CPython's: under PyPy the same ratios say something else.
    cpython = platform.python_implementation() == "CPython"
    results["targets"] = targets(results) if cpython else []
    if not args.no_pypy:
        results["pypy"] = run_pypy(args.quick)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(report(results))
    pypy = results.get("pypy")
    if pypy:
        print("\n" + report(pypy))
        print("\nfull-batch fit, CPython time / PyPy time:")
        for mine, theirs in zip(results["fit"], pypy["fit"]):
            if mine["mode"] == "full batch":
                print(f"  N = {mine['n']:>6,}: {mine['vecgd'] / theirs['vecgd']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
