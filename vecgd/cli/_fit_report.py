"""What ``vecgd fit`` prints: the table, the JSON object, the verdict's advice, divergence.

Private to ``vecgd.cli``; ``vecgd.cli.fit`` decides, this module words it.
The plan is fit's dict of what it fitted with: ``optimizer`` (a name of
``OPTIMIZERS``), ``lr``, ``momentum`` (None unless the heavy ball),
``source`` (where lr came from: "heavy ball", "1/lambda_max", "given",
"default"), ``schedule`` (its text) and ``batch_size``.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, Callable, Dict, List

from vecgd.cli._common import FAILED, USAGE, g, positive, spark, table
from vecgd.cli._data import Data, loss
from vecgd.cli._steps import RTOL, Curvature, heavy_ball_epochs, plain_epochs
from vecgd.cli.families import OPTIMIZERS
from vecgd.descent import DivergenceError
from vecgd.exact import ILL_CONDITIONED, ridge_optimum
from vecgd.losses import LogLoss, Loss
from vecgd.models import MultipleLinear
from vecgd.objective import predict_probability
from vecgd.plot import line_chart, scatter_chart
from vecgd.scaling import Standardizer
from vecgd.training import FitResult

__all__ = ["advice", "diverged", "json_report", "least_loss", "overflow", "picture", "print_table",
           "predictions"]


def _cap(value: float | None) -> float | None:
    """Return value for JSON: None for None and infinities (JSON has no inf)."""
    return value if value is not None and math.isfinite(value) else None


def predictions(plan: Dict[str, Any], shape: Curvature | None) -> Dict[str, float | None]:
    """Return the epochs plain descent at 1/lambda_max needs, and this optimizer's (if known)."""
    if shape is None or not shape.lam_max > 0:
        return {"plain_descent": None, "this_optimizer": None}
    plain = plain_epochs(shape, 1.0 / shape.lam_max)
    mine: float | None = None
    if plan["momentum"] is not None:
        mine = heavy_ball_epochs(shape)
    elif plan["optimizer"] == "sgd" and not plan["batch_size"]:
        mine = plain_epochs(shape, plan["lr"])
    return {"plain_descent": plain, "this_optimizer": mine}


def json_report(args: argparse.Namespace, data: Data, plan: Dict[str, Any], result: FitResult,
            ls_theta: List[float] | None, ls_loss: float | None, shape: Curvature | None,
            scaler: Standardizer | None, gap: float | None, converged: bool) -> Dict[str, Any]:
    predicted = predictions(plan, shape)
    return {
        "file": data.label, "rows": len(data.ys), "model": args.model,
        "parameters": data.names, "theta": result.theta, "loss": result.loss,
        "least_squares": None if ls_theta is None else {"theta": ls_theta, "loss": ls_loss},
        "least_loss": ls_loss,  # with dependent columns, the least loss alone (no theta)
        "converged": converged, "distance": gap, "scaled": scaler is not None,
        "condition_number": None if shape is None else {
            "data": _cap(shape.kappa_data), "scaled": _cap(shape.kappa) if scaler else None},
        "optimizer": plan["optimizer"], "lr": plan["lr"], "momentum": plan["momentum"],
        "epochs": result.epochs, "best_epoch": result.best_epoch,
        # after --resume, epochs counts this run's; epochs_in_all the saved ones too
        "epochs_in_all": (result.state or {}).get("epoch", result.epochs),
        "predicted_epochs": {key: _cap(value) for key, value in predicted.items()},
        "batch_size": plan["batch_size"], "schedule": plan["schedule"],
        "stop_reason": result.stop_reason}


def _describe(plan: Dict[str, Any]) -> str:
    name = OPTIMIZERS[plan["optimizer"]].make.__name__
    if plan["source"] == "heavy ball":
        return (f"{name} (the heavy ball), lr {g(plan['lr'], 4)} and momentum "
                f"{_momentum(plan['momentum'])} from the Hessian's eigenvalues")
    if plan["source"] == "1/lambda_max":
        return f"{name}, lr {g(plan['lr'], 4)} = 1/lambda_max" + (
            " / 10 (momentum 0.9)" if plan["optimizer"] == "momentum" else "")
    return f"{name}, lr {g(plan['lr'])}"


def _momentum(beta: float) -> str:
    """Return beta with enough digits to show 1 - beta (0.99996, never "1").

    >>> _momentum(0.9), _momentum(0.99996), _momentum(1.0)
    ('0.9', '0.99996', '1')
    """
    if not 0 < 1 - beta < 1:
        return g(beta, 4)
    return g(beta, 4 + max(0, -math.floor(math.log10(1 - beta))))


def print_table(args: argparse.Namespace, data: Data, plan: Dict[str, Any], result: FitResult,
                 ls_theta: List[float] | None, ls_loss: float | None, shape: Curvature | None,
                 scaler: Standardizer | None, why_not: str, gap: float | None) -> None:
    print(f"fit: {data.label}, {len(data.ys)} rows; y = {args.y}, model {args.model}: "
          f"theta = [{', '.join(data.names)}]")
    if scaler is not None:
        print("features standardized (mean 0, standard deviation 1); theta in data units")
    else:
        print(f"features as given ({why_not})")
    if shape is not None:
        after = f", {g(shape.kappa, 3)} scaled" if scaler is not None else ""
        print(f"condition number of the Hessian 2/n X^T X: {g(shape.kappa_data, 3)} as given"
              f"{after}")
    batches = "full batch" if plan["batch_size"] is None else f"batches of {plan['batch_size']}"
    stopped = {"gradient": "stopped on a small gradient", "epochs": "ran out of epochs"}.get(
        result.stop_reason, f"stopped ({result.stop_reason})")
    resumed = ""
    if args.resume and result.state:
        resumed = f" (resumed from {args.resume}: {result.state['epoch']} in all)"
    print(f"{_describe(plan)}, {batches}, schedule {plan['schedule']}; {stopped} after "
          f"{_epochs(result.epochs)}{resumed}")
    predicted = predictions(plan, shape)
    if predicted["plain_descent"] is not None and math.isfinite(predicted["plain_descent"]):
        line = (f"predicted: plain descent at lr 1/lambda_max needs up to "
                f"{_epochs(predicted['plain_descent'])} to shrink its error a millionfold "
                "(error x (1 - 1/kappa) per epoch)")
        if (predicted["this_optimizer"] is not None and plan["source"] != "1/lambda_max"
                and math.isfinite(predicted["this_optimizer"])):
            line += f"; this optimizer about {_epochs(predicted['this_optimizer'])}"
        print(line)
    print()
    rows = [[name, g(t), *_beside(t, None if ls_theta is None else ls_theta[k])]
            for k, (name, t) in enumerate(zip(data.names, result.theta))]
    rows.append(["loss (MSE)", g(result.loss), *_beside(result.loss, ls_loss)])
    for line in table(["parameter", "descent", "least squares", "difference"], rows, "lrrr"):
        print(line)
    print()
    print(f"loss per epoch (log scale): {spark(result.losses, 40)}")
    if gap is not None and gap <= RTOL:
        print(f"converged: theta is {gap:.1e} from the least-squares theta (relative, "
              f"Euclidean; converged means within {RTOL:g})")
    if args.plot:
        print(f"wrote {args.plot}")
    if args.save_state:
        print(f"wrote {args.save_state} (continue with --resume {args.save_state})")


def advice(plan: Dict[str, Any], result: FitResult, shape: Curvature | None,
            scaler: Standardizer | None, why_not: str, gap: float | None,
            several: bool = True) -> str:
    """Return the distance to least squares and what would help, for the one line on stderr.

    several: the data has several x columns (--model multi); a fit of one x
    column is never told to use fewer collinear columns.
    """
    if gap is None and not several:
        return ("x has too few distinct values for the model's parameters, so least squares "
                "has no single theta to converge to: a model with fewer parameters, or more "
                "varied x")
    if gap is None:
        return ("the columns are linearly dependent, so least squares has no single theta to "
                "converge to: drop a column that the others determine")
    helps = []
    # A schedule that drove lr to 0 (cosine:10 in a fit of 20 epochs, exponential:1e-300)
    # stops descent where it is: say so first, with the epoch.
    stalled = next((r for r in result.history if r.lr <= plan["lr"] * 1e-12), None)
    if stalled is not None:
        helps.append(f"a schedule that keeps lr up (--schedule {plan['schedule']} took lr to "
                     f"{stalled.lr:.3g} in epoch {stalled.epoch + 1}: give it a floor, such as "
                     "cosine:TMAX:ETA_MIN, or a gentler decay)")
    collinear = several and shape is not None and shape.kappa > ILL_CONDITIONED
    if collinear:
        helps.append(f"fewer collinear columns (condition number {g(shape.kappa, 3)})")  # type: ignore
    elif result.stop_reason == "epochs" and stalled is None:
        mine = predictions(plan, shape)["this_optimizer"]
        need = (f" (this optimizer needs about {_epochs(mine)} for a millionfold)"
                if mine and math.isfinite(mine) else "")
        helps.append(f"more --epochs{need}")
    if scaler is None and why_not.startswith("--no-scale") and shape is not None:
        helps.append(f"leave out --no-scale (condition number {g(shape.kappa_data, 3)} "
                     "as given)")
    if plan["batch_size"] is not None:
        helps.append("full-batch steps (leave out --batch-size): minibatch steps wander "
                     "around the answer")
    resumed = "fit" in plan  # --resume: the saved settings, which no option may change
    if (plan["source"] == "1/lambda_max" and shape is not None and math.isfinite(shape.kappa)
            and not resumed):
        helps.append(f"leave out --optimizer: the heavy ball needs about "
                     f"{_epochs(heavy_ball_epochs(shape))}")
    if plan["source"] in ("given", "default") and not resumed:
        helps.append("leave --optimizer and --lr to vecgd (the heavy ball, from the Hessian)")
    advice = "; ".join(helps) or "a smaller --lr"
    return (f"theta is {gap:.2g} from the least-squares theta (relative, Euclidean; converged "
            f"means within {RTOL:g}) after {result.epochs} epochs: try {advice}")


def overflow(data: Data, scaled: bool) -> str | None:
    """Return the message for data whose loss overflows the floats (bad input), else None."""
    flat = [abs(v) for x in data.xs for v in (x if isinstance(x, list) else [x])]
    big_x, big_y = max(flat), max(abs(y) for y in data.ys)
    limit = math.sqrt(sys.float_info.max / (4 * len(data.ys)))  # a square of the loss's sum
    if not (big_y > limit or (big_x > limit and not scaled)):
        return None
    column, big = ("y", big_y) if big_y > limit else ("x", big_x)
    fix = ("leave out --no-scale (vecgd standardizes x)" if column == "x" else
           f"divide y by a power of ten (say 1e{int(math.log10(big)) - 3}) and multiply "
           "the fitted theta back")
    return (f"the loss overflows: {column} reaches {big:.3g}, whose square is past the float "
            f"range, so no --lr can help: {fix}")


def diverged(error: DivergenceError, data: Data, scaled: bool, shape: Curvature | None) -> int:
    """Say on stderr why the fit diverged and what to try; return the exit status 1.

    Data too large for the floats is bad input, not divergence: exit 2.
    """
    too_big = overflow(data, scaled)
    if too_big is not None:
        print(f"vecgd: error: {too_big}", file=sys.stderr)
        return USAGE
    safe = ""
    if shape is not None and shape.lam_max > 0:
        safe = f" (plain descent is stable below 2/lambda_max = {g(2 / shape.lam_max, 3)})"
    print(f"vecgd: error: the fit diverged in epoch {error.epoch} with lr {error.lr!r}: "
          f"try a smaller --lr, such as {error.lr / 10!r}{safe}", file=sys.stderr)
    return FAILED


def _epochs(count: float | None) -> str:
    return f"{g(count or 0)} epoch" + ("" if count == 1 else "s")


def _beside(value: float, exact: float | None) -> List[str]:
    """Return the least-squares cell and the difference cell of a row of fit's table."""
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]


def picture(args: argparse.Namespace, data: Data, result: FitResult,
            ls_theta: List[float] | None, objective: Loss | None = None,
            optimizer: str = "momentum") -> str:
    """Return the data with both fits drawn over it (models of vectors: the loss curve).

    With another loss or a penalty (objective): its objective per epoch, or
    for one x the data with descent's fit and the exact optimum's (log loss:
    the probability of 1, sigmoid of the prediction).
    """
    # Named by its optimizer ("Momentum (descent)"), so it takes that optimizer's style.
    curve = f"{OPTIMIZERS[optimizer].make.__name__} (descent)"
    if data.model.takes_vectors:
        name = "mean squared error" if objective is None else "objective"
        return line_chart({curve: positive(result.losses)}, log_y=True,
                          title=f"{name.capitalize()} per epoch, {data.label}", ylabel=name)
    theta = result.theta
    show: Callable[[List[float], Any], float] = data.model.predict
    if isinstance(objective, LogLoss):
        show = lambda t, x: predict_probability(data.model, t, x)  # noqa: E731
    curves: Dict[str, Callable[[float], float]] = {curve: lambda x: show(theta, x)}
    if ls_theta is not None:
        exact = ls_theta
        name = "least squares" if objective is None else "exact optimum"
        curves[name] = lambda x: show(exact, x)
    return scatter_chart(data.xs, data.ys, curves, title=f"{data.label}: model {args.model}",
                         xlabel=str(args.x), ylabel=str(args.y))


def least_loss(data: Data, scaler: Standardizer | None, shape: Curvature | None
                ) -> float | None:
    """Return the least mean squared error of a design with dependent columns (None: unknown).

    It is the loss of the minimum-norm answer, the limit of ridge as alpha
    goes to 0: ridge_optimum with alpha a 1e-12 share of lambda_max (on the
    standardized features when scaled), exact in fractions.
    """
    try:
        model, xs = data.model, data.xs
        if scaler is None and type(data.model).__name__ != "Proportional":
            scaler = Standardizer(data.model).fit(data.xs)
        if scaler is not None:
            model, xs = MultipleLinear(), scaler.transform(data.xs)
        lam_max = shape.lam_max if shape is not None and math.isfinite(shape.lam_max) else 1.0
        theta = ridge_optimum(model, xs, data.ys, alpha=1e-12 * max(lam_max, 1e-300))
        return loss(data, theta if scaler is None else scaler.to_data(theta))
    except (ValueError, TypeError, OverflowError):
        return None
