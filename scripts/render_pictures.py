"""Render SVG pictures and HTML pages to PNG with headless Chromium, to look at them or paste them.

Usage: ``python scripts/render_pictures.py [picture.svg | page.html[#fragment] ...]
[--out-dir DIR] [--scale S] [--size WxH] [--notebook OUT.png]``.
With no paths it renders the demo's pictures, ``./vecgd-demo/*.svg``.  Each
PNG is written beside its SVG (or into ``--out-dir``) at the SVG's own
width and height times ``--scale``; a page (the explorer, with the view its
fragment sets: ``explorer.html#optimizer=adam&lr=0.1``) at ``--size``.
Animated pictures are caught at their first frame, frame 0.
``--notebook OUT.png`` renders what a notebook shows for the line-fit
lesson's fit, ``FitResult._repr_html_()`` (the README's picture).
Chromium is not a dependency of vecgd: when it is missing the script says
so and exits with status 2.  Standard library only.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

# Run as `python scripts/render_pictures.py`, the folder on sys.path is scripts/:
# the root goes first, for vecgd and for the browser tests' way of finding and
# starting Chromium (tests/browser.py), written once.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import CANDIDATES, FLAGS, find_chromium  # noqa: E402


def picture_size(svg: Path) -> tuple[int, int]:
    """Return the SVG's width and height in pixels (its viewBox when they are missing)."""
    root = ElementTree.parse(svg).getroot()
    width, height = root.get("width"), root.get("height")
    if width and height and width.isdigit() and height.isdigit():
        return int(width), int(height)
    box = (root.get("viewBox") or "0 0 640 400").replace(",", " ").split()
    return round(float(box[2])), round(float(box[3]))


def render(chromium: str, svg: Path, png: Path, scale: float, fragment: str = "",
           size: tuple[int, int] | None = None) -> bool:
    """Screenshot svg (or a page, at size) into png with a throwaway Chromium profile;
    return True on success."""
    width, height = size or picture_size(svg)
    with tempfile.TemporaryDirectory(prefix="vecgd-chromium-") as profile:
        command = [
            chromium, *FLAGS, f"--user-data-dir={profile}",
            f"--force-device-scale-factor={scale}", f"--screenshot={png}",
            f"--window-size={width},{height}", svg.resolve().as_uri() + fragment,
        ]
        if png.exists():
            png.unlink()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120, check=False)
    return png.exists() and png.stat().st_size > 0


def main(argv: list[str] | None = None) -> int:
    """Render each SVG given (default ./vecgd-demo/*.svg); print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("svgs", nargs="*", help="SVG files (default: ./vecgd-demo/*.svg)")
    parser.add_argument("--out-dir", help="folder for the PNGs (default: beside each SVG)")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixels per SVG unit")
    parser.add_argument("--size", default="1440x900", help="window of an HTML page, WxH")
    parser.add_argument("--notebook", metavar="OUT.png",
                        help="render FitResult._repr_html_() of the line-fit lesson's fit")
    args = parser.parse_args(argv)
    size = tuple(int(n) for n in args.size.split("x"))
    if args.notebook:
        return notebook_picture(Path(args.notebook))
    default = [] if args.svgs else sorted(glob.glob(os.path.join("vecgd-demo", "*.svg")))
    svgs = [Path(p) for p in (args.svgs or default)]
    if not svgs:
        print("render_pictures: no SVG files given and none in ./vecgd-demo/ "
              "(run `python -m vecgd demo` first)", file=sys.stderr)
        return 1
    chromium = find_chromium()
    if chromium is None:
        print("render_pictures: Chromium not found (looked for "
              f"{', '.join(CANDIDATES)}); install it, e.g. `apt-get install chromium`",
              file=sys.stderr)
        return 2
    failed = 0
    for given in svgs:
        svg, _, fragment = str(given).partition("#")
        svg = Path(svg)
        if not svg.is_file():
            print(f"render_pictures: {svg}: no such file", file=sys.stderr)
            failed += 1
            continue
        folder = Path(args.out_dir) if args.out_dir else svg.parent
        folder.mkdir(parents=True, exist_ok=True)
        png = folder / (svg.stem + ".png")
        page = svg.suffix == ".html"
        if render(chromium, svg, png, args.scale, "#" + fragment if fragment else "",
                  (size[0], size[1]) if page else None):
            print(f"wrote {png}")
        else:
            print(f"render_pictures: Chromium wrote nothing for {svg}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def notebook_picture(png: Path) -> int:
    """Render the HTML a notebook shows for the line-fit lesson's fit (400 epochs of SGD)."""
    from vecgd import SGD, Linear, fit, line_data  # only here: rendering SVGs needs no vecgd

    chromium = find_chromium()
    if chromium is None:
        print("render_pictures: Chromium not found", file=sys.stderr)
        return 2
    xs, ys = line_data()
    result = fit(Linear(), xs, ys, [-1.0, 1.0], SGD(0.01), epochs=400)
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:12px;"
            "font-family:Helvetica,Arial,sans-serif;font-size:13px} td,th{padding:2px 10px}"
            "</style></head><body>" + result._repr_html_() + "</body></html>")
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "notebook.html"
        html.write_text(page, encoding="utf-8")
        ok = render(chromium, html, png, 1.0, size=(460, 390))
    print(f"wrote {png}" if ok else f"render_pictures: Chromium wrote nothing for {png}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
