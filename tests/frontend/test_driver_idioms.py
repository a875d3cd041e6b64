"""Idioms of real miniport sources that the frontend must lower without degrading.

Each case is a small driver written for this test (files under a temporary folder),
scanned as a directory with the given -I/-D. It must lower with no `Unsupported`
statement and no warning, define the functions listed, and each listed function must
make the calls listed (DDI or driver calls, by name); `definitions` counts the functions
defined under one source name (C++ overloads). The cases name the idiom, not a driver.
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
    calls: dict[str, tuple[str, ...]]  # function -> callees it must call
    include_dirs: tuple[str, ...] = ()
    defines: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # functions that must not be defined
    definitions: dict[str, int] = field(default_factory=dict)  # source name -> count


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

RUNTIME_HEADER_SHADOWED = {
    # A shared header including "assert.h": MSVC finds the driver's own assert.h next to
    # the .c file that includes the shared header (the includer chain), not the CRT's.
    "src/common/util.h": r"""
#include <ntddk.h>
#include "assert.h"
static __inline PVOID AllocPages(ULONG Count)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPool, Count * 4096, 'tseT');
    ASSERT3U(Count, !=, 0);
    return p;
}
""",
    "src/drv/assert.h": r"""
#pragma once
#define ASSERT3U(_X, _OP, _Y)                       \
        do {                                        \
            ULONGLONG _L = (ULONGLONG)(_X);         \
            ULONGLONG _R = (ULONGLONG)(_Y);         \
            if (!(_L _OP _R))                       \
                KeBugCheckEx(0xDEAD, _L, _R, 0, 0); \
        } while (FALSE)
""",
    "src/drv/drv.c": r"""
#include "util.h"
VOID Grow(PDEV_EXT d)
{
    d->Buffer = AllocPages(d->Pages);
    ASSERT3U(d->Pages, <=, 64);
}
""",
}

OFFSETOF_MEMBER_PATHS = r"""
#include <storport.h>
#include <stddef.h>
typedef struct _HDR { ULONG Id; union { struct { UCHAR Cap; } t0; struct { UCHAR Cap; } t1; } u;
                      UCHAR Bars[6]; } HDR;
UCHAR FindCap(PDEV_EXT d, UCHAR type)
{
    ULONG offset;
    switch (type) {
    case 1:
        offset = offsetof(HDR, u.t1.Cap);
        break;
    case 2:
        offset = offsetof(struct _HDR, Bars[2]);
        break;
    default:
        offset = offsetof(struct _HDR, u.t0.Cap);
        break;
    }
    return ReadConfigByte(d, offset);
}
"""

CPP_HEADER = r"""
#pragma once
#include <wdm.h>
template <class T> class CAutoPtr {
public:
    operator bool() const { return Ptr != nullptr; }
    operator T*() const { return Ptr; }
    T* operator->() const { return Ptr; }
    void Reset(T* p = nullptr) { if (Ptr) ExFreePoolWithTag(Ptr, 'pA'); Ptr = p; }
private:
    T* Ptr = nullptr;
};
inline void ParseRange(CDB6& rw, ULONG64& offset) { offset = rw.Lba; }
inline void ParseRange(CDB10& rw, ULONG64& offset) { ReverseBytes4(&offset, &rw.Lba); }
inline void ParseRange(CDB16& rw, ULONG64& offset) { ReverseBytes8(&offset, &rw.Lba); }
"""

CPP_CONVERSIONS_AND_OVERLOADS = {
    "util.hpp": CPP_HEADER,
    "a.cpp": '#include "util.hpp"\nvoid UseA(CDB10& c, ULONG64& o) { ParseRange(c, o); }\n',
    "b.cpp": '#include "util.hpp"\nvoid UseB(CDB16& c, ULONG64& o) { ParseRange(c, o); }\n',
}

IDIOMS = [
    Idiom(
        "seh-plain-keywords-in-c",
        {"drv.c": SEH_PLAIN_KEYWORDS},
        {"Work": ("KeSetEvent", "ReleaseDevice", "ProbeDevice", "GetExceptionCode")},
    ),
    Idiom("cpp-try-is-cpp", {"drv.cpp": CPP_TRY_STAYS_CPP}, {"Parse": ("ProbeDevice",)}),
    Idiom(
        "offsetof-member-paths-and-struct-tags",
        {"drv.c": OFFSETOF_MEMBER_PATHS},
        {"FindCap": ("ReadConfigByte",)},
    ),
    Idiom(
        "cpp-conversion-operators-and-overloads",
        CPP_CONVERSIONS_AND_OVERLOADS,
        {
            "CAutoPtr::operator bool": (),
            "CAutoPtr::operator T*": (),
            "CAutoPtr::Reset": ("ExFreePoolWithTag",),
            "UseA": ("ParseRange",),
        },
        definitions={"ParseRange": 3, "CAutoPtr::operator bool": 1},
    ),
    Idiom(
        "runtime-header-shadowed-by-driver",
        RUNTIME_HEADER_SHADOWED,
        {
            "AllocPages": ("ExAllocatePoolWithTag", "KeBugCheckEx"),
            "Grow": ("AllocPages", "KeBugCheckEx"),
        },
        include_dirs=("src/common",),
    ),
]


def load(tmp_path: Path, idiom: Idiom) -> tuple[Program, DiagnosticSink]:
    for name, text in idiom.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sink = DiagnosticSink()
    inputs = collect_inputs(
        [str(tmp_path)],
        defines=idiom.defines,
        include_dirs=[str(tmp_path / d) for d in idiom.include_dirs],
        sink=sink,
    )
    return load_program(inputs, sink), sink


def callee_names(program: Program, function: str) -> set[str]:
    return {c.callee_name or "" for c in program.functions[function].calls()}


@pytest.mark.parametrize("idiom", IDIOMS, ids=lambda i: i.id)
def test_idiom_lowers_without_degrading(tmp_path: Path, idiom: Idiom) -> None:
    program, sink = load(tmp_path, idiom)
    assert [d.render() for d in sink.items if d.severity.value == "warning"] == []
    degraded = "\n\n".join(dump_function(f) for f in program.degraded_functions)
    assert not degraded, f"degraded functions:\n{degraded}"
    for function, calls in idiom.calls.items():
        assert function in program.functions, sorted(program.functions)
        missing = set(calls) - callee_names(program, function)
        assert not missing, f"{function} lacks calls {missing}:\n" + dump_function(
            program.functions[function]
        )
    for function in idiom.absent:
        assert function not in program.functions
    for name, count in idiom.definitions.items():
        defined = [f.loc for f in program.functions.values() if f.name == name]
        assert len(defined) == count, defined


def test_runtime_header_through_angle_brackets_is_never_read(tmp_path: Path) -> None:
    """`<assert.h>` is the CRT's even when the driver has a file of that name."""
    from ddiverify.frontend.preprocess import FileIncludeResolver, preprocess

    (tmp_path / "assert.h").write_text("int driver_assert;\n", encoding="utf-8")
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "storport.h").write_text("int wdk_copy;\n", encoding="utf-8")
    resolver = FileIncludeResolver(
        [tmp_path, tmp_path / "inc"], str, lambda p: p.read_text(encoding="utf-8")
    )
    unit = preprocess(
        tmp_path / "drv.c",
        '#include <assert.h>\n#include "storport.h"\n',
        resolver,
        [],
        [],
        DiagnosticSink(),
    )
    assert "driver_assert" not in unit.text and "wdk_copy" not in unit.text
    assert unit.missing_includes == ("assert.h", "storport.h")


# WDK/CRT declaration macros whose headers are never read: the declaration must parse.
DECLARATION_MACROS = [
    (
        "pointer-align-field",
        "c",
        "typedef struct _REQ { PVIO_SG POINTER_ALIGN psgl; PVOID POINTER_ALIGN desc; } REQ;\n",
    ),
    (
        "crtdecl-operator-new",
        "cpp",
        (
            "void * __CRTDECL operator new(size_t Size, UCHAR Fill);\n"
            "void __CRTDECL operator delete(void * Ptr);\n"
        ),
    ),
]


@pytest.mark.parametrize(
    ("case", "suffix", "source"), DECLARATION_MACROS, ids=[c[0] for c in DECLARATION_MACROS]
)
def test_declaration_macro_parses(tmp_path: Path, case: str, suffix: str, source: str) -> None:
    from ddiverify.frontend.parse import parse
    from ddiverify.frontend.preprocess import FileIncludeResolver, preprocess
    from ddiverify.inputs.sources import Language

    resolver = FileIncludeResolver([], str, lambda p: None)
    unit = preprocess(tmp_path / f"drv.{suffix}", source, resolver, [], [], DiagnosticSink())
    tree = parse(unit.text, Language.CPP if suffix == "cpp" else Language.C)
    assert not tree.root_node.has_error, (case, unit.text)


CASTS = r"""
#include <storport.h>
ULONG g;
VOID Casts(PDEV_EXT d, PVOID p, ULONG mask)
{
    ULONG value = 0;
    ReadValue((PUCHAR)&value);       /* PUCHAR: no typedef in sight, yet a cast */
    UseValue((ULONG)*(PULONG)p);
    UseValue((g) & mask);            /* a variable in parentheses is no type */
    UseValue((PAGE_SIZE) - 1);       /* nor is a constant before a binary `-` */
    UseValue((ULONG)-1);
}
"""


def test_casts_to_wdk_types_are_casts(tmp_path: Path) -> None:
    from ddiverify.ir.expr import AddrOf, Binary, Const, Deref, Name

    (tmp_path / "casts.c").write_text(CASTS)
    sink = DiagnosticSink()
    program = load_program(collect_inputs([str(tmp_path)], sink=sink), sink)
    calls = list(program.functions["Casts"].calls())
    first, second, third, fourth, fifth = (c.args[0] for c in calls)
    assert isinstance(first, AddrOf) and isinstance(first.base, Name) and first.base.name == "value"
    assert isinstance(second, Deref) and isinstance(second.base, Name) and second.base.name == "p"
    assert isinstance(third, Binary) and third.op == "&"
    assert isinstance(fourth, Binary) and fourth.op == "-"
    assert isinstance(fifth, Const) and fifth.value == -1
