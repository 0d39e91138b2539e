"""``vecgd fit``: fit a model to columns of a CSV file; print theta beside least squares.

The optimizer, schedule and model come from the tables of
``vecgd.cli.families``; the parameters are named by the model (and, for
``multi``, by the columns).  ``--json`` prints one object instead of the
table.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, Callable, Dict, List

from vecgd.cli._common import (
    OK,
    Progress,
    UsageError,
    command_parser,
    diverged,
    g,
    positive,
    positive_float,
    positive_int,
    spark,
    table,
    write,
)
from vecgd.cli._data import Data, closed_form, data_arguments, load, loss
from vecgd.cli._losses import add_loss_arguments, loss_report, losses_help, the_loss
from vecgd.cli.families import (
    MODELS,
    OPTIMIZERS,
    SCHEDULES,
    ScheduleSpec,
    family_help,
    make_schedule,
    parse_schedule,
)
from vecgd.descent import DivergenceError
from vecgd.plot import line_chart, scatter_chart
from vecgd.training import fit
from vecgd.vector import Vector

__all__ = ["add_parser", "run"]

EPOCHS, LR, OPTIMIZER = 20000, 0.1, "adam"


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
        f"Features are not scaled: the defaults ({OPTIMIZERS[OPTIMIZER].make.__name__}, lr {LR}, "
        f"{EPOCHS} full-batch epochs)\n"
        "converge on data such as examples/heights.csv; plain SGD on unscaled data\n"
        "needs a small --lr and many epochs.\n\n"
        f"{families}\n\nexamples:\n"
        "  python -m vecgd fit examples/heights.csv --x height_cm --y weight_kg\n"
        "  python -m vecgd fit examples/heights.csv --model multi "
        "--features height_cm,age --y weight_kg --json\n"
        "  cat data.csv | python -m vecgd fit - --x 0 --y 1 --optimizer sgd --lr 1e-5")
    parser.add_argument("file", metavar="FILE.csv", help="CSV file with a header row; - for stdin")
    data_arguments(parser, required=True)
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), default=OPTIMIZER,
                        help=f"one of the optimizers below (default: {OPTIMIZER})")
    parser.add_argument("--lr", type=positive_float, default=LR,
                        help=f"learning rate (default: {LR})")
    parser.add_argument("--epochs", type=positive_int, default=EPOCHS,
                        help=f"epochs (default: {EPOCHS})")
    parser.add_argument("--batch-size", type=positive_int, metavar="K",
                        help="steps on batches of K samples, shuffled (default: full batch)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffle (default: 0)")
    parser.add_argument("--schedule", type=parse_schedule, default=parse_schedule("none"),
                        metavar="SPEC", help="one of the schedules below (default: none)")
    parser.add_argument("--plot", metavar="OUT.svg",
                        help="write the data and both fits (multi: the loss curve) as SVG")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    add_loss_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fit the file's columns, print theta beside least squares; return the exit status."""
    data = load(args.file, args)
    if args.plot and not os.path.isdir(os.path.dirname(os.path.abspath(args.plot))):
        raise UsageError(f"cannot write {args.plot} (no such folder)")
    kind = OPTIMIZERS[args.optimizer]
    optimizer = kind.make(args.lr)
    spec: ScheduleSpec = args.schedule
    try:
        schedule = make_schedule(spec, optimizer)
    except ValueError as error:
        raise UsageError(str(error)) from None
    objective_loss, penalty = the_loss(args, data)  # None, None: squared error, as below
    progress = Progress("fit", args.epochs, args.quiet)
    try:
        result = fit(data.model, data.xs, data.ys, data.theta0, optimizer, epochs=args.epochs,
                     batch_size=args.batch_size, shuffle=args.batch_size is not None,
                     seed=args.seed, schedule=schedule, callback=progress,
                     loss=objective_loss, penalty=penalty)
    except DivergenceError as error:
        return diverged(error)
    finally:
        progress.close()
    if objective_loss is not None:
        return loss_report(args, data, result, objective_loss, penalty, {
            "optimizer": kind.make.__name__, "lr": args.lr, "batch_size": args.batch_size,
            "schedule": spec.text})
    ls_theta = closed_form(data)
    ls_loss = loss(data, ls_theta) if ls_theta is not None else None
    if args.plot:
        write(args.plot, _picture(args, data, result.theta, ls_theta, result.losses))
    if args.json:
        print(json.dumps({
            "file": data.label, "rows": len(data.ys), "model": args.model,
            "parameters": data.names, "theta": result.theta, "loss": result.loss,
            "least_squares": None if ls_theta is None else {"theta": ls_theta, "loss": ls_loss},
            "optimizer": args.optimizer, "lr": args.lr, "epochs": result.epochs,
            "batch_size": args.batch_size, "schedule": spec.text,
            "stop_reason": result.stop_reason}))
        return OK
    batches = "full batch" if args.batch_size is None else f"batches of {args.batch_size}"
    print(f"fit: {data.label}, {len(data.ys)} rows; y = {args.y}, model {args.model}: "
          f"theta = [{', '.join(data.names)}]")
    print(f"{kind.make.__name__}, lr {g(args.lr)}, {batches}, {result.epochs} epochs, "
          f"schedule {spec.text}")
    print()
    rows = [[name, g(t), *_beside(t, None if ls_theta is None else ls_theta[k])]
            for k, (name, t) in enumerate(zip(data.names, result.theta))]
    rows.append(["loss (MSE)", g(result.loss), *_beside(result.loss, ls_loss)])
    for line in table(["parameter", "descent", "least squares", "difference"], rows, "lrrr"):
        print(line)
    print()
    print(f"loss per epoch (log scale): {spark(result.losses, 40)}")
    print(_verdict(result.loss, ls_loss))
    if args.plot:
        print(f"wrote {args.plot}")
    return OK


def _beside(value: float, exact: float | None) -> List[str]:
    """Return the least-squares cell and the difference cell of a row of fit's table."""
    return ["", ""] if exact is None else [g(exact), f"{value - exact:.1e}"]


def _verdict(loss: float, ls_loss: float | None) -> str:
    if ls_loss is None:
        return "least squares: no single answer (the columns are linearly dependent)"
    if ls_loss == 0:
        return f"the data fit the model exactly; descent's loss is {loss:.2g}"
    excess = (loss - ls_loss) / ls_loss
    if excess <= 0.01:
        return f"descent's loss is within {excess * 100:.2g}% of the least-squares loss"
    return (f"descent's loss is {excess * 100:.3g}% above the least-squares loss: try more "
            "--epochs, another --lr, or scaled features")


def _picture(args: argparse.Namespace, data: Data, theta: Vector,
             ls_theta: Vector | None, losses: List[float]) -> str:
    """Return the data with both fits drawn over it (models of vectors: the loss curve)."""
    if data.model.takes_vectors:
        return line_chart({"descent": positive(losses)}, log_y=True,
                          title=f"Loss per epoch, {data.label}", ylabel="mean squared error")
    curves: Dict[str, Callable[[float], float]] = {
        "descent": lambda x: data.model.predict(theta, x)}
    if ls_theta is not None:
        curves["least squares"] = lambda x: data.model.predict(ls_theta, x)
    return scatter_chart(data.xs, data.ys, curves, title=f"{data.label}: model {args.model}",
                         xlabel=str(args.x), ylabel=str(args.y))
