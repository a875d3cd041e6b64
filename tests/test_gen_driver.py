"""The benchmark's synthetic driver stays deterministic and scannable (no timing here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ddiverify.cli.main import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from gen_driver import generate


def _tree(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def test_generator_is_deterministic_and_sized(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 6000)
    second = generate(tmp_path / "b", 6000)
    assert first == second
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert abs(first - 6000) < 600
    generate(tmp_path / "c", 6000, seed=2)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_generated_driver_scans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "gen", 5000)
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "gen", "--format", "json"]) in (0, None)
    report = json.loads(capsys.readouterr().out)
    roles = sorted(e["role"] for e in report["driver"]["entry_points"])
    modules = len(list((tmp_path / "gen").glob("module*.c")))
    assert report["driver"]["kind"] == "physical"
    assert roles == sorted(
        [
            "sp_DRIVER_INITIALIZE",
            "HW_FIND_ADAPTER",
            "HW_INITIALIZE",
            "HW_STARTIO",
            "HW_INTERRUPT",
            "HW_PASSIVE_INITIALIZE_ROUTINE",
            "HW_BUILDIO",
            "HW_ADAPTER_CONTROL",
            "HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE",
        ]
        + ["HW_DPC_ROUTINE", "HW_TIMER", "HW_WORKITEM"] * modules
    )


def test_generated_drivers_have_no_defect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both kinds exercise the seed rules and none of them reports anything."""
    monkeypatch.chdir(tmp_path)
    for kind, expected in (("physical", "physical"), ("virtual", "virtual")):
        generate(tmp_path / kind, 3000, kind=kind)
        status = main(
            [
                "check",
                kind,
                "--rules",
                "VirtualStorport,StorPortMSILock",
                "--jobs",
                "1",
                "--format",
                "json",
            ]
        )
        report = json.loads(capsys.readouterr().out)
        assert status == 0, report
        assert report["driver"]["kind"] == expected
        applicable = {r["rule"] for r in report["results"] if r["status"] == "pass"}
        assert applicable == (
            {"StorPortVirtualDevice", "StorPortMSILock"}
            if kind == "physical"
            else {
                "DoubleExFreePool",
                "DoubleKeSetEvent",
                "IoFreeIrp",
                "StorPortVirtualDevice2",
                "WithinCriticalRegion",
                "ZwRegistryCreate",
                "ZwRegistryOpen",
            }
        )
