// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * "First violation on a path" across routines. The virtual miniport's passive
 * initialization routine takes the cancel spin lock to publish the adapter to its
 * IOCTL path and, on the "no pended IRPs to adopt" branch -- the only one on the
 * harness's fresh adapter -- returns without releasing it: violation at that `return`.
 * HwStorInitialize returns the result of StorPortEnablePassiveInitialization, so every
 * path that goes on has run the passive routine and stopped at that violation; the
 * dispatch routine's IoAcquireCancelSpinLock (an acquire while held, had the path
 * continued) is therefore never reported.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _PI_ADAPTER {
    LIST_ENTRY Adopted;
    ULONG AdoptedCount;
    BOOLEAN Published;
} PI_ADAPTER, *PPI_ADAPTER;

static PPI_ADAPTER PiAdapter;

BOOLEAN
PiPassiveInitialize(PVOID DeviceExtension)
{
    PPI_ADAPTER adapter = (PPI_ADAPTER)DeviceExtension;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    PiAdapter = adapter;
    adapter->Published = TRUE;
    if (adapter->AdoptedCount == 0) {
        return TRUE;                                                    // expect: CancelSpinLock
    }
    IoReleaseCancelSpinLock(irql);
    return TRUE;
}

NTSTATUS
PiDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    KIRQL irql;
    NTSTATUS status = STATUS_DEVICE_NOT_READY;

    UNREFERENCED_PARAMETER(DeviceObject);
    IoAcquireCancelSpinLock(&irql);                                     // ok: CancelSpinLock
    if (PiAdapter != NULL && PiAdapter->Published) {
        status = STATUS_SUCCESS;
    }
    IoReleaseCancelSpinLock(irql);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

ULONG
PiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PPI_ADAPTER adapter = (PPI_ADAPTER)DeviceExtension;

    InitializeListHead(&adapter->Adopted);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
PiInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, PiPassiveInitialize);
}

BOOLEAN
PiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    PiAdapter = NULL;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(PI_ADAPTER);
    init.HwFindAdapter = PiFindAdapter;
    init.HwInitialize = PiInitialize;
    init.HwStartIo = PiStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PiDeviceControl;
    return status;
}
