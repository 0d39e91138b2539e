"""One mixin for the repr, state_dict and load_state_dict of optimizers and schedules.

An optimizer's or a schedule's *hyperparameters* are its constructor's
parameters, each stored as an attribute of the same name (``SGD(0.1).lr``);
its *state* is what changes as it steps.  ``Stateful`` reads the first from
the constructor itself (``__init__.__code__``, which costs nothing to
import, unlike ``inspect``), and a class declares the second:

- ``_kind``: the key that names the class in state_dict (``"optimizer"``);
- ``_links``: constructor parameters that are not hyperparameters (a
  schedule's optimizer): not saved, and kept by load_state_dict;
- ``_counters``: state saved beside the hyperparameters (``steps``);
- ``_state``: state saved under ``"state"`` (buffers, epoch counts).

JSON has no tuples and no infinities, so a tuple is saved as a list (and
loaded as a tuple where the object holds one), and a non-finite float is
saved as None (and loaded as the value a new object starts with).  Loading
re-runs the constructor on the saved hyperparameters, so they meet the
constructor's checks again; a class refuses damaged state in
``_check_loaded``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

__all__ = ["Stateful"]


def _plain(value: Any) -> Any:
    """Return value as JSON holds it: a list for a tuple or list, None for inf or NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return list(value) if isinstance(value, (list, tuple)) else value


class Stateful:
    """Give a class ``__repr__``, ``state_dict`` and ``load_state_dict`` from its constructor.

    Every constructor parameter (besides ``_links``) is shown by the repr
    and saved, in signature order; the class keeps each as an attribute of
    the same name.

    >>> class Counter(Stateful):
    ...     _kind, _state = "counter", ("count",)
    ...     def __init__(self, start: int, *, label: str = "n") -> None:
    ...         self.start, self.label, self.count = start, label, start
    >>> counter = Counter(2); counter.count += 1
    >>> counter
    Counter(start=2, label='n')
    >>> counter.state_dict()
    {'counter': 'Counter', 'hyperparameters': {'start': 2, 'label': 'n'}, 'state': {'count': 3}}
    >>> twin = Counter(0); twin.load_state_dict(counter.state_dict()); twin.count
    3
    """

    _kind: ClassVar[str] = "object"
    _links: ClassVar[tuple[str, ...]] = ()
    _counters: ClassVar[tuple[str, ...]] = ()
    _state: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def _hyperparameter_names(cls) -> tuple[str, ...]:
        """Return the constructor's parameters, in order, without self and the links."""
        code = getattr(cls.__init__, "__code__", None)
        if code is None:  # object.__init__: no parameters
            return ()
        names = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
        return tuple(name for name in names if name not in cls._links)

    def _hyperparameters(self) -> dict[str, Any]:
        names = self._hyperparameter_names()
        missing = [name for name in names if not hasattr(self, name)]
        if missing:
            kind = type(self).__name__
            raise TypeError(
                f"{kind}: every constructor parameter must be kept as an attribute of the "
                f"same name, which repr and state_dict read (no self.{missing[0]} on {kind})"
            )
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        inside = ", ".join(f"{k}={v!r}" for k, v in self._hyperparameters().items())
        return f"{type(self).__name__}({inside})"

    def state_dict(self) -> dict[str, Any]:
        """Return hyperparameters and state as plain data that ``json`` can write."""
        return {
            self._kind: type(self).__name__,
            "hyperparameters": {k: _plain(v) for k, v in self._hyperparameters().items()},
            **{k: _plain(getattr(self, k)) for k in self._counters},
            "state": {k: _plain(getattr(self, k)) for k in self._state},
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore hyperparameters and state from what ``state_dict`` returned.

        The state must name this class and hold exactly its hyperparameters
        and state fields (ValueError otherwise); the hyperparameters go
        through the constructor's checks again, and the state through the
        class's ``_check_loaded``.  Nothing changes unless all of it passes.
        """
        name = type(self).__name__
        where = f"{name}.load_state_dict"
        if not isinstance(state, Mapping) or state.get(self._kind) != name:
            origin = state.get(self._kind) if isinstance(state, Mapping) else None
            got = type(state).__name__ + (f" from {origin}" if origin else "")
            raise ValueError(f"{where}: state must come from {name}.state_dict() (got {got})")
        values = state.get("hyperparameters")
        if not isinstance(values, Mapping):
            got = type(values).__name__
            raise ValueError(f"{where}: hyperparameters must be a mapping (got {got})")
        names = self._hyperparameter_names()
        if set(values) != set(names):
            raise ValueError(
                f"{where}: hyperparameters must be {', '.join(names)} "
                f"(got {', '.join(map(str, values))})"
            )
        make: Any = type(self)
        fresh = make(
            **{k: getattr(self, k) for k in self._links},
            **{k: _restored(v, getattr(self, k, None)) for k, v in values.items()},
        )
        saved = state.get("state", {})
        if not isinstance(saved, Mapping) or set(saved) != set(self._state):
            raise ValueError(f"{where}: state must hold {', '.join(self._state) or 'nothing'}")
        loaded = {k: state.get(k) for k in self._counters}
        for k, v in saved.items():
            start = getattr(fresh, k)
            loaded[k] = start if v is None and isinstance(start, float) else v
        self._check_loaded(where, fresh, loaded)
        vars(self).update(vars(fresh))
        for k, v in loaded.items():
            setattr(self, k, [float(x) for x in v] if isinstance(v, list) else v)

    def _check_loaded(self, where: str, fresh: Any, loaded: dict[str, Any]) -> None:
        """Raise ValueError unless loaded (counters and state) can resume fresh; here, nothing."""


def _restored(value: Any, current: Any) -> Any:
    """Return a saved hyperparameter as the constructor takes it: a list back to a tuple."""
    return tuple(value) if isinstance(value, list) and isinstance(current, tuple) else value
