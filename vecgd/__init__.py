"""vecgd: gradient descent from scratch in pure, typed, standard-library-only Python.

Everything public is importable from here; the modules hold the code, one
idea each (see ``../shared/DESIGN.md`` and the README):

>>> import vecgd
>>> vecgd.gradient_step([1.0, 2.0], [2.0, 4.0], -0.25)
[0.5, 1.0]
"""

from __future__ import annotations

from vecgd import (
    datasets,
    descent,
    gradients,
    models,
    optimizers,
    plot,
    schedules,
    training,
    vector,
)
from vecgd.datasets import *  # noqa: F403
from vecgd.descent import *  # noqa: F403
from vecgd.gradients import *  # noqa: F403
from vecgd.models import *  # noqa: F403
from vecgd.optimizers import *  # noqa: F403
from vecgd.plot import *  # noqa: F403
from vecgd.schedules import *  # noqa: F403
from vecgd.training import *  # noqa: F403
from vecgd.vector import *  # noqa: F403

__version__ = "0.1.0"

__all__ = sorted(
    vector.__all__
    + gradients.__all__
    + descent.__all__
    + models.__all__
    + datasets.__all__
    + optimizers.__all__
    + schedules.__all__
    + plot.__all__
    + training.__all__
)
