// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * A `switch` on the IOCTL code inside a queued-lock region. The virtual miniport's
 * device-control hook takes `TargetLock` (KeAcquireInStackQueuedSpinLock) and switches
 * on the control code. The ADD and REMOVE cases `break` to the common release and
 * completion; the GET_COUNT case, added later, completes the IRP in the case and
 * returns -- releasing only after IoCompleteRequest: the violation. The default case
 * releases before forwarding to Storport's routine (fine).
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_SW_ADD_TARGET    CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SW_REMOVE_TARGET CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x831, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SW_GET_COUNT     CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x832, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SI_ADAPTER {
    KSPIN_LOCK TargetLock;
    ULONG Targets;
} SI_ADAPTER, *PSI_ADAPTER;

static PSI_ADAPTER SiAdapter;
static PDRIVER_DISPATCH SiStorPortDeviceControl;

NTSTATUS
SiDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KLOCK_QUEUE_HANDLE handle;
    NTSTATUS status = STATUS_SUCCESS;

    if (SiAdapter == NULL) {
        return SiStorPortDeviceControl(DeviceObject, Irp);
    }
    KeAcquireInStackQueuedSpinLock(&SiAdapter->TargetLock, &handle);
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SW_ADD_TARGET:
        SiAdapter->Targets++;
        break;
    case IOCTL_SW_REMOVE_TARGET:
        if (SiAdapter->Targets == 0) {
            status = STATUS_NOT_FOUND;
        } else {
            SiAdapter->Targets--;
        }
        break;
    case IOCTL_SW_GET_COUNT:
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = SiAdapter->Targets;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = sizeof(ULONG);
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // expect: SpinLockSafe
        KeReleaseInStackQueuedSpinLock(&handle);
        return STATUS_SUCCESS;
    default:
        KeReleaseInStackQueuedSpinLock(&handle);
        return SiStorPortDeviceControl(DeviceObject, Irp);
    }
    KeReleaseInStackQueuedSpinLock(&handle);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe
    return status;
}

ULONG
SiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PSI_ADAPTER adapter = (PSI_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TargetLock);
    ConfigInfo->VirtualDevice = TRUE;
    SiAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(SI_ADAPTER);
    init.HwFindAdapter = SiFindAdapter;
    init.HwInitialize = SiInitialize;
    init.HwStartIo = SiStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        SiStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SiDeviceControl;
    }
    return status;
}
