"""The architecture, held by reading imports with ast: layers point down, stdlib only."""

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
    "_svg": 0,
    "vector": 1,
    "gradients": 2,
    "descent": 2,
    "models": 2,
    "datasets": 2,
    "optimizers": 3,
    "schedules": 3,
    "plot": 3,
    "training": 4,
    "cli": 5,
    "__init__": 5,
    "__main__": 6,
}
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
        for path in sorted((ROOT / "vecgd").glob("*.py")):
            with self.subTest(module=path.stem):
                self.assertIn(path.stem, LAYERS)

    def test_modules_import_only_from_layers_below(self) -> None:
        for path in sorted((ROOT / "vecgd").glob("*.py")):
            own = LAYERS[path.stem]
            for line, module in imports_of(path):
                parts = module.split(".")
                if parts[0] != "vecgd" or len(parts) < 2:
                    continue
                with self.subTest(module=path.stem, imports=module, line=line):
                    self.assertLess(
                        LAYERS[parts[1]],
                        own,
                        f"vecgd/{path.name}:{line} imports {module}, which is not in a lower layer",
                    )

    def test_everything_imports_only_the_standard_library(self) -> None:
        for folder in ("vecgd", "tests", "scripts"):
            for path in sorted((ROOT / folder).rglob("*.py")):
                for line, module in imports_of(path):
                    top = module.split(".")[0]
                    if top in OUR_PACKAGES:
                        continue
                    with self.subTest(file=str(path.relative_to(ROOT)), line=line):
                        self.assertTrue(
                            is_stdlib(top), f"{path.name}:{line} imports {module}"
                        )

    def test_library_code_never_asserts(self) -> None:
        for path in sorted((ROOT / "vecgd").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            lines = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assert)]
            with self.subTest(module=path.stem):
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
                for path in sorted((ROOT / "vecgd").glob("*.py")):
                    if path.stem not in ("__main__", "__init__"):
                        importlib.import_module(f"vecgd.{path.stem}")
        finally:
            for k in [k for k in sys.modules if k == "vecgd" or k.startswith("vecgd.")]:
                del sys.modules[k]
            sys.modules.update(saved)
        self.assertEqual(out.getvalue(), "")


if __name__ == "__main__":
    unittest.main()
