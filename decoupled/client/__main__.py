"""`python -m decoupled.client ...` runs the command line (see `cli.py`)."""

from decoupled.client.cli import main

raise SystemExit(main())
