// check-rules: DdiIrql
// expect-status: DdiIrql=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a helper shared by FindAdapter (PASSIVE_LEVEL) and
 * the DPC (DISPATCH_LEVEL) waits and closes only when the IRQL is low enough, and polls
 * with a zero timeout otherwise.
 */
#include <storport.h>

typedef struct _Cg_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Cg_EXT, *PCg_EXT;

static VOID
CgSettle(PCg_EXT Ext)
{
    LARGE_INTEGER timeout;

    if (KeGetCurrentIrql() <= APC_LEVEL) {
        timeout.QuadPart = -10000;
        KeWaitForSingleObject(&Ext->Event, Executive, KernelMode, FALSE, &timeout); // ok: DdiIrql
    } else {
        timeout.QuadPart = 0;
        KeWaitForSingleObject(&Ext->Event, Executive, KernelMode, FALSE, &timeout); // ok: DdiIrql
    }
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        ZwClose((HANDLE)Ext->Worker);                                            // ok: DdiIrql
    }
}

VOID
CgDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    CgSettle((PCg_EXT)DeviceExtension);
}

ULONG
CgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;

    KeInitializeEvent(&ext->Event, NotificationEvent, FALSE);
    CgSettle(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CgInitialize(PVOID DeviceExtension)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, CgDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Cg_EXT);
    init.HwFindAdapter = CgFindAdapter;
    init.HwInitialize = CgInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
