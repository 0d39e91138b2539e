"""Run the command line: ``python -m vecgd`` (see ``vecgd.cli``)."""

from __future__ import annotations

from vecgd.cli import main

raise SystemExit(main())
