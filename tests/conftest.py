"""Options of the test suite itself."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-annotations", action="store_true", default=False,
        help="rewrite the rule drivers' // expect: marks from the tool's output, for review")
