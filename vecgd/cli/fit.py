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
from typing import Any, Dict, List

from vecgd.cli._common import (
    NOT_CONVERGED,
    OK,
    USAGE,
    Progress,
    UsageError,
    command_parser,
    g,
    positive_float,
    positive_int,
    write,
)
from vecgd.cli._data import Data, Once, closed_form, data_arguments, load, loss
from vecgd.cli._fit_report import (
    advice,
    diverged,
    json_report,
    least_loss,
    overflow,
    picture,
    print_table,
)
from vecgd.cli._loss_stop import blew_up, loss_stop, stable_limit, warm_start
from vecgd.cli._losses import (
    add_loss_arguments,
    exact_optimum,
    loss_plan,
    loss_report,
    losses_help,
    the_loss,
)
from vecgd.cli._steps import (
    RTOL,
    Curvature,
    curvature,
    distance,
    heavy_ball,
    heavy_ball_epochs,
)
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
from vecgd.exact import ILL_CONDITIONED, IllConditionedWarning
from vecgd.lbfgs import LBFGS
from vecgd.models import MultipleLinear
from vecgd.optimizers import Momentum, Optimizer
from vecgd.scaling import Standardizer
from vecgd.training import FitResult, fit

__all__ = ["add_parser", "run"]

EPOCHS, OPTIMIZER = 20000, "momentum"
MOST_EPOCHS = 200000  # the default's ceiling when the heavy ball predicts more than EPOCHS / 3
ADAPTIVE_LR = 0.1  # the adaptive optimizers' lr when none is given: steps of about 0.1 each
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
    parser.add_argument("--epochs", type=positive_int,
                        help=f"most epochs (default: {EPOCHS}, or three times the heavy ball's "
                             f"predicted epochs up to {MOST_EPOCHS:,}; the fit stops on a small "
                             "gradient)")
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
                        help="write the data and both fits (multi: the loss curve; "
                             "--loss/--penalty: the objective's) as SVG")
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
    try:
        scaler, why_not = _scaler(data, scale=saved["scale"] if saved else not args.no_scale)
    except OverflowError:  # a power of a huge x (poly:N) is past the float range
        big = max(abs(v) for x in data.xs for v in (x if isinstance(x, list) else [x]))
        print(f"vecgd: error: the model's features overflow: x reaches {big:.3g}, and its "
              f"powers are past the float range: divide x by a power of ten "
              f"(say 1e{int(math.log10(big)) - 3})", file=sys.stderr)
        return USAGE  # bad input, not divergence
    ls_theta = _least_squares(data)
    shape = _curvature(data, scaler)
    kappa = _collinear(data, shape, scaler)  # scaled: what says the columns are dependent
    objective_loss, penalty = the_loss(args, data)  # None, None: squared error, as below
    exact = exact_optimum(data, objective_loss, penalty, scaler) if objective_loss else None
    plan = saved or _plan(args, shape)
    if exact is not None and objective_loss is not None and not saved:  # log loss's own step
        plan = loss_plan(plan, args, shape, objective_loss, penalty, exact)
    optimizer: Optimizer | LBFGS = (Momentum(plan["lr"], momentum=plan["momentum"])
                            if plan["momentum"] is not None
                            else OPTIMIZERS[plan["optimizer"]].make(plan["lr"]))
    spec: ScheduleSpec = parse_schedule(plan["schedule"])
    try:
        schedule = make_schedule(spec, optimizer)
    except ValueError as error:
        raise UsageError(str(error)) from None
    stop = None
    if (objective_loss is None and shape is not None and ls_theta is not None
            and math.isfinite(shape.kappa_data)):
        stop = STOP * shape.lam_min_data * math.hypot(*ls_theta) or None
    done = int(saved["fit"].get("epoch", 0)) if saved else 0  # a resumed fit counts on
    epochs = args.epochs or _default_epochs(plan, shape)
    progress = Progress("fit", done + epochs, args.quiet)
    watch = None if exact is None else loss_stop(exact, progress)
    start = data.theta0
    if objective_loss is not None and ls_theta is not None:  # a robust loss: from least squares
        start = warm_start(objective_loss, ls_theta, data.theta0)
    try:
        result = fit(data.model, data.xs, data.ys, None if saved else start, optimizer,
                     epochs=epochs, batch_size=plan["batch_size"],
                     shuffle=plan["batch_size"] is not None, seed=args.seed, schedule=schedule,
                     callback=progress if watch is None else watch,
                     standardize=scaler is not None, keep_best=True,
                     gradient_tolerance=stop, resume=saved["fit"] if saved else None,
                     loss=objective_loss, penalty=penalty)
    except DivergenceError as error:
        return diverged(error, data, scaler is not None, shape)
    except ValueError as error:  # a schedule that drove lr to 0, a state that does not fit,
        too_big = overflow(data, scaler is not None)  # a loss not finite at the start
        raise UsageError(str(error) if too_big is None else too_big) from None
    finally:
        progress.close()
    if args.save_state:
        _write_state(args.save_state, args, data, plan, result)
    if objective_loss is not None:
        if args.plot and not (watch is not None and blew_up(result, watch)):
            best = None if exact is None else exact.theta
            write(args.plot, picture(args, data, result, best, objective_loss,
                                     plan["optimizer"]))
        return loss_report(args, data, result, objective_loss, penalty, {
            "optimizer": type(optimizer).__name__, "lr": plan["lr"],
            "batch_size": plan["batch_size"], "schedule": spec.text, "exact": exact,
            "scaled": scaler is not None, "why_not": why_not, "shape": shape,
            "stop": watch, "limit": stable_limit(objective_loss, penalty,
                                                 None if shape is None else shape.lam_max)})
    ls_loss = loss(data, ls_theta) if ls_theta is not None else None
    # A design singular to rounding (or whose exact answer, all rounding, fits worse than
    # descent) has no single theta: judge descent by the least loss, never by that answer.
    dependent = ls_theta is None or (kappa is not None and kappa > ILL_CONDITIONED) or (
        ls_loss is not None and ls_loss > result.loss * (1 + 1e-9))
    if dependent:
        ls_theta, ls_loss = None, least_loss(data, scaler, shape)
    gap = distance(result.theta, ls_theta) if ls_theta is not None else None
    converged = gap is not None and gap <= RTOL
    if dependent and ls_loss is not None:
        scale = math.fsum(y * y for y in data.ys) / len(data.ys)
        converged = result.loss - ls_loss <= RTOL * (ls_loss + RTOL * scale)
    if args.plot:
        write(args.plot, picture(args, data, result, ls_theta, optimizer=plan["optimizer"]))
    if args.json:
        print(json.dumps(json_report(args, data, plan, result, ls_theta, ls_loss, shape, scaler,
                                 gap, converged)))
    else:
        print_table(args, data, plan, result, ls_theta, ls_loss, shape, scaler, why_not, gap)
    if converged and gap is None and not args.json:  # dependent columns: judged by the loss
        print(f"converged in loss: descent's loss is within {RTOL:g} of the least loss, "
              "which every theta on a line (the columns are linearly dependent) reaches: "
              "no single theta is the answer")
    if converged:
        return OK
    helps = advice(plan, result, shape, scaler, why_not, gap, several=_several(data))
    print(f"vecgd: did not converge: {helps}", file=sys.stderr)
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
    """Return closed_form(data); its warning of an ill-conditioned design is left to
    _collinear, which judges the columns after scaling (large values alone are not a fault)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IllConditionedWarning)
        return closed_form(data)


def _collinear(data: Data, shape: Curvature | None, scaler: Standardizer | None
               ) -> float | None:
    """Warn (one line on stderr) when the columns are collinear to rounding even scaled;
    return that condition number (None when unknown)."""
    kappa = shape.kappa if shape is not None and scaler is not None else None
    if kappa is None and type(data.model).__name__ != "Proportional":
        try:
            kappa = _curvature(data, Standardizer(data.model).fit(data.xs)).kappa  # type: ignore
        except (TypeError, ValueError, AttributeError):
            kappa = None
    if kappa is not None and kappa > ILL_CONDITIONED and not _several(data):
        print(f"vecgd: warning: x's values are too few or too close together for the model: "
              f"the condition number of the Hessian is {g(kappa, 3)} even with x standardized, "
              "so rounding, not the data, sets the least-squares theta", file=sys.stderr)
    elif kappa is not None and kappa > ILL_CONDITIONED:
        print(f"vecgd: warning: the columns are nearly collinear: the condition number of the "
              f"Hessian is {g(kappa, 3)} even with the features standardized, so rounding, not "
              "the data, sets the least-squares theta: drop or combine a column", file=sys.stderr)
    return kappa


def _several(data: Data) -> bool:
    """Return whether the data has several x columns (--model multi with two or more)."""
    return bool(data.model.takes_vectors and len(data.xs[0]) > 1)


def _curvature(data: Data, scaler: Standardizer | None) -> Curvature | None:
    """Return the Hessian's eigenvalues before and after scaling; None if they overflow."""
    try:
        if scaler is None:
            return curvature(data.model, data.xs)
        # transform gives feature rows, whatever the model: a MultipleLinear fits them
        return curvature(data.model, data.xs, MultipleLinear(), scaler.transform(data.xs))
    except (ValueError, OverflowError):
        return None


def _default_epochs(plan: Dict[str, Any], shape: Curvature | None) -> int:
    """Return EPOCHS, or for the heavy ball from the Hessian three times its predicted
    epochs when that is more (up to MOST_EPOCHS): the gradient stop ends it sooner."""
    if plan.get("source") != "heavy ball" or shape is None:
        return EPOCHS
    need = heavy_ball_epochs(shape)
    return int(min(MOST_EPOCHS, max(EPOCHS, 3 * need))) if math.isfinite(need) else EPOCHS


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
