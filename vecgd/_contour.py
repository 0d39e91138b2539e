"""Private contour machinery for ``vecgd.plot``: marching squares and the levels' labels.

``contour_lines`` finds where a grid of heights crosses a level;
``place_labels`` writes each level's value beside one of its lines, where
the label overlaps no other label, no path drawn over the map, and stays
inside the plot area: a label that would collide is left out, because a
missing label costs less than two unreadable ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import List, Tuple

__all__: list[str] = []

Point = Tuple[float, float]
Box = Tuple[float, float, float, float]  # left, top, right, bottom, in picture units
LABEL_FONT = 9
LABEL_CHAR = 0.6 * LABEL_FONT  # a character's mean width at the label's size


def contour_lines(
    grid: Sequence[Sequence[float]], xs: Sequence[float], ys: Sequence[float], level: float
) -> List[List[Point]]:
    """Return the lines where grid (``grid[j][i] = f(xs[i], ys[j])``) crosses level.

    Marching squares: each cell's corners are split into those at or above
    the level and those below; the level crosses the cell's edges whose two
    corners differ, at the point linear interpolation puts it.  A saddle
    (four crossed edges) is decided by the mean of the four corners.  The
    segments are then chained by the edges they share into polylines.
    """
    links: dict[Tuple[str, int, int], List[Tuple[str, int, int]]] = {}
    for j in range(len(ys) - 1):
        for i in range(len(xs) - 1):
            # Corners bottom-left, bottom-right, top-right, top-left; edge k joins
            # corners k and k + 1: bottom, right, top, left.
            corners = (grid[j][i], grid[j][i + 1], grid[j + 1][i + 1], grid[j + 1][i])
            above = [value >= level for value in corners]
            edges = [("h", i, j), ("v", i + 1, j), ("h", i, j + 1), ("v", i, j)]
            cut = [k for k in range(4) if above[k] != above[(k + 1) % 4]]
            if len(cut) == 2:
                pairs = [(cut[0], cut[1])]
            elif len(cut) == 4 and (math.fsum(corners) / 4 >= level) == above[0]:
                pairs = [(0, 1), (2, 3)]  # the centre joins bottom-left to top-right
            elif len(cut) == 4:
                pairs = [(3, 0), (1, 2)]
            else:
                continue
            for a, b in pairs:
                links.setdefault(edges[a], []).append(edges[b])
                links.setdefault(edges[b], []).append(edges[a])

    def crossing(edge: Tuple[str, int, int]) -> Point:
        kind, i, j = edge
        i2, j2 = (i + 1, j) if kind == "h" else (i, j + 1)
        a, b = grid[j][i], grid[j2][i2]
        t = (level - a) / (b - a)
        return (xs[i] + t * (xs[i2] - xs[i]), ys[j] + t * (ys[j2] - ys[j]))

    lines, seen = [], set()
    # Open lines (they end on the border) first, from an end; then closed loops.
    for start in [e for e, n in links.items() if len(n) == 1] + list(links):
        if start in seen:
            continue
        chain, current = [start], start
        seen.add(start)
        while True:
            ahead = [e for e in links[current] if e not in seen]
            if not ahead:
                break
            current = ahead[0]
            seen.add(current)
            chain.append(current)
        if len(chain) > 2 and start in links[current]:
            chain.append(start)
        lines.append([crossing(edge) for edge in chain])
    return lines


def short_number(value: float) -> str:
    """Return value in at most three significant digits, without an exponent where one is
    not needed: 4020 rather than 4.02e+03, 0.0123, 1.5e+06."""
    text = f"{value:.3g}"
    if "e" in text and 1 <= abs(value) < 1e5:
        return str(int(float(text)))
    return text


def place_labels(levels: Sequence[Tuple[str, List[List[Point]]]], avoid: Sequence[Point],
                 area: Box) -> List[Tuple[str, Point]]:
    """Return (text, centre) for the labels that fit: one per level at most.

    Each level's candidate spots are points of its lines, longest line first
    and from the middle of a line outwards; the first spot whose box lies in
    ``area``, clear (by 2 units) of every box already placed and of every
    point in ``avoid`` (the paths, densified), takes the label.
    """
    placed: List[Box] = []
    out = []
    for text, lines in levels:
        half_w, half_h = len(text) * LABEL_CHAR / 2 + 2, LABEL_FONT / 2 + 1
        for x, y in _spots(lines):
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            if not clear(box, avoid, placed, area):
                continue
            placed.append(box)
            out.append((text, (x, y)))
            break
    return out


def clear(box: Box, avoid: Sequence[Point], placed: Sequence[Box], area: Box) -> bool:
    """Return whether box lies inside area and clear (by 2 units) of every placed box and
    every point to avoid: the one collision check of every label in the pictures."""
    left, top, right, bottom = area
    if box[0] < left or box[2] > right or box[1] < top or box[3] > bottom:
        return False
    if any(box[0] - 2 < b[2] and b[0] < box[2] + 2 and box[1] - 2 < b[3]
           and b[1] < box[3] + 2 for b in placed):
        return False
    return not any(box[0] - 2 <= px <= box[2] + 2 and box[1] - 2 <= py <= box[3] + 2
                   for px, py in avoid)


def clip(a: Point, b: Point, box: Box) -> List[Point]:
    """Return the part of segment a-b inside box as its two ends, or [] (Liang and Barsky)."""
    t0, t1, dx, dy = 0.0, 1.0, b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box[0]), (dx, box[2] - a[0]), (-dy, a[1] - box[1]),
                 (dy, box[3] - a[1])):
        if p == 0:
            if q < 0:
                return []
            continue
        t = q / p
        t0, t1 = (max(t0, t), t1) if p < 0 else (t0, min(t1, t))
        if t0 > t1:
            return []
    return [(a[0] + t0 * dx, a[1] + t0 * dy), (a[0] + t1 * dx, a[1] + t1 * dy)]


def _spots(lines: List[List[Point]]) -> List[Point]:
    """Return the candidate label centres: every few points of each line, middle first."""
    spots: List[Point] = []
    for line in sorted(lines, key=len, reverse=True):
        middle = len(line) // 2
        order = sorted(range(len(line)), key=lambda i: abs(i - middle))
        spots.extend(line[i] for i in order[::3])
    return spots
