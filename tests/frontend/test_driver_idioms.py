"""Idioms of real miniport sources that the frontend must lower without degrading.

Each case is a small driver written for this test (files under a temporary folder),
scanned as a directory with the given -I/-D. It must lower with no `Unsupported`
statement, define the functions listed, and each listed function must make the calls
listed (DDI or driver calls, by name). The cases name the idiom, not a driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.load import load_program
from ddiverify.inputs.collect import collect_inputs
from ddiverify.ir.dump import dump_function
from ddiverify.ir.program import Program


@dataclass(frozen=True, slots=True)
class Idiom:
    id: str
    files: dict[str, str]
    calls: dict[str, tuple[str, ...]]        # function -> callees it must call
    include_dirs: tuple[str, ...] = ()
    defines: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()             # functions that must not be defined
    extra: dict[str, str] = field(default_factory=dict)


SEH_PLAIN_KEYWORDS = r"""
#include <storport.h>
#define GUARD_ENTER()   try {
#define GUARD_LEAVE(x)  goto guard_out; guard_out:; } finally { x; }

NTSTATUS Work(PDEV_EXT d)
{
    NTSTATUS s = STATUS_SUCCESS;
    GUARD_ENTER()
        if (d->Broken) {
            s = STATUS_UNSUCCESSFUL;
            leave;
        }
        KeSetEvent(&d->Ready, 0, FALSE);
    GUARD_LEAVE(ReleaseDevice(d))
    try {
        ProbeDevice(d);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        s = GetExceptionCode();
    }
    return s;
}
"""

CPP_TRY_STAYS_CPP = r"""
#include <storport.h>
int Parse(PDEV_EXT d)
{
    try {
        ProbeDevice(d);
    } catch (...) {
        return 1;
    }
    return 0;
}
"""

IDIOMS = [
    Idiom("seh-plain-keywords-in-c", {"drv.c": SEH_PLAIN_KEYWORDS},
          {"Work": ("KeSetEvent", "ReleaseDevice", "ProbeDevice", "GetExceptionCode")}),
    Idiom("cpp-try-is-cpp", {"drv.cpp": CPP_TRY_STAYS_CPP}, {"Parse": ("ProbeDevice",)}),
]


def load(tmp_path: Path, idiom: Idiom) -> Program:
    for name, text in idiom.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sink = DiagnosticSink()
    inputs = collect_inputs([str(tmp_path)], defines=idiom.defines,
                            include_dirs=[str(tmp_path / d) for d in idiom.include_dirs],
                            sink=sink)
    return load_program(inputs, sink)


def callee_names(program: Program, function: str) -> set[str]:
    return {c.callee_name or "" for c in program.functions[function].calls()}


@pytest.mark.parametrize("idiom", IDIOMS, ids=lambda i: i.id)
def test_idiom_lowers_without_degrading(tmp_path: Path, idiom: Idiom) -> None:
    program = load(tmp_path, idiom)
    degraded = "\n\n".join(dump_function(f) for f in program.degraded_functions)
    assert not degraded, f"degraded functions:\n{degraded}"
    for function, calls in idiom.calls.items():
        assert function in program.functions, sorted(program.functions)
        missing = set(calls) - callee_names(program, function)
        assert not missing, f"{function} lacks calls {missing}:\n" + dump_function(
            program.functions[function])
    for function in idiom.absent:
        assert function not in program.functions
