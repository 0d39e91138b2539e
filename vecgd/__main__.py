"""Run the command line: ``python -m vecgd``."""

from vecgd.cli import main

raise SystemExit(main())
