"""vecgd: gradient descent from scratch in pure, typed, standard-library-only Python.

Everything public is importable from here; the modules hold the code, one
idea each (the README maps them to the course documents):

>>> import vecgd
>>> vecgd.gradient_step([1.0, 2.0], [2.0, 4.0], -0.25)
[0.5, 1.0]

The modules load on first use (PEP 562's module ``__getattr__``), so
``import vecgd`` costs less than ``import statistics``: a script that fits
a line never loads the plotting or CSV code.  ``vecgd.fit`` loads what fit
needs; ``from vecgd import *`` and ``vecgd.__all__`` load every module.
"""

from __future__ import annotations

import importlib

# typing costs more than all of this file (it is not preloaded without
# site): mypy treats a TYPE_CHECKING constant as typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, List

__version__ = "0.1.0"

# In layer order: a name is looked for in these modules' __all__, in turn.
_MODULES = (
    "vector",
    "descent",
    "losses",
    "models",
    "exact",
    "gradients",
    "gradcheck",
    "optimizers",
    "schedules",
    "training",
    "minimize",
    "lr_finder",
    "datasets",
    "plot",
)


def _load(module: str) -> Any:
    """TEMPORARY during the v2 restructuring: a module not yet written is skipped."""
    try:
        return importlib.import_module(f"vecgd.{module}")
    except ModuleNotFoundError as error:
        if error.name != f"vecgd.{module}":
            raise
        return None


def _public_names() -> List[str]:
    """Return every module's __all__, sorted (loads every module)."""
    names: List[str] = []
    for module in _MODULES:
        loaded = _load(module)
        names += loaded.__all__ if loaded is not None else []
    return sorted(names)


def __getattr__(name: str) -> Any:
    """Load a module, or the module with the public name, on first use."""
    if name == "__all__":
        value: Any = _public_names()
    elif name in _MODULES and name != "minimize":  # the function, not its module
        value = importlib.import_module(f"vecgd.{name}")
    elif name.startswith("__"):
        raise AttributeError(f"module 'vecgd' has no attribute {name!r}")
    else:
        for module in _MODULES:
            loaded = _load(module)
            if loaded is not None and name in loaded.__all__:
                value = getattr(loaded, name)
                break
        else:
            raise AttributeError(f"module 'vecgd' has no attribute {name!r}")
    globals()[name] = value  # found once: later lookups are plain attribute reads
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_MODULES) | set(_public_names()))


if TYPE_CHECKING:  # what mypy and editors see: every module's names
    from vecgd.datasets import *  # noqa: F403
    from vecgd.descent import *  # noqa: F403
    from vecgd.gradients import *  # noqa: F403
    from vecgd.models import *  # noqa: F403
    from vecgd.optimizers import *  # noqa: F403
    from vecgd.plot import *  # noqa: F403
    from vecgd.schedules import *  # noqa: F403
    from vecgd.training import *  # noqa: F403
    from vecgd.vector import *  # noqa: F403
