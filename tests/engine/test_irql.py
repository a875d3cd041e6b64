"""The IRQL of every path (docs/harness.md, "IRQL"): each trace step shows it, the IRQL-changing
DDIs change it, `KeGetCurrentIrql()` returns it (so a driver's test of it decides which
side runs), and a synchronous routine runs at DIRQL and hands its caller's level back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ddiverify.cli.main import main

# A probe: every call of ZwClose at a level other than PASSIVE_LEVEL is a violation.
PROBE = """
rule PassiveClose {
  version 2; sets Test; applies any; summary "ZwClose only at PASSIVE_LEVEL";
  watch irql;
  on call ZwClose(h) { if (irql != PASSIVE_LEVEL) { abort "ZwClose at {irql}"; } }
}
"""

HEAD = r"""
#include <storport.h>
typedef struct _PX { HANDLE Key; KSPIN_LOCK Lock; ULONG Flags; } PX, *PPX;
ULONG PxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again)
{
    %s
    return SP_RETURN_FOUND;
}
BOOLEAN PxInitialize(PVOID DeviceExtension) { return TRUE; }
BOOLEAN PxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { return TRUE; }
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};
    init.HwFindAdapter = PxFindAdapter;
    init.HwInitialize = PxInitialize;
    init.HwStartIo = PxStartIo;
    init.HwAdapterControl = PxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
"""

CONTROL = r"""
VOID PxClose(PPX px)
{
    %s
}
SCSI_ADAPTER_CONTROL_STATUS PxAdapterControl(PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PPX px = (PPX)DeviceExtension;
    %s
    return ScsiAdapterControlSuccess;
}
"""


def _check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], helper: str, control: str, find: str = ""
) -> dict[str, Any]:
    (tmp_path / "probe.rule").write_text(PROBE)
    (tmp_path / "d.c").write_text(
        "SCSI_ADAPTER_CONTROL_STATUS PxAdapterControl(PVOID, "
        "SCSI_ADAPTER_CONTROL_TYPE, PVOID);\n" + HEAD % find + CONTROL % (helper, control)
    )
    code = main(
        [
            "check",
            str(tmp_path / "d.c"),
            "--rule-file",
            str(tmp_path / "probe.rule"),
            "--rules",
            "PassiveClose",
            "--format",
            "json",
        ]
    )
    assert code in (0, 1)
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def _defects(doc: dict[str, Any]) -> list[dict[str, Any]]:
    results = doc["results"]
    assert isinstance(results, list)
    return [d for r in results for d in r["defects"]]


def test_adapter_control_levels_and_the_trace_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The control types of the PASSIVE_LEVEL group pass, the others fail at their level.
    for control, expected in (
        ("ScsiQuerySupportedControlTypes || ControlType == ScsiSetRunningConfig", []),
        ("ScsiStopAdapter", ["ZwClose at DIRQL"]),
        ("ScsiAdapterPower", ["ZwClose at DISPATCH_LEVEL"]),
    ):
        doc = _check(
            tmp_path,
            capsys,
            "ZwClose(px->Key);",
            f"if (ControlType == {control}) {{ PxClose(px); }}",
        )
        assert [d["message"] for d in _defects(doc)] == expected
    found = _defects(doc)
    trace = found[0]["trace"]
    assert isinstance(trace, list)
    entry = [s for s in trace if s["kind"] == "entry"]
    assert [s["irql"] for s in entry] == [
        "PASSIVE_LEVEL",
        "PASSIVE_LEVEL",
        "DIRQL",
        "DISPATCH_LEVEL",
    ]
    assert all(s["irql"] for s in trace)


def test_current_irql_test_decides_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guarded = "if (KeGetCurrentIrql() == PASSIVE_LEVEL) { ZwClose(px->Key); }"
    assert _defects(_check(tmp_path, capsys, guarded, "PxClose(px);")) == []
    # The test kept in a local and read after a helper call is still the same value.
    kept = (
        "KIRQL irql = KeGetCurrentIrql(); px->Flags++; "
        "if (irql < DISPATCH_LEVEL) { ZwClose(px->Key); }"
    )
    assert _defects(_check(tmp_path, capsys, kept, "PxClose(px);")) == []
    # The wrong test: APC_LEVEL is allowed through, DISPATCH_LEVEL too.
    wrong = "if (KeGetCurrentIrql() <= DISPATCH_LEVEL) { ZwClose(px->Key); }"
    assert len(_defects(_check(tmp_path, capsys, wrong, "PxClose(px);"))) == 1


def test_raise_and_lower_change_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # FindAdapter (PASSIVE) raises around the close: a defect there, shown at DISPATCH.
    raised = (
        "KIRQL old; PPX px = (PPX)DeviceExtension; KeAcquireSpinLock(&px->Lock, &old); "
        "ZwClose(px->Key); KeReleaseSpinLock(&px->Lock, old);"
    )
    found = _defects(_check(tmp_path, capsys, "", "", raised))
    assert [d["message"] for d in found] == ["ZwClose at DISPATCH_LEVEL"]
    levels = [s["irql"] for s in found[0]["trace"] if s["function"] == "PxFindAdapter"]
    assert levels[0] == "PASSIVE_LEVEL" and levels[-1] == "DISPATCH_LEVEL"
    # Released first: the close runs at the level the release restored.
    lowered = (
        "KIRQL old; PPX px = (PPX)DeviceExtension; KeAcquireSpinLock(&px->Lock, &old); "
        "KeReleaseSpinLock(&px->Lock, old); ZwClose(px->Key);"
    )
    assert _defects(_check(tmp_path, capsys, "", "", lowered)) == []


def test_synchronized_routine_runs_at_dirql_and_returns_the_callers_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync = (
        "BOOLEAN PxSync(PVOID DeviceExtension, PVOID Context) "
        "{ ZwClose(((PPX)DeviceExtension)->Key); return TRUE; }\n"
    )
    find = (
        "PPX px = (PPX)DeviceExtension; StorPortSynchronizeAccess(px, PxSync, NULL);"
        "ZwClose(px->Key);"
    )
    (tmp_path / "probe.rule").write_text(PROBE)
    (tmp_path / "d.c").write_text(
        "SCSI_ADAPTER_CONTROL_STATUS PxAdapterControl(PVOID, "
        "SCSI_ADAPTER_CONTROL_TYPE, PVOID);\n" + sync + HEAD % find + CONTROL % ("", "")
    )
    main(
        [
            "check",
            str(tmp_path / "d.c"),
            "--rule-file",
            str(tmp_path / "probe.rule"),
            "--rules",
            "PassiveClose",
            "--format",
            "json",
        ]
    )
    found = _defects(json.loads(capsys.readouterr().out))
    assert [(d["message"], d["line"]) for d in found] == [("ZwClose at DIRQL", 2)]


def test_text_report_shows_the_irql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "probe.rule").write_text(PROBE)
    (tmp_path / "d.c").write_text(
        "SCSI_ADAPTER_CONTROL_STATUS PxAdapterControl(PVOID, "
        "SCSI_ADAPTER_CONTROL_TYPE, PVOID);\n"
        + HEAD % ""
        + CONTROL % ("ZwClose(px->Key);", "if (ControlType == ScsiAdapterPower) PxClose(px);")
    )
    main(
        [
            "check",
            str(tmp_path / "d.c"),
            "--rule-file",
            str(tmp_path / "probe.rule"),
            "--rules",
            "PassiveClose",
        ]
    )
    out = capsys.readouterr().out
    assert "[DISPATCH_LEVEL]" in out and "[PASSIVE_LEVEL]" in out
