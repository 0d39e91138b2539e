"""The architecture, held by reading the code with ast.

Layers point down (../shared/DESIGN.md, "Layers"), the standard library
only, no module borrows another's private names or another object's
private attributes, every argument check lives in ``_checks.py``, and
modules stay a size a reader can hold.
"""

from __future__ import annotations

import ast
import sys
import sysconfig
import unittest
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ../shared/DESIGN.md: a module imports only from layers below its own.
LAYERS = {
    "_checks": 0,
    "_state": 0,
    "_model_checks": 1,
    "_estimates": 1,
    "_scalar": 0,
    "_verdicts": 2,
    "_second": 2,
    "_svg": 0,
    "_contour": 0,
    "vector": 1,
    "descent": 2,
    "gradients": 2,
    "autodiff": 2,
    "losses": 2,
    "objective": 3,
    "datasets": 2,
    "scaling": 2,
    "gradcheck": 3,
    "jacobians": 3,
    "models": 3,
    "exact": 3,
    "optimizers": 3,
    "schedules": 3,
    "linesearch": 3,
    "lbfgs": 3,
    "theory": 4,  # measures vecgd's optimizers (observed_rate, theory_chart): above them
    "plot": 3,
    "_display": 3,
    "training": 4,
    "jacobcheck": 4,
    "minimize": 4,
    "lr_finder": 4,
    # DESIGN puts explore at layer 4, but it fits (training, layer 4): one above.
    "explore": 5,
    "cli": 6,
    "__init__": 7,
    "__main__": 8,
}
# Scripts that CI runs in a throwaway venv beside the reference library they
# compare against: the one place a third-party import is allowed.
PARITY_SCRIPTS = {"parity_torch.py", "parity_sklearn.py", "parity_micrograd.py",
                  "bench_autodiff.py", "parity_scipy.py", "parity_lbfgs.py"}
# Tests that import a tool only inside a skipped-where-missing test, run by CI in a venv.
VENV_TESTS = {"test_notebook.py"}
# The named-tuple API's public methods begin with an underscore, and so do IPython's
# display hooks (vecgd.plot's pictures and the results have them).
PUBLIC_UNDERSCORED = {"_replace", "_fields", "_asdict", "_make", "_repr_html_", "_repr_svg_"}
MAX_LINES, EXPLAIN_PAST = 500, 400
OUR_PACKAGES = {"vecgd", "tests", "scripts"}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Return (line, absolute module name) for every import in the file, nested ones too."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = "vecgd" if path.parent.name == "vecgd" else path.parent.name
                module = f"{base}.{node.module}" if node.module else base
                if not node.module:
                    found.extend((node.lineno, f"{base}.{a.name}") for a in node.names)
                    continue
                found.append((node.lineno, module))
            elif node.module == "vecgd":
                found.extend((node.lineno, f"vecgd.{a.name}") for a in node.names)
            elif node.module:
                found.append((node.lineno, node.module))
    return found


def library_modules() -> list[tuple[Path, str]]:
    """Return (path, layer name) for every module of vecgd; cli's package is one layer."""
    found = []
    for path in sorted((ROOT / "vecgd").rglob("*.py")):
        inside = path.relative_to(ROOT / "vecgd").parts
        found.append((path, inside[0] if len(inside) > 1 else path.stem))
    return found


def private_reaches(tree: ast.AST) -> list[tuple[int, str]]:
    """Return (line, text) for each use of another module's or object's private name.

    ``from vecgd.m import _x`` and ``thing._x`` are reaches unless ``thing``
    is ``self``, ``cls`` or ``super()``; importing a private module
    (``from vecgd import _svg``, ``from vecgd._checks import require_int``)
    is not, because such a module exists to serve the others.
    """
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vecgd"):
            for alias in node.names:
                if alias.name.startswith("_") and node.module != "vecgd":
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        elif isinstance(node, ast.Attribute):
            name = node.attr
            if not name.startswith("_") or name.startswith("__") or name in PUBLIC_UNDERSCORED:
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) \
                    and owner.func.id == "super":
                continue
            found.append((node.lineno, f"{ast.unparse(owner)}.{name}"))
    return found


def is_stdlib(top: str) -> bool:
    """True when the top-level module ships with Python itself."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return top in names
    # Python 3.9 has no sys.stdlib_module_names: ask where the module lives.
    if top in sys.builtin_module_names or top == "__future__":
        return True
    spec = find_spec(top)
    if spec is None or spec.origin is None:
        return False
    stdlib = sysconfig.get_paths()["stdlib"]
    return spec.origin.startswith(stdlib) and "site-packages" not in spec.origin


class ArchitectureTest(unittest.TestCase):
    def test_every_library_module_has_a_layer(self) -> None:
        for path, layer in library_modules():
            with self.subTest(module=str(path.relative_to(ROOT))):
                self.assertIn(layer, LAYERS)

    def test_modules_import_only_from_layers_below(self) -> None:
        for path, layer in library_modules():
            own = LAYERS[layer]
            for line, module in imports_of(path):
                parts = module.split(".")
                if parts[0] != "vecgd" or len(parts) < 2 or parts[1] == layer:
                    continue  # inside its own package (cli's modules) is not a climb
                with self.subTest(module=layer, imports=module, line=line):
                    self.assertLess(
                        LAYERS[parts[1]],
                        own,
                        f"{path.relative_to(ROOT)}:{line} imports {module}, "
                        "which is not in a lower layer",
                    )

    def test_no_module_reaches_into_private_names(self) -> None:
        for folder in ("vecgd", "scripts"):
            for path in sorted((ROOT / folder).rglob("*.py")):
                tree = ast.parse(path.read_text(encoding="utf-8"))
                with self.subTest(file=str(path.relative_to(ROOT))):
                    self.assertEqual(private_reaches(tree), [])

    def test_the_private_reach_rule_catches_each_kind(self) -> None:
        code = (
            "from vecgd.vector import _fsum\n"
            "model._predict(1)\n"
            "self._ok = super()._ok + cls._ok + other.__len__() + row._replace()\n"
        )
        self.assertEqual(
            private_reaches(ast.parse(code)),
            [(1, "from vecgd.vector import _fsum"), (2, "model._predict")],
        )

    def test_every_argument_check_lives_in_checks(self) -> None:
        # A module-level check function, or the "a sequence but not a str"
        # test, outside _checks.py is a message written twice.
        for path, _ in library_modules():
            if path.name == "_checks.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found = [
                f"{node.lineno}: def {node.name}"
                for node in tree.body
                if isinstance(node, ast.FunctionDef)
                and node.name.lstrip("_").startswith(("require", "check_"))
                and not node.name.startswith("check_")  # public checks of derivatives
            ]
            found += [
                f"{node.lineno}: isinstance(..., (str, bytes))"
                for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "isinstance" and len(node.args) == 2
                and isinstance(node.args[1], ast.Tuple)
                and {getattr(e, "id", None) for e in node.args[1].elts} >= {"str", "bytes"}
            ]
            with self.subTest(module=str(path.relative_to(ROOT))):
                self.assertEqual(found, [])

    def test_modules_stay_a_size_a_reader_can_hold(self) -> None:
        for path, _ in library_modules():
            text = path.read_text(encoding="utf-8")
            lines = len(text.splitlines())
            doc = ast.get_docstring(ast.parse(text)) or ""
            with self.subTest(module=str(path.relative_to(ROOT)), lines=lines):
                self.assertLessEqual(lines, MAX_LINES)
                if lines > EXPLAIN_PAST:
                    self.assertIn(
                        "400 lines", doc, "a module past 400 lines says why in its docstring"
                    )

    def test_everything_imports_only_the_standard_library(self) -> None:
        for folder in ("vecgd", "tests", "scripts"):
            for path in sorted((ROOT / folder).rglob("*.py")):
                if path.name in PARITY_SCRIPTS | VENV_TESTS:
                    continue
                for line, module in imports_of(path):
                    top = module.split(".")[0]
                    if top in OUR_PACKAGES:
                        continue
                    with self.subTest(file=str(path.relative_to(ROOT)), line=line):
                        self.assertTrue(
                            is_stdlib(top), f"{path.name}:{line} imports {module}"
                        )

    def test_library_code_never_asserts(self) -> None:
        for path, _ in library_modules():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            lines = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
            with self.subTest(module=str(path.relative_to(ROOT))):
                self.assertEqual(lines, [], f"assert in vecgd/{path.name} (gone under -O)")

    def test_importing_prints_nothing(self) -> None:
        # Import vecgd afresh (every module, and cli) with stdout captured, then
        # put the original module objects back: reloading in place would give
        # other tests' imported classes new identities.
        import contextlib
        import importlib
        import io

        ours = [k for k in sys.modules if k == "vecgd" or k.startswith("vecgd.")]
        saved = {k: sys.modules.pop(k) for k in ours}
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                importlib.import_module("vecgd")
                for path, _ in library_modules():
                    if path.stem not in ("__main__", "__init__"):
                        inside = path.relative_to(ROOT).with_suffix("").parts
                        importlib.import_module(".".join(inside))
        finally:
            for k in [k for k in sys.modules if k == "vecgd" or k.startswith("vecgd.")]:
                del sys.modules[k]
            sys.modules.update(saved)
        self.assertEqual(out.getvalue(), "")


if __name__ == "__main__":
    unittest.main()
