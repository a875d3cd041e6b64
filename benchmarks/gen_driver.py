"""Generate a large synthetic Storport miniport, for timing the frontend and the rules.

The code is made up but shaped like real drivers: a shared header with types, macros
wrapping DDIs and role-type declarations; an entry file with DriverEntry, FindAdapter,
HwInitialize, the passive initialization routine, BuildIo, StartIo, AdapterControl and the
interrupt routines registering everything; and many module files of SAL-annotated
functions with switch statements, loops, helper calls and a deep helper chain, struct
field accesses, `#ifdef` blocks and per-module DPC, timer and work-item callbacks.

Every module also does what the rules watch, correctly, so that `check --rules '*'`
measures the rules and not only the frontend: SRB completion and timer notifications,
Storport spin locks (the interrupt lock in StartIo, the StartIo lock in the DPC), the
MSI spin lock with per-message synchronization, pool from StorPortAllocatePool, perf
options, passive initialization and a work item (physical, the default); or, with
`--kind virtual`, a virtual miniport whose modules use the WDM instead: pool with
ExAllocatePoolWithTag, events, registry keys opened and created, executive spin locks,
in-stack queued and raise-to-DPC spin locks, KeRaiseIrql/KeLowerIrql, an ERESOURCE in a
critical region and an IRP from IoAllocateIrp. The drivers are meant to be free of
defects: a defect any rule reports on one is a false alarm (or a bug of this generator).

Invariant: the output depends only on the requested size, kind and seed (same arguments,
same bytes), so timings of two versions of the tool compare like with like.

    python benchmarks/gen_driver.py OUT_DIR [--lines 50000] [--kind physical|virtual] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

DEFAULT_LINES = 50_000
LINES_PER_MODULE = 2_500
HEADER = "gdrv.h"
KINDS = ("physical", "virtual")
CHAIN_DEPTH = 8  # functions in each module's helper chain

_HEADER_TEXT = """\
/* gdrv: a generated Storport miniport used to time ddiverify. */
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

typedef struct _GD_CTX {
    KEVENT Done;
    KSPIN_LOCK Lock;
    ULONG Count;
    ULONG Value;
} GD_CTX, *PGD_CTX;

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
    KSPIN_LOCK QueueLock;
    ERESOURCE Resource;
    UNICODE_STRING RegistryPath;
} GD_EXT, *PGD_EXT;

DRIVER_INITIALIZE DriverEntry;
"""

_ROLES = {
    "physical": """\
HW_FIND_ADAPTER GdFindAdapter;
HW_INITIALIZE GdInitialize;
HW_PASSIVE_INITIALIZE_ROUTINE GdPassiveInit;
HW_BUILDIO GdBuildIo;
HW_STARTIO GdStartIo;
HW_INTERRUPT GdInterrupt;
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE GdMsiInterrupt;
HW_ADAPTER_CONTROL GdAdapterControl;
""",
    "virtual": """\
VIRTUAL_HW_FIND_ADAPTER GdFindAdapter;
HW_INITIALIZE GdInitialize;
HW_BUILDIO GdBuildIo;
HW_STARTIO GdStartIo;
HW_ADAPTER_CONTROL GdAdapterControl;
""",
}


def header_text(kind: str) -> str:
    return _HEADER_TEXT + _ROLES[kind]


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


def _dispatch(
    w: _Writer, rng: random.Random, prefix: str, helpers: list[str], chain: str, kind: str
) -> str:
    name = f"{prefix}Dispatch"
    w.add(
        # StartIo's level: DISPATCH_LEVEL in full duplex; a virtual miniport's, up to it.
        "_IRQL_requires_(DISPATCH_LEVEL)"
        if kind == "physical"
        else "_IRQL_requires_max_(DISPATCH_LEVEL)",
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
    for k, opcode in enumerate(rng.sample(range(0xC0), 8)):
        helper = rng.choice(helpers)
        call = (
            f"{chain}(Ext, Srb->CdbLength)"
            if k == 0
            else f"{helper}(Ext, Srb->QueueTag, (const UCHAR *)Srb->Cdb, Srb->CdbLength)"
        )
        w.add(
            f"    case 0x{opcode:02x}:",
            f"        value = {call};",
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


def _chain(w: _Writer, rng: random.Random, prefix: str) -> str:
    """A chain of CHAIN_DEPTH helpers, each calling the next: deep call stacks."""
    names = [f"{prefix}Step{k}" for k in range(CHAIN_DEPTH)]
    for k in reversed(range(CHAIN_DEPTH)):
        w.add(
            "_IRQL_requires_max_(DISPATCH_LEVEL)",
            "static ULONG",
            f"{names[k]}(_Inout_ PGD_EXT Ext, _In_ ULONG Value)",
            "{",
            "    ULONG i;",
            f"    ULONG acc = Value ^ 0x{rng.randrange(1, 0xFFFF):x};",
            "",
            f"    for (i = 0; i < {rng.randrange(2, 6)}; i++) {{",
            "        acc = (acc >> 1) + i;",
            "    }",
            f"    if ((acc & 0x{1 << rng.randrange(0, 8):x}) != 0) {{",
            "        Ext->Stats.Resets++;",
            "    }",
        )
        if k + 1 < CHAIN_DEPTH:
            w.add(f"    return {names[k + 1]}(Ext, acc);")
        else:
            w.add("    return acc;")
        w.add("}", "")
    return names[0]


def _callbacks(
    w: _Writer, rng: random.Random, prefix: str, helper: str, chain: str, kind: str
) -> tuple[str, str]:
    """The module's DPC, timer, work item, its init (DIRQL on a physical miniport, from
    HwInitialize) and setup (PASSIVE_LEVEL) routines; returns (init, setup)."""
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
        "    STOR_LOCK_HANDLE lock;",
        "",
        "    UNREFERENCED_PARAMETER(Dpc);",
        "    UNREFERENCED_PARAMETER(SystemArgument1);",
        "    UNREFERENCED_PARAMETER(SystemArgument2);",
        "    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &lock);",
        "    while (q->Head != q->Tail) {",
        "        PSCSI_REQUEST_BLOCK srb = q->Slots[q->Head % GD_SLOTS];",
        "        q->Slots[q->Head % GD_SLOTS] = NULL;",
        "        q->Head++;",
        "        if (srb != NULL) {",
        "            GD_COMPLETE(ext, srb, SRB_STATUS_SUCCESS);",
        "        }",
        "    }",
        "    StorPortReleaseSpinLock(ext, &lock);",
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
        f"    ext->Stats.Timeouts += {chain}(ext, ext->Generation);",
        "}",
        "",
        "VOID",
        f"{prefix}Init(_Inout_ PGD_EXT Ext)",
        "{",
        f"    StorPortInitializeDpc(Ext, &Ext->Dpcs[{queue}], {prefix}Dpc);",
        f"    GD_ARM_TIMER(Ext, {prefix}Tick, 1000000);",
        "}",
        "",
    )
    (_physical_setup if kind == "physical" else _virtual_setup)(w, rng, prefix, helper, queue)
    return f"{prefix}Init", f"{prefix}Setup"


def _physical_setup(w: _Writer, rng: random.Random, prefix: str, helper: str, queue: int) -> None:
    w.add(
        "_IRQL_requires_(PASSIVE_LEVEL)",
        "VOID",
        f"{prefix}Setup(_Inout_ PGD_EXT Ext)",
        "{",
        "    PVOID buffer = NULL;",
        "    ULONG status;",
        "    ULONG i;",
        "",
        f"    status = StorPortAllocatePool(Ext, {rng.randrange(1, 16) * 64}, GD_TAG, &buffer);",
        "    if (status != STOR_STATUS_SUCCESS || buffer == NULL) {",
        "        return;",
        "    }",
        "    for (i = 0; i < 16; i++) {",
        "        ((PUCHAR)buffer)[i] = (UCHAR)(i * 3);",
        "    }",
        f"    Ext->Stats.Resets += {helper}(Ext, {queue}, (const UCHAR *)buffer, 16);",
        "    StorPortFreePool(Ext, buffer);",
        "#if GD_USE_WORKERS",
        f"    StorPortQueueWorkItem(Ext, {prefix}Work, Ext->Worker, NULL);",
        "#endif",
        "}",
        "",
    )


def _virtual_setup(w: _Writer, rng: random.Random, prefix: str, helper: str, queue: int) -> None:
    w.add(
        "_IRQL_requires_(PASSIVE_LEVEL)",
        "VOID",
        f"{prefix}Setup(_Inout_ PGD_EXT Ext)",
        "{",
        "    PGD_CTX ctx;",
        "    KIRQL irql;",
        "    KLOCK_QUEUE_HANDLE queued;",
        "    HANDLE key;",
        "    OBJECT_ATTRIBUTES attributes;",
        "    NTSTATUS status;",
        "    PIRP irp;",
        "    UCHAR scratch[16] = { 0 };",
        "    ULONG i;",
        "",
        "    PAGED_CODE();",
        "    ctx = (PGD_CTX)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(GD_CTX), GD_TAG);",
        "    if (ctx == NULL) {",
        "        return;",
        "    }",
        "    RtlZeroMemory(ctx, sizeof(GD_CTX));",
        "    KeInitializeEvent(&ctx->Done, NotificationEvent, FALSE);",
        "    KeInitializeSpinLock(&ctx->Lock);",
        "    InitializeObjectAttributes(&attributes, &Ext->RegistryPath,",
        "                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);",
        "    status = ZwOpenKey(&key, KEY_READ, &attributes);",
        "    if (NT_SUCCESS(status)) {",
        f"        ctx->Value = {rng.randrange(1, 1000)};",
        "        ZwClose(key);",
        "    }",
        "    status = ZwCreateKey(&key, KEY_ALL_ACCESS, &attributes, 0, NULL,",
        "                         REG_OPTION_VOLATILE, NULL);",
        "    if (NT_SUCCESS(status)) {",
        "        ZwClose(key);",
        "    }",
        f"    for (i = 0; i < {rng.randrange(2, 8)}; i++) {{",
        "        KeAcquireSpinLock(&ctx->Lock, &irql);",
        "        ctx->Count += i;",
        "        KeReleaseSpinLock(&ctx->Lock, irql);",
        "    }",
        "    KeAcquireInStackQueuedSpinLock(&Ext->QueueLock, &queued);",
        "    Ext->Generation++;",
        "    KeReleaseInStackQueuedSpinLock(&queued);",
        "    irql = KeAcquireSpinLockRaiseToDpc(&ctx->Lock);",
        "    ctx->Count++;",
        "    KeReleaseSpinLock(&ctx->Lock, irql);",
        "    KeRaiseIrql(DISPATCH_LEVEL, &irql);",
        f"    ctx->Value += {helper}(Ext, {queue}, scratch, sizeof(scratch));",
        "    KeLowerIrql(irql);",
        "    KeEnterCriticalRegion();",
        "    ExAcquireResourceExclusiveLite(&Ext->Resource, TRUE);",
        "    Ext->Flags |= 2;",
        "    ExReleaseResourceLite(&Ext->Resource);",
        "    KeLeaveCriticalRegion();",
        "    KeSetEvent(&ctx->Done, IO_NO_INCREMENT, FALSE);",
        "    KeClearEvent(&ctx->Done);",
        "    KeSetEvent(&ctx->Done, IO_NO_INCREMENT, FALSE);",
        "    irp = IoAllocateIrp(1, FALSE);",
        "    if (irp != NULL) {",
        "        IoFreeIrp(irp);",
        "    }",
        "    Ext->Stats.Resets += ctx->Count + ctx->Value;",
        "    ExFreePoolWithTag(ctx, GD_TAG);",
        "#if GD_USE_WORKERS",
        f"    StorPortQueueWorkItem(Ext, {prefix}Work, Ext->Worker, NULL);",
        "#endif",
        "}",
        "",
    )


@dataclass(frozen=True, slots=True)
class Module:
    """One generated module file and what it exports to the entry file."""

    name: str
    text: str
    init_function: str
    setup_function: str
    dispatch_function: str


def _module(rng: random.Random, index: int, budget: int, kind: str) -> Module:
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
    # Keep room for the chain (~15 lines a step), the dispatch function (~80 lines), the
    # callbacks (~60 lines) and the setup routine (~60 lines).
    while len(w.lines) < max(budget - 200 - 15 * CHAIN_DEPTH, 40) or len(helpers) < 2:
        helpers.append(_helper(w, rng, prefix, len(helpers), helpers))
    chain = _chain(w, rng, prefix)
    dispatch = _dispatch(w, rng, prefix, helpers, chain, kind)
    init, setup = _callbacks(w, rng, prefix, helpers[0], chain, kind)
    return Module(f"module{index:03d}.c", w.text(), init, setup, dispatch)


_FIND_ADAPTER = {
    "physical": """\
_Use_decl_annotations_
ULONG
GdFindAdapter(
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = (GD_MAX_SG - 1) * PAGE_SIZE;
    ConfigInfo->NumberOfPhysicalBreaks = GD_MAX_SG - 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    ConfigInfo->HwMSInterruptRoutine = GdMsiInterrupt;
    ConfigInfo->VirtualDevice = FALSE;
    ext->UseMsi = TRUE;
    for (i = 0; i < GD_QUEUES; i++) {
        ext->Queues[i].Depth = GD_SLOTS;
    }
    return SP_RETURN_FOUND;
}
""",
    "virtual": """\
_Use_decl_annotations_
ULONG
GdFindAdapter(
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
    PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = (GD_MAX_SG - 1) * PAGE_SIZE;
    ConfigInfo->NumberOfPhysicalBreaks = GD_MAX_SG - 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice = TRUE;
    KeInitializeSpinLock(&ext->QueueLock);
    ExInitializeResourceLite(&ext->Resource);
    for (i = 0; i < GD_QUEUES; i++) {
        ext->Queues[i].Depth = GD_SLOTS;
    }
    return SP_RETURN_FOUND;
}
""",
}

_COMMON_ROUTINES = """\
_Use_decl_annotations_
BOOLEAN
GdBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;

    ext->Stats.Reads += Srb->DataTransferLength;
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
GdAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        ext->Flags |= 1;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ext->Flags &= ~1;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
"""

_INTERRUPTS = """\
_Use_decl_annotations_
BOOLEAN
GdInterrupt(PVOID DeviceExtension)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;
    ULONG cause = GD_READ32(ext, 0x8);

    if (cause == 0) {
        return FALSE;
    }
    GD_WRITE32(ext, 0x8, cause);
    StorPortIssueDpc(ext, &ext->Dpcs[cause % GD_QUEUES], NULL, NULL);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
GdMsiInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    PGD_EXT ext = (PGD_EXT)DeviceExtension;
    ULONG old;

    StorPortAcquireMSISpinLock(ext, MessageId, &old);
    ext->Generation++;
    StorPortReleaseMSISpinLock(ext, MessageId, old);
    StorPortIssueDpc(ext, &ext->Dpcs[MessageId % GD_QUEUES], NULL, NULL);
    return TRUE;
}
"""


def _entry(modules: list[Module], kind: str) -> str:
    w = _Writer()
    w.add(f'#include "{HEADER}"', "")
    for m in modules:
        w.add(
            f"VOID {m.init_function}(_Inout_ PGD_EXT Ext);",
            f"VOID {m.setup_function}(_Inout_ PGD_EXT Ext);",
            f"BOOLEAN {m.dispatch_function}(_Inout_ PGD_EXT Ext, _Inout_ PSCSI_REQUEST_BLOCK Srb);",
        )
    w.add("", _FIND_ADAPTER[kind], _COMMON_ROUTINES)
    if kind == "physical":
        w.add(
            "#pragma alloc_text(PAGE, GdPassiveInit)",
            "",
            "_Use_decl_annotations_",
            "BOOLEAN",
            "GdPassiveInit(PVOID DeviceExtension)",
            "{",
            "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
            "",
            "    PAGED_CODE();",
            "    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {",
            "        return FALSE;",
            "    }",
        )
        w.add(*(f"    {m.setup_function}(ext);" for m in modules))
        w.add(
            "    return TRUE;",
            "}",
            "",
            "_Use_decl_annotations_",
            "BOOLEAN",
            "GdInitialize(PVOID DeviceExtension)",
            "{",
            "    PGD_EXT ext = (PGD_EXT)DeviceExtension;",
            "    PERF_CONFIGURATION_DATA perf;",
            "",
            "    RtlZeroMemory(&perf, sizeof(perf));",
            "    perf.Version = STOR_PERF_VERSION;",
            "    perf.Size = sizeof(perf);",
            "    if (StorPortInitializePerfOpts(ext, TRUE, &perf) == STOR_STATUS_SUCCESS) {",
            "        ext->Flags |= 4;",
            "    }",
        )
        w.add(*(f"    {m.init_function}(ext);" for m in modules))
        w.add(
            "    StorPortEnablePassiveInitialization(ext, GdPassiveInit);",
            "    return TRUE;",
            "}",
            "",
        )
    else:
        w.add(
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
        w.add(*(f"    {m.setup_function}(ext);" for m in modules))
        w.add("    return TRUE;", "}", "")
    w.add(
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
    )
    if kind == "physical":
        w.add(_INTERRUPTS)
    w.add(
        "_Use_decl_annotations_",
        "NTSTATUS",
        "DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)",
        "{",
        "    HW_INITIALIZATION_DATA init;",
        "",
        "    RtlZeroMemory(&init, sizeof(init));",
        "    init.HwInitializationDataSize = sizeof(init);",
        f"    init.AdapterInterfaceType = {'PCIBus' if kind == 'physical' else 'Internal'};",
        "    init.DeviceExtensionSize = sizeof(GD_EXT);",
        "    init.HwFindAdapter = GdFindAdapter;",
        "    init.HwInitialize = GdInitialize;",
        "    init.HwBuildIo = GdBuildIo;",
        "    init.HwStartIo = GdStartIo;",
        "    init.HwAdapterControl = GdAdapterControl;",
    )
    if kind == "physical":
        w.add("    init.HwInterrupt = GdInterrupt;", "    init.NumberOfAccessRanges = 1;")
    w.add(
        "    init.TaggedQueuing = TRUE;",
        "    init.MultipleRequestPerLu = TRUE;",
        "    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);",
        "}",
    )
    return w.text()


def generate(
    out_dir: Path, lines: int = DEFAULT_LINES, seed: int = 1, kind: str = "physical"
) -> int:
    """Write a driver of about `lines` lines into `out_dir`; return its exact line count."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    rng = random.Random(f"{seed}:{lines}" if kind == "physical" else f"{seed}:{lines}:{kind}")
    out_dir.mkdir(parents=True, exist_ok=True)
    header = header_text(kind)
    count = max(1, round(lines / LINES_PER_MODULE))
    # The entry file holds ~250 lines and grows by ~8 lines per module.
    budget = max(60, (lines - header.count("\n") - 250 - 8 * count) // count)
    modules = [_module(rng, i, budget, kind) for i in range(count)]
    files = {HEADER: header, "gdentry.c": _entry(modules, kind)}
    files.update((m.name, m.text) for m in modules)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
    return sum(text.count("\n") for text in files.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--kind", choices=KINDS, default="physical")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    total = generate(args.out_dir, args.lines, args.seed, args.kind)
    print(f"wrote {total} lines to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
