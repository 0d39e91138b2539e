"""Private drawing primitives for ``vecgd.plot``: ticks, axes, legend, markers, styles.

A ``Chart`` is a plot area with two axes: set the data ranges, add elements
in data coordinates, ``render`` the SVG text.  Nothing here checks its
arguments but ``SVG``'s (exported by ``vecgd.plot``): ``vecgd.plot`` does,
so that each message names the public function.  ``styles`` is the
pictures' one language (an optimizer's colour and dash in every picture).
Past 400 lines: a chart's parts share one ``Chart``'s mapping and margins.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import List, NamedTuple, Tuple

__all__ = ["AnimatedSVG", "SVG"]

Point = Tuple[float, float]

# Okabe & Ito (2008), "Color Universal Design": colours that readers with any
# common colour-vision deficiency tell apart.  Their yellow (#F0E442) is left
# out because it vanishes on white; the order puts the most distinct first.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "5 5", "1 3", "14 4 4 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "down")
FONT = 12
CHAR = 0.6 * FONT  # a sans-serif character's mean width, to size margins and the legend
MINUS = "\u2212"  # a typographic minus sign, as wide as a plus
# The range arithmetic works on halves (x / 2 - low / 2), exact for normal
# floats, so that data spanning -1.8e308 .. 1.8e308 never overflows; and a
# range narrower than SMALLEST_SPAN is widened, because the powers of ten of
# its ticks would underflow to zero.
LARGEST = sys.float_info.max
SMALLEST_SPAN = 1e-300


class _Picture(str):
    """SVG text that stays a str, with a one-line repr instead of thousands of characters."""

    def __new__(cls, text: str) -> _Picture:
        if not isinstance(text, str):
            raise TypeError(f"{cls.__name__}: text must be a str (got {type(text).__name__})")
        return super().__new__(cls, text)

    def __repr__(self) -> str:
        title = self.split("<title>", 1)[1].split("</title>", 1)[0] if "<title>" in self else ""
        return f"<{type(self).__name__}: {len(self)} characters{', ' if title else ''}{title}>"


class SVG(_Picture):
    """A still picture: its SVG text (a str, so ``write_svg``, ``in`` and slicing work),
    which IPython and Jupyter display through ``_repr_svg_()``; non-str text: TypeError.

    >>> picture = SVG("<svg><title>loss</title></svg>")
    >>> picture == "<svg><title>loss</title></svg>", picture._repr_svg_() == picture
    (True, True)
    >>> picture
    <SVG: 30 characters, loss>
    """

    def _repr_svg_(self) -> str:
        """Return the SVG text, for IPython's display (mime type image/svg+xml)."""
        return str(self)


class AnimatedSVG(_Picture):
    """An animation: SVG text (a str) shown inline in HTML by ``_repr_html_()``.

    A notebook shows ``image/svg+xml`` as an ``<img>`` and runs no script in
    outputs; inline in HTML, the SMIL ``<animate>`` elements play by themselves.

    >>> movie = AnimatedSVG("<svg><animate/></svg>")
    >>> movie._repr_html_() == movie, hasattr(movie, "_repr_svg_")
    (True, False)
    """

    def _repr_html_(self) -> str:
        """Return the SVG text to inline in HTML (mime type text/html)."""
        return str(self)


def escape(text: str) -> str:
    """Return text safe inside an XML element or a double-quoted attribute."""
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def num(x: float) -> str:
    """Return a picture coordinate with two decimals (a hundredth of a pixel)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def points_attribute(points: Sequence[Point]) -> str:
    """Return the text of a polyline's points attribute."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


class Style(NamedTuple):
    """How one series is drawn: colour, dash pattern and marker."""

    colour: str
    dash: str
    marker: str

    @classmethod
    def of(cls, index: int) -> Style:
        """Return the style of series number index (distinct for the first 49)."""
        n = len(PALETTE)
        return cls(PALETTE[index % n], DASHES[(index + index // n) % n], MARKERS[index % n])

    def stroke(self) -> str:
        """Return the stroke attributes of a line in this style (a solid line wider, so that
        a dashed one drawn over it leaves it visible between the dashes)."""
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        return f'stroke="{self.colour}" stroke-width="{2 if self.dash else 3}" fill="none"{dash}'


# One picture language: each optimizer has the same colour, dash and marker in
# every picture (keyed by its name, lower case, without spaces, dashes or an
# explanation in brackets: "AdamW", "adamw", "Adam W (lr 0.1)"); data are grey
# hollow circles and least squares a black dotted line or a black cross, never
# a colour an optimizer could take.  L-BFGS's wine red is Tol's (2021), the
# Okabe-Ito set having no eighth colour.
NAMED = {
    "sgd": Style("#0072B2", "", "circle"),
    "momentum": Style("#D55E00", "8 4", "square"),
    "adagrad": Style("#009E73", "4 2 1 2", "triangle"),
    "rmsprop": Style("#CC79A7", "10 3 2 3", "diamond"),
    "adam": Style("#E69F00", "5 3", "down"),
    "adamw": Style("#56B4E9", "14 4 4 4", "plus"),
    "lbfgs": Style("#882255", "2 2", "cross"),
    "leastsquares": Style("#000000", "1 3", "cross"),
}
DATA = Style("#6b6b6b", "", "circle")


def styles(names: Sequence[str]) -> List[Style]:
    """Return each name's style: its own if named in NAMED, else a step of a neutral ramp:
    SGD's blue, light to dark in their order (RAMP's ends), solid, with a circle, so that an
    optimizer's colour and dash always mean that optimizer ("frame 2" is no Momentum)."""
    keys = [name.split(" (")[0].lower().replace(" ", "").replace("-", "").replace("_", "")
            for name in names]
    n, out = sum(k not in NAMED for k in keys), []  # type: int, List[Style]
    for key in keys:
        share = (len(out) - sum(k in NAMED for k in keys[:len(out)])) / max(1, n - 1)
        colour = "#" + "".join(f"{round(a + (b - a) * (share if n > 1 else 1)):02x}"
                               for a, b in zip(*RAMP))
        out.append(NAMED.get(key, Style(colour, "", "circle")))
    return out


RAMP = ((0x9E, 0xCA, 0xE1), (0x08, 0x30, 0x6B))  # ColorBrewer "Blues": visible on white .. darkest


def marker(kind: str, x: float, y: float, colour: str, r: float = 4.0,
           fill: str = "") -> str:
    """Return the SVG element of a marker of the given kind centred at (x, y)."""
    paint = f'fill="{fill or colour}" stroke="{colour}" stroke-width="1.5"'
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" {paint}/>'
    if kind == "square":
        s = 0.9 * r
        return (f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" '
                f'height="{num(2 * s)}" {paint}/>')
    if kind in ("cross", "plus"):
        a, b = (r, r) if kind == "cross" else (r * 1.2, 0.0)
        d = (f"M{num(x - a)},{num(y - b)}L{num(x + a)},{num(y + b)}"
             f"M{num(x - b)},{num(y + a)}L{num(x + b)},{num(y - a)}")
        return f'<path d="{d}" stroke="{colour}" stroke-width="2" fill="none"/>'
    corners = {
        "triangle": [(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "down": [(0.0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "diamond": [(0.0, -1.3), (1.1, 0.0), (0.0, 1.3), (-1.1, 0.0)],
    }[kind]
    shape = points_attribute([(x + r * dx, y + r * dy) for dx, dy in corners])
    return f'<polygon points="{shape}" {paint}/>'


def power_of_ten(k: int, before: str = "") -> str:
    """Return the text of 10**k with k raised (a tspan), after the text before."""
    return f'{before}10<tspan dy="-5" font-size="9">{str(k).replace("-", MINUS)}</tspan>'


def decimal(n: int, e: int) -> float:
    """Return n * 10**e as the float nearest the exact decimal (0.3, not 0.30000000000000004)."""
    return float(n * 10 ** e) if e >= 0 else n / 10 ** -e


def linear_ticks(low: float, high: float, most: int = 6,
                 integer: bool = False) -> Tuple[List[float], List[str], int]:
    """Return round ticks inside [low, high], their labels, and the labels' power of ten.

    The step is the finest of 1, 2, 5 times a power of ten that leaves at most
    ``most`` intervals over the range (the "nice numbers" of Heckbert,
    Graphics Gems, 1990); with ``integer=True`` it is at least 1.  Ticks of
    100000 and more, or steps under 0.001, are labelled in units of the
    step's power of ten p (``2, 4, 6`` for ``200000, 400000, 600000``, p = 5),
    to be read with "x10^p" beside the axis; otherwise p is 0.
    """
    half_span = high / 2 - low / 2  # (high - low) / 2, which cannot overflow
    e = math.floor(math.log10(half_span / most * 2))
    m = next(m for m in (1, 2, 5, 10) if half_span / (m * 10.0 ** e) <= most * (1 + 1e-9) / 2)
    if m == 10:
        m, e = 1, e + 1
    if integer and e < 0:
        m, e = 1, 0
    first = math.ceil(low / (m * 10.0 ** e) - 1e-9)
    last = math.floor(high / (m * 10.0 ** e) + 1e-9)
    ticks = [decimal(k * m, e) for k in range(first, last + 1)]
    if max(abs(t) for t in ticks) >= 1e5 or e < -3:
        labels, power = [str(k * m) for k in range(first, last + 1)], e
    else:
        labels, power = [f"{t:.{max(0, -e)}f}" for t in ticks], 0
    return ticks, [label.replace("-", MINUS) for label in labels], power


def log_ticks(low: float, high: float, most: int = 7) -> Tuple[List[int], float, float]:
    """Return the powers k of the ticks 10**k, and the axis range (low, high).

    The range is widened to whole decades when fewer than two powers of ten
    lie inside it; with many decades, every second (third, ...) is ticked.
    """
    k0, k1 = math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9)
    if k1 - k0 < 1:
        k0, k1 = math.floor(math.log10(low) + 1e-9), math.ceil(math.log10(high) - 1e-9)
        k1 = max(k1, k0 + 1)
        # 10**309 overflows and 10**-324 is zero: keep whole decades inside the floats.
        if k1 > 308:
            k0, k1 = min(k0, 307), 308
        if k0 < -323:
            k0, k1 = -323, max(k1, -322)
        low, high = min(low, 10.0 ** k0), max(high, 10.0 ** k1)
    stride = max(1, math.ceil((k1 - k0) / most))
    return [k for k in range(k0, k1 + 1) if k % stride == 0], low, high


class Chart:
    """A picture with one plot area, two axes, a title and a legend."""

    def __init__(self, width: int, height: int, title: str, xlabel: str, ylabel: str) -> None:
        self.width, self.height = width, height
        self.title, self.xlabel, self.ylabel = title, xlabel, ylabel
        self.xlim = self.ylim = (0.0, 1.0)
        self.log_y = False
        self.xticks: List[Tuple[float, str]] = []
        self.yticks: List[Tuple[float, str]] = []  # labels "10^k" stay as (value, "k")
        self.minor_y: List[float] = []  # log axes: unlabelled lines between the powers
        self.xpower = self.ypower = 0  # tick labels count units of 10**power
        self.elements: List[str] = []  # drawn inside the plot area, clipped to it
        self.occupied: List[Point] = []  # picture points the legend should avoid
        self.entries: List[Tuple[str, Style, bool, bool]] = []
        self.note = ""
        self.left = self.right = self.top = self.bottom = 0.0  # set by set_y

    # --- axes ---
    def set_x(self, low: float, high: float, *, integer: bool = False, pad: bool = True) -> None:
        """Set the x range (padded by 5% unless pad=False) and its round ticks."""
        low, high = _padded(low, high, pad)
        self.xlim = (low, high)
        ticks, labels, self.xpower = linear_ticks(low, high, integer=integer)
        self.xticks = list(zip(ticks, labels))

    def set_y(self, low: float, high: float, *, log: bool = False, pad: bool = True) -> None:
        """Set the y range and its ticks: round numbers, or powers of ten when log."""
        self.log_y = log
        if log:
            lo, hi = math.log10(low), math.log10(high)
            lo, hi = _padded(lo, hi, pad)
            powers, low, high = log_ticks(_power(lo), _power(hi))
            self.ylim = (low, high)
            self.yticks = [(10.0 ** k, str(k).replace("-", MINUS)) for k in powers]
            if len(powers) < 2 or powers[1] - powers[0] == 1:  # a faint line at 2..9 x 10**k
                decades = range(max(math.floor(math.log10(low)), -323),
                                min(math.ceil(math.log10(high)), 309))
                self.minor_y = [m * 10.0 ** k for k in decades
                                for m in range(2, 10) if low <= m * 10.0 ** k <= high]
        else:
            self.ylim = _padded(low, high, pad)
            ticks, labels, self.ypower = linear_ticks(*self.ylim)
            self.yticks = list(zip(ticks, labels))
        widest = max(len(label) + (2 if log else 0) for _, label in self.yticks)
        self.left = 10 + (22 if self.ylabel else 0) + widest * CHAR
        self.top = 40 if self.title else 16
        self.right = self.width - 22
        self.bottom = self.height - (48 if self.xlabel else 32)

    def px(self, x: float) -> float:
        """Return the picture x of data x."""
        low, high = self.xlim
        share = (x / 2 - low / 2) / (high / 2 - low / 2)
        return clamp(self.left + share * (self.right - self.left))

    def py(self, y: float) -> float:
        """Return the picture y of data y (logarithmic when the axis is)."""
        low, high = self.ylim
        if self.log_y:
            y, low, high = math.log10(y), math.log10(low), math.log10(high)
        share = (y / 2 - low / 2) / (high / 2 - low / 2)
        return clamp(self.bottom - share * (self.bottom - self.top))

    def to_picture(self, points: Sequence[Point]) -> List[Point]:
        """Return data points as picture points."""
        return [(self.px(x), self.py(y)) for x, y in points]

    # --- elements ---
    def polyline(self, points: Sequence[Point], style: Style, name: str,
                 markers: bool = False, css: str = "series") -> List[Point]:
        """Draw a line through data points, with markers if asked; return picture points."""
        where = self.to_picture(points)
        self.elements.append(
            f'<polyline class="{css}" points="{points_attribute(where)}" {style.stroke()} '
            f'stroke-linejoin="round"><title>{escape(name)}</title></polyline>')
        if markers or len(where) == 1:
            self.elements.extend(marker(style.marker, x, y, style.colour) for x, y in where)
        self.occupied.extend(densify(where))
        return where

    def scatter(self, points: Sequence[Point], style: Style, name: str) -> None:
        """Draw data points as hollow markers grouped under name."""
        where = self.to_picture(points)
        dots = "".join(marker(style.marker, x, y, style.colour, 3.5, fill="white")
                       for x, y in where)
        self.elements.append(f'<g class="points"><title>{escape(name)}</title>{dots}</g>')
        self.occupied.extend(where)

    def legend_entry(self, name: str, style: Style, line: bool, marker: bool) -> None:
        """Add a legend row: a line sample and/or a marker, then the name."""
        self.entries.append((name, style, line, marker))

    def free_corner(self, box_w: float, box_h: float) -> Point:
        """Return the top-left of a box in the plot area's corner covering the fewest points."""
        corners = [(self.right - 8 - box_w, self.top + 8), (self.left + 8, self.top + 8),
                   (self.right - 8 - box_w, self.bottom - 8 - box_h),
                   (self.left + 8, self.bottom - 8 - box_h)]
        # min keeps the first of equals: top right
        return min(corners, key=lambda c: self.covers(c[0], c[1], box_w, box_h))

    def covers(self, x0: float, y0: float, box_w: float, box_h: float) -> int:
        """Return how many occupied points a box at (x0, y0) would hide (4 units' margin)."""
        return sum(1 for x, y in self.occupied
                   if x0 - 4 <= x <= x0 + box_w + 4 and y0 - 4 <= y <= y0 + box_h + 4)

    # --- the picture ---
    def render(self, legend: bool, extra: str = "") -> str:
        """Return the SVG text: frame, grid, ticks, labels, elements, legend, extra.

        The clip path's id is derived from the picture's content (a hash), so
        that two charts inlined in one page never take each other's: equal
        ids belong to equal pictures.  A legend that would cover data in
        every corner of the plot area goes to its right, the picture widening.
        """
        w, h = self.width, self.height
        legend_text, beside = self._legend() if legend and self.entries else ("", 0.0)
        w = self.width + math.ceil(beside)
        clip = (f'<clipPath id="vecgd-plot-area"><rect x="{num(self.left)}" y="{num(self.top)}" '
                f'width="{num(self.right - self.left)}" height="{num(self.bottom - self.top)}"/>'
                f'</clipPath>')
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
            f'height="{h}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}" '
            f'data-plot="{self.plot_map()}">',
            f"<title>{escape(self.title or 'vecgd chart')}</title>",
            f'<rect width="{w}" height="{h}" fill="white"/>', f"<defs>{clip}</defs>",
            *self._axes(),
            '<g clip-path="url(#vecgd-plot-area)">', *self.elements, "</g>",
            f'<rect x="{num(self.left)}" y="{num(self.top)}" width="{num(self.right - self.left)}" '
            f'height="{num(self.bottom - self.top)}" fill="none" stroke="#333"/>',
        ]
        parts.extend([legend_text, extra, "</svg>"])
        text = "\n".join(part for part in parts if part) + "\n"
        import hashlib  # here: importing vecgd need not load OpenSSL (8 ms)

        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        return text.replace("vecgd-plot-area", f"vecgd-{digest}")

    def plot_map(self) -> str:
        """Return what maps data to the picture, for a page's script to draw over the chart:
        left top right bottom (picture units), x low and high, y low and high, log y (0/1)."""
        numbers = (self.left, self.top, self.right, self.bottom, *self.xlim, *self.ylim)
        return " ".join([*(repr(float(v)) for v in numbers), str(int(self.log_y))])

    def _axes(self) -> List[str]:
        """Return grid lines, tick marks, tick labels, axis labels and the title."""
        out = [f'<line x1="{num(self.left)}" y1="{num(self.py(y))}" x2="{num(self.right)}" '
               f'y2="{num(self.py(y))}" stroke="#f1f1f1"/>' for y in self.minor_y]
        out.append('<g class="grid" stroke="#e3e3e3" stroke-width="1">')
        ticks_x = [(self.px(v), label) for v, label in self.xticks]
        ticks_y = [(self.py(v), label) for v, label in self.yticks]
        out += [f'<line x1="{num(x)}" y1="{num(self.top)}" x2="{num(x)}" y2="{num(self.bottom)}"/>'
                for x, _ in ticks_x]
        out += [f'<line x1="{num(self.left)}" y1="{num(y)}" x2="{num(self.right)}" y2="{num(y)}"/>'
                for y, _ in ticks_y]
        out.append("</g>")
        out.append('<g class="xticks" text-anchor="middle" fill="#222">')
        for x, label in ticks_x:
            out.append(f'<line x1="{num(x)}" y1="{num(self.bottom)}" x2="{num(x)}" '
                       f'y2="{num(self.bottom + 5)}" stroke="#333"/>'
                       f'<text x="{num(x)}" y="{num(self.bottom + 18)}">{label}</text>')
        out.append('</g>\n<g class="yticks" text-anchor="end" fill="#222">')
        for y, label in ticks_y:
            text = power_of_ten(int(label.replace(MINUS, "-"))) if self.log_y else label
            out.append(f'<line x1="{num(self.left - 5)}" y1="{num(y)}" x2="{num(self.left)}" '
                       f'y2="{num(y)}" stroke="#333"/>'
                       f'<text x="{num(self.left - 8)}" y="{num(y + 4)}">{text}</text>')
        out.append("</g>")
        if self.xpower:
            out.append(f'<text class="xfactor" x="{num(self.right)}" y="{num(self.bottom + 34)}" '
                       f'text-anchor="end">{power_of_ten(self.xpower, "×")}</text>')
        if self.ypower:
            out.append(f'<text class="yfactor" x="{num(self.left)}" y="{num(self.top - 6)}">'
                       f'{power_of_ten(self.ypower, "×")}</text>')
        middle_x, middle_y = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        if self.xlabel:
            out.append(f'<text class="xlabel" x="{num(middle_x)}" y="{self.height - 10}" '
                       f'text-anchor="middle">{escape(self.xlabel)}</text>')
        if self.ylabel:
            out.append(f'<text class="ylabel" transform="translate(16,{num(middle_y)}) '
                       f'rotate(-90)" text-anchor="middle">{escape(self.ylabel)}</text>')
        if self.title:
            out.append(f'<text class="title" x="{num(self.width / 2)}" y="24" '
                       f'text-anchor="middle" font-size="15" font-weight="bold">'
                       f'{escape(self.title)}</text>')
        return out

    def _legend(self) -> Tuple[str, float]:
        """Return the legend, in the corner of the plot area that covers the fewest points
        (or beside the plot area when each corner covers some), and the width it adds."""
        rows = len(self.entries) + (1 if self.note else 0)
        longest = max([len(name) for name, _, _, _ in self.entries] + [len(self.note)])
        box_w, box_h = 52 + longest * CHAR, 8 + 18 * rows
        x0, y0 = self.free_corner(box_w, box_h)
        beside = 0.0
        if self.covers(x0, y0, box_w, box_h) > 0:  # every corner hides data
            x0, y0, beside = self.width - 12, self.top, box_w - 4
        out = [f'<g class="legend"><rect x="{num(x0)}" y="{num(y0)}" width="{num(box_w)}" '
               f'height="{num(box_h)}" fill="white" fill-opacity="0.9" stroke="#bbb" rx="3"/>']
        for row, (name, style, line, mark) in enumerate(self.entries):
            y = y0 + 13 + 18 * row
            sample = (f'<line x1="{num(x0 + 8)}" y1="{num(y)}" x2="{num(x0 + 38)}" '
                      f'y2="{num(y)}" {style.stroke()}/>') if line else ""
            if mark:
                sample += marker(style.marker, x0 + 23, y, style.colour, 3.5,
                                 fill="" if line else "white")
            out.append(f'<g class="legend-entry">{sample}<text x="{num(x0 + 44)}" '
                       f'y="{num(y + 4)}">{escape(name)}</text></g>')
        if self.note:
            y = y0 + 17 + 18 * len(self.entries)
            out.append(f'<text class="legend-note" x="{num(x0 + 8)}" y="{num(y)}" '
                       f'fill="#444">{escape(self.note)}</text>')
        out.append("</g>")
        return "\n".join(out), beside


def _padded(low: float, high: float, pad: bool) -> Tuple[float, float]:
    """Return the range widened by 5% each side (pad), or around a single value.

    A range narrower than SMALLEST_SPAN counts as a single value; the ends
    stay within the floats.
    """
    if high - low < SMALLEST_SPAN:
        middle = low / 2 + high / 2
        half = abs(middle) * 0.1
        if half < SMALLEST_SPAN:
            half = 1.0
        return max(middle - half, -LARGEST), min(middle + half, LARGEST)
    margin = 0.05 * high - 0.05 * low if pad else 0.0
    return max(low - margin, -LARGEST), min(high + margin, LARGEST)


def between(low: float, high: float, i: int, n: int) -> float:
    """Return the point i/n of the way from low to high, even when high - low overflows."""
    x = low + (high - low) * i / n
    return x if math.isfinite(x) else low * (1 - i / n) + high * (i / n)


def clamp(x: float) -> float:
    """Return x clamped to the finite floats (an infinity becomes the largest float)."""
    return max(-LARGEST, min(LARGEST, x))


def _power(exponent: float) -> float:
    """Return 10**exponent, kept between the smallest positive float and the largest."""
    if exponent >= math.log10(LARGEST):
        return LARGEST
    power: float = 10.0 ** exponent
    return max(power, sys.float_info.min * sys.float_info.epsilon)


def densify(points: Sequence[Point], step: float = 8.0) -> List[Point]:
    """Return the points with extra ones every `step` pixels along each segment."""
    out = list(points[:1])
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        n = max(1, int(min(200 * step, math.hypot(x1 - x0, y1 - y0)) / step))
        out.extend((x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1))
    return out
