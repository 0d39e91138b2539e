"""Every public name imports from vecgd, has a docstring, and has a doctest."""

from __future__ import annotations

import inspect
import unittest

import vecgd


class PublicApiTest(unittest.TestCase):
    def test_all_is_sorted_and_unique(self) -> None:
        self.assertEqual(vecgd.__all__, sorted(set(vecgd.__all__)))

    def test_every_name_imports(self) -> None:
        for name in vecgd.__all__:
            with self.subTest(name=name):
                self.assertTrue(hasattr(vecgd, name), f"vecgd.{name} is in __all__ but missing")

    def test_every_function_and_class_has_a_doctest(self) -> None:
        for name in vecgd.__all__:
            obj = getattr(vecgd, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue  # type aliases such as Vector are documented in their module
            with self.subTest(name=name):
                doc = inspect.getdoc(obj) or ""
                self.assertTrue(doc.strip(), f"vecgd.{name} has no docstring")
                self.assertIn(">>>", doc, f"vecgd.{name}'s docstring has no doctest")

    def test_vector_is_a_list_of_floats(self) -> None:
        from typing import List

        self.assertEqual(vecgd.Vector, List[float])

    def test_version(self) -> None:
        self.assertEqual(vecgd.__version__, "0.1.0")

    def test_every_module_all_is_sorted(self) -> None:
        import importlib
        import pkgutil

        for info in pkgutil.iter_modules(vecgd.__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"vecgd.{info.name}")
            names = list(getattr(module, "__all__", []))
            with self.subTest(module=info.name):
                self.assertEqual(names, sorted(names))


if __name__ == "__main__":
    unittest.main()
