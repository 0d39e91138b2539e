"""``vecgd fit``: fit a model to columns of a CSV file; print theta beside least squares.

The features are standardized (mean 0, standard deviation 1, theta reported
in data units; ``--no-scale`` fits them as given).  Unless ``--optimizer``
or ``--lr`` say otherwise, the step comes from the Hessian's eigenvalues
(``vecgd.cli._steps``): the heavy ball with Polyak's lr and momentum, or,
for ``--optimizer sgd``, plain descent at ``lr = 1/lambda_max``.  The fit
stops on a small gradient and keeps the best theta it saw.  The verdict is
DESIGN.md's: converged (exit 0) when theta is within 1e-6 of the
least-squares theta (relative, Euclidean), else "did not converge" on
stderr with the distance and what would help (exit 3).  ``--json`` prints
one object instead of the table; ``--save-state`` and ``--resume`` stop and
continue a long fit with the same numbers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from typing import Any, Callable, Dict, List

from vecgd.cli._common import (
    FAILED,
    NOT_CONVERGED,
    OK,
    Progress,
    UsageError,
    command_parser,
    g,
    positive,
    positive_float,
    positive_int,
    spark,
    table,
    write,
)
from vecgd.cli._data import Data, Once, closed_form, data_arguments, load, loss
from vecgd.cli._steps import RTOL, Curvature, curvature, distance, heavy_ball, plain_epochs, \
    rate_epochs
from vecgd.cli.families import (
    MODELS,
    OPTIMIZERS,
    SCHEDULES,
    ScheduleSpec,
    family_help,
    make_schedule,
    parse_schedule,
)
from vecgd.datasets import example, examples
from vecgd.descent import DivergenceError
from vecgd.models import MultipleLinear
from vecgd.optimizers import Momentum, Optimizer
from vecgd.plot import line_chart, scatter_chart
from vecgd.scaling import Standardizer
from vecgd.training import FitResult, fit

__all__ = ["add_parser", "run"]

EPOCHS, OPTIMIZER = 20000, "momentum"
ADAPTIVE_LR = 0.1  # the adaptive optimizers' lr when none is given: steps of about 0.1 per coordinate
# The gradient stop: |theta - theta*| <= |g| / lambda_min (data units), so stopping at
# |g| <= STOP * lambda_min * |theta*| leaves theta within STOP relative: ten times inside RTOL.
STOP = RTOL / 10
STATE_VERSION = 1


def add_parser(commands: Any) -> None:
    """Add ``fit`` and its options to the subcommands."""
    families = "\n\n".join([
        family_help("optimizers (--optimizer NAME)",
                    [(name, kind.help) for name, kind in OPTIMIZERS.items()]),
        family_help("schedules (--schedule SPEC)",
                    [(kind.syntax, kind.help) for kind in SCHEDULES.values()]),
        family_help("models (--model SPEC)",
                    [(kind.syntax, kind.help) for kind in MODELS.values()]),
        losses_help(),
    ])
    parser = command_parser(
        commands, "fit", "Fit a model to columns of a CSV file; print theta beside least squares.",
        "Features are standardized (theta is reported in data units; --no-scale: as given).\n"
        "Without --optimizer and --lr the step comes from the Hessian 2/n X^T X: the heavy ball\n"
        "(momentum) with Polyak's lr and momentum from its eigenvalues; --optimizer sgd: plain\n"
        "descent at lr 1/lambda_max.  The fit stops on a small gradient and keeps its best theta.\n"
        "Exit status: 0 converged (theta within 1e-6 of least squares, relative), 1 diverged,\n"
        "2 bad usage or input, 3 did not converge.\n\n"
        f"{families}\n\nexamples:\n"
        "  python -m vecgd fit --example heights --x height_cm --y weight_kg\n"
        "  python -m vecgd fit --example diabetes --model multi "
        "--features age,sex,bmi,bp,s1,s2,s3,s4,s5,s6 --y y\n"
        "  cat data.csv | python -m vecgd fit - --x 0 --y 1 --optimizer sgd --json")
    parser.add_argument("file", metavar="FILE.csv", nargs="?",
                        help="CSV file with a header row; - for stdin")
    parser.add_argument("--example", metavar="NAME", action=Once,
                        help=f"a data file shipped with vecgd instead: {', '.join(examples())}")
    data_arguments(parser, required=True)
    parser.add_argument("--no-scale", action="store_true",
                        help="fit the features as given, not standardized")
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), action=Once,
                        help=f"one of the optimizers below (default: {OPTIMIZER}, the heavy ball)")
    parser.add_argument("--lr", type=positive_float, action=Once,
                        help="learning rate (default: from the Hessian's eigenvalues; "
                             f"{ADAPTIVE_LR} for the adaptive optimizers)")
    parser.add_argument("--epochs", type=positive_int, default=EPOCHS,
                        help=f"most epochs (default: {EPOCHS}; the fit stops on a small gradient)")
    parser.add_argument("--batch-size", type=positive_int, metavar="K",
                        help="steps on batches of K samples, shuffled (default: full batch)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffle (default: 0)")
    parser.add_argument("--schedule", type=parse_schedule, metavar="SPEC",
                        help="one of the schedules below (default: none)")
    parser.add_argument("--save-state", metavar="STATE.json",
                        help="write what --resume needs to continue this fit")
    parser.add_argument("--resume", metavar="STATE.json",
                        help="continue the fit saved by --save-state for --epochs more epochs")
    parser.add_argument("--plot", metavar="OUT.svg",
                        help="write the data and both fits (multi: the loss curve) as SVG")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    add_loss_arguments(parser)
    parser.set_defaults(run=run)


# === The run ===


def run(args: argparse.Namespace) -> int:
    """Fit the file's columns, print theta beside least squares; return the exit status."""
    data = _load(args)
    for note in data.notes:
        print(f"vecgd: note: {note}", file=sys.stderr)
    for path in (args.plot, args.save_state):
        if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            raise UsageError(f"cannot write {path} (no such folder)")
    saved = _read_state(args.resume, args, data) if args.resume else None
    scaler, why_not = _scaler(data, scale=saved["scale"] if saved else not args.no_scale)
    ls_theta = _least_squares(data)
    shape = _curvature(data, scaler)
    plan = saved or _plan(args, shape)
    optimizer: Optimizer = (Momentum(plan["lr"], momentum=plan["momentum"])
                            if plan["momentum"] is not None
                            else OPTIMIZERS[plan["optimizer"]].make(plan["lr"]))
    spec: ScheduleSpec = parse_schedule(plan["schedule"])
    try:
        schedule = make_schedule(spec, optimizer)
    except ValueError as error:
        raise UsageError(str(error)) from None
    stop = None
    if shape is not None and ls_theta is not None and math.isfinite(shape.kappa_data):
        stop = STOP * shape.lam_min_data * math.hypot(*ls_theta) or None
    progress = Progress("fit", args.epochs, args.quiet)
    try:
        result = fit(data.model, data.xs, data.ys, None if saved else data.theta0, optimizer,
                     epochs=args.epochs, batch_size=plan["batch_size"],
                     shuffle=plan["batch_size"] is not None, seed=args.seed, schedule=schedule,
                     callback=progress, standardize=scaler is not None, keep_best=True,
                     gradient_tolerance=stop, resume=saved["fit"] if saved else None)
    except DivergenceError as error:
        return _diverged(error, data, scaler is not None, shape)
    except ValueError as error:  # a schedule that drove lr to 0, a state that does not fit
        raise UsageError(str(error)) from None
    finally:
        progress.close()
    if args.save_state:
        _write_state(args.save_state, args, data, plan, result)
    ls_loss = loss(data, ls_theta) if ls_theta is not None else None
    gap = distance(result.theta, ls_theta) if ls_theta is not None else None
    converged = gap is not None and gap <= RTOL
    if args.plot:
        write(args.plot, _picture(args, data, result, ls_theta))
    if args.json:
        print(json.dumps(_report(args, data, plan, result, ls_theta, ls_loss, shape, scaler,
                                 gap, converged)))
    else:
        _print_table(args, data, plan, result, ls_theta, ls_loss, shape, scaler, why_not, gap)
    if converged:
        return OK
    print(f"vecgd: did not converge: {_advice(plan, result, shape, scaler, why_not, gap)}",
          file=sys.stderr)
    return NOT_CONVERGED


def _load(args: argparse.Namespace) -> Data:
    if args.example is not None and args.file is not None:
        raise UsageError(f"give a FILE.csv or --example {args.example}, not both")
    if args.example is not None:
        try:
            path = example(args.example)
        except ValueError as error:
            raise UsageError(str(error)) from None
        return load(path, args, label=f"example {args.example}")
    if args.file is None:
        raise UsageError(f"say which data to fit: a FILE.csv (- for stdin) or --example NAME "
                         f"({', '.join(examples())})")
    return load(args.file, args)


def _scaler(data: Data, scale: bool) -> tuple[Standardizer | None, str]:
    """Return the fitted Standardizer (None: not scaled) and, if None, why."""
    if not scale:
        return None, "--no-scale was given"
    try:
        return Standardizer(data.model).fit(data.xs), ""
    except TypeError:  # a model without an intercept cannot absorb the shift of the means
        return None, f"model {type(data.model).__name__} has no intercept to standardize with"


def _least_squares(data: Data) -> List[float] | None:
    """Return closed_form(data), saying on stderr (one line) when it warns of collinear columns."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        theta = closed_form(data)
    for warning in caught:
        text = str(warning.message).replace("least_squares: ", "", 1)
        print(f"vecgd: warning: {text}", file=sys.stderr)
    return theta


def _curvature(data: Data, scaler: Standardizer | None) -> Curvature | None:
    """Return the Hessian's eigenvalues before and after scaling; None if they overflow."""
    try:
        if scaler is None:
            return curvature(data.model, data.xs)
        # transform gives feature rows, whatever the model: a MultipleLinear fits them
        return curvature(data.model, data.xs, MultipleLinear(), scaler.transform(data.xs))
    except (ValueError, OverflowError):
        return None


def _plan(args: argparse.Namespace, shape: Curvature | None) -> Dict[str, Any]:
    """Return the optimizer, lr, momentum (heavy ball only), schedule and batches to fit with."""
    name = args.optimizer or OPTIMIZER
    lr, momentum, source = args.lr, None, "given"
    usable = shape is not None and shape.lam_max > 0 and math.isfinite(shape.lam_max)
    if lr is None and name == "momentum" and usable and math.isfinite(shape.kappa):  # type: ignore
        lr, momentum = heavy_ball(shape)  # type: ignore[arg-type]
        source = "heavy ball"
    elif lr is None and name in ("sgd", "momentum") and usable:
        lr, source = 1.0 / shape.lam_max, "1/lambda_max"  # type: ignore[union-attr]
        if name == "momentum":  # momentum 0.9 makes steps ten times longer
            lr /= 10
    elif lr is None:
        lr, source = ADAPTIVE_LR, "default"
    return {"optimizer": name, "lr": lr, "momentum": momentum, "source": source,
            "schedule": args.schedule.text if args.schedule else "none",
            "batch_size": args.batch_size, "scale": not args.no_scale}


# === Saving and resuming ===


def _settings(args: argparse.Namespace, data: Data) -> Dict[str, Any]:
    return {"data": data.label, "model": args.model, "parameters": data.names, "y": args.y}


def _write_state(path: str, args: argparse.Namespace, data: Data, plan: Dict[str, Any],
                 result: FitResult) -> None:
    state = {"vecgd fit state": STATE_VERSION, "settings": _settings(args, data),
             "plan": plan, "fit": result.state}
    try:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(state, file)
    except OSError as error:
        raise UsageError(f"cannot write {path} ({error.strerror or error})") from None


def _read_state(path: str, args: argparse.Namespace, data: Data) -> Dict[str, Any]:
    """Return the plan of a saved fit, with its fit state under "fit", or raise UsageError."""
    try:
        with open(path, encoding="utf-8") as file:
            state = json.load(file)
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror or error})") from None
    except ValueError:
        raise UsageError(f"{path}: not a state written by --save-state (not JSON)") from None
    if not isinstance(state, dict) or state.get("vecgd fit state") != STATE_VERSION:
        raise UsageError(f"{path}: not a state written by vecgd fit --save-state")
    given = [option for option, value in [("--optimizer", args.optimizer), ("--lr", args.lr),
                                          ("--schedule", args.schedule),
                                          ("--batch-size", args.batch_size),
                                          ("--no-scale", args.no_scale or None)]
             if value is not None]
    if given:
        raise UsageError(f"--resume continues the saved fit's settings: leave out "
                         f"{', '.join(given)}")
    if state.get("settings") != _settings(args, data):
        raise UsageError(f"{path}: saved fitting {state.get('settings')}, not this data "
                         f"({_settings(args, data)})")
    plan: Dict[str, Any] = dict(state["plan"])
    plan["fit"] = state["fit"]
    return plan


# === Reporting ===


def _cap(value: float | None) -> float | None:
    """Return value for JSON: None for None and infinities (JSON has no inf)."""
    return value if value is not None and math.isfinite(value) else None


def _predictions(plan: Dict[str, Any], shape: Curvature | None) -> Dict[str, float | None]:
    """Return the epochs plain descent at 1/lambda_max needs, and this optimizer's (if known)."""
    if shape is None or not shape.lam_max > 0:
        return {"plain_descent": None, "this_optimizer": None}
    plain = plain_epochs(shape, 1.0 / shape.lam_max)
    mine: float | None = None
    if plan["momentum"] is not None:
        root = math.sqrt(shape.kappa)
        mine = rate_epochs((root - 1) / (root + 1))
    elif plan["optimizer"] == "sgd" and not plan["batch_size"]:
        mine = plain_epochs(shape, plan["lr"])
    return {"plain_descent": plain, "this_optimizer": mine}


def _report(args: argparse.Namespace, data: Data, plan: Dict[str, Any], result: FitResult,
            ls_theta: List[float] | None, ls_loss: float | None, shape: Curvature | None,
            scaler: Standardizer | None, gap: float | None, converged: bool) -> Dict[str, Any]:
    predicted = _predictions(plan, shape)
    return {
        "file": data.label, "rows": len(data.ys), "model": args.model,
        "parameters": data.names, "theta": result.theta, "loss": result.loss,
        "least_squares": None if ls_theta is None else {"theta": ls_theta, "loss": ls_loss},
        "converged": converged, "distance": gap, "scaled": scaler is not None,
        "condition_number": None if shape is None else {
            "data": _cap(shape.kappa_data), "scaled": _cap(shape.kappa) if scaler else None},
        "optimizer": plan["optimizer"], "lr": plan["lr"], "momentum": plan["momentum"],
        "epochs": result.epochs, "best_epoch": result.best_epoch,
        "predicted_epochs": {key: _cap(value) for key, value in predicted.items()},
        "batch_size": plan["batch_size"], "schedule": plan["schedule"],
        "stop_reason": result.stop_reason}


def _describe(plan: Dict[str, Any]) -> str:
    name = OPTIMIZERS[plan["optimizer"]].make.__name__
    if plan["source"] == "heavy ball":
        return (f"{name} (the heavy ball), lr {g(plan['lr'], 4)} and momentum "
                f"{g(plan['momentum'], 4)} from the Hessian's eigenvalues")
    if plan["source"] == "1/lambda_max":
        return f"{name}, lr {g(plan['lr'], 4)} = 1/lambda_max" + (
            " / 10 (momentum 0.9)" if plan["optimizer"] == "momentum" else "")
    return f"{name}, lr {g(plan['lr'])}"


def _print_table(args: argparse.Namespace, data: Data, plan: Dict[str, Any], result: FitResult,
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
    print(f"{_describe(plan)}, {batches}, schedule {plan['schedule']}; {stopped} after "
          f"{result.epochs} epochs")
    predicted = _predictions(plan, shape)
    if predicted["plain_descent"] is not None:
        line = (f"predicted: plain descent at lr 1/lambda_max needs up to "
                f"{g(predicted['plain_descent'])} epochs to shrink its error a millionfold "
                "(error x (1 - 1/kappa) per epoch)")
        if predicted["this_optimizer"] is not None and plan["source"] != "1/lambda_max":
            line += f"; this optimizer about {g(predicted['this_optimizer'])}"
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


def _advice(plan: Dict[str, Any], result: FitResult, shape: Curvature | None,
            scaler: Standardizer | None, why_not: str, gap: float | None) -> str:
    """Return the distance to least squares and what would help, for the one line on stderr."""
    if gap is None:
        return ("the columns are linearly dependent, so least squares has no single theta to "
                "converge to: drop a column that the others determine")
    helps = []
    if result.stop_reason == "epochs":
        plain = _predictions(plan, shape)["plain_descent"]
        need = f" (plain descent at lr 1/lambda_max needs up to {g(plain)})" if plain else ""
        helps.append(f"more --epochs{need}")
    if scaler is None and why_not.startswith("--no-scale") and shape is not None:
        helps.append(f"leave out --no-scale (condition number {g(shape.kappa_data, 3)} "
                     "as given)")
    if plan["batch_size"] is not None:
        helps.append("full-batch steps (leave out --batch-size): minibatch steps wander "
                     "around the answer")
    if plan["source"] in ("given", "default"):
        helps.append("leave --optimizer and --lr to vecgd (the heavy ball, from the Hessian)")
    if shape is not None and shape.kappa_data > 1e12:
        helps.append(f"fewer collinear columns (condition number {g(shape.kappa_data, 3)})")
    advice = "; ".join(helps) or "a smaller --lr"
    return (f"theta is {gap:.2g} from the least-squares theta (relative, Euclidean; converged "
            f"means within {RTOL:g}) after {result.epochs} epochs: try {advice}")


def _diverged(error: DivergenceError, data: Data, scaled: bool, shape: Curvature | None) -> int:
    """Say on stderr why the fit diverged and what to try; return the exit status 1."""
    flat = [abs(v) for x in data.xs for v in (x if isinstance(x, list) else [x])]
    big_x, big_y = max(flat), max(abs(y) for y in data.ys)
    limit = math.sqrt(sys.float_info.max / (4 * len(data.ys)))  # a square of the loss's sum
    if big_y > limit or (big_x > limit and not scaled):
        column, big = ("y", big_y) if big_y > limit else ("x", big_x)
        fix = ("leave out --no-scale (vecgd standardizes x)" if column == "x" else
               f"divide y by a power of ten (say 1e{int(math.log10(big)) - 3}) and multiply "
               "the fitted theta back")
        print(f"vecgd: error: the loss overflows: {column} reaches {big:.3g}, whose square is "
              f"past the float range, so no --lr can help: {fix}", file=sys.stderr)
        return FAILED
    safe = ""
    if shape is not None and shape.lam_max > 0:
        safe = f" (plain descent is stable below 2/lambda_max = {g(2 / shape.lam_max, 3)})"
    print(f"vecgd: error: the fit diverged in epoch {error.epoch} with lr {error.lr!r}: "
          f"try a smaller --lr, such as {error.lr / 10!r}{safe}", file=sys.stderr)
    return FAILED


def _beside(value: float, exact: float | None) -> List[str]:
    """Return the least-squares cell and the difference cell of a row of fit's table."""
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]


def _picture(args: argparse.Namespace, data: Data, result: FitResult,
             ls_theta: List[float] | None) -> str:
    """Return the data with both fits drawn over it (models of vectors: the loss curve)."""
    if data.model.takes_vectors:
        return line_chart({"descent": positive(result.losses)}, log_y=True,
                          title=f"Loss per epoch, {data.label}", ylabel="mean squared error")
    theta = result.theta
    curves: Dict[str, Callable[[float], float]] = {
        "descent": lambda x: data.model.predict(theta, x)}
    if ls_theta is not None:
        curves["least squares"] = lambda x: data.model.predict(ls_theta, x)
    return scatter_chart(data.xs, data.ys, curves, title=f"{data.label}: model {args.model}",
                         xlabel=str(args.x), ylabel=str(args.y))
