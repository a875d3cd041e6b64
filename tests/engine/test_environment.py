"""The environment each routine runs in (knowledge/roles.toml [environment.*]): the data
parses, and the harness enters each routine at the IRQL docs/harness.md gives its role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddiverify.cli.main import main
from ddiverify.knowledge.roles import role_table
from ddiverify.knowledge.wdk import knowledge
from ddiverify.rules.ast import RCond, RExpr, RField, RName
from ddiverify.rules.parser import parse_condition, parse_value

HARNESS_NAMES = {"physical", "virtual", "concurrent_channels", "config", "DIRQL"}


def _names(x: object) -> list[str]:
    out: list[str] = []
    todo = [x]
    while todo:
        y = todo.pop()
        if isinstance(y, RField):
            todo.append(y.base)
            continue
        if isinstance(y, RName):
            out.append(y.name)
        elif isinstance(y, tuple):
            todo.extend(y)
        elif hasattr(y, "__dataclass_fields__"):
            todo.extend(getattr(y, f) for f in y.__dataclass_fields__)
    return out


def test_every_environment_case_parses_and_names_what_it_can() -> None:
    table = role_table()
    constants = knowledge().constants
    assert "default" in table.environments
    for role, env in table.environments.items():
        for case in (*env.irql, *env.storport_locks, *env.may_acquire):
            where = f"[environment.{role}]"
            exprs: list[RCond | RExpr] = []
            if case.when:
                exprs.append(parse_condition(case.when, where))
            if case.level:
                exprs.append(parse_value(case.level, where))
            if case.range:
                exprs += [parse_value(case.range[0], where), parse_value(case.range[1], where)]
            for name in (n for e in exprs for n in _names(e)):
                assert (
                    name in HARNESS_NAMES
                    or name in constants
                    or (name.startswith("arg") and name[3:].isdigit())
                ), (role, name)
            for lock in case.locks:
                assert knowledge().groups.get(lock) == "stor_spinlock", (role, lock)


ROLES = (
    "sp_DRIVER_INITIALIZE",
    "HW_FIND_ADAPTER",
    "HW_INITIALIZE",
    "HW_STARTIO",
    "HW_INTERRUPT",
    "HW_RESET_BUS",
)
LEVELS = ("PASSIVE_LEVEL", "DISPATCH_LEVEL", "DIRQL")
# One rule per role and level: a violation ends its path and is reported once per place,
# so each probe asks about one routine at one level.
PROBE = "".join(
    f"""
rule Probe{i}{level} {{
  version 2; sets Test; applies any; summary "whether {role} starts at {level}";
  on entry {role} {{ if (irql == {level}) {{ abort "{{entry}} starts at {{irql}}"; }} }}
}}
"""
    for i, role in enumerate((*ROLES, "HW_ADAPTER_CONTROL"))
    for level in LEVELS
)

DRIVER = r"""
#include <storport.h>
ULONG PxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                    PBOOLEAN Again)
{
    %s
    return SP_RETURN_FOUND;
}
BOOLEAN PxInitialize(PVOID DeviceExtension) { return TRUE; }
BOOLEAN PxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { return TRUE; }
BOOLEAN PxInterrupt(PVOID DeviceExtension) { return TRUE; }
BOOLEAN PxResetBus(PVOID DeviceExtension, ULONG PathId) { return TRUE; }
VOID PxTimer(PVOID DeviceExtension) { }
SCSI_ADAPTER_CONTROL_STATUS PxAdapterControl(PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    return ScsiAdapterControlSuccess;
}
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};
    init.HwFindAdapter = PxFindAdapter;
    init.HwInitialize = PxInitialize;
    init.HwStartIo = PxStartIo;
    init.HwInterrupt = PxInterrupt;
    init.HwResetBus = PxResetBus;
    init.HwAdapterControl = PxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
"""

HALF = {
    "DriverEntry": {"PASSIVE_LEVEL"},
    "PxFindAdapter": {"PASSIVE_LEVEL"},
    "PxInitialize": {"DIRQL"},
    "PxStartIo": {"DIRQL"},
    "PxInterrupt": {"DIRQL"},
    "PxResetBus": {"DIRQL"},
    "PxAdapterControl": {"PASSIVE_LEVEL", "DIRQL", "DISPATCH_LEVEL"},
}
FULL = {**HALF, "PxStartIo": {"DISPATCH_LEVEL"}, "PxResetBus": {"DISPATCH_LEVEL"}}


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("", HALF),
        ("ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;", FULL),
    ],
)
def test_entry_irql_per_role_and_duplex(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, expected: dict[str, set[str]]
) -> None:
    (tmp_path / "probe.rule").write_text(PROBE)
    (tmp_path / "d.c").write_text(DRIVER % setup)
    code = main(
        [
            "check",
            str(tmp_path / "d.c"),
            "--rule-file",
            str(tmp_path / "probe.rule"),
            "--format",
            "json",
        ]
    )
    assert code == 1
    got: dict[str, set[str]] = {}
    for row in json.loads(capsys.readouterr().out)["results"]:
        for d in row["defects"]:
            entry, _, level = d["message"].partition(" starts at ")
            got.setdefault(entry, set()).add(level)
    assert got == expected
