"""The objectives the step-size parity scripts and tests share (standard library only).

``rosenbrock`` and ``logistic`` return ``(value, gradient)``, as
``torch.optim.LBFGS``'s closure and vecgd's ``LBFGS`` take them; the line
searches take ``value`` and ``gradient`` apart (``scripts/parity_scipy.py``).
The logistic data are seeded (``random.Random(7)``): 30 rows of two features
and a column of ones.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import List, Tuple

Vector = List[float]


def rosenbrock(x: Sequence[float]) -> Tuple[float, Vector]:
    """Return Rosenbrock's function of len(x) variables and its gradient."""
    n = len(x)
    g = [0.0] * n
    f = 0.0
    for i in range(n - 1):
        f += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
        g[i] += -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i])
        g[i + 1] += 200 * (x[i + 1] - x[i] ** 2)
    return f, g


def _logistic_data() -> Tuple[List[Vector], List[float]]:
    rng = random.Random(7)
    rows = [[rng.gauss(0, 1), rng.gauss(0, 2), 1.0] for _ in range(30)]
    labels = [1.0 if r[0] - 0.5 * r[1] + rng.gauss(0, 1) > 0 else 0.0 for r in rows]
    return rows, labels


ROWS, LABELS = _logistic_data()


def logistic(w: Sequence[float]) -> Tuple[float, Vector]:
    """Return the mean log loss of the logit w . row on (ROWS, LABELS), and its gradient."""
    total, g = 0.0, [0.0] * len(w)
    for row, y in zip(ROWS, LABELS):
        z = sum(wi * xi for wi, xi in zip(w, row))
        total += math.log1p(math.exp(-abs(z))) + max(z, 0.0) - y * z
        p = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
        for i, xi in enumerate(row):
            g[i] += (p - y) * xi / len(ROWS)
    return total / len(ROWS), g
