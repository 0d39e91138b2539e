"""The explorer: one offline HTML page to try learning rates and optimizers by hand.

The line-fit lesson explores with ``interact`` sliders; this page does the
same in any browser, with no server and no network.  ``explorer_page``
fits, when the page is written, every optimizer at every learning rate of
a logarithmic grid on both data sets (the line-fit lesson's, full-batch
from a = -1, b = 1, and the optimizer lesson's, per sample from 1, 1), and
embeds each run's parameters and loss after every epoch.  The page's
script only chooses a run and draws it over three pictures vecgd drew: the
data with the fitted line, the loss per epoch (log scale), and the loss
surface with the optimizer's path.  Every number on the page is vecgd's.

The URL fragment sets the state, so that a link shares a view:
``#optimizer=adam&lr=0.1&epochs=50&data=lesson`` (keys ``optimizer``: sgd,
momentum, adagrad, rmsprop, adam, adamw; ``lr``: the grid's nearest
learning rate; ``epochs``: 0 to the data's; ``data``: ``line`` or
``lesson``).  A value the page does not know falls back to the default, and
the page says so above the pictures.  The module runs past 400 lines
because the page's style and script (some 250 lines of HTML and JavaScript)
are text here, beside the Python that fills them in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable, Dict, List, Tuple

from vecgd import _svg
from vecgd._checks import require_int, require_range
from vecgd.datasets import lesson_data, line_data
from vecgd.descent import DivergenceError
from vecgd.exact import least_squares
from vecgd.losses import mean_squared_error
from vecgd.models import Linear
from vecgd.optimizers import SGD, AdaGrad, Adam, AdamW, Momentum, Optimizer, RMSprop
from vecgd.plot import contour_chart
from vecgd.training import fit
from vecgd.vector import Vector

__all__ = ["explorer_page"]

# The command line's names (vecgd.cli.families), in its order.
OPTIMIZERS: Dict[str, Callable[[float], Optimizer]] = {
    "sgd": SGD, "momentum": Momentum, "adagrad": AdaGrad, "rmsprop": RMSprop, "adam": Adam,
    "adamw": AdamW,
}
# (data key, what to call it, loader, start, epochs, batch size, the default lr): the
# line-fit lesson's 400 full-batch updates of lr 0.01 from a = -1, b = 1, and the
# optimizer lesson's 50 epochs of per-sample steps from 1, 1.
DATA = (
    ("line", "the line-fit lesson's data: 30 points on y = 3x + 8", line_data, (-1.0, 1.0),
     400, None, 0.01),
    ("lesson", "the optimizer lesson's data: y = 2x + 30, 29 points", lesson_data, (1.0, 1.0),
     50, 1, 0.1),
)


MOST_LRS = 60  # 60 x 6 optimizers x 2 data sets: about 4 MB, past the page's 3 MB aim


def explorer_page(*, lr_range: Tuple[float, float] = (1e-5, 1.0), per_decade: int = 4) -> str:
    """Return the explorer's HTML page: every optimizer at every learning rate, fitted now.

    The learning rates are ``low * 10**(k / per_decade)`` for k = 0, 1, ...
    up to ``high`` (``lr_range = (low, high)``, 0 < low < high), the slider's
    steps.  Each run is a ``fit`` of ``Linear()`` recorded after every epoch;
    a run that diverges is kept up to its last finite epoch and marked.  The
    page is self-contained (its style, script and data inline; nothing is
    fetched).  A bad ``lr_range`` or ``per_decade``, or more than 60
    learning rates, raises ``ValueError`` or ``TypeError`` naming it.

    >>> page = explorer_page(lr_range=(0.01, 0.1), per_decade=1)
    >>> page.startswith("<!DOCTYPE html>"), "http" in page.split("<svg", 1)[0]
    (True, False)
    """
    where = "explorer_page"
    low, high = require_range(where, "lr_range", lr_range)
    if low <= 0:
        raise ValueError(f"{where}: lr_range must be positive (got {lr_range!r})")
    require_int(where, "per_decade", per_decade, minimum=1)
    steps = math.floor(per_decade * (math.log10(high) - math.log10(low)) + 1e-9)
    if steps + 1 > MOST_LRS:
        raise ValueError(f"{where}: lr_range {lr_range!r} at per_decade={per_decade} gives "
                         f"{steps + 1} learning rates (at most {MOST_LRS}: the page's weight)")
    import json  # here: importing vecgd loads no more than it needs
    lrs = [float(f"{low * 10 ** (k / per_decade):.3g}") for k in range(steps + 1)]
    sets, pictures = {}, []
    for key, label, load, start, epochs, batch_size, default_lr in DATA:
        xs, ys = load()
        runs = {name: [_run(list(xs), list(ys), list(start), make(lr), epochs, batch_size)
                       for lr in lrs] for name, make in OPTIMIZERS.items()}
        best = least_squares(Linear(), list(xs), list(ys))
        sets[key] = {"label": label, "epochs": epochs, "runs": runs, "best": list(best),
                     "lr": min(lrs, key=lambda lr: abs(math.log(lr / default_lr)))}
        pictures.append(_pictures(key, list(xs), list(ys), start, best, runs, epochs))
    names = [make.__name__ for make in OPTIMIZERS.values()]
    styles = {key: {"colour": style.colour, "dash": style.dash}
              for key, style in zip(OPTIMIZERS, _svg.styles(names))}
    data = {"lrs": lrs, "optimizers": list(OPTIMIZERS), "sets": sets, "styles": styles,
            "names": dict(zip(OPTIMIZERS, names))}
    options = "".join(f'<option value="{key}">{name}</option>'
                      for key, name in zip(OPTIMIZERS, names))
    # The script and the data go in last: nothing is replaced inside them.
    return (PAGE.replace("@OPTIONS@", options).replace("@LAST@", str(len(lrs) - 1))
            .replace("@PICTURES@", "\n".join(pictures))
            .replace("@SCRIPT@", SCRIPT)
            .replace("@DATA@", json.dumps(data, separators=(",", ":"))))


def _run(xs: List[float], ys: List[float], start: List[float], optimizer: Optimizer,
         epochs: int, batch_size: int | None) -> Dict[str, Any]:
    """Return one fit's path: theta and the loss at the start and after each epoch."""
    thetas: List[Vector] = [start]
    losses = [mean_squared_error([start[0] * x + start[1] for x in xs], ys)]

    def record(epoch: int, theta: Vector, loss: float) -> None:
        thetas.append(theta)
        losses.append(loss)

    diverged = None
    try:
        fit(Linear(), xs, ys, start, optimizer, epochs=epochs, batch_size=batch_size,
            callback=record)
    except DivergenceError as error:
        diverged = error.epoch
    return {"t": [_short(v) for theta in thetas for v in theta],
            "l": [_short(v) for v in losses], "d": diverged}


def _short(value: float) -> float:
    """Return value to 5 significant digits: the pictures need no more, the page weighs less."""
    rounded = float(f"{value:.5g}")
    return rounded if math.isfinite(rounded) else value  # 1.79769e308 rounds up to inf


def _pictures(key: str, xs: List[float], ys: List[float], start: Sequence[float],
              best: Sequence[float], runs: Dict[str, List[Dict[str, Any]]], epochs: int) -> str:
    """Return the three pictures of one data set; each carries its plot area's mapping."""
    x0, x1 = min(xs), max(xs)
    ends = [start[0] * x + start[1] for x in (x0, x1)]
    fits = _svg.Chart(460, 320, "The data and the fitted line", "x", "y")
    fits.set_x(x0, x1)
    fits.set_y(min(*ys, *ends), max(*ys, *ends))  # the start's line in view too
    fits.scatter(list(zip(xs, ys)), _svg.DATA, "data")
    losses = _svg.Chart(460, 320, "Loss per epoch", "epoch", "mean squared error (log scale)")
    losses.set_x(0.0, float(epochs), integer=True)
    top = max(run["l"][0] for named in runs.values() for run in named)
    lowest = min((v for named in runs.values() for run in named for v in run["l"] if v > 0),
                 default=top)
    # Down to 12 decades below the start (an exact fit's loss falls to 1e-30), up to
    # 100 times the start (a diverging run is drawn until it leaves).
    losses.set_y(max(lowest, top * 1e-12), top * 100, log=True)
    # The box holds the start, the least-squares answer and every point of every run that
    # is no higher up the walls than the start (a diverging run leaves it).
    start_loss = min(run["l"][0] for named in runs.values() for run in named)
    points = [list(start), list(best)] + [
        run["t"][2 * i:2 * i + 2] for named in runs.values() for run in named
        for i, loss in enumerate(run["l"]) if loss <= start_loss]
    box = []
    for k in range(2):
        low, high = min(p[k] for p in points), max(p[k] for p in points)
        pad = 0.06 * (high - low) or 1.0
        box.append((low - pad, high + pad))

    def surface(a: float, b: float) -> float:
        return mean_squared_error([a * x + b for x in xs], ys)

    contour = contour_chart(surface, box[0], box[1], title="The loss surface and the path",
                            xlabel="slope a", ylabel="intercept b", width=460, height=380,
                            resolution=50)
    return (f'<div class="set" data-set="{key}">'
            f'<div class="panel fits">{fits.render(legend=False)}</div>'
            f'<div class="panel losses">{losses.render(legend=False)}</div>'
            f'<div class="panel surface">{contour}</div></div>')


# === The page: its style and script, inline (nothing is fetched) ===

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vecgd explorer: learning rate, optimizer, data</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:16px;color:#222;max-width:1420px}
h1{font-size:20px;margin:0 0 10px}
#controls{display:flex;flex-wrap:wrap;gap:10px 22px;align-items:center;margin-bottom:6px}
#controls label{display:flex;gap:6px;align-items:center}
#lr{width:260px}#epochs{width:200px}
.value{font-variant-numeric:tabular-nums;min-width:4.5em;font-weight:bold}
#notice{color:#a4001d;min-height:1.3em}#status{min-height:1.3em;margin-bottom:6px}
.set{display:none;flex-wrap:wrap;gap:6px;align-items:flex-start}.set.shown{display:flex}
.panel svg{max-width:100%;height:auto}
p.about{color:#555;font-size:13px;max-width:60em}
</style></head><body>
<h1>Gradient descent by hand: a learning rate, an optimizer, the data</h1>
<div id="controls">
<label>data <select id="data">
<option value="line">the line-fit lesson's (full batch)</option>
<option value="lesson">the optimizer lesson's (per sample)</option></select></label>
<label>optimizer <select id="optimizer">@OPTIONS@</select></label>
<label>learning rate <input id="lr" type="range" min="0" max="@LAST@" step="1">
<span id="lr-value" class="value"></span></label>
<label>epochs <input id="epochs" type="range" min="0" step="1">
<span id="epochs-value" class="value"></span></label>
<button id="play" type="button">play</button>
</div>
<div id="notice" role="status"></div><div id="status"></div>
@PICTURES@
<p class="about">Every number on this page was computed by vecgd when the page was written
(<code>python -m vecgd explore</code>): each optimizer at each learning rate of the slider, on
both data sets, every epoch.  The script only chooses a run and draws it.  The address's
fragment holds the view, to share it:
<code>#optimizer=adam&amp;lr=0.1&amp;epochs=50&amp;data=lesson</code>.</p>
<script type="application/json" id="vecgd-data">@DATA@</script>
<script>@SCRIPT@</script>
</body></html>
"""

SCRIPT = r"""
"use strict";
(function () {
  var D = JSON.parse(document.getElementById("vecgd-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var KEYS = ["optimizer", "lr", "epochs", "data"];
  var state = null, timer = null;
  function el(id) { return document.getElementById(id); }

  function nearest(lr) {  // the grid's learning rate nearest lr, on the log scale
    var best = 0;
    for (var i = 1; i < D.lrs.length; i++) {
      if (Math.abs(Math.log(D.lrs[i] / lr)) < Math.abs(Math.log(D.lrs[best] / lr))) best = i;
    }
    return best;
  }

  function read() {  // the state the fragment asks for, and what fell back to a default
    var asked = {}, notes = [];
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      asked[key] = decodeURIComponent(at < 0 ? "" : pair.slice(at + 1));
      if (KEYS.indexOf(key) < 0) notes.push("unknown key \u2018" + key + "\u2019 ignored");
    });
    var s = {data: "line", optimizer: "sgd"};
    if ("data" in asked) {
      if (D.sets.hasOwnProperty(asked.data)) s.data = asked.data;
      else notes.push("unknown data \u2018" + asked.data + "\u2019: showing line");
    }
    var set = D.sets[s.data];
    if ("optimizer" in asked) {
      if (D.optimizers.indexOf(asked.optimizer) >= 0) s.optimizer = asked.optimizer;
      else notes.push("unknown optimizer \u2018" + asked.optimizer + "\u2019: showing sgd");
    }
    var lr = set.lr, last = D.lrs[D.lrs.length - 1];
    if ("lr" in asked) {
      var given = Number(asked.lr);
      if (asked.lr !== "" && given >= D.lrs[0] / 2 && given <= last * 2) lr = given;
      else notes.push("unknown lr \u2018" + asked.lr + "\u2019 (the page holds " + D.lrs[0] +
                      " to " + last + "): showing " + set.lr);
    }
    s.lr = nearest(lr);
    if ("lr" in asked && lr !== set.lr && D.lrs[s.lr] !== lr) {
      notes.push("lr " + asked.lr + " is not on the slider: showing the nearest, " + D.lrs[s.lr]);
    }
    s.epochs = set.epochs;
    if ("epochs" in asked) {
      var n = Number(asked.epochs);
      if (asked.epochs !== "" && Math.floor(n) === n && n >= 0 && n <= set.epochs) s.epochs = n;
      else notes.push("unknown epochs \u2018" + asked.epochs + "\u2019 (0 to " + set.epochs +
                      " for this data): showing " + set.epochs);
    }
    el("notice").textContent = notes.length ? "From the address: " + notes.join("; ") + "." : "";
    return s;
  }

  function mapping(svg) {  // the chart's data -> picture mapping, which vecgd wrote into it
    var v = svg.getAttribute("data-plot").split(" ").map(Number), log = v[8] === 1;
    var f = log ? function (y) { return Math.log(Math.max(y, v[6])) / Math.LN10; }
                : function (y) { return y; };
    function clamp(p) { return Math.max(-1e5, Math.min(1e5, p)); }
    return {
      left: v[0], right: v[2], x0: v[4], x1: v[5],
      x: function (x) { return clamp(v[0] + (x - v[4]) / (v[5] - v[4]) * (v[2] - v[0])); },
      y: function (y) {
        return clamp(v[3] - (f(y) - f(v[6])) / (f(v[7]) - f(v[6])) * (v[3] - v[1]));
      }
    };
  }

  function layer(svg) {  // an empty group over the plot area, clipped to it
    var g = svg.querySelector("g.explorer");
    if (!g) {
      g = document.createElementNS(NS, "g");
      g.setAttribute("class", "explorer");
      g.setAttribute("clip-path", "url(#" + svg.querySelector("clipPath").id + ")");
      svg.appendChild(g);
    }
    while (g.firstChild) g.removeChild(g.firstChild);
    return g;
  }

  function add(g, tag, attributes) {
    var e = document.createElementNS(NS, tag);
    for (var k in attributes) e.setAttribute(k, attributes[k]);
    g.appendChild(e);
    return e;
  }

  function line(g, points, style, width) {
    var a = {points: points.join(" "), fill: "none", stroke: style.colour,
             "stroke-width": width, "stroke-linejoin": "round"};
    if (style.dash) a["stroke-dasharray"] = style.dash;
    return add(g, "polyline", a);
  }

  function crosses(a, b, box) {  // does segment a-b meet the box (Liang and Barsky's clipping)?
    var t0 = 0, t1 = 1, dx = b[0] - a[0], dy = b[1] - a[1];
    var p = [-dx, dx, -dy, dy], q = [a[0] - box[0], box[2] - a[0], a[1] - box[1], box[3] - a[1]];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return false; continue; }
      var t = q[i] / p[i];
      if (p[i] < 0) t0 = Math.max(t0, t); else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
    return true;
  }

  function hideLabelsUnder(svg, points) {  // no contour label under the path (vecgd's rule)
    // Each segment is tested whole: a diverging run's long jumps cross labels too.
    var xy = points.map(function (p) { return p.split(",").map(Number); });
    Array.prototype.forEach.call(svg.querySelectorAll("text.level"), function (label) {
      var b = label.getBBox(), box = [b.x - 2, b.y - 2, b.x + b.width + 2, b.y + b.height + 2];
      var hit = false;
      for (var i = 0; i < xy.length && !hit; i++) {
        hit = crosses(xy[Math.max(0, i - 1)], xy[i], box);
      }
      // the label's group holds its opaque box too: hide both
      label.parentNode.setAttribute("visibility", hit ? "hidden" : "visible");
    });
  }

  function draw() {
    var set = D.sets[state.data], run = set.runs[state.optimizer][state.lr];
    var style = D.styles[state.optimizer], n = Math.min(state.epochs, run.l.length - 1);
    var box = document.querySelector('.set[data-set="' + state.data + '"]');
    Array.prototype.forEach.call(document.querySelectorAll(".set"), function (s) {
      s.classList.toggle("shown", s === box);
    });
    var svg = box.querySelector(".fits svg"), m = mapping(svg), g = layer(svg);
    var a = run.t[2 * n], b = run.t[2 * n + 1];
    line(g, [m.left + "," + m.y(a * m.x0 + b), m.right + "," + m.y(a * m.x1 + b)], style, 2.5)
      .setAttribute("class", "fit");
    svg = box.querySelector(".losses svg"); m = mapping(svg); g = layer(svg);
    var points = [];
    for (var i = 0; i <= n; i++) points.push(m.x(i) + "," + m.y(run.l[i]));
    line(g, points, style, 2).setAttribute("class", "loss");
    svg = box.querySelector(".surface svg"); m = mapping(svg); g = layer(svg);
    points = [];
    for (i = 0; i <= n; i++) points.push(m.x(run.t[2 * i]) + "," + m.y(run.t[2 * i + 1]));
    hideLabelsUnder(svg, points);
    line(g, points, {colour: "white"}, 4.5).setAttribute("stroke-opacity", "0.8");
    line(g, points, style, 2).setAttribute("class", "path");
    var start = points[0].split(","), end = points[points.length - 1].split(",");
    add(g, "circle", {cx: start[0], cy: start[1], r: 5, fill: "white", stroke: style.colour,
                      "stroke-width": 1.5});
    add(g, "rect", {x: end[0] - 4.5, y: end[1] - 4.5, width: 9, height: 9, fill: style.colour});
    var bx = m.x(set.best[0]), by = m.y(set.best[1]);  // least squares, on top of the end
    add(g, "path", {d: "M" + (bx - 6) + "," + (by - 6) + "L" + (bx + 6) + "," + (by + 6) + "M" +
                    (bx - 6) + "," + (by + 6) + "L" + (bx + 6) + "," + (by - 6),
                    stroke: "#000000", "stroke-width": 2, "class": "least-squares"});
    var diverged = run.d !== null && n === run.l.length - 1 && state.epochs > n;
    el("status").textContent = D.names[state.optimizer] + ", lr " +
      D.lrs[state.lr] + ", after epoch " + n + ": a = " + a + ", b = " + b + ", loss = " +
      run.l[n] + (diverged ? ". It diverged in epoch " + run.d +
      " (the numbers left the floats): lower the learning rate." : "") +
      "  \u25cb start, \u25a0 this epoch, \u00d7 least squares (a = " + set.best[0].toPrecision(5) +
      ", b = " + set.best[1].toPrecision(5) + ").";
    el("data").value = state.data;
    el("optimizer").value = state.optimizer;
    el("lr").value = state.lr;
    el("lr-value").textContent = D.lrs[state.lr];
    el("epochs").max = set.epochs;
    el("epochs").value = state.epochs;
    el("epochs-value").textContent = state.epochs;
    var hash = "#optimizer=" + state.optimizer + "&lr=" + D.lrs[state.lr] + "&epochs=" +
      state.epochs + "&data=" + state.data;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function change(key, value) {
    if (timer !== null && key !== "play") { clearInterval(timer); timer = null; }
    state[key] = value;
    if (key === "data") state.epochs = Math.min(state.epochs, D.sets[value].epochs);
    el("notice").textContent = "";
    draw();
  }

  el("data").addEventListener("change", function () { change("data", this.value); });
  el("optimizer").addEventListener("change", function () { change("optimizer", this.value); });
  el("lr").addEventListener("input", function () { change("lr", Number(this.value)); });
  el("epochs").addEventListener("input", function () { change("epochs", Number(this.value)); });
  el("play").addEventListener("click", function () {  // the fitted line moving, epoch by epoch
    if (timer !== null) clearInterval(timer);
    var last = D.sets[state.data].epochs, step = Math.max(1, Math.round(last / 100));
    state.epochs = 0;
    draw();
    timer = setInterval(function () {
      state.epochs = Math.min(last, state.epochs + step);
      draw();
      if (state.epochs >= last) { clearInterval(timer); timer = null; }
    }, 40);
  });
  window.addEventListener("hashchange", function () {
    var wanted = "#optimizer=" + state.optimizer + "&lr=" + D.lrs[state.lr] + "&epochs=" +
      state.epochs + "&data=" + state.data;
    if (location.hash !== wanted) { state = read(); draw(); }
  });
  state = read();
  draw();
  // Milliseconds from the start of navigation (the page read and parsed) to the first drawing.
  document.body.setAttribute("data-drawn-ms", Math.round(performance.now()));
})();
"""
