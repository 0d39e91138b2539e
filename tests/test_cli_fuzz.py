"""Fuzz `vecgd fit` with malformed options and files as they come, seeded.

Every case runs ``main(argv)`` in this process and is held to the command
line's contract (vecgd.cli's docstring, docs/cli.md): the exit status is
0, 1, 2 or 3; nothing escapes as an exception or a traceback; every line
on stderr starts with ``vecgd: ``; a status of 1 or 2 says ``vecgd:
error:`` and prints nothing on stdout; a status of 3 says ``vecgd: did not
converge``.  The cases: each of fit's options given a malformed value, one
at a time (``OPTION_VALUES``), then CSV texts of every shape the sniffer
meets (``FILES``) crossed with column choices, then seeded random
combinations of both.  Epochs stay small so the whole run takes a few
seconds; ``python -m tests.test_cli_fuzz`` prints how many cases run.
"""

from __future__ import annotations

import os
import random
import tempfile
import unittest
from typing import Iterator, List, Tuple

from tests.test_cli import run, write

SEED = 11
RANDOM_CASES = 200

# One malformed (or odd but valid) value per line, for each option of fit.
OPTION_VALUES = {
    "--x": ["", "nope", "-1", "7", "0,0", " y", "x,y"],
    "--y": ["", "nope", "99", "x", "0"],
    "--model": ["", "poly", "poly:", "poly:-1", "poly:0", "multi:2", "Linear"],
    "--features": ["", ",", "x,", "x,x", "y", "nope"],
    "--delimiter": ["", "ab", "\n", '"', "tab", "space", ";", "|"],
    "--example": ["", "nope", "../heights", "heights.csv", "HEIGHTS"],
    "--optimizer": ["", "lbfgs", "SGD"],
    "--lr": ["", "0", "-1", "nan", "inf", "1e309", "abc", "1e-320", "1e300"],
    "--epochs": ["", "0", "-3", "2.5", "abc", "1"],
    "--batch-size": ["", "0", "-1", "1", "1000"],
    "--seed": ["", "x", "-5", "1e3"],
    "--schedule": ["", "step", "step:0", "step:x", "cosine:1", "exponential:0",
                   "exponential:1e-300", "plateau:2", "multistep:", "annealing"],
    "--resume": ["", "nope.json"],
    "--plot": ["", "/no/such/folder/x.svg"],
    "--save-state": ["", "/no/such/folder/s.json"],
}

FILES = {
    "comma": "x,y\n1,2\n2,4.5\n3,6\n4,8.5\n",
    "semicolon": "x;y\n1;2\n2;4,5\n3;6\n",
    "tab": "x\ty\n1\t2\n2\t4\n3\t7\n",
    "spaces": "  x   y\n 1  2\n2   4\n\n3 7  \n",
    "crlf": "x,y\r\n1,2\r\n2,4\r\n3,5\r\n",
    "bom": "\ufeffx,y\n1,2\n2,3\n",
    "quoted": '"x","y"\n"1","2"\n"2","3"\n"3","5"\n',
    "digits": "1,0\n5,1\n7,2\n9,3\n",
    "one column": "x\n1\n2\n",
    "ragged": "x,y\n1,2\n3\n4,5,6\n",
    "duplicate names": "x,x,y\n1,2,3\n2,3,4\n",
    "empty": "",
    "header only": "x,y\n",
    "huge": "x,y\n1,1e308\n2,-1e308\n3,1e308\n",
    "tiny": "x,y\n1e-300,1e-300\n2e-300,3e-300\n3e-300,4e-300\n",
    "big x": "x,y\n1e200,1\n2e200,2\n3e200,4\n",
    "constant x": "x,y\n1,2\n1,3\n1,4\n",
    "one row": "x,y\n1,2\n",
    "text": "x,y\n1,two\n",
    "nan": "x,y\n1,nan\n2,3\n",
    "mixed": "x,y;z\n1,2;3\n",
    "trailing comma": "x,y,\n1,2,\n2,3,\n",
    "nul": "x,y\n1,\x002\n",
}
COLUMNS = [["--x", "x", "--y", "y"], ["--x", "0", "--y", "1"], ["--x", "1", "--y", "0"],
           ["--model", "multi", "--features", "x", "--y", "y"],
           ["--model", "poly:2", "--x", "x", "--y", "y"]]


class CliFuzz:
    """The cases: (name, argv, stdin) triples, the same every run."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.line = write(folder, "line.csv",
                          "x,y\n" + "".join(f"{x},{3 * x - 2 + (x % 2) * 0.5}\n"
                                            for x in range(12)))
        self.files = {name: write(folder, f"f{i}.csv", text)
                      for i, (name, text) in enumerate(FILES.items())}

    def base(self) -> List[str]:
        return ["fit", self.line, "--x", "x", "--y", "y", "--epochs", "50"]

    def cases(self) -> Iterator[Tuple[str, List[str]]]:
        for option, values in OPTION_VALUES.items():
            for value in values:
                argv = self.base()
                if option in argv:  # replace a value the base gives
                    argv[argv.index(option) + 1] = value
                else:
                    argv += [option, value]
                if option == "--example":
                    argv.pop(1)  # the example instead of the file
                yield f"{option} {value!r}", argv
            yield f"{option} without a value", [*self.base(), option]
        for name, path in self.files.items():
            for columns in COLUMNS:
                yield f"file {name} {columns}", ["fit", path, *columns, "--epochs", "50"]
        rng = random.Random(SEED)
        options = sorted(OPTION_VALUES)
        for k in range(RANDOM_CASES):
            path = self.files[rng.choice(sorted(self.files))]
            argv = ["fit", path, *rng.choice(COLUMNS), "--epochs", str(rng.randint(1, 40))]
            for option in rng.sample(options, rng.randint(1, 3)):
                if option != "--epochs":
                    argv += [option, rng.choice(OPTION_VALUES[option])]
            if rng.random() < 0.2:
                argv += ["--no-scale"]
            if rng.random() < 0.2:
                argv += ["--json"]
            yield f"random {k}", argv


class CliFuzzTest(unittest.TestCase):
    def test_every_case_keeps_the_command_lines_contract(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            cwd = os.getcwd()
            os.chdir(folder)  # a --save-state or --plot of a bare name lands here
            try:
                count = self.run_cases(folder)
            finally:
                # Back out before the folder goes: Pyodide's file system cannot
                # remove the current directory.
                os.chdir(cwd)
            self.assertGreater(count, 250)

    def run_cases(self, folder: str) -> int:
        count = 0
        for name, argv in CliFuzz(folder).cases():
            count += 1
            with self.subTest(name, argv=argv):
                code, out, err = run(argv)
                self.assertIn(code, (0, 1, 2, 3))
                self.assertNotIn("Traceback", err)
                lines = err.splitlines()
                self.assertTrue(all(line.startswith("vecgd: ") for line in lines), err)
                if code in (1, 2):
                    self.assertEqual(out, "")
                    self.assertTrue(lines and lines[-1].startswith("vecgd: error: "), err)
                if code == 3:
                    self.assertTrue(lines and lines[-1].startswith(
                        "vecgd: did not converge: "), err)
        return count


def count_cases() -> int:
    with tempfile.TemporaryDirectory() as folder:
        return sum(1 for _ in CliFuzz(folder).cases())


if __name__ == "__main__":
    print(f"vecgd fit: {count_cases()} fuzz cases")
    unittest.main()
