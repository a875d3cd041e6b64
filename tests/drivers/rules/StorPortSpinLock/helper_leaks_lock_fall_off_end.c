// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=defect
// expect-kind: physical
/*
 * A lock taken in a helper, through the caller's handle, and not released on one branch
 * of a `switch`. The service DPC asks a helper to take the StartIo lock into the DPC's
 * own STOR_LOCK_HANDLE (passed by address), then dispatches on the event type; every
 * case releases through that handle except the "queue full" case, which only sets a
 * flag and `break`s. The DPC is a VOID routine that falls off its end: the violation
 * ("callback exit while a lock it acquired is held") is at the DPC's closing brace --
 * the exit of the entry point, not of the helper, which returns normally with the lock
 * held on purpose.
 */

#include <storport.h>

#define SVC_EVENT_COMPLETE   1
#define SVC_EVENT_QUEUE_FULL 2
#define SVC_EVENT_RESET      3

typedef struct _SVC_EXT {
    PULONG EventRegister;
    ULONG Completed;
    BOOLEAN QueueFull;
    ULONG Resets;
    STOR_DPC ServiceDpc;
} SVC_EXT, *PSVC_EXT;

static VOID
SvcLockQueue(PSVC_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, Handle);
}

static VOID
SvcUnlockQueue(PSVC_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortReleaseSpinLock(Ext, Handle);
}

VOID
SvcServiceDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
              PVOID SystemArgument2)
{
    PSVC_EXT ext = (PSVC_EXT)DeviceExtension;
    STOR_LOCK_HANDLE queueHandle;
    ULONG event;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    event = StorPortReadRegisterUlong(ext, ext->EventRegister);
    SvcLockQueue(ext, &queueHandle);
    switch (event) {
    case SVC_EVENT_COMPLETE:
        ext->Completed++;
        SvcUnlockQueue(ext, &queueHandle);
        break;
    case SVC_EVENT_QUEUE_FULL:
        ext->QueueFull = TRUE;
        break;
    case SVC_EVENT_RESET:
        ext->Resets++;
        SvcUnlockQueue(ext, &queueHandle);
        StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED,
                                SRB_STATUS_BUS_RESET);
        break;
    default:
        SvcUnlockQueue(ext, &queueHandle);
        break;
    }
}  // expect: StorPortSpinLock

ULONG
SvcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSVC_EXT ext = (PSVC_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->ServiceDpc, SvcServiceDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
SvcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SvcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSVC_EXT ext = (PSVC_EXT)DeviceExtension;

    if (ext->QueueFull) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
    }
    return TRUE;
}

BOOLEAN
SvcInterrupt(PVOID DeviceExtension)
{
    PSVC_EXT ext = (PSVC_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->ServiceDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SVC_EXT);
    init.HwFindAdapter = SvcFindAdapter;
    init.HwInitialize = SvcInitialize;
    init.HwStartIo = SvcStartIo;
    init.HwInterrupt = SvcInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
