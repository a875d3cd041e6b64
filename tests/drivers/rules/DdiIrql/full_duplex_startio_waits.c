// check-rules: DdiIrql
// expect-status: DdiIrql=defect
// expect-kind: physical
/*
 * HwStorStartIo runs at DISPATCH_LEVEL in full duplex: a wait with a non-zero timeout is
 * allowed only at APC_LEVEL or below, a zero timeout (a poll) is allowed there.
 */
#include <storport.h>

typedef struct _Fw_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Fw_EXT, *PFw_EXT;

BOOLEAN
FwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFw_EXT ext = (PFw_EXT)DeviceExtension;
    LARGE_INTEGER timeout;
    LARGE_INTEGER poll;

    poll.QuadPart = 0;
    KeWaitForSingleObject(&ext->Event, Executive, KernelMode, FALSE, &poll);     // ok: DdiIrql
    timeout.QuadPart = -10000;
    KeWaitForSingleObject(&ext->Event, Executive, KernelMode, FALSE, &timeout);  // expect: DdiIrql
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
FwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFw_EXT ext = (PFw_EXT)DeviceExtension;

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    KeInitializeEvent(&ext->Event, NotificationEvent, FALSE);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FwInitialize(PVOID DeviceExtension)
{
    PFw_EXT ext = (PFw_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Fw_EXT);
    init.HwFindAdapter = FwFindAdapter;
    init.HwInitialize = FwInitialize;
    init.HwStartIo = FwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
