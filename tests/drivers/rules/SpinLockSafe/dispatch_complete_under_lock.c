// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * IoCompleteRequest inside a KeAcquireSpinLock region. A virtual miniport installs its
 * own IRP_MJ_DEVICE_CONTROL routine (after StorPortInitialize, saving Storport's). For
 * its "query session" IOCTL it takes `SessionLock`, and when the session id in the
 * buffer is unknown it completes the IRP with STATUS_INVALID_PARAMETER *before*
 * releasing: completion routines then run at DISPATCH_LEVEL inside the lock. The
 * violation is that IoCompleteRequest; the success path releases first and completes
 * outside the lock (fine).
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VS_QUERY_SESSION CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define VS_SESSIONS 8

typedef struct _VS_ADAPTER {
    KSPIN_LOCK SessionLock;
    ULONG SessionState[VS_SESSIONS];
    ULONG SessionCount;
} VS_ADAPTER, *PVS_ADAPTER;

static PVS_ADAPTER VsAdapter;
static PDRIVER_DISPATCH VsStorPortDeviceControl;

NTSTATUS
VsDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PULONG buffer = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    KIRQL oldIrql;
    ULONG session;

    if (VsAdapter == NULL ||
        stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_VS_QUERY_SESSION) {
        return VsStorPortDeviceControl(DeviceObject, Irp);
    }

    session = buffer[0];
    KeAcquireSpinLock(&VsAdapter->SessionLock, &oldIrql);
    if (session >= VsAdapter->SessionCount) {
        Irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);            // expect: SpinLockSafe
        KeReleaseSpinLock(&VsAdapter->SessionLock, oldIrql);
        return STATUS_INVALID_PARAMETER;
    }
    buffer[0] = VsAdapter->SessionState[session];
    KeReleaseSpinLock(&VsAdapter->SessionLock, oldIrql);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = sizeof(ULONG);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe -- released above
    return STATUS_SUCCESS;
}

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->SessionLock);
    adapter->SessionCount = 2;
    ConfigInfo->VirtualDevice = TRUE;
    VsAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VS_ADAPTER);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        VsStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VsDeviceControl;
    }
    return status;
}
