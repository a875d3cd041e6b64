"""Generate a large synthetic Storport miniport, for timing the frontend.

The code is made up but shaped like real drivers: a shared header with types, macros
wrapping DDIs and role-type declarations; an entry file with DriverEntry, FindAdapter,
HwInitialize and StartIo registering everything; and many module files of SAL-annotated
functions with switch statements, loops, helper calls, struct field accesses, `#ifdef`
blocks and per-module DPC, timer and work-item callbacks.

Invariant: the output depends only on the requested size and the seed (same arguments,
same bytes), so timings of two versions of the tool compare like with like.

    python benchmarks/gen_driver.py OUT_DIR [--lines 50000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LINES = 50_000
LINES_PER_MODULE = 2_500
HEADER = "gdrv.h"

_HEADER_TEXT = """\
/* gdrv: a generated Storport miniport used to time ddiverify's frontend. */
#pragma once

#include <storport.h>

#define GD_TAG 'vrDG'
#define GD_QUEUES 16
#define GD_SLOTS 64
#define GD_MAX_SG 33

#define GD_READ32(ext, off) \\
    StorPortReadRegisterUlong((ext), (PULONG)((ext)->Registers + (off)))
#define GD_WRITE32(ext, off, v) \\
    StorPortWriteRegisterUlong((ext), (PULONG)((ext)->Registers + (off)), (v))
#define GD_COMPLETE(ext, srb, st)                              \\
    do {                                                       \\
        (srb)->SrbStatus = (UCHAR)(st);                        \\
        StorPortNotification(RequestComplete, (ext), (srb));   \\
    } while (0)
#define GD_LOCK(ext, h) StorPortAcquireSpinLock((ext), InterruptLock, NULL, (h))
#define GD_UNLOCK(ext, h) StorPortReleaseSpinLock((ext), (h))
#define GD_ARM_TIMER(ext, fn, usec) StorPortNotification(RequestTimerCall, (ext), (fn), (usec))
#define GD_MIN(a, b) ((a) < (b) ? (a) : (b))

typedef struct _GD_QUEUE {
    ULONG Head;
    ULONG Tail;
    ULONG Depth;
    ULONG Errors;
    PSCSI_REQUEST_BLOCK Slots[GD_SLOTS];
} GD_QUEUE, *PGD_QUEUE;

typedef struct _GD_STATS {
    ULONGLONG Reads;
    ULONGLONG Writes;
    ULONGLONG Bytes;
    ULONG Resets;
    ULONG Timeouts;
} GD_STATS, *PGD_STATS;

typedef struct _GD_EXT {
    PUCHAR Registers;
    GD_QUEUE Queues[GD_QUEUES];
    GD_STATS Stats;
    STOR_DPC Dpcs[GD_QUEUES];
    PVOID Worker;
    PVOID Timer;
    ULONG Flags;
    ULONG Generation;
    BOOLEAN UseMsi;
} GD_EXT, *PGD_EXT;

DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER GdFindAdapter;
HW_INITIALIZE GdInitialize;
HW_STARTIO GdStartIo;
HW_INTERRUPT GdInterrupt;
"""


@dataclass(frozen=True, slots=True)
class Module:
    """One generated module file and what it exports to the entry file."""

    name: str
    text: str
    init_function: str
    dispatch_function: str


class _Writer:
    """Appends lines; keeps a count so modules stop near their size budget."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _helper(w: _Writer, rng: random.Random, prefix: str, index: int, helpers: list[str]) -> str:
    name = f"{prefix}Helper{index}"
    offset = rng.randrange(0, 0x400, 4)
    w.add(
        "_IRQL_requires_max_(DISPATCH_LEVEL)",
        "static ULONG",
        f"{name}(",
        "    _Inout_ PGD_EXT Ext,",
        "    _In_range_(0, GD_QUEUES - 1) ULONG Queue,",
        "    _In_reads_bytes_(Length) const UCHAR *Data,",
        "    _In_ ULONG Length)",
        "{",
        "    PGD_QUEUE q = &Ext->Queues[Queue % GD_QUEUES];",
        "    ULONG sum = 0;",
        "    ULONG i;",
        "",
        "    for (i = 0; i < Length; i++) {",
        f"        sum = (sum << 1) ^ Data[i] ^ {rng.randrange(1, 255)};",
        "        if ((sum & 0xFF) == 0) {",
        "            q->Errors++;",
        "        }",
        "    }",
    )
    if helpers and rng.random() < 0.7:
        callee = rng.choice(helpers)
        w.add(f"    sum += {callee}(Ext, (Queue + 1) % GD_QUEUES, Data, GD_MIN(Length, 16));")
    w.add(
        "#ifdef GD_TRACE_REGISTERS",
        f"    GD_WRITE32(Ext, 0x{offset:x}, sum);",
        "#endif",
        "    while (q->Head != q->Tail && q->Slots[q->Head % GD_SLOTS] == NULL) {",
        "        q->Head++;",
        "    }",
        "    return sum;",
        "}",
        "",
    )
    return name


def _dispatch(w: _Writer, rng: random.Random, prefix: str, helpers: list[str]) -> str:
    name = f"{prefix}Dispatch"
    w.add(
        "_IRQL_requires_(DISPATCH_LEVEL)",
        "BOOLEAN",
        f"{name}(",
        "    _Inout_ PGD_EXT Ext,",
        "    _Inout_ PSCSI_REQUEST_BLOCK Srb)",
        "{",
        "    STOR_LOCK_HANDLE lock;",
        "    PGD_QUEUE q = &Ext->Queues[Srb->QueueTag % GD_QUEUES];",
        "    ULONG value = 0;",
        "",
        "    switch (Srb->Cdb[0]) {",
    )
    for opcode in rng.sample(range(0xC0), 8):
        helper = rng.choice(helpers)
        w.add(
            f"    case 0x{opcode:02x}:",
            f"        value = {helper}(Ext, Srb->QueueTag, (const UCHAR *)Srb->Cdb, Srb->CdbLength);",
            "        if (value > Srb->DataTransferLength) {",
            "            GD_COMPLETE(Ext, Srb, SRB_STATUS_DATA_OVERRUN);",
            "            return TRUE;",
            "        }",
            f"        Ext->Stats.Bytes += Srb->DataTransferLength >> {rng.randrange(0, 4)};",
            "        break;",
        )
    w.add(
        "    default:",
        "        return FALSE;",
        "    }",
        "",
        "    GD_LOCK(Ext, &lock);",
        "    if (q->Tail - q->Head < GD_SLOTS) {",
        "        q->Slots[q->Tail % GD_SLOTS] = Srb;",
        "        q->Tail++;",
        "        GD_UNLOCK(Ext, &lock);",
        "        return TRUE;",
        "    }",
        "    GD_UNLOCK(Ext, &lock);",
        "    GD_COMPLETE(Ext, Srb, SRB_STATUS_BUSY);",
        "    return TRUE;",
        "}",
        "",
    )
    return name


def _callbacks(w: _Writer, rng: random.Random, prefix: str, helper: str) -> str:
    queue = rng.randrange(0, 16)
    w.add(
        "VOID",
        f"{prefix}Dpc(",
        "    _In_ PSTOR_DPC Dpc,",
        "    _In_ PVOID HwDeviceExtension,",
        "    _In_opt_ PVOID SystemArgument1,",
        "    _In_opt_ PVOID SystemArgument2)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)HwDeviceExtension;",
        f"    PGD_QUEUE q = &ext->Queues[{queue}];",
        "",
        "    UNREFERENCED_PARAMETER(Dpc);",
        "    UNREFERENCED_PARAMETER(SystemArgument1);",
        "    UNREFERENCED_PARAMETER(SystemArgument2);",
        "    while (q->Head != q->Tail) {",
        "        PSCSI_REQUEST_BLOCK srb = q->Slots[q->Head % GD_SLOTS];",
        "        q->Slots[q->Head % GD_SLOTS] = NULL;",
        "        q->Head++;",
        "        if (srb != NULL) {",
        "            GD_COMPLETE(ext, srb, SRB_STATUS_SUCCESS);",
        "        }",
        "    }",
        "}",
        "",
        "VOID",
        f"{prefix}Tick(_In_ PVOID DeviceExtension)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
        "",
        "    ext->Generation++;",
        "    if ((ext->Flags & 1) == 0) {",
        f"        GD_ARM_TIMER(ext, {prefix}Tick, {rng.randrange(1, 100) * 10000});",
        "    }",
        "}",
        "",
        "VOID",
        f"{prefix}Work(_In_ PVOID HwDeviceExtension, _In_opt_ PVOID Context, _In_ PVOID Worker)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)HwDeviceExtension;",
        "    UCHAR scratch[16] = { 0 };",
        "",
        "    UNREFERENCED_PARAMETER(Context);",
        "    UNREFERENCED_PARAMETER(Worker);",
        f"    ext->Stats.Timeouts += {helper}(ext, {queue}, scratch, sizeof(scratch));",
        "}",
        "",
        "VOID",
        f"{prefix}Init(_Inout_ PGD_EXT Ext)",
        "{",
        f"    StorPortInitializeDpc(Ext, &Ext->Dpcs[{queue}], {prefix}Dpc);",
        f"    GD_ARM_TIMER(Ext, {prefix}Tick, 1000000);",
        "#if GD_USE_WORKERS",
        f"    StorPortQueueWorkItem(Ext, {prefix}Work, Ext->Worker, NULL);",
        "#endif",
        "}",
        "",
    )
    return f"{prefix}Init"


def _module(rng: random.Random, index: int, budget: int) -> Module:
    prefix = f"Gm{index:03d}"
    w = _Writer()
    w.add(
        f"/* gdrv module {index}: generated. */",
        f'#include "{HEADER}"',
        "",
        "#ifndef GD_USE_WORKERS",
        "#define GD_USE_WORKERS 1",
        "#endif",
        "",
    )
    helpers: list[str] = []
    # Keep room for the dispatch function (~80 lines) and the callbacks (~60 lines).
    while len(w.lines) < max(budget - 150, 40) or len(helpers) < 2:
        helpers.append(_helper(w, rng, prefix, len(helpers), helpers))
    dispatch = _dispatch(w, rng, prefix, helpers)
    init = _callbacks(w, rng, prefix, helpers[0])
    return Module(f"module{index:03d}.c", w.text(), init, dispatch)


def _entry(modules: list[Module]) -> str:
    w = _Writer()
    w.add(f'#include "{HEADER}"', "")
    for m in modules:
        w.add(
            f"VOID {m.init_function}(_Inout_ PGD_EXT Ext);",
            f"BOOLEAN {m.dispatch_function}(_Inout_ PGD_EXT Ext, _Inout_ PSCSI_REQUEST_BLOCK Srb);",
        )
    w.add(
        "",
        "_Use_decl_annotations_",
        "ULONG",
        "GdFindAdapter(",
        "    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,",
        "    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
        "    ULONG i;",
        "",
        "    UNREFERENCED_PARAMETER(HwContext);",
        "    UNREFERENCED_PARAMETER(BusInformation);",
        "    UNREFERENCED_PARAMETER(ArgumentString);",
        "    *Again = FALSE;",
        "    ConfigInfo->MaximumTransferLength = (GD_MAX_SG - 1) * PAGE_SIZE;",
        "    ConfigInfo->NumberOfPhysicalBreaks = GD_MAX_SG - 1;",
        "    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;",
        "    for (i = 0; i < GD_QUEUES; i++) {",
        "        ext->Queues[i].Depth = GD_SLOTS;",
        "    }",
        "    return SP_RETURN_FOUND;",
        "}",
        "",
        "_Use_decl_annotations_",
        "BOOLEAN",
        "GdInitialize(PVOID DeviceExtension)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
        "",
        "    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {",
        "        return FALSE;",
        "    }",
    )
    w.add(*(f"    {m.init_function}(ext);" for m in modules))
    w.add(
        "    return TRUE;",
        "}",
        "",
        "_Use_decl_annotations_",
        "BOOLEAN",
        "GdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
        "",
    )
    for m in modules:
        w.add(f"    if ({m.dispatch_function}(ext, Srb)) {{", "        return TRUE;", "    }")
    w.add(
        "    GD_COMPLETE(ext, Srb, SRB_STATUS_INVALID_REQUEST);",
        "    return TRUE;",
        "}",
        "",
        "_Use_decl_annotations_",
        "BOOLEAN",
        "GdInterrupt(PVOID DeviceExtension)",
        "{",
        "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
        "    ULONG cause = GD_READ32(ext, 0x8);",
        "",
        "    if (cause == 0) {",
        "        return FALSE;",
        "    }",
        "    GD_WRITE32(ext, 0x8, cause);",
        "    StorPortIssueDpc(ext, &ext->Dpcs[cause % GD_QUEUES], NULL, NULL);",
        "    return TRUE;",
        "}",
        "",
        "_Use_decl_annotations_",
        "NTSTATUS",
        "DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)",
        "{",
        "    HW_INITIALIZATION_DATA init;",
        "",
        "    RtlZeroMemory(&init, sizeof(init));",
        "    init.HwInitializationDataSize = sizeof(init);",
        "    init.AdapterInterfaceType = PCIBus;",
        "    init.DeviceExtensionSize = sizeof(GD_EXT);",
        "    init.HwFindAdapter = GdFindAdapter;",
        "    init.HwInitialize = GdInitialize;",
        "    init.HwStartIo = GdStartIo;",
        "    init.HwInterrupt = GdInterrupt;",
        "    init.NumberOfAccessRanges = 1;",
        "    init.TaggedQueuing = TRUE;",
        "    init.MultipleRequestPerLu = TRUE;",
        "    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);",
        "}",
    )
    return w.text()


def generate(out_dir: Path, lines: int = DEFAULT_LINES, seed: int = 1) -> int:
    """Write a driver of about `lines` lines into `out_dir`; return its exact line count."""
    rng = random.Random(f"{seed}:{lines}")
    out_dir.mkdir(parents=True, exist_ok=True)
    header_lines = _HEADER_TEXT.count("\n")
    count = max(1, round(lines / LINES_PER_MODULE))
    # The entry file grows by ~5 lines per module; the rest goes to the modules.
    budget = max(60, (lines - header_lines - 120 - 5 * count) // count)
    modules = [_module(rng, i, budget) for i in range(count)]
    files = {HEADER: _HEADER_TEXT, "gdentry.c": _entry(modules)}
    files.update((m.name, m.text) for m in modules)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
    return sum(text.count("\n") for text in files.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    total = generate(args.out_dir, args.lines, args.seed)
    print(f"wrote {total} lines to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
