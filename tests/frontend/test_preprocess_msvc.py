"""The preprocessor's MSVC/WDK neutralisation: SAL, __declspec, calling conventions."""

from __future__ import annotations

from pathlib import Path

import pytest
import tree_sitter_c
from tree_sitter import Language, Parser

from ddiverify.diagnostics import DiagnosticSink
from ddiverify.frontend.pp_knowledge import Kind, msvc_knowledge, parse_knowledge
from ddiverify.frontend.preprocess import FileIncludeResolver, PreprocessedUnit, preprocess


def run(source: str, sink: DiagnosticSink | None = None) -> PreprocessedUnit:
    resolver = FileIncludeResolver([], lambda p: p.name, lambda p: None)
    return preprocess(
        Path("/nonexistent/drv.c"),
        source,
        resolver,
        [],
        [],
        sink if sink is not None else DiagnosticSink(),
    )


def flat(unit: PreprocessedUnit) -> str:
    return " ".join(unit.text.split())


def has_parse_error(text: str) -> bool:
    parser = Parser(Language(tree_sitter_c.language()))
    return parser.parse(text.encode()).root_node.has_error


# (id, source, expected flattened output)
NEUTRALISED = [
    (
        "sal-params",
        (
            "NTSTATUS F(_In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length, "
            "_Out_opt_ PULONG Done, _Inout_updates_(n) PUCHAR p, _Outptr_result_buffer_(n) PVOID* q);"
        ),
        "NTSTATUS F( PVOID Buffer, ULONG Length, PULONG Done, PUCHAR p, PVOID* q);",
    ),
    (
        "sal-nested-parens",
        "_When_(Flags & (1 << 2), _IRQL_requires_(PASSIVE_LEVEL)) VOID G(VOID);",
        "VOID G(VOID);",
    ),
    (
        "sal-return",
        "_Must_inspect_result_ _Success_(return >= 0) _Ret_maybenull_ PVOID H(VOID);",
        "PVOID H(VOID);",
    ),
    ("sal-no-args-then-paren", "VOID K(_In_ (*Cb)(VOID));", "VOID K( (*Cb)(VOID));"),
    (
        "sal-struct-fields",
        "typedef struct _X { _Field_size_(n) PUCHAR p; ULONG n; } X;",
        "typedef struct _X { PUCHAR p; ULONG n; } X;",
    ),
    (
        "old-sal",
        (
            "VOID L(__in PVOID a, __out_ecount(n) PUCHAR b, __in_opt PVOID c, "
            "__deref_out PVOID* d) __drv_maxIRQL(DISPATCH_LEVEL);"
        ),
        "VOID L( PVOID a, PUCHAR b, PVOID c, PVOID* d) ;",
    ),
    (
        "old-sal-keeps-int64",
        "__checkReturn __int64 M(unsigned __int64 a, __int32 b);",
        "long long M(unsigned long long a, int b);",
    ),
    (
        "in-out-optional",
        "VOID N(IN PVOID a, OUT PULONG b, IN OPTIONAL PVOID c);",
        "VOID N( PVOID a, PULONG b, PVOID c);",
    ),
    (
        "calling-conventions",
        ("ULONG NTAPI O(VOID); VOID __stdcall P(VOID); NTKERNELAPI VOID __cdecl Q(VOID);"),
        "ULONG O(VOID); VOID P(VOID); VOID Q(VOID);",
    ),
    (
        "declspec",
        "__declspec(align(8)) UCHAR a[16]; __declspec(dllexport) int b;",
        "UCHAR a[16]; int b;",
    ),
    (
        "declspec-align-macro",
        "DECLSPEC_ALIGN(16) UCHAR c[16]; DECLSPEC_CACHEALIGN int d;",
        "UCHAR c[16]; int d;",
    ),
    (
        "extern-c-forceinline",
        "EXTERN_C FORCEINLINE VOID R(VOID) { }",
        "extern static inline VOID R(VOID) { }",
    ),
    (
        "inline-spellings",
        "__forceinline int S(void); __inline int T(void);",
        "inline int S(void); inline int T(void);",
    ),
    ("c-assert", 'C_ASSERT(sizeof(X) == 8); static_assert(1, "x");\nint after;', "int after;"),
    (
        "pointer-modifiers",
        "PVOID __ptr64 a; UNALIGNED ULONG *b; int * __restrict c;",
        "PVOID a; ULONG *b; int * c;",
    ),
    (
        "wpp-stays",
        'DoTraceMessage(TRACE_LEVEL_ERROR, "%!STATUS!", Status);',
        'DoTraceMessage(TRACE_LEVEL_ERROR, "%!STATUS!", Status);',
    ),
    (
        "function-and-line-names-stay",
        "int _Not_SAL = _MyConst + __FUNCTION__;",
        "int _Not_SAL = _MyConst + __FUNCTION__;",
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in NEUTRALISED]
)
def test_neutralised(source: str, expected: str) -> None:
    unit = run(source + "\n")
    assert flat(unit) == expected


def test_driver_definition_wins_over_knowledge() -> None:
    source = (
        "#define IN input_\n#define _In_ in_param_\n#define FORCEINLINE my_inline\n"
        "#define _Check_return_\nIN _In_ FORCEINLINE _Check_return_ int x;\n"
    )
    assert flat(run(source)) == "input_ in_param_ my_inline int x;"


def test_undef_restores_neutralisation() -> None:
    source = "#define OUT out_\n#undef OUT\nVOID f(OUT PULONG p);\n"
    assert flat(run(source)) == "VOID f( PULONG p);"


def test_sal_through_driver_macro() -> None:
    source = "#define ROUTINE _IRQL_requires_max_(DISPATCH_LEVEL) NTSTATUS\nROUTINE Foo(VOID);\n"
    unit = run(source)
    assert flat(unit) == "NTSTATUS Foo(VOID);"
    assert [(f.name, f.args, f.line) for f in unit.sal_facts] == [
        ("_IRQL_requires_max_", "DISPATCH_LEVEL", 2)
    ]


def test_sal_facts_lines() -> None:
    source = (
        "#include <storport.h>\n\n_IRQL_requires_max_(DISPATCH_LEVEL)\n"
        "_IRQL_requires_same_\n_Function_class_(HW_STARTIO)\n_Use_decl_annotations_\n"
        "BOOLEAN StartIo(_In_ PVOID Ext, _In_ PSCSI_REQUEST_BLOCK Srb)\n{ return TRUE; }\n"
        "_Requires_lock_held_(Ext->Lock) VOID Locked(PVOID Ext) __drv_maxIRQL(2);\n"
    )
    unit = run(source)
    facts = [(f.name, f.args, f.out_line, f.file, f.line) for f in unit.sal_facts]
    assert facts == [
        ("_IRQL_requires_max_", "DISPATCH_LEVEL", 2, "drv.c", 3),
        ("_IRQL_requires_same_", "", 3, "drv.c", 4),
        ("_Function_class_", "HW_STARTIO", 4, "drv.c", 5),
        ("_Requires_lock_held_", "Ext->Lock", 8, "drv.c", 9),
        ("__drv_maxIRQL", "2", 8, "drv.c", 9),
    ]


def test_multiline_sal_is_joined() -> None:
    source = (
        "_When_(Flag == 1,\n       _IRQL_requires_(PASSIVE_LEVEL))\n"
        "_IRQL_requires_max_(\n   APC_LEVEL)\nVOID F(ULONG Flag);\n"
    )
    unit = run(source)
    out = unit.text.split("\n")
    assert out[0].strip() == "" and out[1] == "" and out[3] == ""
    assert out[4] == "VOID F(ULONG Flag);"
    assert [(f.name, f.args, f.line) for f in unit.sal_facts] == [
        ("_IRQL_requires_max_", "APC_LEVEL", 3)
    ]


def test_sal_only_in_code_never_in_conditions() -> None:
    source = (
        "#ifndef _In_\n#define NO_SAL 1\n#endif\n#if defined(_Out_) || _In_\nbad();\n"
        "#endif\nint v = NO_SAL;\n"
    )
    unit = run(source)
    assert flat(unit) == "int v = 1;"


SAL_HEAVY_DRIVER = r"""
#include <storport.h>
#include "trace.h"
#include "trace.tmh"

#define DRV_TAG 'vrDs'
#define FREE_POOL(p) ExFreePoolWithTag((p), DRV_TAG)
#define NT_OK(s) ((NTSTATUS)(s) >= 0)

typedef struct _DEVICE_EXTENSION {
    _Field_size_bytes_(BufferLength) PUCHAR Buffer;
    ULONG BufferLength;
    DECLSPEC_ALIGN(16) UCHAR Aligned[64];
    KSPIN_LOCK Lock;
    __declspec(align(8)) volatile LONG Count;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

C_ASSERT(sizeof(DEVICE_EXTENSION) > 0);

_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
static
NTSTATUS
DrvCopy(
    _In_ PDEVICE_EXTENSION DevExt,
    _In_reads_bytes_(Length) PVOID Source,
    _In_ ULONG Length,
    _Out_opt_ PULONG Copied
    );

HW_STARTIO DrvStartIo;
sp_DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
BOOLEAN
DrvStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PDEVICE_EXTENSION devExt = (PDEVICE_EXTENSION)DeviceExtension;
    KIRQL oldIrql;
    __int64 total = 0;

    KeAcquireSpinLock(&devExt->Lock, &oldIrql);
    if (devExt->Buffer != NULL) {
        FREE_POOL(devExt->Buffer);
        devExt->Buffer = NULL;
    }
    KeReleaseSpinLock(&devExt->Lock, oldIrql);
    __try {
        total += Srb->DataTransferLength;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        total = 0;
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
static
NTSTATUS
DrvCopy(
    _In_ PDEVICE_EXTENSION DevExt,
    _In_reads_bytes_(Length) PVOID Source,
    _In_ ULONG Length,
    _Out_opt_ PULONG Copied
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    if (!NT_OK(status)) {
        return status;
    }
    RtlCopyMemory(DevExt->Buffer, Source, Length);
    if (ARGUMENT_PRESENT(Copied)) {
        *Copied = Length;
    }
    return status;
}

ULONG
DriverEntry(
    IN PVOID DriverObject,
    IN PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInitData = { 0 };
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.HwStartIo = DrvStartIo;
#if (NTDDI_VERSION >= NTDDI_WIN8)
    hwInitData.FeatureSupport |= STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}
"""


def test_sal_heavy_driver_parses_without_errors() -> None:
    unit = run(SAL_HEAVY_DRIVER)
    assert not has_parse_error(unit.text)
    assert "ExFreePoolWithTag((devExt->Buffer), 'vrDs');" in unit.text
    assert "StorPortNotification(RequestComplete, DeviceExtension, Srb);" in unit.text
    assert unit.missing_includes == ("storport.h", "trace.h", "trace.tmh")
    names = [f.name for f in unit.sal_facts]
    assert names.count("_IRQL_requires_max_") == 2
    assert has_parse_error(SAL_HEAVY_DRIVER)  # what tree-sitter would see without us


def test_knowledge_is_data() -> None:
    kb = msvc_knowledge()
    assert kb.is_system_header("NTDDK.H") and kb.is_system_header("sys\\types.h")
    assert not kb.is_system_header("mydriver.h")
    assert kb.is_generated("Trace.TMH")
    treatment = kb.classify("_In_reads_bytes_")
    assert treatment is not None and treatment.kind is Kind.SAL and treatment.takes_args
    assert kb.classify("_DRV_H_") is None and kb.classify("__int64") is not None
    small = parse_knowledge('[sal]\nprefixes = ["_Foo_"]\n[neutralise]\nremove = ["BAR"]\n')
    assert small.classify("_Foo_x_") is not None and small.classify("_In_") is None
    assert small.classify("BAR") is not None
