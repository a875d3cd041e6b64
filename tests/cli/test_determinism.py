"""Same input, same output: verdicts, defects and traces do not depend on the order
Python happens to iterate sets in (string hashing is randomised per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVERS = [
    ROOT / "examples" / "virtual_miniport",
    ROOT / "tests" / "drivers" / "rules" / "DoubleExFreePool" / "pass_failure_statuses_joined.c",
    ROOT / "tests" / "drivers" / "rules" / "StorPortMSILock" / "channel_back_pointer_flag.c",
]


def _report(driver: Path, seed: str, tmp_path: Path) -> dict[str, object]:
    out = tmp_path / f"{driver.stem}-{seed}.json"
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ddiverify",
            "check",
            str(driver),
            "--rules",
            "*",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        env=env,
        check=False,
        capture_output=True,
    )
    report: dict[str, Any] = json.loads(out.read_text())
    for result in report["results"]:
        result.pop("seconds", None)
    report.pop("stats", None)
    return report


@pytest.mark.parametrize("driver", DRIVERS, ids=[d.stem for d in DRIVERS])
def test_output_does_not_depend_on_hash_seed(driver: Path, tmp_path: Path) -> None:
    first = _report(driver, "1", tmp_path)
    assert first["results"], "the check produced no rule results"
    assert _report(driver, "2", tmp_path) == first
    assert _report(driver, "3", tmp_path) == first
