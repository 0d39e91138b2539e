"""The book chapter's multiple regression (chapter 15), as scripts/book_ch15.py reproduces it.

The oracles are the book's own numbers: the bounds its ``main()`` asserts,
the beta it prints for its minibatch descent (30.51, 0.97, -1.85, 0.91),
and the beta of its p-value asserts (30.58, 0.972, -1.865, 0.923).
"""

from __future__ import annotations

import unittest
from typing import Any, ClassVar, Dict

from tests.support import assert_vectors_close, load_script


class BookChapter15Test(unittest.TestCase):
    script: ClassVar[Any]
    result: ClassVar[Dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        cls.script = load_script("book_ch15")
        cls.result = cls.script.compute()  # about 1.5 s: the book's 5000 epochs

    def test_the_data_is_the_books(self) -> None:
        self.assertEqual((self.result["rows"], self.result["features"]), (203, 3))

    def test_least_squares_is_the_beta_of_the_books_p_values(self) -> None:
        beta = self.result["methods"]["least_squares"]["beta"]
        assert_vectors_close(self, beta, [30.58, 0.972, -1.865, 0.923], abs=1e-3)
        self.assertEqual(self.result["exact"], [0.9725051841067641, -1.8650363915150028,
                                                0.9232006999214499, 30.57901812399122])

    def test_the_books_descent_gives_its_printed_beta(self) -> None:
        method = self.result["methods"]["book's descent"]
        self.assertEqual([round(b, 2) for b in method["beta"]], [30.51, 0.97, -1.85, 0.91])
        self.assertEqual(method["epochs"], 5000)
        self.assertTrue(0.67 < method["r_squared"] < 0.68)
        self.assertGreater(method["relative"], 1e-3)  # stopped short of least squares

    def test_a_standardized_fit_reaches_least_squares(self) -> None:
        method = self.result["methods"]["standardized fit"]
        self.assertLess(method["relative"], 1e-9)
        self.assertLess(method["epochs"], 100)
        self.assertAlmostEqual(method["r_squared"], 0.680011, places=6)

    def test_the_command_lines_default_fit_converges(self) -> None:
        method = self.result["methods"]["command line"]
        self.assertLess(method["relative"], 1e-6)  # its "converged" tolerance

    def test_every_number_is_inside_the_books_bounds(self) -> None:
        self.assertEqual(self.script.problems(self.result), [])


if __name__ == "__main__":
    unittest.main()
