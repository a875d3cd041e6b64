// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=not_applicable
// expect-kind: physical
/*
 * The only StorPortAcquireSpinLock / StorPortReleaseSpinLock calls are in a static
 * "drain" helper left over from an older design; nothing calls it any more (its caller
 * in the reset path was removed). No entry point reaches a monitored call in the call
 * graph, so the rule does not apply -- even though the helper would violate the
 * hierarchy if it were called (a StartIo lock under the interrupt lock).
 */

#include <storport.h>

typedef struct _OLD_EXT {
    ULONG Pending;
    ULONG Completed;
} OLD_EXT, *POLD_EXT;

static VOID
OldDrainQueues(POLD_EXT Ext)
{
    STOR_LOCK_HANDLE intHandle;
    STOR_LOCK_HANDLE queueHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &queueHandle);  // ok: StorPortSpinLock3 -- unreachable
    Ext->Pending = 0;
    StorPortReleaseSpinLock(Ext, &queueHandle);
    StorPortReleaseSpinLock(Ext, &intHandle);
}

ULONG
OldFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    return SP_RETURN_FOUND;
}

BOOLEAN
OldInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
OldStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    POLD_EXT ext = (POLD_EXT)DeviceExtension;

    ext->Pending++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
OldInterrupt(PVOID DeviceExtension)
{
    POLD_EXT ext = (POLD_EXT)DeviceExtension;

    ext->Completed++;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(OLD_EXT);
    init.HwFindAdapter = OldFindAdapter;
    init.HwInitialize = OldInitialize;
    init.HwStartIo = OldStartIo;
    init.HwInterrupt = OldInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
