"""Install vecgd into a fresh venv and run every command of the README there, from another folder.

Usage: ``python scripts/installed_readme.py [--list]``.

The README promises that an installed vecgd runs the commands it shows
from any folder: their data ship inside the package (``--example NAME``,
pyproject's package-data).  This script makes a throwaway venv, installs
this checkout into it with pip (which fetches setuptools from the package
index to build it), then, in an empty temporary folder,
runs each ``python -m vecgd ...`` command of README.md (in its code blocks
and its prose) and the ``fit --example`` commands of docs/cli.md with the venv's python, and ``vecgd
--version`` (the console script).  Each must exit 0 (fit: converged) with
nothing on stderr but notes.  ``--list`` prints the commands and stops.
CI runs it (.ci/run, about 15 s); it needs pip and the package index.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent


def commands() -> List[List[str]]:
    """Return the argv (after ``python -m vecgd``) of every command to run, in order."""
    found: List[List[str]] = []
    sources = [(ROOT / "README.md", ""), (ROOT / "docs" / "cli.md", "--example")]
    for path, must in sources:
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                inside = not inside
                continue
            text = line.removeprefix("$ ").split("  #")[0].strip()
            if inside and text.startswith("python -m vecgd ") and must in text:
                argv = shlex.split(text)[3:]
                if argv not in found:
                    found.append(argv)
    # The README's commands in its prose too: `python -m vecgd --help`, `... explore`.
    prose = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in re.findall(r"`python -m vecgd ([^`]+)`", prose):
        argv = shlex.split(text)
        if "..." not in text and argv not in found:
            found.append(argv)
    return found


def main(argv: List[str]) -> int:
    todo = commands()
    if "--list" in argv:
        for args in todo:
            print("python -m vecgd " + " ".join(args))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env_dir = os.path.join(folder, "venv")
        import venv  # here, not at the top: Pyodide, which reads commands(), has no venv

        venv.create(env_dir, with_pip=True)
        bin_dir = "Scripts" if os.name == "nt" else "bin"
        python = os.path.join(env_dir, bin_dir, "python")
        # A copy, so that the build leaves nothing (build/, *.egg-info) in the checkout.
        source = os.path.join(folder, "source")
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
            ".git", "build", "dist", "*.egg-info", "__pycache__", "vecgd-demo", ".*_cache"))
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        source], check=True, cwd=folder)
        work = os.path.join(folder, "elsewhere")
        os.mkdir(work)
        # The installed copy, not this checkout: no PYTHONPATH, and a folder without vecgd/.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        runs = [([python, "-m", "vecgd", *args], "python -m vecgd " + " ".join(args))
                for args in todo]
        runs.append(([os.path.join(env_dir, bin_dir, "vecgd"), "--version"], "vecgd --version"))
        failed = 0
        for run, shown in runs:
            done = subprocess.run(run, cwd=work, env=env, capture_output=True, text=True,
                                  timeout=300, check=False)
            noise = [line for line in done.stderr.splitlines()
                     if not line.startswith("vecgd: note:")]
            ok = done.returncode == 0 and not noise
            failed += not ok
            print(f"{'ok' if ok else 'FAILED'}  {shown}")
            if not ok:
                print(f"    exit {done.returncode}; stderr: {done.stderr.strip()[:500]}")
        print(f"installed vecgd: {len(runs) - failed} of {len(runs)} commands ran from "
              "another folder")
        return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
