// check-rules: CancelSpinLock
// expect-status: CancelSpinLock=defect
// expect-kind: virtual
/*
 * A `switch` on the IOCTL code in HwProcessServiceRequest. IOCTL_SW_ARM_NOTIFY takes the
 * cancel spin lock to arm a notification and is missing its `break`, so it falls into
 * IOCTL_SW_QUERY_NOTIFY, which takes the cancel spin lock too: an acquire while held on
 * the ARM path (reported at the QUERY case's acquire). The QUERY path alone, and the
 * default case, are fine.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_SW_ARM_NOTIFY   CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x850, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SW_QUERY_NOTIFY CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x851, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SW_ADAPTER {
    PIRP ArmedIrp;
    ULONG Queries;
} SW_ADAPTER, *PSW_ADAPTER;

VOID
SwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    PSW_ADAPTER adapter = (PSW_ADAPTER)DeviceExtension;
    PIRP irp = (PIRP)Irp;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    KIRQL armIrql;
    KIRQL queryIrql;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SW_ARM_NOTIFY:
        IoAcquireCancelSpinLock(&armIrql);                              // ok: CancelSpinLock
        adapter->ArmedIrp = irp;
        /* missing: IoReleaseCancelSpinLock(armIrql); return; */
    case IOCTL_SW_QUERY_NOTIFY:
        IoAcquireCancelSpinLock(&queryIrql);                            // expect: CancelSpinLock
        adapter->Queries++;
        IoReleaseCancelSpinLock(queryIrql);
        irp->IoStatus.Status = adapter->ArmedIrp != NULL ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        StorPortCompleteServiceIrp(adapter, irp);
        break;
    default:
        irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        StorPortCompleteServiceIrp(adapter, irp);
        break;
    }
}

ULONG
SwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(SW_ADAPTER);
    init.HwFindAdapter = SwFindAdapter;
    init.HwInitialize = SwInitialize;
    init.HwStartIo = SwStartIo;
    init.HwProcessServiceRequest = SwProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
