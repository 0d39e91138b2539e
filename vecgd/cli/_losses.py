"""``vecgd fit --loss ... --penalty ...``: the options, and the report of such a fit.

Private to ``vecgd.cli``: ``fit`` adds these options, builds the loss and the
penalty with ``the_loss`` (None and None for the default squared error, which
keeps fit's own report), computes the exact optimum first (``exact_optimum``:
Newton's, for log loss with no penalty or L2), takes log loss's own step
(``loss_plan``) and stop (``loss_stop``: within RTOL / 10 of the optimum, or on
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
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Dict, List, NamedTuple, Tuple

from vecgd.cli._common import (
    FAILED,
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
from vecgd.cli._steps import RTOL, distance, heavy_ball
from vecgd.cli.families import LOSSES, PENALTIES, family_help
from vecgd.exact import eigenvalues, logistic_optimum
from vecgd.losses import (
    L2,
    ElasticNet,
    EpsilonInsensitive,
    Huber,
    LogLoss,
    Loss,
    ModifiedHuber,
    Penalty,
    SquaredError,
)
from vecgd.models import MultipleLinear
from vecgd.objective import Objective, predict_probability
from vecgd.training import FitResult

__all__ = ["Exact", "LossStop", "add_loss_arguments", "blew_up", "exact_optimum",
           "loss_diverged", "loss_plan", "loss_report", "loss_stop", "losses_help",
           "stable_limit", "the_loss", "warm_start"]

ALPHA, L1_RATIO = 0.0001, 0.15  # scikit-learn's SGD defaults
# Without an exact optimum the fit stops once its objective has not improved by more than
# rounding (PLATEAU_RTOL of itself) for PLATEAU epochs in a row.
PLATEAU, PLATEAU_RTOL = 100, 1e-12
# A fit whose objective rises past GROWTH times the lowest it has seen (the start's included)
# is growing without bound: a convex objective never rises so far under a stable step.
GROWTH = 1e6
# The loss's second derivative in the prediction over squared error's 2: its Hessian is at
# most this share of least squares' 2/n X^T X (Huber's r**2 / 2: 1/2; log loss's: 1/8;
# modified Huber's (1 - z)**2: 1).  Hinge and epsilon-insensitive have kinks: no bound.
CURVATURE = {SquaredError: 1.0, Huber: 0.5, LogLoss: 0.125, ModifiedHuber: 1.0}


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
    if not isinstance(loss, LogLoss) or not (penalty is None or isinstance(penalty, L2)):
        return Exact(None, None, "no closed form for this loss and penalty: descent only "
                     "(not judged: the fit stops when its objective stops improving)")
    model, xs = data.model, data.xs
    if scaler is not None:  # its transform gives each x's standardized features
        model, xs = MultipleLinear(), scaler.transform(data.xs)
    try:
        theta = logistic_optimum(model, xs, data.ys,
                                 alpha=0.0 if penalty is None else penalty.alpha)
        value = Objective(model, loss, penalty).mean_gradient(theta, xs, data.ys)[1]
        lam_min = _smallest_curvature(model, xs, theta, 0.0 if penalty is None else penalty.alpha)
        return Exact(theta if scaler is None else scaler.to_data(theta), value, "", lam_min)
    except ValueError as error:
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


def warm_start(loss: Loss, ls_theta: List[float], theta0: List[float]) -> List[float]:
    """Return where a fit with loss starts: least squares' theta for Huber and
    epsilon-insensitive, else theta0.

    Their gradient is at most epsilon (0.1) per sample in the linear part, so
    from 0 descent crawls toward data in its own units (the diabetes y of
    about 150: hundreds of epochs for the intercept alone); the robust optimum
    lies near least squares', which fit computes anyway.
    """
    if isinstance(loss, (Huber, EpsilonInsensitive)) and all(map(math.isfinite, ls_theta)):
        return list(ls_theta)
    return theta0


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
    if (args.lr is not None or not isinstance(loss, LogLoss) or exact.lam_min is None
            or shape is None or name not in ("momentum", "sgd")
            or not (exact.lam_min > 0 and math.isfinite(shape.lam_max))):
        return plan
    lam_max = shape.lam_max / 8 + (0.0 if penalty is None else penalty.alpha)
    if name == "sgd":
        return dict(plan, lr=1.0 / lam_max, momentum=None, source="1/lambda_max of log loss")
    lr, momentum = heavy_ball(replace(shape, lam_max=lam_max, lam_min=exact.lam_min))
    return dict(plan, lr=lr, momentum=momentum, source="heavy ball of log loss")


class LossStop:
    """fit's callback for a loss fit: progress, then stop at the optimum, on a plateau, or
    when the objective grows without bound (``blew_up``, with its epoch and objective)."""

    def __init__(self, exact: Exact, progress: Callable[[int, List[float], float], None],
                 start: float) -> None:
        self.exact, self.progress = exact, progress
        self.best, self.stale = start, 0
        self.blew_up: Tuple[int, float] | None = None

    def __call__(self, epoch: int, theta: List[float], value: float) -> None:
        self.progress(epoch, theta, value)
        if value > GROWTH * self.best:
            self.blew_up = (epoch, value)
            raise StopIteration
        if self.exact.theta is not None:
            if distance(theta, self.exact.theta) <= RTOL / 10:
                raise StopIteration
            return
        better = value <= self.best - PLATEAU_RTOL * abs(self.best)
        self.stale = 0 if better else self.stale + 1
        self.best = min(self.best, value)
        if self.stale >= PLATEAU:
            raise StopIteration


def loss_stop(exact: Exact, progress: Callable[[int, List[float], float], None],
              start: float = math.inf) -> LossStop:
    """Return fit's callback: progress, then stop within RTOL / 10 of the exact optimum.

    Without one, stop once the objective has not improved by PLATEAU_RTOL of
    itself for PLATEAU epochs (rounding, not descent, moves it then).  start:
    the objective at the starting theta; past GROWTH times the lowest seen
    the fit stops as diverged (``blew_up``).
    """
    return LossStop(exact, progress, start)


def stable_limit(loss: Loss, penalty: Penalty | None, lam_max: float | None) -> float | None:
    """Return 2 / (the objective's largest curvature): plain descent's stable lr, if known.

    The loss's Hessian is at most CURVATURE[loss] times least squares' (whose
    largest eigenvalue is lam_max), plus the L2 part of the penalty.
    """
    share = CURVATURE.get(type(loss))
    if share is None or lam_max is None or not (lam_max > 0 and math.isfinite(lam_max)):
        return None
    ridge = 0.0
    if isinstance(penalty, L2):
        ridge = penalty.alpha
    elif isinstance(penalty, ElasticNet):
        ridge = penalty.alpha * (1 - penalty.l1_ratio)
    return 2.0 / (share * lam_max + ridge)


def loss_diverged(result: FitResult, stop: LossStop, lr: float, limit: float | None) -> int:
    """Say on stderr that the objective grew without bound, in squared error's words; return 1.

    Diverged: the objective rose past GROWTH times the lowest seen, or the
    fit never went below its start and ended above it.
    """
    epoch, value = stop.blew_up or (result.history[-1].epoch, result.history[-1].loss)
    safe = "" if limit is None else f" (plain descent is stable below 2/lambda_max = {g(limit, 3)})"
    print(f"vecgd: error: the fit diverged in epoch {epoch} with lr {lr!r}: its objective grew "
          f"to {value:.3g}: try a smaller --lr, such as {lr / 10!r}{safe}", file=sys.stderr)
    return FAILED


def blew_up(result: FitResult, stop: LossStop) -> bool:
    """Return whether the fit's objective grew without bound (see loss_diverged)."""
    if stop.blew_up is not None:
        return True
    start = result.best_loss if result.best_epoch is None else None
    return bool(start is not None and result.history
                and result.history[-1].loss > start * (1 + 1e-9) + 1e-300)


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
    the LossStop fit called, "limit": stable_limit's lr}.  The verdict is
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
    converged = None if gap is None and "separable" not in note else (
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
            "epochs": result.epochs, "batch_size": run["batch_size"],
            "schedule": run["schedule"], "stop_reason": stop_reason}))
        if converged is False:
            _not_converged(args, result, run, penalty, gap, note)
        return status
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


def _beside(value: float, exact: float | None) -> List[str]:
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]
