"""A defect's trace is one history: after paths merged, the branch outcomes it shows can
be taken together.

Each case names a driver, a rule, and branch steps of the reported trace (by line and
outcome) that must appear, first occurrences in this order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddiverify.cli.main import main

RULES = Path(__file__).resolve().parents[1] / "drivers" / "rules"


def _branches(doc: dict[str, object]) -> list[tuple[int, str]]:
    results = doc["results"]
    assert isinstance(results, list)
    defects = [d for r in results for d in r["defects"]]
    assert len(defects) == 1, defects
    return [
        (s["line"], s["text"].rsplit(" is ", 1)[1])
        for s in defects[0]["trace"]
        if s["kind"] == "branch"
    ]


@pytest.mark.parametrize(
    "driver, rule, expected",
    [
        # FindAdapter's port loop merged with the path that skipped it: the interrupt
        # routine walks a port (line 72 true), so the trace shows the loop running once
        # (line 42 true, then false), never the path that skipped it.
        (
            "StorPortMSILock/port_array_flag_unrelated.c",
            "StorPortMSILock",
            [(42, "true"), (42, "false"), (72, "true")],
        ),
        # A loop to a constant bound (four targets initialised in FindAdapter) has no
        # history that goes round it four times: it is shown going round once, never
        # leaving at once.
        (
            "DoubleKeSetEvent/alias_event_in_struct_fields.c",
            "DoubleKeSetEvent",
            [(88, "true"), (88, "false")],
        ),
    ],
)
def test_trace_is_one_history(
    driver: str, rule: str, expected: list[tuple[int, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(RULES / driver), "--rules", rule, "--format", "json"]) == 1
    branches = _branches(json.loads(capsys.readouterr().out))
    positions = [branches.index(b) for b in expected]
    assert positions == sorted(positions), branches
