// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=pass
// expect-kind: physical
/*
 * Near misses: INIT and a .text-like section are not pageable, and a code_seg pushed to
 * PAGE and popped leaves the DPC's helpers in nonpaged code.
 */
#include <storport.h>

typedef struct _Os_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Os_EXT, *POs_EXT;

static VOID OsInitOnly(POs_EXT Ext);
#pragma alloc_text(INIT, OsInitOnly)

static VOID
OsInitOnly(POs_EXT Ext)
{
    Ext->Value = 3;
}

#pragma code_seg(push, "PAGE")
static VOID
OsPagedUnused(POs_EXT Ext)
{
    Ext->Value = 4;
}
#pragma code_seg(pop)

#pragma code_seg(".text$hot")
static VOID
OsHot(POs_EXT Ext)
{
    Ext->Value++;
}
#pragma code_seg()

VOID
OsDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    POs_EXT ext = (POs_EXT)DeviceExtension;

    OsHot(ext);                                             // ok: PagedSectionIrql
    OsInitOnly(ext);                                        // ok: PagedSectionIrql
}

ULONG
OsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    POs_EXT ext = (POs_EXT)DeviceExtension;

    OsPagedUnused(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
OsInitialize(PVOID DeviceExtension)
{
    POs_EXT ext = (POs_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, OsDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Os_EXT);
    init.HwFindAdapter = OsFindAdapter;
    init.HwInitialize = OsInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
