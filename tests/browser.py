"""Headless Chromium for the browser tests: find it, run it, read the PNGs it writes.

Chromium is not a dependency: ``find_chromium()`` returns None where it is
missing and the tests skip, saying so.  CI installs Debian's ``chromium``.
The flags are those that work on a machine with no network and no screen
(no background networking, no sandbox as root, a fresh profile each run).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import List, Tuple

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def find_chromium() -> str | None:
    """Return the path of a Chromium executable, or None."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def run(chromium: str, *arguments: str) -> str:
    """Run Chromium with a throwaway profile; return what it printed on stdout."""
    with tempfile.TemporaryDirectory(prefix="vecgd-chromium-") as profile:
        done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=120, check=False)
    return done.stdout


def dom(chromium: str, url: str) -> str:
    """Return the page's DOM after its scripts ran."""
    return run(chromium, "--dump-dom", url)


def screenshot(chromium: str, url: str, png: Path, width: int, height: int,
               virtual_ms: int = 0) -> Image:
    """Return the screenshot of url at width x height (after virtual_ms of page time)."""
    timing = [f"--virtual-time-budget={virtual_ms}"] if virtual_ms else []
    run(chromium, *timing, f"--screenshot={png}", f"--window-size={width},{height}", url)
    return Image.read(png)


class Image:
    """A decoded PNG: width, height and rows of RGB(A) bytes (8-bit, not interlaced)."""

    def __init__(self, width: int, height: int, channels: int, rows: List[bytes]) -> None:
        self.width, self.height, self.channels, self.rows = width, height, channels, rows

    @classmethod
    def read(cls, path: Path) -> Image:
        """Decode the PNG file (the kinds Chromium writes: 8-bit RGB or RGBA)."""
        data = path.read_bytes()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"{path}: not a PNG")
        at, idat, header = 8, b"", (0, 0, 0, 0, 0)
        while at < len(data):
            length, kind = struct.unpack(">I4s", data[at:at + 8])
            body = data[at + 8:at + 8 + length]
            if kind == b"IHDR":
                width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
                header = (width, height, depth, colour, interlace)
            elif kind == b"IDAT":
                idat += body
            at += 12 + length
        width, height, depth, colour, interlace = header
        if depth != 8 or colour not in (2, 6) or interlace:
            raise ValueError(f"{path}: only 8-bit RGB/RGBA PNGs without interlace are read")
        channels = 3 if colour == 2 else 4
        raw, stride = zlib.decompress(idat), width * channels
        rows: List[bytes] = []
        previous = bytearray(stride)
        for y in range(height):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):  # the five PNG filters (PNG spec, section 9)
                left = line[i - channels] if i >= channels else 0
                up, corner = previous[i], previous[i - channels] if i >= channels else 0
                if kind == 1:
                    line[i] = (line[i] + left) & 255
                elif kind == 2:
                    line[i] = (line[i] + up) & 255
                elif kind == 3:
                    line[i] = (line[i] + (left + up) // 2) & 255
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    near = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                    line[i] = (line[i] + near) & 255
            rows.append(bytes(line))
            previous = line
        return cls(width, height, channels, rows)

    def region(self, top: int, height: int, width: int) -> List[bytes]:
        """Return the rows top .. top + height, each cut to its first width pixels, as RGB."""
        out = []
        for row in self.rows[top:top + height]:
            pixels = [row[i:i + 3] for i in range(0, width * self.channels, self.channels)]
            out.append(b"".join(pixels))
        return out


def differing(a: List[bytes], b: List[bytes], tolerance: int = 32) -> Tuple[int, int]:
    """Return (pixels that differ, pixels compared) between two regions of RGB rows.

    A pixel differs when one of its channels differs by more than tolerance:
    Chromium's anti-aliasing of a slanted line moves a channel by a few
    units from one place on the page to another, a missing line by hundreds.
    """
    differ = total = 0
    for row_a, row_b in zip(a, b):
        for i in range(0, min(len(row_a), len(row_b)), 3):
            total += 1
            differ += any(abs(row_a[i + k] - row_b[i + k]) > tolerance for k in range(3))
    return differ, total
