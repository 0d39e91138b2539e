"""Gradients without derivation: reverse-mode automatic differentiation.

A ``Value`` holds a number and remembers how it was computed: each
operation records its inputs (its children, in a tuple) and its local
derivatives, the partial derivative of its result with respect to each
input, evaluated when the result is computed.  ``y.backward()`` then
applies the chain rule from y back to every Value y was computed from:

    d y / d node  =  sum over the results r computed from node of
                     (d y / d r) * (d r / d node)

visiting the nodes in reverse topological order (a result before its
inputs), so each ``d y / d r`` is complete before it is passed on.  The
API is micrograd's (Karpathy, 2020): ``data``, ``grad``, ``backward()``,
``+ - * / **`` and their reflections, unary ``-``, ``relu()``; and more:
``exp()``, ``log()``, ``tanh()``, ``sigmoid()``, and ``Value ** Value``.

The module functions ``exp``, ``log``, ``tanh``, ``sigmoid`` and ``relu``
take a float (and return a float; a NaN is refused), a ``Value`` (and
return a Value), or a complex number (and return one; not ``relu``), so
one function written with them serves plain numbers, autodiff and the
complex step.
``grad(f)`` and ``value_and_grad(f)`` turn a function of a list of
numbers into its gradient.  docs/autodiff.md shows the lecture's
one-weight model with it, and how it compares with micrograd and PyTorch.
The module passes 400 lines because the class, the five functions for
three kinds of number, and grad are one idea (DESIGN.md's autodiff.py).
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from typing import Any, List, Tuple, overload

from vecgd._checks import (
    as_vector,
    describe,
    is_real,
    require_callable,
    require_real,
)
from vecgd._scalar import (
    complex_log,
    complex_sigmoid,
    d_base,
    d_exponent,
    d_sigmoid,
    d_tanh,
    exp_real,
    log_real,
    power,
    sigmoid_real,
)

__all__ = ["Value", "exp", "grad", "log", "relu", "sigmoid", "tanh", "value_and_grad"]

Vector = List[float]
Function = Callable[[List[Any]], Any]  # f(v) for v a list of Values: a Value or a number


class Value:
    """A number that records its computation, so that ``backward()`` finds gradients.

    ``Value(data)``: data is a real number (int, float, or ``Fraction``,
    whose arithmetic stays exact through ``+ - * /`` and whole powers; an
    infinity or NaN propagates as in float arithmetic).  ``.grad`` starts
    at 0.  After ``y.backward()``, each Value's ``.grad`` holds ``d y / d
    value`` (y's own is 1).

    ``backward()`` ADDS to ``.grad``, as micrograd and PyTorch do: a second
    call adds the same gradients again (exactly twice the first; the local
    derivatives are not changed by it).  To start fresh, set ``.grad = 0``
    on the Values you read, or build the expression again from new Values,
    as a training loop does at each step.

    A Value computed by an operation keeps its inputs in ``children`` (a
    tuple, in the operation's order) and its local derivatives with
    respect to them in ``partials``, evaluated with the operation:

    * ``a + b``: 1 and 1; ``a - b``: 1 and -1; ``-a``: -1;
    * ``a * b``: b and a; ``a / b``: 1 / b and -(a / b) / b;
    * ``a ** p`` (p a number): ``p * a ** (p - 1)``, 0 where p is 0 (and
      infinite at a = 0 for 0 < p < 1, as PyTorch); a negative a needs a
      whole p (``(-8.0) ** (1/3)`` would be complex: ValueError);
    * ``a ** b`` (b a Value, or ``2 ** b``): ``b * a ** (b - 1)`` for a, and
      ``a ** b * log(a)`` for b.  That needs a > 0; at a = 0 (and b >= 0)
      b's derivative is taken as 0, as PyTorch does; a < 0 raises
      ValueError (log(a) is not real: raise a negative number to a number
      instead, ``a ** 2``);
    * ``exp()``: exp(a); ``log()``: 1 / a (a > 0, else ValueError);
      ``tanh()``: 1 - tanh(a)**2, computed as 4 m / (1 + m)**2 with
      m = e**(-2|a|) (1 - tanh(a)**2 is 0 in floats past |a| = 19.1, the
      truth 4 e**(-2|a|)); ``sigmoid()``: s * (1 - s), computed as
      m / (1 + m)**2 with m = e**-|a| (s * (1 - s) is 0 past a = 36.7);
      ``relu()``: 1 for a > 0, else 0 (0 at a = 0, as PyTorch).

    The arithmetic is Python's: dividing by zero raises
    ``ZeroDivisionError``; a result past the float range is an infinity
    (``**`` and ``exp`` too, where Python's own would raise OverflowError,
    also for ints: ``Value(10) ** Value(400)``), and ``**`` follows IEEE
    pow (and PyTorch) at zero: ``Value(0.0) ** -1`` is inf, not
    ZeroDivisionError.  NaN: a Value is float arithmetic recorded, so a NaN
    in its data propagates (``grad`` and ``value_and_grad`` refuse a NaN
    result); the module functions given a plain float refuse a NaN
    (nothing in vecgd returns NaN).

    >>> w = Value(3.0)
    >>> loss = (w * 2.0 - 8.0) ** 2      # (2w - 8)**2, derivative 4(2w - 8)
    >>> loss.backward()
    >>> loss.data, w.grad
    (4.0, -8.0)
    >>> loss.backward()                  # accumulates, as in PyTorch
    >>> w.grad
    -16.0
    >>> w.grad = 0                       # start fresh
    >>> a, b = Value(2.0), Value(3.0)
    >>> c = a ** b                       # 8; d/da = b a**(b-1) = 12, d/db = 8 log 2
    >>> c.backward()
    >>> a.grad, round(b.grad, 6), round(8 * math.log(2), 6)
    (12.0, 5.545177, 5.545177)
    """

    __slots__ = ("data", "grad", "children", "partials")

    data: Any  # an int, float or Fraction: the type the arithmetic gives
    grad: Any
    children: Tuple[Value, ...]
    partials: Tuple[Any, ...]

    def __init__(self, data: float) -> None:
        require_real("Value", "data", data)
        self.data = data
        self.grad = 0
        self.children = ()
        self.partials = ()

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # === The operations: the result, its inputs, and its local derivatives ===

    def __add__(self, other: Value | float) -> Value:
        """Return ``self + other``; local derivatives 1 and 1."""
        if isinstance(other, Value):
            return _node(self.data + other.data, (self, other), (1, 1))
        if _is_number(other):
            return _node(self.data + other, (self,), (1,))
        return NotImplemented

    def __sub__(self, other: Value | float) -> Value:
        """Return ``self - other``; local derivatives 1 and -1."""
        if isinstance(other, Value):
            return _node(self.data - other.data, (self, other), (1, -1))
        if _is_number(other):
            return _node(self.data - other, (self,), (1,))
        return NotImplemented

    def __rsub__(self, other: float) -> Value:
        """Return ``other - self``; local derivative -1."""
        if _is_number(other):
            return _node(other - self.data, (self,), (-1,))
        return NotImplemented

    __radd__ = __add__  # other + self: IEEE addition and multiplication commute exactly

    def __neg__(self) -> Value:
        """Return ``-self``; local derivative -1."""
        return _node(-self.data, (self,), (-1,))

    def __mul__(self, other: Value | float) -> Value:
        """Return ``self * other``; local derivatives other and self."""
        if isinstance(other, Value):
            return _node(self.data * other.data, (self, other), (other.data, self.data))
        if _is_number(other):
            return _node(self.data * other, (self,), (other,))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other: Value | float) -> Value:
        """Return ``self / other``; local derivatives 1 / other and -(self / other) / other."""
        if isinstance(other, Value):
            out = self.data / other.data
            return _node(out, (self, other), (1 / other.data, -out / other.data))
        if _is_number(other):
            return _node(self.data / other, (self,), (1 / other,))
        return NotImplemented

    def __rtruediv__(self, other: float) -> Value:
        """Return ``other / self``; local derivative -(other / self) / self."""
        if _is_number(other):
            out = other / self.data
            return _node(out, (self,), (-out / self.data,))
        return NotImplemented

    def __pow__(self, other: Value | float) -> Value:
        """Return ``self ** other``: see the class docstring for the derivatives."""
        if isinstance(other, Value):
            out = power("Value ** Value", self.data, other.data)
            return _node(out, (self, other), (d_base(self.data, other.data),
                                              d_exponent("Value ** Value", self.data, out)))
        if _is_number(other):
            return _node(power("Value ** p", self.data, other), (self,),
                         (d_base(self.data, other),))
        return NotImplemented

    def __rpow__(self, other: float) -> Value:
        """Return ``other ** self`` (other a number); local derivative other**self * log(other)."""
        if _is_number(other):
            out = power("p ** Value", other, self.data)
            return _node(out, (self,), (d_exponent("p ** Value", other, out),))
        return NotImplemented

    def exp(self) -> Value:
        """Return ``e ** self``; local derivative e ** self (inf past 709.78).

        >>> y = Value(0.0).exp(); y.backward(); y
        Value(data=1.0, grad=1)
        """
        out = exp_real(self.data)
        return _node(out, (self,), (out,))

    def log(self) -> Value:
        """Return the natural logarithm of self (> 0, else ValueError); local derivative 1 / self.

        >>> x = Value(4.0); x.log().backward(); x.grad
        0.25
        """
        return _node(log_real("log", self.data), (self,), (1 / self.data,))

    def tanh(self) -> Value:
        """Return ``tanh(self)``; local derivative 1 - tanh(self)**2, without cancellation.

        >>> x = Value(20.0); x.tanh().backward(); x.grad    # 4 e**-40, not 0
        1.6993417021166355e-17
        """
        return _node(math.tanh(self.data), (self,), (d_tanh(self.data),))

    def sigmoid(self) -> Value:
        """Return ``1 / (1 + e**-self)``; local derivative s * (1 - s), without cancellation.

        >>> x = Value(0.0); x.sigmoid().backward(); x.grad
        0.25
        >>> x = Value(40.0); x.sigmoid().backward(); x.grad    # e**-40, not 0
        4.248354255291589e-18
        """
        return _node(sigmoid_real(self.data), (self,), (d_sigmoid(self.data),))

    def relu(self) -> Value:
        """Return ``max(self, 0)``; local derivative 1 where self > 0, else 0.

        >>> x = Value(-2.0); y = x.relu(); y.backward(); y.data, x.grad
        (0.0, 0)
        """
        a = self.data
        if a > 0:
            return _node(a, (self,), (1,))
        return _node(type(a)(0) if a == a else a, (self,), (0,))  # 0 of a's type; NaN stays

    def backward(self) -> None:
        """Add ``d self / d node`` to the ``.grad`` of self and every node it was computed from.

        The chain rule in reverse topological order (see the module
        docstring), each node's inputs visited in the order the operation
        lists them, so the sums are the same in every run.  The order is
        built with an explicit stack, not recursion, so a chain of 100,000
        operations works.  This pass's gradients are summed from 0, then
        the ``.grad`` each node had before is added back.

        >>> x = Value(3.0); y = x * x + x; y.backward(); x.grad    # 2x + 1
        7.0
        """
        order = _topological_order(self)
        before = [node.grad for node in order]
        for node in order:
            node.grad = 0
        self.grad = 1
        for node in reversed(order):
            g = node.grad
            for child, d in zip(node.children, node.partials):
                child.grad += g * d
        for node, earlier in zip(order, before):
            node.grad = earlier + node.grad


def _node(data: Any, children: Tuple[Value, ...], partials: Tuple[Any, ...]) -> Value:
    """Return a new Value computed by an operation (its data unchecked: it may be inf)."""
    out = object.__new__(Value)
    out.data = data
    out.grad = 0
    out.children = children
    out.partials = partials
    return out


def _is_number(x: Any) -> bool:
    """Return True for a real number an operation takes beside a Value (not a bool)."""
    return type(x) is float or type(x) is int or is_real(x)


def _topological_order(root: Value) -> List[Value]:
    """Return root and every node below it, each after all of its inputs.

    A depth-first search with an explicit stack of (node, its inputs'
    iterator): a node is appended once all its inputs are.
    """
    seen = {root}
    order: List[Value] = []
    stack = [(root, iter(root.children))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if child not in seen:
                seen.add(child)
                if child.children:
                    stack.append((child, iter(child.children)))
                    break
                order.append(child)  # a leaf: nothing to wait for
        else:
            stack.pop()
            order.append(node)
    return order


# === Module functions: a float, a Value, or a complex number ===


def _apply(where: str, x: Any, on_value: Callable[[Value], Value],
           on_real: Callable[[Any], float], on_complex: Callable[[complex], complex] | None) -> Any:
    """Return on_value(x) for a Value, on_complex(x) for a complex x, else on_real(x) (checked)."""
    if isinstance(x, Value):
        return on_value(x)
    if isinstance(x, complex) and on_complex is not None:
        return on_complex(x)
    require_real(where, "x", x)
    if x != x:  # nothing returns NaN; a Value's NaN propagates as float arithmetic's
        raise ValueError(f"{where}: x must not be NaN (got {x!r})")
    return on_real(x)


@overload
def exp(x: Value) -> Value: ...
@overload
def exp(x: float) -> float: ...
@overload
def exp(x: complex) -> complex: ...
def exp(x: Value | complex) -> Value | complex:
    """Return e ** x: a float for a real x (inf past the floats), a Value, or cmath.exp's complex.

    >>> exp(0.0), exp(Value(0.0)), exp(1j * math.pi).real
    (1.0, Value(data=1.0, grad=0), -1.0)
    """
    return _apply("exp", x, Value.exp, exp_real, cmath.exp)  # type: ignore[no-any-return]


@overload
def log(x: Value) -> Value: ...
@overload
def log(x: float) -> float: ...
@overload
def log(x: complex) -> complex: ...
def log(x: Value | complex) -> Value | complex:
    """Return the natural logarithm of x: x > 0 real (else ValueError), a Value, or complex.

    >>> log(1.0), log(Value(1.0)), log(-1 + 0j) == 1j * math.pi
    (0.0, Value(data=0.0, grad=0), True)
    >>> log(0.0)
    Traceback (most recent call last):
    ValueError: log: x must be greater than 0 (got 0.0)
    """
    return _apply("log", x, Value.log, lambda a: log_real("log", a),  # type: ignore[no-any-return]
                  complex_log)


@overload
def tanh(x: Value) -> Value: ...
@overload
def tanh(x: float) -> float: ...
@overload
def tanh(x: complex) -> complex: ...
def tanh(x: Value | complex) -> Value | complex:
    """Return tanh(x) = (e**x - e**-x) / (e**x + e**-x): a float, a Value, or complex.

    >>> tanh(0.0), tanh(Value(0.0)), tanh(0j)
    (0.0, Value(data=0.0, grad=0), 0j)
    """
    return _apply("tanh", x, Value.tanh, math.tanh, cmath.tanh)  # type: ignore[no-any-return]


@overload
def sigmoid(x: Value) -> Value: ...
@overload
def sigmoid(x: float) -> float: ...
@overload
def sigmoid(x: complex) -> complex: ...
def sigmoid(x: Value | complex) -> Value | complex:
    """Return the logistic function 1 / (1 + e**-x): a float, a Value, or complex (by cmath.exp).

    >>> sigmoid(0.0), sigmoid(Value(0.0)), sigmoid(-1000.0), sigmoid(0j)
    (0.5, Value(data=0.5, grad=0), 0.0, (0.5+0j))
    """
    return _apply("sigmoid", x, Value.sigmoid, sigmoid_real,  # type: ignore[no-any-return]
                  complex_sigmoid)


@overload
def relu(x: Value) -> Value: ...
@overload
def relu(x: float) -> float: ...
def relu(x: Value | float) -> Value | float:
    """Return max(x, 0) for a real x (as a float) or a Value; a complex x is a TypeError.

    >>> relu(-2.0), relu(3), relu(Value(-2.0))
    (0.0, 3.0, Value(data=0.0, grad=0))
    """
    # No max of complex numbers; NaN stays NaN.
    return _apply("relu", x, Value.relu,  # type: ignore[no-any-return]
                  lambda a: float(a) if not a <= 0 else 0.0, None)


# === Gradients of functions of a vector ===


def value_and_grad(f: Function) -> Callable[[Sequence[float]], Tuple[float, Vector]]:
    """Return the function ``v -> (f(v), the gradient of f at v)``, both plain floats.

    f takes a list of numbers and returns a number, written with
    operators and this module's functions (``exp``, not ``math.exp``); it
    is called once, with a list of Values, then ``backward()`` gives each
    partial derivative ``d f / d v_i``.  v must be finite real numbers.  A
    result f computed without v (a constant) has the gradient 0.  Raises
    TypeError when f returns something other than a number, ValueError
    when the value or a partial derivative is not a number (NaN: say, an
    infinite local derivative met a zero).

    >>> value_and_grad(lambda v: v[0] * v[0] * v[1])([3.0, 2.0])   # x**2 y: (2xy, x**2)
    (18.0, [12.0, 9.0])
    """
    where = "value_and_grad"
    require_callable(where, "f", f)

    def value_and_gradient(v: Sequence[float]) -> Tuple[float, Vector]:
        return _value_and_gradient(where, f, v)

    return value_and_gradient


def grad(f: Function) -> Callable[[Sequence[float]], Vector]:
    """Return the function ``v -> the gradient of f at v``: ``[d f / d v_1, ...]`` as floats.

    As ``value_and_grad(f)``, without the value.  The book chapter's
    ``sum_of_squares(v) = dot(v, v)`` has the gradient ``2 v``:

    >>> grad(lambda v: sum(v_i * v_i for v_i in v))([1.0, -2.0, 0.5])
    [2.0, -4.0, 1.0]
    """
    where = "grad"
    require_callable(where, "f", f)

    def gradient(v: Sequence[float]) -> Vector:
        return _value_and_gradient(where, f, v)[1]

    return gradient


def _value_and_gradient(where: str, f: Function, v: Sequence[float]) -> Tuple[float, Vector]:
    """Return (f(v), gradient) by one call of f on Values and one backward pass."""
    v = as_vector(where, "v", v, finite=True)  # any shape; a huge int becomes a float
    values = [Value(v_i) for v_i in v]
    y = f(values)
    if isinstance(y, Value):
        y.backward()
        value, gradient = float(y.data), [float(x.grad) for x in values]
    elif is_real(y):
        value, gradient = float(y), [0.0] * len(values)
    else:
        raise TypeError(f"{where}: f must return a number (got {describe(y)})")
    if math.isnan(value) or any(math.isnan(g) for g in gradient):
        raise ValueError(f"{where}: f or its gradient is not a number at v = {list(v)!r} "
                         f"(got {value!r} and {gradient!r})")
    return value, gradient
