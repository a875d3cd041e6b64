"""Allows ``python -m ddiverify``."""

from ddiverify.cli.main import main

raise SystemExit(main())
