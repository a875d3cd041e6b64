"""Defect messages name values by the WDK constants the rule compares them with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddiverify.cli.main import main

RULES = Path(__file__).resolve().parents[1] / "drivers" / "rules"


@pytest.mark.parametrize(
    "driver, rule, fragment",
    [
        (
            "StorPortVirtualDevice/direct_set_true.c",
            "StorPortVirtualDevice",
            "VirtualDevice set to TRUE",
        ),
        (
            "StorPortMSILock/startio_mode_synchronize_all.c",
            "StorPortMSILock",
            "InterruptSynchronizationMode is InterruptSynchronizeAll",
        ),
    ],
)
def test_message_names_the_value(
    driver: str, rule: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(RULES / driver), "--rules", rule, "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    messages = [d["message"] for r in doc["results"] for d in r["defects"]]
    assert messages and all(fragment in m for m in messages), messages
