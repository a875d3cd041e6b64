"""Options of the test suite itself."""

from __future__ import annotations

import sys

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-annotations",
        action="store_true",
        default=False,
        help="rewrite the rule drivers' // expect: marks from the tool's output, for review",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The known gaps of the rule drivers run (their `todo-` marks), so they stay seen."""
    drivers = sys.modules.get("test_rule_drivers")
    counts = getattr(drivers, "TODO_COUNTS", None)
    if counts:
        shown = ", ".join(f"{n} {mark}" for mark, n in sorted(counts.items()))
        terminalreporter.write_line(f"rule drivers: known gaps marked {shown}")
