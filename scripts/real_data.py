"""Fit every feature of the real data sets that ship with vecgd, with the command line's defaults.

Usage: ``python scripts/real_data.py [--json]``.

For each data set (vecgd/examples/, sources in vecgd/examples/README.md):
the book's chapter 15 data (``daily_minutes``), Efron et al.'s diabetes
data (442 rows, 10 features) and the UCI wine data (178 rows; alcohol
fitted on the other 12 measurements), this runs ``vecgd fit --example NAME
--model multi --features ... --y Y --json`` in this process, with nothing
but the data named, and prints: rows and features, the condition number of
the least-squares Hessian ``2/n X^T X`` before and after standardizing, the
default fit's relative distance to the least-squares theta (Euclidean), the
epochs it took against the heavy ball's and plain descent's predictions, its
time (the median of three whole commands: reading the file, least squares,
the eigenvalues and the fit), and the verdict.  It exits 1 unless every fit
converged (within 1e-6) in under 5 seconds.  docs/cli.md quotes its table.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

# Run as `python scripts/real_data.py`, the folder on sys.path is scripts/.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from vecgd.cli import main  # noqa: E402

TARGET_SECONDS = 5.0
WINE = ["malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315",
        "proline"]
DATA_SETS: List[Tuple[str, List[str], str]] = [
    ("daily_minutes", ["friends", "work_hours", "phd"], "daily_minutes"),
    ("diabetes", ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"], "y"),
    ("wine", WINE, "alcohol"),
]


def command(name: str, features: List[str], y: str) -> List[str]:
    """Return the argv of the default fit of every feature of a data set."""
    return ["fit", "--example", name, "--model", "multi", "--features", ",".join(features),
            "--y", y]


def measure(name: str, features: List[str], y: str) -> Dict[str, Any]:
    """Run the default fit three times; return its report, exit status and median time."""
    argv = [*command(name, features, y), "--json"]
    times, report, status = [], {}, 0
    for _ in range(3):
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        times.append(time.perf_counter() - start)
        report = json.loads(out.getvalue())
    verdict = "converged" if status == 0 else f"exit {status}: {err.getvalue().strip()}"
    return {"name": name, "rows": report["rows"], "features": len(features),
            "kappa_data": report["condition_number"]["data"],
            "kappa_scaled": report["condition_number"]["scaled"],
            "distance": report["distance"], "epochs": report["epochs"],
            "predicted": report["predicted_epochs"], "seconds": statistics.median(times),
            "status": status, "verdict": verdict,
            "command": "python -m vecgd " + " ".join(command(name, features, y))}


def main_script(argv: List[str]) -> int:
    rows = [measure(*data_set) for data_set in DATA_SETS]
    if "--json" in argv:
        print(json.dumps(rows, indent=1))
    else:
        print("data set       rows  features  kappa as given  kappa scaled  distance  epochs"
              "  (heavy ball, plain)  seconds  verdict")
        for r in rows:
            p = r["predicted"]
            predicted = f"({p['this_optimizer']}, {p['plain_descent']})"
            print(f"{r['name']:<13} {r['rows']:>5} {r['features']:>9} {r['kappa_data']:>15.3g} "
                  f"{r['kappa_scaled']:>13.3g} {r['distance']:>9.1e} {r['epochs']:>7}  "
                  f"{predicted:<19} {r['seconds']:>8.2f}  {r['verdict']}")
        print()
        for r in rows:
            print(r["command"])
    bad = [r["name"] for r in rows if r["status"] != 0 or r["seconds"] >= TARGET_SECONDS]
    if bad:
        print(f"FAILED: {', '.join(bad)} (not converged, or {TARGET_SECONDS:g} s or more)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main_script(sys.argv[1:]))
