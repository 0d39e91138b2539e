"""``vecgd fit --loss ... --penalty ...``: the options, and the report of such a fit.

Private to ``vecgd.cli``: ``fit`` adds these options, builds the loss and the
penalty with ``the_loss`` (None and None for the default squared error, which
keeps fit's own report), and hands the result to ``loss_report``: theta beside
the exact optimum (Newton's, for log loss with no penalty or L2), the
objective, and for classification the accuracy, the log loss and the right
and wrong answers per class.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from typing import Any, Dict, List, Tuple

from vecgd.cli._common import OK, UsageError, g, spark, table
from vecgd.cli._data import Data
from vecgd.cli.families import LOSSES, PENALTIES, family_help
from vecgd.exact import logistic_optimum
from vecgd.losses import L2, LogLoss, Loss, Penalty, SquaredError
from vecgd.models import MultipleLinear
from vecgd.objective import Objective
from vecgd.training import FitResult

__all__ = ["add_loss_arguments", "loss_report", "losses_help", "the_loss"]

ALPHA, L1_RATIO = 0.0001, 0.15  # scikit-learn's SGD defaults


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1] (got {text!r})")
    return value


def _nonnegative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a number >= 0 (got {text!r})")
    return value


def losses_help() -> str:
    """Return the --loss and --penalty sections of fit's help."""
    return "\n\n".join([
        family_help("losses (--loss NAME)", [(name, kind.help) for name, kind in LOSSES.items()]),
        family_help("penalties (--penalty NAME, never on the intercept)", [
            ("none", "no penalty (the default)"), ("l2", "alpha * ||w||^2 / 2"),
            ("l1", "alpha * ||w||_1"),
            ("elasticnet", "alpha * (r ||w||_1 + (1 - r) ||w||^2 / 2), r = --l1-ratio")]),
    ])


def add_loss_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --loss, --penalty, --alpha and --l1-ratio."""
    parser.add_argument("--loss", choices=list(LOSSES), default="squared",
                        help="one of the losses below (default: squared)")
    parser.add_argument("--penalty", choices=list(PENALTIES), default="none",
                        help="one of the penalties below (default: none)")
    parser.add_argument("--alpha", type=_nonnegative, default=ALPHA,
                        help=f"the penalty's strength (default: {ALPHA}, scikit-learn's)")
    parser.add_argument("--l1-ratio", type=_fraction, default=L1_RATIO,
                        help=f"elasticnet's share of L1 (default: {L1_RATIO})")


def the_loss(args: argparse.Namespace, data: Data) -> Tuple[Loss | None, Penalty | None]:
    """Return (loss, penalty) of the options; (None, None): squared error, fit's own report.

    Raises UsageError when a classification loss meets labels other than 0 and 1,
    or --alpha (--l1-ratio) is given without a penalty (the elastic net) to use it.
    """
    make = PENALTIES[args.penalty]
    if make is None and args.alpha != ALPHA:
        raise UsageError("--alpha sets a penalty's strength: add --penalty l2, l1 or elasticnet")
    if args.penalty != "elasticnet" and args.l1_ratio != L1_RATIO:
        raise UsageError("--l1-ratio mixes the elastic net: add --penalty elasticnet")
    penalty = None if make is None else make(args.alpha, args.l1_ratio)
    loss = LOSSES[args.loss].make()
    if loss.classification:
        bad = next(((i, y) for i, y in enumerate(data.ys) if y not in (0, 1)), None)
        if bad is not None:
            raise UsageError(f"--loss {args.loss} needs labels 0 and 1 in column {args.y} "
                             f"(got {g(bad[1])} in data row {bad[0] + 1})")
    if penalty is None and isinstance(loss, SquaredError):
        return None, None
    return loss, penalty


def _exact(data: Data, loss: Loss, penalty: Penalty | None,
           scaler: Any) -> Tuple[List[float] | None, float | None, str]:
    """Return Newton's optimum and its objective where there is one, or what to say instead.

    With a scaler (a fit on standardized features), the optimum is the
    standardized problem's, whose penalty is on the standardized weights, in
    data units.
    """
    if not isinstance(loss, LogLoss) or not (penalty is None or isinstance(penalty, L2)):
        return None, None, "no closed form for this loss and penalty: descent only"
    model, xs = data.model, data.xs
    if scaler is not None:  # its transform gives each x's standardized features
        model, xs = MultipleLinear(), scaler.transform(data.xs)
    try:
        theta = logistic_optimum(model, xs, data.ys,
                                 alpha=0.0 if penalty is None else penalty.alpha)
        value = Objective(model, loss, penalty).mean_gradient(theta, xs, data.ys)[1]
        return (theta if scaler is None else scaler.to_data(theta)), value, ""
    except ValueError as error:
        if "separable" in str(error) and penalty is None:
            return None, None, ("the classes are separable: with no penalty the log loss has "
                                "no minimum (it falls toward 0 as theta grows), so descent "
                                "does not converge, however long it runs; add --penalty l2")
        return None, None, str(error).replace("logistic_optimum: ", "exact optimum: ", 1)


def _classes(data: Data, theta: Sequence[float]) -> Dict[str, Any]:
    """Return the accuracy, the mean log loss, and right/wrong counts per class."""
    predicted = [int(data.model.predict(theta, x) > 0) for x in data.xs]
    counts = {str(c): {"right": sum(1 for p, y in zip(predicted, data.ys) if y == c and p == c),
                       "wrong": sum(1 for p, y in zip(predicted, data.ys) if y == c and p != c)}
              for c in (0, 1)}
    log_loss = Objective(data.model, LogLoss()).mean_gradient(theta, data.xs, data.ys)[1]
    right = counts["0"]["right"] + counts["1"]["right"]
    return {"accuracy": right / len(data.ys), "log_loss": log_loss, "classes": counts}


def loss_report(args: argparse.Namespace, data: Data, result: FitResult, loss: Loss,
                penalty: Penalty | None, run: Dict[str, Any]) -> int:
    """Print theta beside the exact optimum, the objective, and a classifier's scores.

    run: how the fit ran, {"optimizer": its class name, "lr", "batch_size",
    "schedule": the --schedule text, and optionally "scaler": the fitted
    Standardizer of a fit on standardized features}.
    """
    exact, exact_value, note = _exact(data, loss, penalty, run.get("scaler"))
    scores = _classes(data, result.theta) if loss.classification else {}
    exact_scores = _classes(data, exact) if loss.classification and exact else {}
    penalty_text = "none" if penalty is None else repr(penalty)
    if args.json:
        print(json.dumps({
            "file": data.label, "rows": len(data.ys), "model": args.model,
            "parameters": data.names, "theta": result.theta, "objective": result.loss,
            "loss": args.loss, "penalty": args.penalty, "alpha": args.alpha,
            "l1_ratio": args.l1_ratio, **scores,
            "exact": None if exact is None else {"theta": exact, "objective": exact_value,
                                                 **exact_scores},
            "note": note, "optimizer": run["optimizer"], "lr": run["lr"],
            "epochs": result.epochs, "batch_size": run["batch_size"],
            "schedule": run["schedule"], "stop_reason": result.stop_reason}))
        return OK
    size = run["batch_size"]
    batches = "full batch" if size is None else f"batches of {size}"
    print(f"fit: {data.label}, {len(data.ys)} rows; y = {args.y}, model {args.model}: "
          f"theta = [{', '.join(data.names)}]")
    print(f"{run['optimizer']}, lr {g(run['lr'])}, {batches}, {result.epochs} epochs, "
          f"schedule {run['schedule']}; loss {loss!r}, penalty {penalty_text}")
    print()
    rows = [[name, g(t), *_beside(t, None if exact is None else exact[k])]
            for k, (name, t) in enumerate(zip(data.names, result.theta))]
    rows.append(["objective", g(result.loss), *_beside(result.loss, exact_value)])
    if scores:
        rows.append(["accuracy", g(scores["accuracy"], 4),
                     *([g(exact_scores["accuracy"], 4), ""] if exact_scores else ["", ""])])
        rows.append(["log loss", g(scores["log_loss"]),
                     *_beside(scores["log_loss"], exact_scores.get("log_loss"))])
        for c in ("0", "1"):
            ours = scores["classes"][c]
            theirs = exact_scores["classes"][c] if exact_scores else None
            rows.append([f"class {c}: right/wrong", f"{ours['right']}/{ours['wrong']}",
                         "" if theirs is None else f"{theirs['right']}/{theirs['wrong']}", ""])
    for line in table(["", "descent", "exact optimum", "difference"], rows, "lrrr"):
        print(line)
    print()
    print(f"objective per epoch (log scale): {spark(result.losses, 40)}")
    print(note if exact_value is None else _verdict(result.loss, exact_value))
    return OK


def _beside(value: float, exact: float | None) -> List[str]:
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]


def _verdict(value: float, best: float) -> str:
    excess = (value - best) / best if best else value
    if excess <= 0.001:
        return f"descent's objective is within {max(excess, 0.0):.1e} (relative) of the optimum"
    return (f"descent's objective is {excess * 100:.3g}% above the optimum: try more --epochs "
            "or another --lr")
