"""``vecgd fit --loss ... --penalty ...``: the options, and the report of such a fit.

Private to ``vecgd.cli``: ``fit`` adds these options, builds the loss and the
penalty with ``the_loss`` (None and None for the default squared error, which
keeps fit's own report), computes the exact optimum first (``exact_optimum``:
Newton's, for log loss with no penalty or L2; the normal equations, for
squared error with L2: ridge), takes log loss's own step
(``loss_plan``) and stop (``_loss_stop.loss_stop``: within RTOL / 10 of the optimum, or on
a plateau where there is none), and hands the result to ``loss_report``: theta
beside the optimum, the objective, for classification the accuracy, the log
loss and the right and wrong answers per class, and least squares' verdict
(exit 3 when theta is not within RTOL of the optimum).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Dict, List, NamedTuple, Tuple

from vecgd.cli._common import (
    NOT_CONVERGED,
    OK,
    UsageError,
    g,
    nonnegative_float,
    spark,
    table,
    unit_float,
)
from vecgd.cli._data import Data
from vecgd.cli._loss_stop import CURVATURE, blew_up, loss_diverged
from vecgd.cli._steps import RTOL, distance, heavy_ball
from vecgd.cli.families import LOSSES, PENALTIES, family_help
from vecgd.exact import eigenvalues, least_squares_hessian, logistic_optimum, ridge_optimum
from vecgd.losses import (
    L2,
    LogLoss,
    Loss,
    Penalty,
    SquaredError,
)
from vecgd.models import MultipleLinear
from vecgd.objective import Objective, predict_probability
from vecgd.training import FitResult

__all__ = ["Exact", "add_loss_arguments", "exact_optimum", "loss_plan", "loss_report",
           "losses_help", "the_loss"]

ALPHA, L1_RATIO = 0.0001, 0.15  # scikit-learn's SGD defaults


class Exact(NamedTuple):
    """The exact optimum of a loss fit, where Newton's method gives one (else theta None).

    theta in data units; value its objective; note what to say without one;
    lam_min the smallest eigenvalue of the objective's Hessian there, on the
    problem descent runs on (standardized unless --no-scale).
    """

    theta: List[float] | None
    value: float | None
    note: str
    lam_min: float | None = None


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
    parser.add_argument("--alpha", type=nonnegative_float, default=ALPHA,
                        help=f"the penalty's strength (default: {ALPHA}, scikit-learn's)")
    parser.add_argument("--l1-ratio", type=unit_float, default=L1_RATIO,
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


def exact_optimum(data: Data, loss: Loss, penalty: Penalty | None, scaler: Any) -> Exact:
    """Return Newton's optimum, its objective and curvature where there is one, or a note.

    With a scaler (a fit on standardized features), the optimum is the
    standardized problem's, whose penalty is on the standardized weights, in
    data units.
    """
    ridge = isinstance(loss, SquaredError) and isinstance(penalty, L2)
    if not (ridge or isinstance(loss, LogLoss)) or not (penalty is None
                                                        or isinstance(penalty, L2)):
        return Exact(None, None, "no closed form for this loss and penalty: descent only "
                     "(not judged: the fit stops when its objective stops improving)")
    model, xs = data.model, data.xs
    if scaler is not None:  # its transform gives each x's standardized features
        model, xs = MultipleLinear(), scaler.transform(data.xs)
    if ridge and isinstance(penalty, L2):  # the normal equations with alpha: exact
        try:
            theta = ridge_optimum(model, xs, data.ys, alpha=penalty.alpha)
        except ValueError as error:
            return Exact(None, None, str(error).replace("ridge_optimum: ", "exact optimum: ", 1))
        value = Objective(model, loss, penalty).mean_gradient(theta, xs, data.ys)[1]
        h = least_squares_hessian(model, xs)
        for j in range(len(h) - bool(getattr(model, "has_intercept", False))):
            h[j][j] += penalty.alpha
        return Exact(theta if scaler is None else scaler.to_data(theta), value, "",
                     eigenvalues(h)[0])
    try:
        theta = logistic_optimum(model, xs, data.ys,
                                 alpha=0.0 if penalty is None else penalty.alpha)
        value = Objective(model, loss, penalty).mean_gradient(theta, xs, data.ys)[1]
        lam_min = _smallest_curvature(model, xs, theta, 0.0 if penalty is None else penalty.alpha)
        return Exact(theta if scaler is None else scaler.to_data(theta), value, "", lam_min)
    except ValueError as error:
        if "separable" in str(error) and penalty is None and len(set(data.ys)) == 1:
            return Exact(None, None, f"only one class in y (every label is {g(data.ys[0])}): "
                         "with no penalty the log loss has no minimum (it falls toward 0 as "
                         "the intercept grows), so descent does not converge, however long it "
                         "runs; give data with both classes, or add --penalty l2")
        if "separable" in str(error) and penalty is None:
            return Exact(None, None, "the classes are separable: with no penalty the log loss "
                         "has no minimum (it falls toward 0 as theta grows), so descent "
                         "does not converge, however long it runs; add --penalty l2")
        return Exact(None, None, str(error).replace("logistic_optimum: ", "exact optimum: ", 1))


def _smallest_curvature(model: Any, xs: Sequence[Any], theta: Sequence[float],
                        alpha: float) -> float:
    """Return the smallest eigenvalue of the log loss + L2 Hessian at theta.

    ``H = 1/n sum_i s_i (1 - s_i) r_i r_i^T + alpha I_w``, s_i the sigmoid of
    the prediction, r_i the design row (the intercept not penalized).
    """
    rows = [model.design_row(x) for x in xs]
    k = len(rows[0])
    weights = [predict_probability(model, theta, x) for x in xs]
    h = [[math.fsum(w * (1 - w) * r[a] * r[b] for w, r in zip(weights, rows)) / len(rows)
          for b in range(k)] for a in range(k)]
    for j in range(k - bool(getattr(model, "has_intercept", False))):
        h[j][j] += alpha
    return eigenvalues(h)[0]


def loss_plan(plan: Dict[str, Any], args: argparse.Namespace, shape: Any, loss: Loss,
              penalty: Penalty | None, exact: Exact) -> Dict[str, Any]:
    """Return plan with the step of log loss from its own Hessian, where one is known.

    Log loss's second derivative is at most 1/4 where squared error's is 2, so
    its Hessian is at most ``lambda_max / 8`` of least squares' plus alpha (at
    theta = 0 it is exactly that); its smallest eigenvalue is the exact
    optimum's.  Without --lr: the heavy ball with Polyak's lr and momentum
    from those two (--optimizer sgd: plain descent at 1/lambda_max), as for
    least squares.
    """
    name = plan["optimizer"]
    share = CURVATURE.get(type(loss)) if isinstance(loss, (LogLoss, SquaredError)) else None
    if (args.lr is not None or share is None or exact.lam_min is None
            or shape is None or name not in ("momentum", "sgd")
            or not (exact.lam_min > 0 and math.isfinite(shape.lam_max))):
        return plan
    what = "log loss" if isinstance(loss, LogLoss) else "ridge"
    lam_max = shape.lam_max * share + (0.0 if penalty is None else penalty.alpha)
    if name == "sgd":
        return dict(plan, lr=1.0 / lam_max, momentum=None, source=f"1/lambda_max of {what}")
    lr, momentum = heavy_ball(replace(shape, lam_max=lam_max, lam_min=exact.lam_min))
    return dict(plan, lr=lr, momentum=momentum, source=f"heavy ball of {what}")


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
    "schedule": the --schedule text, "exact": exact_optimum's answer, "stop":
    the LossStop fit called, "limit": stable_limit's lr, "scaled": whether
    the features were standardized, "why_not": why not, "shape": the
    Curvature of least squares}.  The verdict is
    least squares': converged (exit 0) when theta is within 1e-6 (relative,
    Euclidean, data units) of the exact optimum, else "did not converge" on
    stderr (exit 3), also for separable classes and for a fit with no exact
    optimum that ran out of epochs still improving; one with no exact optimum
    that stopped on a plateau is not judged (exit 0, and the report says so);
    an objective that grew without bound is a divergence (exit 1).
    """
    known: Exact = run["exact"]
    if blew_up(result, run["stop"]):
        return loss_diverged(result, run["stop"], run["lr"], run.get("limit"))
    exact, exact_value, note = known.theta, known.value, known.note
    gap = None if exact is None else distance(result.theta, exact)
    converged = None if gap is None and "has no minimum" not in note else (
        gap is not None and gap <= RTOL)
    if converged is None and result.stop_reason == "epochs":  # not judged, yet not done
        converged = False
        note = (f"still improving after {result.epochs} epochs (no exact optimum to judge by): "
                "try more --epochs")
    status = OK if converged is not False else NOT_CONVERGED
    stop_reason = result.stop_reason  # loss_stop's: at the optimum, or on a plateau
    if stop_reason == "callback":
        stop_reason = "optimum" if exact is not None else "plateau"
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
            "note": note, "distance": gap, "converged": converged,
            "optimizer": run["optimizer"], "lr": run["lr"],
            "epochs": result.epochs,
            "epochs_in_all": (result.state or {}).get("epoch", result.epochs),
            "batch_size": run["batch_size"],
            "schedule": run["schedule"], "stop_reason": stop_reason,
            "scaled": bool(run.get("scaled")), "condition_number": None if run.get("shape") is None
            else {"data": _cap(run["shape"].kappa_data),
                  "scaled": _cap(run["shape"].kappa) if run.get("scaled") else None}}))
        if converged is False:
            _not_converged(args, result, run, penalty, gap, note)
        return status
    size = run["batch_size"]
    batches = "full batch" if size is None else f"batches of {size}"
    print(f"fit: {data.label}, {len(data.ys)} rows; y = {args.y}, model {args.model}: "
          f"theta = [{', '.join(data.names)}]")
    if run.get("scaled"):
        print("features standardized (mean 0, standard deviation 1); theta in data units")
    else:
        print(f"features as given ({run.get('why_not') or '--no-scale was given'})")
    shape = run.get("shape")
    if shape is not None:
        after = f", {g(shape.kappa, 3)} scaled" if run.get("scaled") else ""
        print(f"condition number of the Hessian 2/n X^T X: {g(shape.kappa_data, 3)} as given"
              f"{after}")
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
    if args.plot:
        print(f"wrote {args.plot}")
    if converged is None:
        print(note)
    elif converged:
        print(f"converged: theta is within {gap:.1e} of the exact optimum (relative; "
              f"{RTOL:g} needed), after {result.epochs} epochs")
    else:
        _not_converged(args, result, run, penalty, gap, note)
    return status


def _not_converged(args: argparse.Namespace, result: FitResult, run: Dict[str, Any],
                   penalty: Penalty | None, gap: float | None, note: str) -> None:
    """Print "did not converge", the distance and what would help, on stderr."""
    helps = ["more --epochs"]
    if run["batch_size"] is not None:  # a constant lr on batches wanders about the optimum
        helps.append("leave out --batch-size (full batch), or add --schedule")
    if args.lr is not None:
        helps.append("leave out --lr for the step from the Hessian")
    if penalty is None:
        helps.append("add --penalty l2")
    why = note if gap is None else (
        f"theta is {gap:.2g} from the exact optimum (relative; {RTOL:g} needed) after "
        f"{result.epochs} epochs: try {'; '.join(helps)}")
    print(f"vecgd: did not converge: {why}", file=sys.stderr)


def _cap(value: float) -> float | None:
    """Return value for JSON: None for infinities (JSON has no inf)."""
    return value if math.isfinite(value) else None


def _beside(value: float, exact: float | None) -> List[str]:
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]
