"""Render SVG pictures to PNG with headless Chromium, to look at them or paste them.

Usage: ``python scripts/render_pictures.py [picture.svg ...] [--out-dir DIR] [--scale S]``.
With no paths it renders the demo's pictures, ``./vecgd-demo/*.svg``.  Each
PNG is written beside its SVG (or into ``--out-dir``) at the SVG's own
width and height times ``--scale``.  Animated pictures are caught at their
first frame, frame 0.  Chromium is not a dependency of vecgd: when it is missing the
script says so and exits with status 2.  Standard library only.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """Return the path of a Chromium executable, or None."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def picture_size(svg: Path) -> tuple[int, int]:
    """Return the SVG's width and height in pixels (its viewBox when they are missing)."""
    root = ElementTree.parse(svg).getroot()
    width, height = root.get("width"), root.get("height")
    if width and height and width.isdigit() and height.isdigit():
        return int(width), int(height)
    box = (root.get("viewBox") or "0 0 640 400").replace(",", " ").split()
    return round(float(box[2])), round(float(box[3]))


def render(chromium: str, svg: Path, png: Path, scale: float) -> bool:
    """Screenshot svg into png with a throwaway Chromium profile; return True on success."""
    width, height = picture_size(svg)
    with tempfile.TemporaryDirectory(prefix="vecgd-chromium-") as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
            f"--force-device-scale-factor={scale}", f"--screenshot={png}",
            f"--window-size={width},{height}", svg.resolve().as_uri(),
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
    args = parser.parse_args(argv)
    svgs = [Path(p) for p in (args.svgs or sorted(glob.glob(os.path.join("vecgd-demo", "*.svg"))))]
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
    for svg in svgs:
        if not svg.is_file():
            print(f"render_pictures: {svg}: no such file", file=sys.stderr)
            failed += 1
            continue
        folder = Path(args.out_dir) if args.out_dir else svg.parent
        folder.mkdir(parents=True, exist_ok=True)
        png = folder / (svg.stem + ".png")
        if render(chromium, svg, png, args.scale):
            print(f"wrote {png}")
        else:
            print(f"render_pictures: Chromium wrote nothing for {svg}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
