// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=not_applicable
// expect-kind: virtual
/*
 * No cancel spin lock call is reachable from any entry point. The driver moved to a
 * cancel-safe queue (IoCsq*, not monitored by this rule); the old hand-rolled cancel
 * code -- with an acquire while held and a release while not held -- is still in the
 * file as a static helper nobody calls.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _NC_ADAPTER {
    IO_CSQ Csq;
    LIST_ENTRY Pending;
} NC_ADAPTER, *PNC_ADAPTER;

static VOID
NcOldMarkCancelable(PIRP Irp)
{
    KIRQL first;
    KIRQL second;

    IoAcquireCancelSpinLock(&first);                // ok: CancelSpinLock -- unreachable
    IoAcquireCancelSpinLock(&second);               // ok: CancelSpinLock -- unreachable
    IoSetCancelRoutine(Irp, NULL);
    IoReleaseCancelSpinLock(second);
}

VOID
NcProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PNC_ADAPTER adapter = (PNC_ADAPTER)DeviceExtension;

    IoCsqInsertIrp(&adapter->Csq, (PIRP)Irp, NULL);
}

ULONG
NcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PNC_ADAPTER adapter = (PNC_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(NC_ADAPTER);
    init.HwFindAdapter = NcFindAdapter;
    init.HwInitialize = NcInitialize;
    init.HwStartIo = NcStartIo;
    init.HwProcessServiceRequest = NcProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
