// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * ExAcquireSpinLockExclusiveAtDpcLevel requires DISPATCH_LEVEL or above: FindAdapter
 * calls it at PASSIVE_LEVEL; the release is as wrong.
 */
#include <storport.h>

typedef struct _Dl_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Dl_EXT, *PDl_EXT;

static VOID
DlTouch(PDl_EXT Ext)
{
    ExAcquireSpinLockExclusiveAtDpcLevel((PEX_SPIN_LOCK)&Ext->Value);   // expect: DdiIrql
    Ext->Worker = NULL;
    ExReleaseSpinLockExclusiveFromDpcLevel((PEX_SPIN_LOCK)&Ext->Value); // expect: DdiIrql
}

ULONG
DlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDl_EXT ext = (PDl_EXT)DeviceExtension;

    DlTouch(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DlInitialize(PVOID DeviceExtension)
{
    PDl_EXT ext = (PDl_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Dl_EXT);
    init.HwFindAdapter = DlFindAdapter;
    init.HwInitialize = DlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
