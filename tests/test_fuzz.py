"""Fuzz every public entry point with malformed arguments, one argument at a time.

The harness has three parts:

* generators of malformed values, one per kind of parameter (``vector``,
  ``matrix``, ``real``, ``integer``, ``flag``, ``choice``, ``function``,
  ``thing`` and a few special kinds), each yielding ``(label, value,
  expectation)``;
* ``ENTRIES``, a table of entry points, each with a valid baseline call;
* ``cases()``, which mutates one argument of each baseline at a time, with
  the fixed values of each generator and seeded random ones
  (``random.Random(SEED)``), so the same cases run every time.

Each case is held to one of two expectations:

* ``REJECT``: the call raises ``ValueError``, ``TypeError`` or
  ``DivergenceError`` whose message is not empty, starts with the public
  name that was called (``"add: "``, ``"Adam: "``, ``"fit: "``; for fit,
  the model's name for a theta of the wrong length) and names the argument
  that was wrong (its name, or a word of the rule such as ``length``);
* ``EITHER``: the input is valid; the call may return or raise as above,
  but never anything else.

Under either, an ``IndexError``, ``ZeroDivisionError``, ``OverflowError``,
``AttributeError``, ``KeyError`` or any other exception fails the case.

The rules for inputs that are arguably valid, per function:

* Vector arithmetic (``add``, ``subtract``, ``dot``, ``distance``,
  ``scalar_multiply``'s v, ``sum_of_squares``, ``magnitude``,
  ``vector_sum``, ``vector_mean``) and ``gradient_step``'s vectors follow
  IEEE arithmetic: NaN and infinities are valid and propagate, and finite
  values whose result is beyond the float range give an infinity (never
  ``OverflowError``); a pair of empty vectors is valid.  Lengths that
  differ, and ``scalar_multiply``'s or ``gradient_step``'s non-finite
  scalar, are rejected.
* A zero or negative ``gradient_step`` step size is valid (the book
  descends with a negative one).
* An int inside the float range but whose square is not (``10**200``) is
  a valid element of a vector: the entry point converts it to a float, so
  the call returns (an inf where IEEE arithmetic gives one) or raises as
  above, never ``OverflowError``; an int past the floats is rejected.
* Ints and ``Fraction`` are real numbers wherever a number is wanted;
  bools, strings, ``None`` (unless the parameter is optional), complex
  numbers and lists are not.  A float that happens to be whole (``2.0``)
  is not an integer.
* Optimizers' ``step`` rejects a NaN or infinite theta or gradient, an
  empty theta, and lengths that differ from each other or from the first
  step's.  Huge finite values are valid: the step may return an infinite
  theta (fit reports it as ``DivergenceError``).
* ``estimate_gradient`` of an empty v is the empty gradient;
  ``check_gradient`` needs a non-empty v.
* Model methods (``predict``, ``gradient``, ``batch_gradient``) reject a
  theta of the wrong length or type, and x or y that are not numbers.
* Schedules that ignore the loss accept any loss; ReduceLROnPlateau and
  Adaptive need a finite one.
* ``fit`` may end in ``DivergenceError`` for a huge learning rate, huge
  data or theta: that is its documented answer to overflow.
* ``write_svg`` re-raises the operating system's ``OSError`` for a path
  it cannot write (documented): that one is not a leak.

``python -m tests.test_fuzz`` prints how many cases run.
"""

from __future__ import annotations

import io
import math
import os
import random
import sys
import tempfile
import unittest
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Dict, Iterator, List, Sequence, Tuple

import vecgd
from vecgd import (
    LBFGS,
    SGD,
    AdaGrad,
    Adam,
    AdamW,
    DivergenceError,
    Linear,
    Momentum,
    MultipleLinear,
    Polynomial,
    Proportional,
    RMSprop,
)

SEED = 20240611
RANDOM_ROUNDS = 6  # extra random malformed values per (entry, parameter)
REJECT, EITHER = "reject", "either"
EXTRA = "(several)"  # the parameter name of a case that changes several arguments
ACCEPTED = (ValueError, TypeError, DivergenceError)
NAN, INF = math.nan, math.inf
HUGE, TINY = sys.float_info.max, 5e-324

Case = Tuple[str, Any, str]  # (label, value, expectation)


class Fresh:
    """A baseline value made anew for every call (optimizers keep state)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __repr__(self) -> str:
        return "Fresh(...)"


def square_sum(v: Sequence[Any]) -> Any:
    """A test function of a vector that accepts any length and complex numbers."""
    total: Any = 0.0
    for x in v:
        total = total + x * x
    return total


# === Generators of malformed values, one per kind of parameter ===


@dataclass
class Param:
    """A parameter of an entry point: its kind, its valid baseline and its rules."""

    kind: str
    base: Any
    rules: Dict[str, Any] = field(default_factory=dict)
    mentions: Tuple[str, ...] = ()


def vector(base: Sequence[float], *, paired: bool = False, finite: bool = False,
           nonempty: bool = False, mentions: Tuple[str, ...] = ()) -> Param:
    return Param("vector", list(base), {"paired": paired, "finite": finite, "nonempty": nonempty},
                 mentions)


def real(base: Any, *, finite: bool = True, positive: bool = False, nonnegative: bool = False,
         nonzero: bool = False, unit: bool = False, closed: bool = False, optional: bool = False,
         mentions: Tuple[str, ...] = ()) -> Param:
    """A number; unit: in [0, 1) ([0, 1] when closed)."""
    rules = {"finite": finite, "positive": positive, "nonnegative": nonnegative,
             "nonzero": nonzero, "unit": unit, "closed": closed, "optional": optional}
    return Param("real", base, rules, mentions)


def integer(base: Any, *, minimum: int | None = None, optional: bool = False,
            mentions: Tuple[str, ...] = ()) -> Param:
    return Param("integer", base, {"minimum": minimum, "optional": optional}, mentions)


def flag(base: bool) -> Param:
    return Param("flag", base)


def choice(base: Any, *, optional: bool = False) -> Param:
    return Param("choice", base, {"optional": optional})


def function(base: Any, *, optional: bool = False, returns: str | None = None) -> Param:
    """A callable parameter; returns='vector:N' also tries callables returning bad vectors."""
    return Param("function", base, {"optional": optional, "returns": returns})


def thing(base: Any, *, optional: bool = False, mentions: Tuple[str, ...] = ()) -> Param:
    """An object parameter (model, optimizer, schedule, rng): wrong objects are rejected."""
    return Param("thing", base, {"optional": optional}, mentions)


def special(kind: str, base: Any, mentions: Tuple[str, ...] = ()) -> Param:
    return Param(kind, base, {}, mentions)


def vector_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    base, rules = p.base, p.rules
    n = len(base)
    length = REJECT if rules["paired"] else EITHER
    yield "empty", [], REJECT if rules["nonempty"] or rules["paired"] else EITHER
    if n > 1:
        yield "shorter", base[:-1], length
    yield "longer", base + [1.0], length
    bad_value = REJECT if rules["finite"] else EITHER
    for label, x in (("nan", NAN), ("inf", INF), ("-inf", -INF)):
        yield label, _put(base, rng.randrange(n), x), bad_value
    yield "huge", [HUGE] * n, EITHER
    yield "huge mixed", [HUGE if i % 2 else -HUGE for i in range(n)], EITHER
    yield "tiny", [TINY] * n, EITHER
    yield "ints", [int(x) if math.isfinite(x) else 1 for x in base], EITHER
    yield "int past the floats", _put(base, rng.randrange(n), 10**400), REJECT
    # A float-sized int whose square, in exact int arithmetic, is past the floats: it is
    # converted at the entry point (an inf or a DivergenceError, never OverflowError).
    yield "huge int", _put(base, rng.randrange(n), 10**200), EITHER
    yield "tuple", tuple(base), EITHER
    yield "str", "1.0", REJECT
    yield "None", None, REJECT
    yield "number", 1.5, REJECT
    yield "dict", dict(enumerate(base)), REJECT
    yield "set", set(base), REJECT
    yield "bytes", b"\x01\x02", REJECT
    for label, x in (("nested", [1.0]), ("bool element", True), ("str element", "1"),
                     ("None element", None), ("complex element", 1j)):
        yield label, _put(base, rng.randrange(n), x), REJECT


def random_vector_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """Random lengths and random bad elements at random places."""
    n = len(p.base)
    for _ in range(RANDOM_ROUNDS):
        size = rng.choice([k for k in range(n + 4) if k != n])
        if p.rules["paired"] or (size == 0 and p.rules["nonempty"]):
            yield f"random length {size}", [rng.uniform(-5, 5) for _ in range(size)], REJECT
        bad = rng.choice([None, "x", [0.5], True, 2j, NAN, INF, -INF])
        values = [rng.uniform(-1e3, 1e3) for _ in range(n)]
        values[rng.randrange(n)] = bad
        finite_rule = REJECT if p.rules["finite"] else EITHER
        expectation = finite_rule if isinstance(bad, float) else REJECT
        yield f"random element {bad!r}", values, expectation
        scale = 10.0 ** rng.randint(-320, 308)
        yield f"random scale {scale:.0e}", [rng.uniform(-1, 1) * scale for _ in range(n)], EITHER


def _put(base: Sequence[Any], i: int, x: Any) -> List[Any]:
    copy = list(base)
    copy[i] = x
    return copy


def matrix_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    base = p.base
    yield "empty", [], REJECT
    yield "ragged", base[:-1] + [base[-1] + [1.0]], REJECT
    yield "row of nan", base[:-1] + [[NAN] * len(base[0])], EITHER
    yield "huge rows", [[HUGE] * len(base[0]) for _ in range(3)], EITHER
    yield "huge mixed rows", [[HUGE], [HUGE], [-HUGE]], EITHER
    yield "str", "ab", REJECT
    yield "None", None, REJECT
    yield "flat", [1.0, 2.0], REJECT
    yield "None row", [None] + base[1:], REJECT
    yield "str row", ["ab"] + base[1:], REJECT
    yield "nested deeper", [[[1.0]] * len(base[0])] + base[1:], REJECT
    yield "bool element", [[True] * len(base[0])] + base[1:], REJECT
    for _ in range(RANDOM_ROUNDS):
        rows = [[rng.uniform(-9, 9) for _ in base[0]] for _ in range(rng.randint(2, 4))]
        rows[rng.randrange(len(rows))] = [rng.uniform(-9, 9)] * rng.choice(
            [k for k in range(len(base[0]) + 3) if k != len(base[0])])
        yield "random ragged", rows, REJECT


def real_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    r = p.rules
    not_finite = REJECT if r["finite"] else EITHER
    yield "nan", NAN, not_finite
    yield "inf", INF, not_finite
    yield "-inf", -INF, REJECT if r["finite"] or r["positive"] or r["nonnegative"] else EITHER
    yield "zero", 0.0, REJECT if r["positive"] or r["nonzero"] else EITHER
    yield "negative", -1.5, REJECT if r["positive"] or r["nonnegative"] or r["unit"] else EITHER
    yield "one", 1.0, REJECT if r["unit"] and not r["closed"] else EITHER
    yield "huge", HUGE, REJECT if r["unit"] else EITHER
    yield "tiny", TINY, EITHER
    yield "int", 0 if r["unit"] else 1, REJECT if r["positive"] and r["unit"] else EITHER
    yield "int past the floats", 10**400, REJECT
    yield "fraction", Fraction(1, 2), EITHER
    yield "bool", True, REJECT
    yield "str", "0.5", REJECT
    yield "None", None, EITHER if r["optional"] else REJECT
    yield "list", [0.5], REJECT
    yield "complex", 0.5 + 0j, REJECT
    for _ in range(RANDOM_ROUNDS):
        x = rng.uniform(-1, 1) * 10.0 ** rng.randint(-320, 308)
        bad = (x == 0 and (r["positive"] or r["nonzero"])) or (
            x < 0 and (r["positive"] or r["nonnegative"] or r["unit"])) or (
            r["unit"] and (x > 1 or x == 1 and not r["closed"]))
        yield f"random {x:.3g}", x, REJECT if bad else EITHER


def integer_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    minimum = p.rules["minimum"]
    yield "float", 1.5, REJECT
    yield "whole float", 2.0, REJECT
    yield "bool", True, REJECT
    yield "str", "3", REJECT
    yield "nan", NAN, REJECT
    yield "list", [2], REJECT
    yield "None", None, EITHER if p.rules["optional"] else REJECT
    if minimum is not None:
        yield "below minimum", minimum - 1, REJECT
        yield "far below minimum", minimum - 1 - rng.randint(1, 10**6), REJECT
    else:
        yield "negative", -rng.randint(1, 10**6), EITHER


def flag_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("int", 1), ("zero", 0), ("str", "yes"), ("float", 1.0)):
        yield label, value, REJECT


def choice_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield "unknown", "no-such-method", REJECT
    yield "empty", "", REJECT
    yield "upper case", str(p.base).upper(), REJECT
    yield "None", None, EITHER if p.rules["optional"] else REJECT
    yield "int", 3, REJECT
    yield "list", [p.base], REJECT


def function_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield "None", None, EITHER if p.rules["optional"] else REJECT
    yield "int", 3, REJECT
    yield "str", "f", REJECT
    returns = p.rules["returns"]
    if returns is not None:
        n = int(returns.split(":")[1])
        yield "returns shorter", lambda *a: [1.0] * (n - 1), REJECT
        yield "returns longer", lambda *a: [1.0] * (n + 1), REJECT
        yield "returns None", lambda *a: None, REJECT
        yield "returns str", lambda *a: "ab", REJECT
        yield "returns nested", lambda *a: [[1.0]] * n, REJECT


def thing_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield "None", None, EITHER if p.rules.get("optional") else REJECT
    yield "int", 3, REJECT
    yield "str", "adam", REJECT
    yield "object", object(), REJECT


def pair_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """(low, high) ranges and Adam's betas: a pair of finite numbers."""
    a, b = p.base
    yield "one number", (a,), REJECT
    yield "three numbers", (a, b, b), REJECT
    yield "None", None, REJECT
    yield "str", "ab", REJECT
    yield "nan first", (NAN, b), REJECT
    yield "inf second", (a, INF), REJECT
    yield "bool first", (True, b), REJECT
    yield "str second", (a, "1"), REJECT
    yield "list", [a, b], EITHER


def betas_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield from pair_cases(p, rng)
    yield "beta of one", (0.9, 1.0), REJECT
    yield "negative beta", (-0.1, 0.9), REJECT


def range_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield from pair_cases(p, rng)
    a, b = p.base
    yield "reversed", (b, a), REJECT
    yield "empty", (a, a), REJECT
    yield "huge", (-HUGE, HUGE), EITHER


def text_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("int", 3), ("bytes", b"t"), ("list", ["t"])):
        yield label, value, REJECT
    yield "markup", "<b>&amp;</b>", EITHER


def label_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """A classifier's label: 0 and 1 (ints, floats, Fractions) or a bool; nothing else."""
    for label, value in (("zero", 0), ("one float", 1.0), ("true", True), ("false", False),
                         ("fraction", Fraction(1))):
        yield label, value, EITHER
    for label, value in (("two", 2), ("half", 0.5), ("minus one", -1), ("nan", NAN),
                         ("inf", INF), ("str", "1"), ("None", None), ("list", [1]),
                         ("complex", 1 + 0j), ("int past the floats", 10**400)):
        yield label, value, REJECT


def labels_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """A vector of labels: as vector_cases, but booleans are labels and 2 is not."""
    base = list(p.base)
    yield "bools", [bool(y) for y in base], EITHER
    yield "floats", [float(y) for y in base], EITHER
    yield "tuple", tuple(base), EITHER
    yield "shorter", base[:-1], REJECT
    yield "longer", base + [1], REJECT
    yield "empty", [], REJECT
    for label, x in (("two", 2), ("half", 0.5), ("nan", NAN), ("inf", INF), ("str", "1"),
                     ("None", None), ("nested", [1]), ("complex", 1j)):
        yield f"{label} element", _put(base, rng.randrange(len(base)), x), REJECT
    for label, value in (("str", "01"), ("None", None), ("number", 1), ("dict", {0: 1})):
        yield label, value, REJECT


def number_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """A real number, a complex one (valid where cmath has the function) or a Value."""
    for label, value, expectation in real_cases(p, rng):
        if label == "complex" and p.rules["complex"]:
            expectation = EITHER
        if label == "nan":  # refused: nothing returns NaN
            expectation = REJECT
        yield label, value, expectation
    if p.rules["complex"]:
        yield "complex zero", 0j, REJECT if p.rules["positive"] else EITHER
        yield "complex", rng.uniform(-2, 2) + 1j * rng.uniform(-2, 2), EITHER
    yield "Value", vecgd.Value(0.5), EITHER
    yield "Value zero", vecgd.Value(0.0), REJECT if p.rules["positive"] else EITHER
    yield "Value nan", vecgd.Value(NAN), EITHER


def names_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """A sequence of parameter names."""
    for label, value in (("None", None), ("str", "ab"), ("empty", []), ("int element", ["a", 2]),
                         ("number", 3), ("None element", [None])):
        yield label, value, REJECT
    yield "tuple", tuple(p.base), EITHER


GENERATORS: Dict[str, Callable[[Param, random.Random], Iterator[Case]]] = {
    "vector": vector_cases,
    "matrix": matrix_cases,
    "real": real_cases,
    "integer": integer_cases,
    "flag": flag_cases,
    "choice": choice_cases,
    "function": function_cases,
    "thing": thing_cases,
    "betas": betas_cases,
    "range": range_cases,
    "text": text_cases,
    "label": label_cases,
    "labels": labels_cases,
    "number": number_cases,
    "names": names_cases,
}
RANDOM_GENERATORS = {"vector": random_vector_cases}


# === The table of entry points ===


@dataclass
class Entry:
    """A public entry point: how to call it, its parameters, and its error prefixes."""

    name: str
    call: Callable[..., Any]
    params: Dict[str, Param]
    prefixes: Tuple[str, ...] = ()
    extra: List[Tuple[str, Dict[str, Any], str]] = field(default_factory=list)

    def where(self) -> Tuple[str, ...]:
        return self.prefixes or (self.name.split(".")[0].split(" ")[0],)


def _consume(result: Any) -> Any:
    """Run a generator to the end, so that lazy errors count."""
    return list(result) if hasattr(result, "__next__") else result


def vector_entries() -> List[Entry]:
    pair = {"v": vector([1.0, 2.0, 3.0], paired=True), "w": vector([4.0, -5.0, 6.5], paired=True)}
    entries = [Entry(name, getattr(vecgd, name), dict(pair))
               for name in ("add", "subtract", "dot", "distance")]
    entries += [Entry(name, getattr(vecgd, name), {"v": vector([3.0, 4.0])})
                for name in ("sum_of_squares", "magnitude")]
    entries.append(Entry("scalar_multiply", vecgd.scalar_multiply,
                         {"c": real(2.0), "v": vector([1.0, -2.0])}))
    entries.append(Entry("accurate_sum", vecgd.accurate_sum,
                         {"values": vector([0.1, 0.2, -0.3]), "divisor": real(3, positive=True)}))
    rows = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.5]]
    entries += [Entry(name, getattr(vecgd, name),
                      {"vectors": special("matrix", rows, ("vectors", "vector"))})
                for name in ("vector_sum", "vector_mean")]
    return entries


def gradient_entries() -> List[Entry]:
    g = {"f": function(square_sum), "v": vector([1.0, 2.0], finite=True)}
    return [
        Entry("difference_quotient", vecgd.difference_quotient,
              {"f": function(lambda x: x * x), "x": real(3.0), "h": real(0.5, nonzero=True)}),
        Entry("richardson_derivative", vecgd.richardson_derivative,
              {"f": function(lambda x: x * x * x), "x": real(2.0),
               "h": real(None, nonzero=True, optional=True)}),
        Entry("partial_difference_quotient", vecgd.partial_difference_quotient,
              {**g, "v": vector([1.0, 2.0], finite=True, nonempty=True, mentions=("v", "i")),
               "i": integer(1, minimum=0), "h": real(0.5, nonzero=True)},
              extra=[("index past the end", {"i": 2}, REJECT)]),
        Entry("estimate_gradient", vecgd.estimate_gradient,
              {**g, "h": real(None, nonzero=True, optional=True), "method": choice("central")}),
        Entry("estimate_partial", vecgd.estimate_partial,
              {**g, "v": vector([1.0, 2.0], finite=True, nonempty=True, mentions=("v", "i")),
               "i": integer(1, minimum=0), "h": real(None, nonzero=True, optional=True),
               "method": choice("central")},
              extra=[("index past the end", {"i": 2}, REJECT)]),
        Entry("estimate_directional", vecgd.estimate_directional,
              {**g, "v": vector([1.0, 2.0], paired=True, finite=True, nonempty=True),
               "u": vector([0.6, 0.8], paired=True, finite=True),
               "h": real(None, nonzero=True, optional=True), "method": choice("central")}),
        Entry("estimate_gradient_with_error", vecgd.estimate_gradient_with_error,
              {**g, "h": real(None, nonzero=True, optional=True), "method": choice("central")}),
        Entry("estimate_partial_with_error", vecgd.estimate_partial_with_error,
              {**g, "v": vector([1.0, 2.0], finite=True, nonempty=True, mentions=("v", "i")),
               "i": integer(1, minimum=0), "h": real(None, nonzero=True, optional=True),
               "method": choice("central")},
              extra=[("index past the end", {"i": 2}, REJECT)]),
        Entry("estimate_directional_with_error", vecgd.estimate_directional_with_error,
              {**g, "v": vector([1.0, 2.0], paired=True, finite=True, nonempty=True),
               "u": vector([0.6, 0.8], paired=True, finite=True),
               "h": real(None, nonzero=True, optional=True), "method": choice("central")}),
        Entry("cross_checked_partial", vecgd.cross_checked_partial,
              {**g, "v": vector([1.0, 2.0], finite=True, nonempty=True, mentions=("v", "i")),
               "i": integer(1, minimum=0), "method": choice(None, optional=True),
               "h": real(None, nonzero=True, optional=True),
               "rtol": real(1e-6, nonnegative=True), "atol": real(0.0, nonnegative=True)},
              extra=[("index past the end", {"i": 2}, REJECT)]),
        Entry("cross_checked_directional", vecgd.cross_checked_directional,
              {**g, "v": vector([1.0, 2.0], paired=True, finite=True, nonempty=True),
               "u": vector([0.6, 0.8], paired=True, finite=True),
               "method": choice(None, optional=True), "h": real(None, nonzero=True, optional=True),
               "rtol": real(1e-6, nonnegative=True), "atol": real(0.0, nonnegative=True)}),
        Entry("check_entry", vecgd.check_entry,
              {"analytic": real(2.0, finite=False),
               "estimate": thing(vecgd.Estimate(2.0, 1e-15, "complex", 1)),
               "rtol": real(1e-6, nonnegative=True), "atol": real(0.0, nonnegative=True)}),
        Entry("check_gradient", vecgd.check_gradient,
              {"f": function(square_sum),
               "gradient": function(lambda v: [2 * x for x in v], returns="vector:2"),
               "v": vector([1.0, 2.0], finite=True, nonempty=True),
               "method": choice(None, optional=True), "h": real(None, nonzero=True, optional=True),
               "rtol": real(1e-6, nonnegative=True),
               "atol": real(None, nonnegative=True, optional=True),
               "directions": integer(None, minimum=1, optional=True), "seed": integer(0)}),
    ]


def two_outputs(v: Sequence[Any]) -> Any:
    """A vector function of a vector of any length (complex numbers too): two outputs."""
    return [square_sum(v), 3 * square_sum(v)]


def jacobian_entries() -> List[Entry]:
    j = {"f": function(two_outputs), "v": vector([1.0, 2.0], finite=True),
         "h": real(None, nonzero=True, optional=True), "method": choice("central")}
    h = {"f": function(square_sum), "v": vector([1.0, 2.0], finite=True),
         "h": real(None, nonzero=True, optional=True), "method": choice("central")}
    bad_f = [("f returns a number", {"f": lambda v: 1.0}, REJECT),
             ("f returns []", {"f": lambda v: []}, REJECT),
             ("f returns strings", {"f": lambda v: ["a", "b"]}, REJECT),
             ("f returns None", {"f": lambda v: None}, REJECT)]
    not_a_number = [("f returns a list", {"f": lambda v: [1.0]}, REJECT),
                    ("f returns None", {"f": lambda v: None}, REJECT)]
    checks = {"v": vector([1.0, 2.0], finite=True, nonempty=True),
              "h": real(None, nonzero=True, optional=True),
              "rtol": real(1e-6, nonnegative=True),
              "atol": real(None, nonnegative=True, optional=True)}
    wrong_jacobian = [("jacobian returns a flat vector", {"jacobian": lambda v: [1.0, 2.0]},
                       REJECT),
                      ("jacobian returns one row", {"jacobian": lambda v: [[1.0, 2.0]]}, REJECT),
                      ("jacobian returns short rows",
                       {"jacobian": lambda v: [[1.0], [2.0]]}, REJECT),
                      ("jacobian returns None", {"jacobian": lambda v: None}, REJECT)]
    wrong_hessian = [("hessian returns a flat vector", {"hessian": lambda v: [1.0, 2.0]}, REJECT),
                     ("hessian returns a string row", {"hessian": lambda v: ["ab", "cd"]},
                      REJECT),
                     ("hessian returns None", {"hessian": lambda v: None}, REJECT)]
    return [
        Entry("estimate_jacobian", vecgd.estimate_jacobian, dict(j), extra=bad_f),
        Entry("estimate_jacobian_with_error", vecgd.estimate_jacobian_with_error, dict(j),
              extra=bad_f),
        Entry("estimate_hessian", vecgd.estimate_hessian, dict(h), extra=not_a_number),
        Entry("estimate_hessian_with_error", vecgd.estimate_hessian_with_error, dict(h),
              extra=not_a_number),
        Entry("check_jacobian", vecgd.check_jacobian,
              {"f": function(two_outputs),
               "jacobian": function(lambda v: [[2 * x for x in v], [6 * x for x in v]]),
               **checks, "method": choice(None, optional=True)},
              extra=bad_f + wrong_jacobian),
        Entry("check_hessian", vecgd.check_hessian,
              {"f": function(square_sum),
               "hessian": function(lambda v: [[2.0 if i == k else 0.0 for k in range(len(v))]
                                              for i in range(len(v))]),
               **checks, "method": choice(None, optional=True)},
              extra=not_a_number + wrong_hessian),
        Entry("assert_jacobian_ok", lambda **k: _passed(vecgd.assert_jacobian_ok, **k),
              {"f": function(two_outputs),
               "jacobian": function(lambda v: [[2 * x for x in v], [6 * x for x in v]]),
               "v": vector([1.0, 2.0], finite=True, nonempty=True)}, ("assert_jacobian_ok",
                                                                      "check_jacobian")),
        Entry("assert_hessian_ok", lambda **k: _passed(vecgd.assert_hessian_ok, **k),
              {"f": function(square_sum),
               "hessian": function(lambda v: [[2.0 if i == k else 0.0 for k in range(len(v))]
                                              for i in range(len(v))]),
               "v": vector([1.0, 2.0], finite=True, nonempty=True)}, ("assert_hessian_ok",
                                                                     "check_hessian")),
    ]


def _passed(assertion: Callable[..., Any], **arguments: Any) -> Any:
    """Call an assert_*_ok; its AssertionError (the check was not ok) is its answer, not a leak."""
    try:
        return assertion(**arguments, atol=1e-9)
    except AssertionError:
        return None


def number(base: Any, *, complex_ok: bool = True, positive: bool = False) -> Param:
    """A number for autodiff's functions: real, complex (unless refused) or a Value."""
    param = real(base, finite=False, positive=positive)
    return Param("number", base, {**param.rules, "complex": complex_ok})


def autodiff_entries() -> List[Entry]:
    g = {"f": function(square_sum), "v": vector([1.0, 2.0], finite=True)}
    entries = [
        Entry("Value", vecgd.Value, {"data": real(2.0, finite=False)}),
        Entry("grad", lambda f, v: vecgd.grad(f)(v), g),
        Entry("value_and_grad", lambda f, v: vecgd.value_and_grad(f)(v), g),
        Entry("exp", vecgd.exp, {"x": number(0.5)}),
        Entry("log", vecgd.log, {"x": number(0.5, positive=True)}),
        Entry("tanh", vecgd.tanh, {"x": number(0.5)}),
        Entry("sigmoid", vecgd.sigmoid, {"x": number(0.5)}),
        Entry("relu", vecgd.relu, {"x": number(0.5, complex_ok=False)}),
        Entry("FunctionModel", vecgd.FunctionModel,
              {"predict": function(lambda t, x: t[0] * x + t[1]),
               "parameter_names": special("names", ["slope", "intercept"],
                                          ("parameter_names",))}),
    ]
    model = vecgd.FunctionModel(lambda t, x: t[0] * vecgd.tanh(t[1] * x), ["a", "k"])
    theta = vector([2.0, 0.5], finite=False, paired=True, nonempty=True)
    x = real(3.0, finite=False)
    entries += [
        Entry("FunctionModel.predict", model.predict, {"theta": theta, "x": x}),
        Entry("FunctionModel.gradient", model.gradient,
              {"theta": theta, "x": x, "y": real(7.0, finite=False)}),
        Entry("FunctionModel.batch_gradient", model.batch_gradient,
              {"theta": theta, "xs": vector([0.5, 1.5], paired=True, finite=True, nonempty=True),
               "ys": vector([1.0, 2.0], paired=True, finite=True, nonempty=True)}),
    ]
    return entries


def descent_entries() -> List[Entry]:
    return [
        Entry("gradient_step", vecgd.gradient_step,
              {"v": vector([1.0, 2.0], paired=True), "gradient": vector([0.5, -1.0], paired=True),
               "step_size": real(-0.5)}),
        Entry("minibatches", lambda **k: _consume(vecgd.minibatches(**k)),
              {"dataset": special("dataset", [1, 2, 3, 4, 5]), "batch_size": integer(2, minimum=1),
               "shuffle": flag(True),
               "rng": thing(Fresh(lambda: random.Random(0)), optional=True)}),
    ]


def dataset_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("int", 3), ("str", "abc"), ("dict", {1: 2})):
        yield label, value, REJECT
    yield "empty", [], EITHER
    yield "tuple", (1, 2, 3), EITHER


GENERATORS["dataset"] = dataset_cases

MODELS: List[Tuple[str, Any, List[float], Any, Any]] = [
    ("Linear", Linear(), [2.0, 1.0], 3.0, [0.5, 1.5]),
    ("Proportional", Proportional(), [2.0], 3.0, [0.5, 1.5]),
    ("Polynomial", Polynomial(2), [1.0, 0.0, 1.0], 3.0, [0.5, 1.5]),
    ("Polynomial", Polynomial(0), [1.0], 3.0, [0.5, 1.5]),
    ("MultipleLinear", MultipleLinear(), [1.0, 2.0, 0.5], [3.0, 4.0], [[3.0, 4.0], [1.0, 0.0]]),
]


def _quietly(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call function with its IllConditionedWarning silenced (collinear fuzz data warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", vecgd.IllConditionedWarning)
        return function(*args, **kwargs)


def model_entries() -> List[Entry]:
    entries = [Entry("Polynomial", lambda **k: Polynomial(**k), {"degree": integer(2, minimum=0)})]
    for name, model, theta, x, xs in MODELS:
        prefixes = (name,)
        theta_param = vector(theta, finite=False, paired=True, nonempty=True)
        x_param = (vector(x, paired=True, nonempty=True) if isinstance(x, list)
                   else real(x, finite=False))
        xs_param = (special("matrix", xs) if isinstance(x, list)
                    else vector(xs, paired=True, finite=True, nonempty=True))
        label = f"{model!r}"
        features = isinstance(x, list)
        more_xs = xs + ([[2.0, 5.0]] if features else [2.5, 4.0])
        exact = {"xs": special("matrix", more_xs) if features else
                 vector(more_xs, paired=True, finite=True, nonempty=True),
                 "ys": vector([1.0, 2.0, 4.0, 3.0][: len(more_xs)], paired=True, finite=True,
                              nonempty=True)}
        entries += [
            Entry(f"{label}.predict", model.predict, {"theta": theta_param, "x": x_param},
                  prefixes),
            Entry(f"{label}.gradient", model.gradient,
                  {"theta": theta_param, "x": x_param, "y": real(7.0, finite=False)}, prefixes),
            Entry(f"{label}.batch_gradient", model.batch_gradient,
                  {"theta": theta_param, "xs": xs_param,
                   "ys": vector([1.0, 2.0], paired=True, finite=True, nonempty=True)}, prefixes),
            Entry(f"least_squares {label}",
                  lambda model=model, **k: _quietly(vecgd.least_squares, model, **k), exact,
                  ("least_squares",)),
        ]
    for name in ("sum_of_squared_errors", "mean_squared_error", "root_mean_squared_error"):
        nonempty = name != "sum_of_squared_errors"
        entries.append(Entry(name, getattr(vecgd, name), {
            "predicted": vector([1.0, 2.0], paired=True, nonempty=nonempty),
            "actual": vector([1.5, 2.5], paired=True, nonempty=nonempty)}))
    entries.append(Entry("squared_error", vecgd.squared_error,
                         {"predicted": real(3.5, finite=False), "actual": real(2.0, finite=False)}))
    entries.append(Entry("linear_gradient", vecgd.linear_gradient,
                         {"x": real(3.0, finite=False), "y": real(5.0, finite=False),
                          "theta": vector([2.0, 1.0], finite=False, nonempty=True)},
                         ("Linear",)))  # as Linear.gradient: a non-finite sample is the caller's
    return entries


# Optimizer constructors: every hyperparameter and its rule.
LR = real(0.1, positive=True)
WD = real(0.0, nonnegative=True)
OPTIMIZER_PARAMS: Dict[Any, Dict[str, Param]] = {
    SGD: {"lr": LR, "weight_decay": WD, "maximize": flag(False)},
    Momentum: {"lr": LR, "momentum": real(0.9, nonnegative=True),
               "dampening": real(0.0, nonnegative=True, unit=True, closed=True),
               "nesterov": flag(False), "weight_decay": WD, "initial": real(None, optional=True),
               "maximize": flag(False)},
    AdaGrad: {"lr": LR, "lr_decay": real(0.0, nonnegative=True), "weight_decay": WD,
              "initial_accumulator_value": real(0.0, nonnegative=True),
              "eps": real(1e-10, nonnegative=True), "maximize": flag(False)},
    RMSprop: {"lr": LR, "alpha": real(0.99, nonnegative=True, unit=True),
              "eps": real(1e-8, nonnegative=True), "weight_decay": WD,
              "momentum": real(0.0, nonnegative=True), "centered": flag(False),
              "initial": real(None, nonnegative=True, optional=True), "maximize": flag(False)},
    Adam: {"lr": LR, "betas": special("betas", (0.9, 0.999), ("betas",)),
           "eps": real(1e-8, nonnegative=True), "weight_decay": WD, "amsgrad": flag(False),
           "bias_correction": flag(True), "initial": real(None, nonnegative=True, optional=True),
           "maximize": flag(False)},
    AdamW: {"lr": LR, "betas": special("betas", (0.9, 0.999), ("betas",)),
            "eps": real(1e-8, nonnegative=True), "weight_decay": real(0.01, nonnegative=True),
            "amsgrad": flag(False), "maximize": flag(False)},
}


def _stepped(kind: Any, **options: Any) -> Any:
    """An optimizer of the given class after one step on a theta of length 2."""
    optimizer = kind(**options)
    optimizer.step([1.0, 2.0], [0.5, -0.25])
    return optimizer


def _step_with_lr(kind: Any, lr: Any, theta: Any, gradient: Any) -> Any:
    optimizer = kind(0.1)
    optimizer.lr = lr  # a schedule (or a user) sets lr between steps
    return optimizer.step(theta, gradient)


def state_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """Malformed state dicts, made from a valid one of the same class."""
    good = p.base
    yield "None", None, REJECT
    yield "empty", {}, REJECT
    kind = "optimizer" if "optimizer" in good else "schedule"
    yield "other class", {**good, kind: "Other"}, REJECT
    yield "hyperparameters a list", {**good, "hyperparameters": ["lr"]}, REJECT
    yield "hyperparameters missing", {**good, "hyperparameters": {}}, REJECT
    yield "state a list", {**good, "state": ["x"]}, REJECT
    if "optimizer" in good:
        yield "steps negative", {**good, "steps": -1}, REJECT
        yield "steps str", {**good, "steps": "1"}, REJECT
        yield "size str", {**good, "size": "2"}, REJECT
        buffers = [name for name, value in good["state"].items() if value]
        if buffers:
            name = buffers[0]
            for label, value in (("short", good["state"][name][:1]), ("nan", [NAN, 1.0]),
                                 ("str", "ab"), ("None element", [None, 1.0])):
                yield f"{name} {label}", {**good, "state": {**good["state"], name: value}}, REJECT
        hyper = good["hyperparameters"]
        yield "lr negative", {**good, "hyperparameters": {**hyper, "lr": -1.0}}, REJECT
    else:
        yield "last_epoch negative", {**good, "state": {**good["state"], "last_epoch": -1}}, REJECT
        yield "base_lr str", {**good, "state": {**good["state"], "base_lr": "1"}}, REJECT


GENERATORS["state"] = state_cases


def optimizer_entries() -> List[Entry]:
    entries = []
    for kind, params in OPTIMIZER_PARAMS.items():
        name = kind.__name__
        entries.append(Entry(name, kind, dict(params)))
        step_params = {"theta": vector([1.0, 2.0], paired=True, finite=True, nonempty=True),
                       "gradient": vector([0.5, -0.25], paired=True, finite=True)}
        options = {"lr": 0.1} if kind in (SGD, Momentum) else {}
        entries.append(Entry(f"{name}.step", lambda kind=kind, o=options, **k: kind(**o).step(**k),
                             step_params, (name,)))
        entries.append(Entry(f"{name}.check",
                             lambda kind=kind, o=options, **k: kind(**o).check(**k),
                             step_params, (name,)))
        entries.append(Entry(f"{name}.check of theta",
                             lambda kind=kind, o=options, **k: _stepped(kind, **o).check(**k),
                             {"theta": step_params["theta"]}, (name,)))
        entries.append(Entry(f"{name}.step after a step",
                             lambda kind=kind, o=options, **k: _stepped(kind, **o).step(**k),
                             step_params, (name,)))
        entries.append(Entry(f"{name}.step with lr set",
                             lambda kind=kind, **k: _step_with_lr(kind, **k),
                             {"lr": real(0.1, nonnegative=True), "theta": step_params["theta"],
                              "gradient": step_params["gradient"]}, (name,)))
        state = _stepped(kind, **options).state_dict()
        entries.append(Entry(f"{name}.load_state_dict",
                             lambda kind=kind, o=options, **k: kind(**o).load_state_dict(**k),
                             {"state": special("state", state, ("state", "hyperparameters",
                                                                "steps", "size", "lr"))},
                             (f"{name}.load_state_dict", name)))
    entries += [
        Entry("clip_by_norm", vecgd.clip_by_norm,
              {"gradient": vector([3.0, 4.0], finite=True), "max_norm": real(1.0, positive=True)}),
        Entry("clip_by_value", vecgd.clip_by_value,
              {"gradient": vector([3.0, -4.0], finite=True), "limit": real(1.0, positive=True)}),
    ]
    return entries


SCHEDULE_PARAMS: Dict[str, Dict[str, Param]] = {
    "StepLR": {"step_size": integer(2, minimum=1), "gamma": real(0.5, positive=True)},
    "MultiStepLR": {"milestones": special("milestones", [2, 4]), "gamma": real(0.5, positive=True)},
    "ExponentialLR": {"gamma": real(0.5, positive=True)},
    "CosineAnnealingLR": {"T_max": integer(4, minimum=1), "eta_min": real(0.0, nonnegative=True)},
    "ReduceLROnPlateau": {"mode": choice("min"), "factor": real(0.5, positive=True, unit=True),
                          "patience": integer(1, minimum=0),
                          "threshold": real(1e-4, nonnegative=True),
                          "threshold_mode": choice("rel"), "cooldown": integer(0, minimum=0),
                          "min_lr": real(0.0, nonnegative=True),
                          "eps": real(1e-8, nonnegative=True)},
    "InverseScaling": {"power_t": real(0.5, nonnegative=True)},
    "Adaptive": {"n_iter_no_change": integer(2, minimum=1), "tol": real(1e-3, nonnegative=True)},
    "Annealing": {"divisor": real(4.0, positive=True), "ratio": real(2.0, positive=True),
                  "reference": real(5500.0, nonnegative=True)},
}
NEEDS_LOSS = ("ReduceLROnPlateau", "Adaptive")


def milestones_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("str", "24"), ("int", 2), ("zero", [0, 2]),
                         ("float", [1.5]), ("bool", [True]), ("None element", [None])):
        yield label, value, REJECT
    yield "empty", [], EITHER


GENERATORS["milestones"] = milestones_cases


def optimizer_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield from thing_cases(p, rng)
    yield "lr zero", _LrHolder(0.0), REJECT
    yield "lr nan", _LrHolder(NAN), REJECT
    yield "lr str", _LrHolder("0.1"), REJECT


class _LrHolder:
    """An object with an lr (and an exp_avg_sq, for Annealing) but a bad lr."""

    def __init__(self, lr: Any) -> None:
        self.lr = lr
        self.exp_avg_sq: List[float] = []


GENERATORS["optimizer"] = optimizer_cases


def schedule_entries() -> List[Entry]:
    entries = []
    for name, params in SCHEDULE_PARAMS.items():
        kind = getattr(vecgd, name)
        base = {k: p.base for k, p in params.items()}
        opt = Fresh(lambda: Adam(0.1))
        entries.append(Entry(name, kind, {"optimizer": special("optimizer", opt,
                                                               ("optimizer", "lr")), **params}))
        loss = real(1.0, finite=name in NEEDS_LOSS, optional=name not in NEEDS_LOSS,
                    mentions=("loss",))
        entries.append(Entry(f"{name}.step",
                             lambda kind=kind, base=base, **k: kind(Adam(0.1), **base).step(**k),
                             {"loss": loss}, (name,)))
        entries.append(Entry(f"{name}.check",
                             lambda kind=kind, base=base, **k: kind(Adam(0.1), **base).check(**k),
                             {"loss": loss}, (name,)))
        schedule = kind(Adam(0.1), **base)
        schedule.step(1.0)
        entries.append(Entry(f"{name}.load_state_dict",
                             lambda kind=kind, base=base, **k:
                             kind(Adam(0.1), **base).load_state_dict(**k),
                             {"state": special("state", schedule.state_dict(),
                                               ("state", "hyperparameters", "fields",
                                                "last_epoch", "base_lr"))},
                             (f"{name}.load_state_dict", name)))
    return entries


def training_entries() -> List[Entry]:
    xs, ys = [0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0]
    data = {"xs": vector(xs, paired=True, finite=True, nonempty=True),
            "ys": vector(ys, paired=True, finite=True, nonempty=True),
            "theta": vector([0.0, 0.0], paired=True, finite=True, nonempty=True),
            "optimizer": thing(Fresh(lambda: SGD(0.05)))}
    fit_params = {"model": thing(Linear()), **data, "epochs": integer(3, minimum=0),
                  "batch_size": integer(None, minimum=1, optional=True), "shuffle": flag(False),
                  "seed": integer(None, optional=True), "schedule": thing(None, optional=True),
                  "tolerance": real(None, nonnegative=True, optional=True),
                  "patience": integer(5, minimum=1), "callback": function(None, optional=True),
                  "clip_norm": real(None, positive=True, optional=True),
                  "standardize": flag(False), "keep_best": flag(False),
                  "gradient_tolerance": real(None, nonnegative=True, optional=True),
                  "resume": thing(None, optional=True),
                  "loss": thing(None, optional=True), "penalty": thing(None, optional=True)}
    return [
        Entry("fit", vecgd.fit, fit_params, ("fit", "Linear"),
              extra=[("huge lr", {"optimizer": Fresh(lambda: SGD(1e300))}, EITHER),
                     ("batch size 2 with huge lr",
                      {"optimizer": Fresh(lambda: SGD(1e300)), "batch_size": 2}, EITHER),
                     ("per sample with huge lr",
                      {"optimizer": Fresh(lambda: Adam(1e300)), "batch_size": 1}, EITHER),
                     ("MultipleLinear on numbers", {"model": MultipleLinear()}, REJECT),
                     ("standardize a model without intercept",
                      {"model": Proportional(), "theta": [0.0], "standardize": True}, REJECT),
                     ("resume with theta", {"resume": {"version": 1}}, REJECT),
                     ("standardized, huge lr",
                      {"optimizer": Fresh(lambda: SGD(1e300)), "standardize": True}, EITHER),
                     ("L-BFGS full batch", {"optimizer": Fresh(LBFGS)}, EITHER),
                     ("L-BFGS per sample", {"optimizer": Fresh(LBFGS), "batch_size": 1},
                      REJECT)]),
        Entry("minimize", vecgd.minimize,
              {"f": function(square_sum), "v": vector([0.0, 0.0], finite=True, nonempty=True),
               "optimizer": thing(Fresh(lambda: SGD(0.1))), "steps": integer(3, minimum=0),
               "gradient": function(None, optional=True, returns="vector:2"),
               "tolerance": real(None, nonnegative=True, optional=True),
               "callback": function(None, optional=True),
               "line_search": choice(None, optional=True)},
              extra=[("L-BFGS", {"optimizer": Fresh(LBFGS)}, EITHER),
                     ("L-BFGS with a line search", {"optimizer": Fresh(LBFGS),
                                                    "line_search": "wolfe"}, REJECT),
                     ("Wolfe on Adam", {"optimizer": Fresh(lambda: Adam(0.1)),
                                        "line_search": "wolfe"}, REJECT),
                     ("Armijo", {"line_search": "armijo"}, EITHER),
                     ("Wolfe", {"line_search": "wolfe"}, EITHER),
                     ("Wolfe with huge lr", {"line_search": "wolfe",
                                             "optimizer": Fresh(lambda: SGD(1e300))}, EITHER)]),
        Entry("lr_range_test", vecgd.lr_range_test,
              {"model": thing(Linear()), **data,
               "start_lr": real(1e-4, positive=True), "end_lr": real(1.0, positive=True),
               "steps": integer(5, minimum=3), "batch_size": integer(1, minimum=1, optional=True),
               "shuffle": flag(False), "seed": integer(None, optional=True),
               "smoothing": real(0.5, nonnegative=True, unit=True),
               "diverge_factor": real(4.0, positive=True)},
              ("lr_range_test", "Linear")),
    ]


def csv_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    texts = {
        "empty file": "", "header only": "a,b\n", "ragged row": "a,b\n1,2\n3\n",
        "not a number": "a,b\n1,x\n", "nan cell": "a,b\n1,nan\n", "inf cell": "a,b\ninf,1\n",
        "unknown column": "c,d\n1,2\n", "duplicate header": "a,a,b\n1,2,3\n",
        "NUL byte": "a,b\n1,\x002\n", "huge cell": "a,b\n1e999,1\n",
    }
    for label, text in texts.items():
        yield label, Fresh(lambda text=text: io.StringIO(text)), REJECT
    yield "missing file", os.path.join(tempfile.gettempdir(), "vecgd-no-such-file.csv"), REJECT
    yield "a folder", tempfile.gettempdir(), REJECT
    yield "None", None, REJECT
    yield "int", 3.5, REJECT


def column_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("float", 1.5), ("bool", True), ("negative", -1),
                         ("past the end", 7), ("unknown name", "zzz"), ("empty list", []),
                         ("list with None", [None]), ("bytes", b"a")):
        yield label, value, REJECT


GENERATORS["csv"] = csv_cases
GENERATORS["column"] = column_cases


def synthetic_model_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield from thing_cases(p, rng)
    yield "returns str", lambda theta, x: "y", REJECT
    yield "returns nan", lambda theta, x: NAN, REJECT


GENERATORS["synthetic model"] = synthetic_model_cases


def dataset_entries() -> List[Entry]:
    return [
        Entry("line_data", vecgd.line_data,
              {"n": integer(3, minimum=1), "a": real(3.0), "b": real(8.0),
               "seed": integer(0, optional=True)}),
        Entry("synthetic", vecgd.synthetic,
              {"model": special("synthetic model", Linear(), ("model", "predict")),
               "theta": vector([2.0, 1.0], finite=True, nonempty=True), "n": integer(3, minimum=1),
               "noise": real(0.1, nonnegative=True),
               "x_range": special("range", (-1.0, 1.0), ("x_range",)),
               "features": integer(1, minimum=1), "seed": integer(0, optional=True)},
              ("synthetic", "Linear")),
        Entry("load_csv", vecgd.load_csv,
              {"path_or_file": special("csv", Fresh(lambda: io.StringIO("a,b\n1,2\n3,4\n")),
                                       ("<file>", "path_or_file", "file", "vecgd-no-such-file",
                                        tempfile.gettempdir())),
               "x": special("column", "a", ("x", "column")),
               "y": special("column", "b", ("y", "column"))}),
    ]


def series_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("None", None), ("str", "abc"), ("empty", {}), ("empty series", {"a": []}),
                         ("nan", {"a": [1.0, NAN]}), ("str value", {"a": ["x"]}),
                         ("int name", {1: [1.0]}), ("bad pair", [("a",)]),
                         ("not numbers", {"a": "12"})):
        yield label, value, REJECT
    yield "huge", {"a": [HUGE, -HUGE, 0.0]}, EITHER
    yield "tiny", {"a": [TINY, 0.0, -TINY]}, EITHER
    yield "one point", {"a": [2.0]}, EITHER
    yield "flat", {"a": [2.0, 2.0]}, EITHER


def curves_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("not callable", {"f": 3}), ("nan curve", {"f": lambda x: NAN}),
                         ("str curve", {"f": lambda x: "y"}), ("int name", {2: lambda x: x}),
                         ("str", "f")):
        yield label, value, REJECT
    yield "None", None, EITHER
    yield "huge curve", {"f": lambda x: HUGE * (1 if x > 0.5 else -1)}, EITHER


def frames_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("empty", []), ("one number", [(1.0,)]), ("nan", [(NAN, 1.0)]),
                         ("str", "ab"), ("None", None), ("str frame", ["ab"])):
        yield label, value, REJECT
    yield "huge", [(HUGE, -HUGE), (0.0, 0.0)], EITHER


def levels_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("zero", 0), ("empty", []), ("nan", [NAN]), ("str", "a"),
                         ("bool", True), ("None", None), ("float", 2.5)):
        yield label, value, REJECT
    yield "one level", 1, EITHER
    yield "huge level", [HUGE], EITHER


def paths_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value in (("str", "abc"), ("empty path", {"a": []}), ("nan", {"a": [(NAN, 1.0)]}),
                         ("not pairs", {"a": [1.0, 2.0]}), ("three numbers", {"a": [(1, 2, 3)]}),
                         ("int name", {1: [(1.0, 1.0)]}), ("bad pair", [("a",)])):
        yield label, value, REJECT
    yield "None", None, EITHER
    yield "no paths", {}, EITHER
    yield "one point", {"a": [(0.5, 0.5)]}, EITHER
    yield "huge", {"a": [(HUGE, -HUGE), (0.0, 0.0)]}, EITHER


GENERATORS.update(paths=paths_cases, series=series_cases, curves=curves_cases, frames=frames_cases,
                  levels=levels_cases)


def plot_entries(folder: str) -> List[Entry]:
    size = {"width": integer(640, minimum=200), "height": integer(400, minimum=150)}
    xs = vector([0.0, 1.0, 2.0], paired=True, finite=True, nonempty=True)
    ys = vector([1.0, 3.0, 5.0], paired=True, finite=True, nonempty=True)
    return [
        Entry("line_chart", vecgd.line_chart,
              {"series": special("series", {"sgd": [3.0, 2.0, 1.0]}, ("series",)),
               "title": special("text", "t", ("title",)), "log_y": flag(False), **size},
              extra=[("huge on a log axis", {"log_y": True, "series": {"a": [HUGE, 1e300]}},
                      EITHER),
                     ("tiny on a log axis", {"log_y": True, "series": {"a": [TINY, 1e-300]}},
                      EITHER),
                     ("zero on a log axis", {"log_y": True, "series": {"a": [1.0, 0.0]}},
                      REJECT),
                     ("one huge value on a log axis", {"log_y": True, "series": {"a": [HUGE]}},
                      EITHER)]),
        Entry("scatter_chart", vecgd.scatter_chart,
              {"xs": xs, "ys": ys, "curves": special("curves", {"fit": lambda x: 2 * x + 1},
                                                     ("curve",)),
               "samples": integer(20, minimum=2), **size}),
        Entry("contour_chart", vecgd.contour_chart,
              {"f": function(lambda x, y: x * x + y * y),
               "x_range": special("range", (-2.0, 2.0), ("x_range",)),
               "y_range": special("range", (-2.0, 2.0), ("y_range",)),
               "paths": special("paths", None, ("path",)),
               "levels": special("levels", 4, ("levels",)),
               "resolution": integer(8, minimum=2), "log_levels": flag(True)}),
        Entry("animated_fit", vecgd.animated_fit,
              {"xs": xs, "ys": ys,
               "frames": special("frames", [(0.0, 0.0), (2.0, 1.0)], ("frames",)),
               "interval": real(0.5, positive=True), "counter": flag(True)}),
        Entry("sparkline", vecgd.sparkline,
              {"values": vector([1.0, 5.0, 2.0], finite=True),
               "width": integer(None, minimum=1, optional=True)}),
        Entry("SVG", vecgd.SVG, {"text": special("text", "<svg/>", ("text",))}),
        Entry("AnimatedSVG", vecgd.AnimatedSVG, {"text": special("text", "<svg/>", ("text",))}),
        Entry("explorer_page", vecgd.explorer_page,
              {"lr_range": special("range", (0.01, 0.1), ("lr_range",)),
               "per_decade": integer(1, minimum=1)},
              extra=[("too many learning rates", {"lr_range": (1e-9, 1e9), "per_decade": 10},
                      REJECT)]),
        Entry("write_svg", vecgd.write_svg,
              {"path": special("svg path", os.path.join(folder, "a.svg"), ("path",)),
               "svg": special("text", "<svg/>", ("svg",))}),
    ]


def svg_path_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield "None", None, REJECT
    yield "int", 3, REJECT
    yield "list", ["a.svg"], REJECT


GENERATORS["svg path"] = svg_path_cases


def rate_points_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """theory_chart's (lr, momentum) points."""
    for label, value in (("empty", []), ("one number", [(0.1,)]), ("nan", [(NAN, 0.5)]),
                         ("str", "ab"), ("momentum one", [(0.1, 1.0)]),
                         ("negative lr", [(-0.1, 0.5)]), ("str point", ["ab"])):
        yield label, value, REJECT
    yield "None", None, EITHER
    yield "huge lr", [(HUGE, 0.5)], EITHER
    yield "lr zero", [(0.0, 0.5)], EITHER


def optional_range_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    for label, value, expectation in range_cases(p, rng):
        yield label, value, EITHER if value is None else expectation
    yield "negative", (-1.0, 1.0), REJECT


GENERATORS["rate points"] = rate_points_cases
GENERATORS["optional range"] = optional_range_cases


def _quadratic_pair(v: Sequence[Any]) -> Any:
    return square_sum(v), [2 * x for x in v]


def step_size_entries() -> List[Entry]:
    """The line searches, L-BFGS and the theory of descent on quadratics."""
    x = vector([1.0, 2.0], paired=True, finite=True, nonempty=True)
    direction = vector([-1.0, -2.0], paired=True, finite=True)
    fx = real(None, optional=True, mentions=("fx",))
    lbfgs = {"lr": real(1.0, nonnegative=True), "max_iter": integer(20, minimum=1),
             "max_eval": integer(None, minimum=1, optional=True),
             "tolerance_grad": real(1e-7, nonnegative=True),
             "tolerance_change": real(1e-9, nonnegative=True),
             "history_size": integer(100, minimum=1), "line_search_fn": choice(None, optional=True)}
    stepped = LBFGS()
    stepped.step([1.0, 2.0], _quadratic_pair)
    theta = vector([1.0, 2.0], finite=True, nonempty=True)
    eigenvalues = vector([1.0, 10.0], finite=True, nonempty=True)
    return [
        Entry("backtracking", vecgd.backtracking,
              {"f": function(square_sum), "x": x, "direction": direction,
               "gradient": vector([2.0, 4.0], paired=True, finite=True),
               "alpha": real(1.0, positive=True), "rho": real(0.5, positive=True, unit=True),
               "c1": real(1e-4, positive=True, unit=True), "fx": fx,
               "maxiter": integer(100, minimum=1)}),
        Entry("wolfe", vecgd.wolfe,
              {"f": function(square_sum),
               "gradient": function(lambda v: [2 * x for x in v], returns="vector:2"),
               "x": x, "direction": direction, "c1": real(1e-4, positive=True, unit=True),
               "c2": real(0.9, positive=True, unit=True),
               "amax": real(None, positive=True, optional=True),
               "maxiter": integer(10, minimum=1), "fx": fx}),
        Entry("LBFGS", LBFGS, lbfgs),
        Entry("LBFGS.step", lambda **k: LBFGS().step(**k),
              {"theta": theta, "loss_and_gradient": function(_quadratic_pair)}),
        Entry("LBFGS.step with strong Wolfe",
              lambda **k: LBFGS(line_search_fn="strong_wolfe").step(**k),
              {"theta": theta, "loss_and_gradient": function(_quadratic_pair)}, ("LBFGS",)),
        Entry("LBFGS.load_state_dict", lambda **k: LBFGS().load_state_dict(**k),
              {"state": special("state", stepped.state_dict(),
                                ("state", "hyperparameters", "steps", "size", "lr"))},
              ("LBFGS.load_state_dict", "LBFGS")),
        Entry("quadratic_rates", vecgd.quadratic_rates, {"eigenvalues": eigenvalues}),
        Entry("QuadraticRates.steps", lambda **k: vecgd.quadratic_rates([1.0, 10.0]).steps(**k),
              {"tolerance": real(1e-6, positive=True), "method": choice("descent")}),
        Entry("predicted_rate", vecgd.predicted_rate,
              {"eigenvalues": eigenvalues, "lr": real(0.1, nonnegative=True),
               "momentum": real(0.5, nonnegative=True, unit=True)}),
        Entry("observed_rate", vecgd.observed_rate,
              {"eigenvalues": eigenvalues, "optimizer": thing(Fresh(lambda: SGD(0.1))),
               "steps": integer(20, minimum=2)}),
        Entry("theory_chart", vecgd.theory_chart,
              {"eigenvalues": eigenvalues,
               "points": special("rate points", None, ("points", "lr", "momentum")),
               "lr_range": special("optional range", (0.0, 0.4), ("lr_range",)),
               "resolution": integer(6, minimum=2), "steps": integer(20, minimum=2, optional=True),
               "title": special("text", "t", ("title",)),
               "width": integer(640, minimum=200), "height": integer(480, minimum=150)}),
    ]


# `paths` in contour_chart takes (x, y) point sequences: reuse series cases with points.
def square_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    """Symmetric matrices for eigenvalues: square, finite, symmetric; huge values are valid."""
    yield from matrix_cases(p, rng)
    yield "not square", [[1.0, 2.0]], REJECT
    yield "not symmetric", [[1.0, 2.0], [3.0, 1.0]], REJECT
    yield "inf", [[INF, 0.0], [0.0, 1.0]], REJECT
    yield "huge symmetric", [[HUGE, HUGE], [HUGE, HUGE]], EITHER
    yield "tiny", [[TINY, 0.0], [0.0, TINY]], EITHER
    yield "zeros", [[0.0, 0.0], [0.0, 0.0]], EITHER
    for _ in range(RANDOM_ROUNDS):
        k = rng.randint(1, 5)
        a = [[rng.uniform(-9, 9) for _ in range(k)] for _ in range(k)]
        yield "random symmetric", [[a[i][j] + a[j][i] for j in range(k)] for i in range(k)], EITHER


GENERATORS["square"] = square_cases


def real_data_entries() -> List[Entry]:
    """Scaling, curvature and the data files that ship (issue 11)."""
    xs = vector([0.0, 1.0, 3.0], finite=True, nonempty=True)
    theta = vector([1.0, 2.0], paired=True, finite=True, nonempty=True)
    fitted = Fresh(lambda: vecgd.Standardizer(Linear()).fit([0.0, 1.0, 3.0]))
    return [
        Entry("Standardizer", vecgd.Standardizer, {"model": thing(Linear())}),
        Entry("Standardizer.fit", lambda **k: vecgd.Standardizer(Linear()).fit(**k),
              {"xs": xs}, ("Standardizer.fit",)),
        Entry("Standardizer.transform", lambda s, **k: s.transform(**k),
              {"s": special("fitted", fitted), "xs": vector([0.0, 1.0, 3.0], finite=True)},
              ("Standardizer.transform",)),
        Entry("Standardizer.features", lambda **k: vecgd.Standardizer(Linear()).features(**k),
              {"x": real(2.0)}, ("Standardizer.features",)),
        *[Entry(f"Standardizer.{name}", lambda s, name=name, **k: getattr(s, name)(**k),
                {"s": special("fitted", fitted), arg: theta}, (f"Standardizer.{name}",))
          for name, arg in (("to_data", "theta"), ("to_scaled", "theta"),
                            ("gradient_to_data", "gradient"))],
        Entry("least_squares_hessian", vecgd.least_squares_hessian,
              {"model": thing(Linear()), "xs": xs}),
        Entry("condition_number", vecgd.condition_number, {"model": thing(Linear()), "xs": xs}),
        Entry("eigenvalues", vecgd.eigenvalues,
              {"matrix": special("square", [[2.0, 1.0], [1.0, 2.0]], ("matrix",))}),
        Entry("example", vecgd.example, {"name": thing("heights", mentions=("name",))}),
        Entry("examples", vecgd.examples, {}),
    ]


def fitted_cases(p: Param, rng: random.Random) -> Iterator[Case]:
    yield "unfitted", vecgd.Standardizer(Linear()), REJECT


GENERATORS["fitted"] = fitted_cases



def loss_entries() -> List[Entry]:
    """The loss objects, the penalties, the objective, the classifier's helpers."""
    entries: List[Entry] = []
    for name, make, options in (("Huber", vecgd.Huber, {"epsilon": real(0.1, nonnegative=True)}),
                                ("EpsilonInsensitive", vecgd.EpsilonInsensitive,
                                 {"epsilon": real(0.1, nonnegative=True)}),
                                ("Hinge", vecgd.Hinge, {"threshold": real(1.0, nonnegative=True)})):
        entries.append(Entry(name, lambda make=make, **k: make(**k), options))
    for loss in (vecgd.SquaredError(), vecgd.Huber(0.5), vecgd.EpsilonInsensitive(0.5),
                 vecgd.LogLoss(), vecgd.Hinge(), vecgd.ModifiedHuber()):
        name = type(loss).__name__
        y = special("label", 1) if loss.classification else real(2.0)
        for method in ("loss", "derivative"):
            entries.append(Entry(f"{name}.{method}", getattr(loss, method),
                                 {"prediction": real(0.5), "y": y}, (name,)))
    penalties = [("L2", vecgd.L2, {"alpha": real(0.1, nonnegative=True)}),
                 ("L1", vecgd.L1, {"alpha": real(0.1, nonnegative=True)}),
                 ("ElasticNet", vecgd.ElasticNet,
                  {"alpha": real(0.1, nonnegative=True),
                   "l1_ratio": real(0.15, unit=True, closed=True)})]
    for name, make, options in penalties:
        entries.append(Entry(name, lambda make=make, **k: make(**k), options))
        penalty = make(**{key: param.base for key, param in options.items()})
        for method in ("value", "gradient"):
            entries.append(Entry(f"{name}.{method}", getattr(penalty, method),
                                 {"weights": vector([1.0, -2.0, 0.0], finite=True)}, (name,)))
    entries.append(Entry("Objective", vecgd.Objective,
                         {"model": thing(Linear()), "loss": thing(vecgd.LogLoss(), optional=True),
                          "penalty": thing(vecgd.L1(0.1), optional=True)}))
    predict = {"model": thing(Linear()),
               "theta": vector([2.0, -1.0], finite=False, paired=True, nonempty=True),
               "x": real(0.75, finite=False)}
    entries.append(Entry("predict_probability", vecgd.predict_probability, dict(predict),
                         ("predict_probability", "Linear")))
    entries.append(Entry("predict_class", vecgd.predict_class,
                         {**predict, "threshold": real(0.5, unit=True, closed=True)},
                         ("predict_class", "Linear")))
    xs, labels = [0.0, 1.0, 2.0, 3.0], [0, 1, 0, 1]
    entries.append(Entry("logistic_optimum", vecgd.logistic_optimum,
                         {"model": thing(Linear()),
                          "xs": vector(xs, paired=True, finite=True, nonempty=True),
                          "ys": special("labels", labels),
                          "alpha": real(0.1, nonnegative=True)},
                         extra=[("separable without a penalty",
                                 {"ys": [0, 0, 1, 1], "alpha": 0.0}, REJECT)]))
    entries.append(Entry("ridge_optimum", vecgd.ridge_optimum,
                         {"model": thing(Linear()),
                          "xs": vector(xs, paired=True, finite=True, nonempty=True),
                          "ys": vector([1.0, 3.0, 4.0, 7.0], paired=True, finite=True,
                                       nonempty=True),
                          "alpha": real(0.1, nonnegative=True)},
                         extra=[("one x value without a penalty",
                                 {"xs": [1.0, 1.0, 1.0, 1.0], "alpha": 0.0}, REJECT)]))
    fit_params = {"model": thing(Linear()),
                  "xs": vector(xs, paired=True, finite=True, nonempty=True),
                  "ys": special("labels", labels),
                  "theta": vector([0.0, 0.0], paired=True, finite=True, nonempty=True),
                  "optimizer": thing(Fresh(lambda: SGD(0.05))), "epochs": integer(3, minimum=0),
                  "batch_size": integer(1, minimum=1, optional=True),
                  "loss": thing(vecgd.LogLoss(), optional=True),
                  "penalty": thing(vecgd.ElasticNet(0.1, 0.5), optional=True)}
    entries.append(Entry("fit with a loss", vecgd.fit, fit_params, ("fit", "Linear"),
                         extra=[("huge lr", {"optimizer": Fresh(lambda: SGD(1e300))}, EITHER),
                                ("hinge, full batch", {"loss": vecgd.Hinge(),
                                                       "batch_size": None}, EITHER),
                                ("huber on labels", {"loss": vecgd.Huber()}, EITHER)]))
    return entries


def _all_entries(folder: str) -> List[Entry]:
    return (vector_entries() + gradient_entries() + jacobian_entries() + autodiff_entries()
            + descent_entries() + model_entries() + optimizer_entries() + schedule_entries()
            + training_entries() + dataset_entries() + real_data_entries() + plot_entries(folder)
            + loss_entries() + step_size_entries())


# === Running the cases ===


@dataclass
class Outcome:
    entry: str
    param: str
    label: str
    expectation: str
    problem: str


def _resolve(value: Any) -> Any:
    return value.make() if isinstance(value, Fresh) else value


def _baseline(entry: Entry) -> Dict[str, Any]:
    return {name: p.base for name, p in entry.params.items()}


def _call(entry: Entry, args: Dict[str, Any]) -> Any:
    return entry.call(**{k: _resolve(v) for k, v in args.items()})


def _judge(entry: Entry, param: str, mentions: Tuple[str, ...], expectation: str,
           call: Callable[[], Any]) -> str | None:
    """Return None when the case behaves, else what went wrong."""
    try:
        call()
    except ACCEPTED as error:
        message = str(error)
        if not message:
            return f"{type(error).__name__} with an empty message"
        if not message.startswith(tuple(f"{w}" for w in entry.where())):
            return f"{type(error).__name__} not naming {entry.where()}: {message!r}"
        if not isinstance(error, DivergenceError) and expectation == REJECT and param != EXTRA:
            words = mentions or (param,)
            if not any(word in message for word in words + _RULE_WORDS):
                return f"{type(error).__name__} not naming {param!r}: {message!r}"
        return None
    except OSError as error:
        if entry.name == "write_svg":
            return None
        return f"leaked {type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001 -- any other exception is the finding
        return f"leaked {type(error).__name__}: {error}"
    if expectation == REJECT:
        return "returned a value for a malformed input"
    return None


# Words of a rule that name what was wrong when the argument's name cannot
# appear (two vectors of different lengths are wrong together).
_RULE_WORDS = ("same length", "length", "must have")


def cases(folder: str) -> Iterator[Tuple[Entry, str, str, Any, str]]:
    """Yield (entry, parameter, label, value, expectation) for every mutation, seeded."""
    rng = random.Random(SEED)
    for entry in _all_entries(folder):
        for name, param in entry.params.items():
            for label, value, expectation in GENERATORS[param.kind](param, rng):
                yield entry, name, label, value, expectation
            random_generator = RANDOM_GENERATORS.get(param.kind)
            if random_generator is not None:
                for label, value, expectation in random_generator(param, rng):
                    yield entry, name, label, value, expectation
        for label, changes, expectation in entry.extra:
            yield entry, EXTRA, label, changes, expectation


def run_cases(folder: str) -> Tuple[int, List[Outcome], List[str]]:
    """Run every case; return (count, failures, baselines that failed)."""
    count, failures, broken = 0, [], []
    for entry in _all_entries(folder):
        try:
            _call(entry, _baseline(entry))
        except Exception as error:  # noqa: BLE001
            broken.append(f"{entry.name}: baseline raised {type(error).__name__}: {error}")
    for entry, name, label, value, expectation in cases(folder):
        args = _baseline(entry)
        if name == EXTRA:
            args.update(value)
        else:
            args[name] = value
        mentions = entry.params[name].mentions if name in entry.params else ()
        count += 1
        problem = _judge(entry, name, mentions, expectation, lambda e=entry, a=args: _call(e, a))
        if problem is not None:
            failures.append(Outcome(entry.name, name, label, expectation, problem))
    return count, failures, broken


class FuzzTest(unittest.TestCase):
    """Every public entry point, every parameter, malformed values one at a time."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = tempfile.mkdtemp(prefix="vecgd-fuzz-")
        cls.count, cls.failures, cls.broken = run_cases(cls.folder)

    @classmethod
    def tearDownClass(cls) -> None:
        for name in os.listdir(cls.folder):
            os.remove(os.path.join(cls.folder, name))
        os.rmdir(cls.folder)

    def test_baselines_are_valid_calls(self) -> None:
        self.assertEqual(self.broken, [])

    def test_a_few_thousand_cases_run(self) -> None:
        self.assertGreaterEqual(self.count, 2000)

    def test_every_public_callable_is_fuzzed(self) -> None:
        fuzzed = {e.name.split(".")[0].split(" ")[0] for e in _all_entries(self.folder)}
        fuzzed |= {"least_squares", "Linear", "Proportional", "MultipleLinear"}
        not_entry_points = {"Vector", "Model", "Optimizer", "Schedule", "GradientCheck",
                            "EpochRecord", "FitResult", "LRRangeResult", "MinimizeResult",
                            "DivergenceError", "NotComplexError", "assert_gradient_ok",
                            "Estimate", "EntryCheck", "JacobianCheck", "Loss", "Penalty",
                            "book_data", "lecture_data", "lesson_data",
                            "ILL_CONDITIONED", "IllConditionedWarning"}
        not_entry_points.add("LineSearchResult")  # a result, built by the line searches
        missing = set(vecgd.__all__) - fuzzed - not_entry_points
        self.assertEqual(missing, set())

    def test_malformed_inputs_end_in_a_named_error(self) -> None:
        for outcome in self.failures:
            with self.subTest(entry=outcome.entry, param=outcome.param, case=outcome.label):
                self.fail(f"{outcome.expectation}: {outcome.problem}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        total, failed, baselines = run_cases(scratch)
    print(f"{total} cases, {len(failed)} failing, {len(baselines)} broken baselines")
    for outcome in failed:
        print(f"{outcome.entry} [{outcome.param}={outcome.label}] {outcome.expectation}: "
              f"{outcome.problem}")
