"""Reproduce the book's chapter 16 (logistic regression) with vecgd, on the book's own data.

Data Science from Scratch (2nd edition), chapter 16: 200 users, each with
years of experience, a salary and whether they paid for an account.  The
data below are the book's ``tuples``, from its public repository
(joelgrus/data-science-from-scratch, scratch/logistic_regression.py, at
commit d5d0f117f41b3ccab3b07f1ee1fa21cfcf69afa1).

What the chapter does, and what is compared:

* It first fits a line to the 0/1 labels by minibatch descent and prints
  ``beta = [0.26, 0.43, -0.43]``.  That fit starts from ``random.random()``
  drawn before any ``random.seed``: its start cannot be reproduced, so this
  script compares the book's numbers with the exact least-squares answer
  (``vecgd.least_squares``) that the descent approaches.
* Then, after ``random.seed(0)``, it splits the rescaled data (features to
  mean 0 and sample standard deviation 1) into 67% training and 33% test
  data, draws a random start, and takes 5000 full-batch steps of 0.01 on the
  SUMMED negative log-likelihood.  All of that is reproducible:
  ``random.Random(0)`` draws the same numbers as ``random.seed(0)``.  vecgd
  fits the same start with ``fit(MultipleLinear(), ..., SGD(0.01 * n),
  epochs=5000, loss=LogLoss())`` (the mean log loss, so the lr is n times
  the book's), and the script prints the book's ``beta_unscaled = [8.9,
  1.6, -0.000288]`` and its precision 0.75 and recall 0.8 on the test data
  beside vecgd's, and beside Newton's exact optimum
  (``vecgd.logistic_optimum``) of the same training data.

vecgd's theta lists the weights first and the intercept last; the book's
beta starts with the intercept.  Run ``python scripts/book_ch16.py``
(``--csv PATH`` also writes the data as a CSV file, for ``vecgd fit --loss
log``).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a clone, nothing installed

from vecgd import (  # noqa: E402
    SGD,
    LogLoss,
    MultipleLinear,
    Vector,
    fit,
    least_squares,
    logistic_optimum,
    predict_probability,
)

# (years of experience, salary, paid account): the book's tuples.
DATA: List[Tuple[float, float, int]] = [
    (0.7, 48000, 1), (1.9, 48000, 0), (2.5, 60000, 1), (4.2, 63000, 0), (6, 76000, 0),
    (6.5, 69000, 0), (7.5, 76000, 0), (8.1, 88000, 0), (8.7, 83000, 1), (10, 83000, 1),
    (0.8, 43000, 0), (1.8, 60000, 0), (10, 79000, 1), (6.1, 76000, 0), (1.4, 50000, 0),
    (9.1, 92000, 0), (5.8, 75000, 0), (5.2, 69000, 0), (1, 56000, 0), (6, 67000, 0),
    (4.9, 74000, 0), (6.4, 63000, 1), (6.2, 82000, 0), (3.3, 58000, 0), (9.3, 90000, 1),
    (5.5, 57000, 1), (9.1, 102000, 0), (2.4, 54000, 0), (8.2, 65000, 1), (5.3, 82000, 0),
    (9.8, 107000, 0), (1.8, 64000, 0), (0.6, 46000, 1), (0.8, 48000, 0), (8.6, 84000, 1),
    (0.6, 45000, 0), (0.5, 30000, 1), (7.3, 89000, 0), (2.5, 48000, 1), (5.6, 76000, 0),
    (7.4, 77000, 0), (2.7, 56000, 0), (0.7, 48000, 0), (1.2, 42000, 0), (0.2, 32000, 1),
    (4.7, 56000, 1), (2.8, 44000, 1), (7.6, 78000, 0), (1.1, 63000, 0), (8, 79000, 1),
    (2.7, 56000, 0), (6, 52000, 1), (4.6, 56000, 0), (2.5, 51000, 0), (5.7, 71000, 0),
    (2.9, 65000, 0), (1.1, 33000, 1), (3, 62000, 0), (4, 71000, 0), (2.4, 61000, 0),
    (7.5, 75000, 0), (9.7, 81000, 1), (3.2, 62000, 0), (7.9, 88000, 0), (4.7, 44000, 1),
    (2.5, 55000, 0), (1.6, 41000, 0), (6.7, 64000, 1), (6.9, 66000, 1), (7.9, 78000, 1),
    (8.1, 102000, 0), (5.3, 48000, 1), (8.5, 66000, 1), (0.2, 56000, 0), (6, 69000, 0),
    (7.5, 77000, 0), (8, 86000, 0), (4.4, 68000, 0), (4.9, 75000, 0), (1.5, 60000, 0),
    (2.2, 50000, 0), (3.4, 49000, 1), (4.2, 70000, 0), (7.7, 98000, 0), (8.2, 85000, 0),
    (5.4, 88000, 0), (0.1, 46000, 0), (1.5, 37000, 0), (6.3, 86000, 0), (3.7, 57000, 0),
    (8.4, 85000, 0), (2, 42000, 0), (5.8, 69000, 1), (2.7, 64000, 0), (3.1, 63000, 0),
    (1.9, 48000, 0), (10, 72000, 1), (0.2, 45000, 0), (8.6, 95000, 0), (1.5, 64000, 0),
    (9.8, 95000, 0), (5.3, 65000, 0), (7.5, 80000, 0), (9.9, 91000, 0), (9.7, 50000, 1),
    (2.8, 68000, 0), (3.6, 58000, 0), (3.9, 74000, 0), (4.4, 76000, 0), (2.5, 49000, 0),
    (7.2, 81000, 0), (5.2, 60000, 1), (2.4, 62000, 0), (8.9, 94000, 0), (2.4, 63000, 0),
    (6.8, 69000, 1), (6.5, 77000, 0), (7, 86000, 0), (9.4, 94000, 0), (7.8, 72000, 1),
    (0.2, 53000, 0), (10, 97000, 0), (5.5, 65000, 0), (7.7, 71000, 1), (8.1, 66000, 1),
    (9.8, 91000, 0), (8, 84000, 0), (2.7, 55000, 0), (2.8, 62000, 0), (9.4, 79000, 0),
    (2.5, 57000, 0), (7.4, 70000, 1), (2.1, 47000, 0), (5.3, 62000, 1), (6.3, 79000, 0),
    (6.8, 58000, 1), (5.7, 80000, 0), (2.2, 61000, 0), (4.8, 62000, 0), (3.7, 64000, 0),
    (4.1, 85000, 0), (2.3, 51000, 0), (3.5, 58000, 0), (0.9, 43000, 0), (0.9, 54000, 0),
    (4.5, 74000, 0), (6.5, 55000, 1), (4.1, 41000, 1), (7.1, 73000, 0), (1.1, 66000, 0),
    (9.1, 81000, 1), (8, 69000, 1), (7.3, 72000, 1), (3.3, 50000, 0), (3.9, 58000, 0),
    (2.6, 49000, 0), (1.6, 78000, 0), (0.7, 56000, 0), (2.1, 36000, 1), (7.5, 90000, 0),
    (4.8, 59000, 1), (8.9, 95000, 0), (6.2, 72000, 0), (6.3, 63000, 0), (9.1, 100000, 0),
    (7.3, 61000, 1), (5.6, 74000, 0), (0.5, 66000, 0), (1.1, 59000, 0), (5.1, 61000, 0),
    (6.2, 70000, 0), (6.6, 56000, 1), (6.3, 76000, 0), (6.5, 78000, 0), (5.1, 59000, 0),
    (9.5, 74000, 1), (4.5, 64000, 0), (2, 54000, 0), (1, 52000, 0), (4, 69000, 0),
    (6.5, 76000, 0), (3, 60000, 0), (4.5, 63000, 0), (7.8, 70000, 0), (3.9, 60000, 1),
    (0.8, 51000, 0), (4.2, 78000, 0), (1.1, 54000, 0), (6.2, 60000, 0), (2.9, 59000, 0),
    (2.1, 52000, 0), (8.2, 87000, 0), (4.8, 73000, 0), (2.2, 42000, 1), (9.1, 98000, 0),
    (6.5, 84000, 0), (6.9, 73000, 0), (5.1, 72000, 0), (9.1, 69000, 1), (9.8, 79000, 1),
]

# The book's printed numbers (its comments and asserts).
BOOK_LINEAR_BETA = [0.26, 0.43, -0.43]  # [intercept, experience, salary], rescaled
BOOK_BETA_UNSCALED = [8.9, 1.6, -0.000288]  # [intercept, experience, salary]
BOOK_PRECISION, BOOK_RECALL = 0.75, 0.8
LEARNING_RATE, EPOCHS, TEST_PCT = 0.01, 5000, 0.33


def scale(rows: List[List[float]]) -> Tuple[Vector, Vector]:
    """Return each column's mean and sample standard deviation, in the book's arithmetic."""
    columns = list(zip(*rows))
    means = [sum(c) / len(c) for c in columns]
    stdevs = []
    for column, mean in zip(columns, means):
        deviations = [x - mean for x in column]
        stdevs.append(math.sqrt(sum(d * d for d in deviations) / (len(column) - 1)))
    return means, stdevs


def rescale(rows: List[List[float]]) -> List[List[float]]:
    """Return the rows with each column to mean 0 and sample standard deviation 1."""
    means, stdevs = scale(rows)
    return [[(x - m) / s for x, m, s in zip(row, means, stdevs)] for row in rows]


def split(n: int, rng: random.Random) -> Tuple[List[int], List[int]]:
    """Return (train, test) indices as the book's ``train_test_split(..., 0.33)`` cuts them."""
    indices = list(range(n))
    rng.shuffle(indices)
    cut = int(n * (1 - TEST_PCT))
    return indices[:cut], indices[cut:]


def chapter() -> dict:
    """Run the chapter's computations with vecgd; return every number the script prints."""
    features = [[float(e), float(s)] for e, s, _ in DATA]
    labels = [paid for _, _, paid in DATA]
    scaled = rescale(features)
    model = MultipleLinear()
    linear = least_squares(model, scaled, [float(y) for y in labels])
    rng = random.Random(0)  # the book's random.seed(0)
    train, test = split(len(DATA), rng)
    start = [rng.random() for _ in range(3)]  # the book's beta: [intercept, w_1, w_2]
    x_train, y_train = [scaled[i] for i in train], [labels[i] for i in train]
    result = fit(model, x_train, y_train, [start[1], start[2], start[0]],
                 SGD(LEARNING_RATE * len(train)), epochs=EPOCHS, loss=LogLoss())
    exact = logistic_optimum(model, x_train, y_train)
    means, stdevs = scale(features)
    scores = {}
    for name, theta in (("vecgd", result.theta), ("newton", exact)):
        w1, w2, b = theta
        unscaled = [b - w1 * means[0] / stdevs[0] - w2 * means[1] / stdevs[1],
                    w1 / stdevs[0], w2 / stdevs[1]]
        tp = fp = fn = 0
        for i in test:
            paid = predict_probability(model, theta, scaled[i]) >= 0.5
            tp += labels[i] == 1 and paid
            fn += labels[i] == 1 and not paid
            fp += labels[i] == 0 and paid
        scores[name] = {"unscaled": unscaled, "precision": tp / (tp + fp),
                        "recall": tp / (tp + fn)}
    return {"linear": [linear[2], linear[0], linear[1]], "train": len(train),
            "test": len(test), "loss": result.loss, **scores}


def write_csv(path: str) -> None:
    """Write the book's data as a CSV file: experience, salary, paid."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["experience", "salary", "paid"])
        writer.writerows(DATA)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", metavar="PATH", help="also write the data to PATH")
    args = parser.parse_args(argv)
    if args.csv:
        write_csv(args.csv)
    numbers = chapter()
    print("Chapter 16, logistic regression: the book's numbers beside vecgd's")
    print()
    print("linear regression on the rescaled data (the book's start is lost: "
          "least squares instead)")
    print(f"  book   {BOOK_LINEAR_BETA}")
    print(f"  vecgd  {[round(b, 3) for b in numbers['linear']]}  (least_squares; the book's "
          "1000 epochs stop short of it in the second decimal)")
    print()
    print(f"logistic regression: {numbers['train']} training rows, {numbers['test']} test rows, "
          f"{EPOCHS} full-batch epochs")
    vecgd_, newton = numbers["vecgd"], numbers["newton"]
    print(f"  beta_unscaled  book    {BOOK_BETA_UNSCALED}")
    print(f"                 vecgd   {shown(vecgd_['unscaled'])}  (fit, LogLoss)")
    print(f"                 Newton  {shown(newton['unscaled'])}  (logistic_optimum)")
    print(f"  precision      book {BOOK_PRECISION}  vecgd {vecgd_['precision']}  "
          f"Newton {newton['precision']}")
    print(f"  recall         book {BOOK_RECALL}  vecgd {vecgd_['recall']}  "
          f"Newton {newton['recall']}")
    return 0


def shown(beta: List[float]) -> List[float]:
    """Round as the book prints: two figures for the intercept and experience, three for salary."""
    return [round(beta[0], 1), round(beta[1], 1), float(f"{beta[2]:.3g}")]


if __name__ == "__main__":
    raise SystemExit(main())
