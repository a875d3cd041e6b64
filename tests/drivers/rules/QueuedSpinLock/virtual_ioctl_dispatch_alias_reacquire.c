// check-rules: QueuedSpinLock
// expect-status: QueuedSpinLock=defect
// expect-kind: virtual
/*
 * A virtual miniport installs its own IRP_MJ_DEVICE_CONTROL dispatch routine after
 * StorPortInitialize and reaches its adapter through a global set in HwStorFindAdapter.
 * The dispatch routine takes the target-table lock through a local alias
 * (`PKSPIN_LOCK tableLock = &VdAdapter->TargetTableLock`) and, for
 * IOCTL_VD_REMOVE_TARGET, calls VdUnlinkTarget, which takes `&Adapter->TargetTableLock`
 * -- the same KSPIN_LOCK object under another spelling -- through its own handle: a
 * re-acquire. The create-target path calls VdAllocTargetId, which takes the id-pool lock,
 * a different lock: fine. Other major functions go to the Storport routine the driver
 * saved.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VD_CREATE_TARGET CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_VD_REMOVE_TARGET CTL_CODE(FILE_DEVICE_MASS_STORAGE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _VD_ADAPTER {
    KSPIN_LOCK TargetTableLock;
    KSPIN_LOCK IdPoolLock;
    ULONG TargetMask;
    ULONG NextId;
} VD_ADAPTER, *PVD_ADAPTER;

static PVD_ADAPTER VdAdapter;
static PDRIVER_DISPATCH VdStorPortDeviceControl;

static ULONG
VdAllocTargetId(PVD_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE handle;
    ULONG id;

    KeAcquireInStackQueuedSpinLock(&Adapter->IdPoolLock, &handle);      // ok: QueuedSpinLock
    id = Adapter->NextId++ & 31;
    KeReleaseInStackQueuedSpinLock(&handle);
    return id;
}

static VOID
VdUnlinkTarget(PVD_ADAPTER Adapter, ULONG Id)
{
    KLOCK_QUEUE_HANDLE handle;

    KeAcquireInStackQueuedSpinLock(&Adapter->TargetTableLock, &handle); // expect: QueuedSpinLock
    Adapter->TargetMask &= ~(1u << Id);
    KeReleaseInStackQueuedSpinLock(&handle);
}

NTSTATUS
VdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PKSPIN_LOCK tableLock;
    KLOCK_QUEUE_HANDLE handle;
    PULONG id = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (VdAdapter == NULL) {
        return VdStorPortDeviceControl(DeviceObject, Irp);
    }
    tableLock = &VdAdapter->TargetTableLock;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VD_CREATE_TARGET:
        *id = VdAllocTargetId(VdAdapter);
        KeAcquireInStackQueuedSpinLock(tableLock, &handle);
        VdAdapter->TargetMask |= 1u << *id;
        KeReleaseInStackQueuedSpinLock(&handle);
        Irp->IoStatus.Information = sizeof(ULONG);
        break;
    case IOCTL_VD_REMOVE_TARGET:
        KeAcquireInStackQueuedSpinLock(tableLock, &handle);
        if (VdAdapter->TargetMask & (1u << (*id & 31))) {
            VdUnlinkTarget(VdAdapter, *id & 31);
        } else {
            status = STATUS_NOT_FOUND;
        }
        KeReleaseInStackQueuedSpinLock(&handle);
        break;
    default:
        return VdStorPortDeviceControl(DeviceObject, Irp);
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

ULONG
VdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TargetTableLock);
    KeInitializeSpinLock(&adapter->IdPoolLock);
    ConfigInfo->VirtualDevice = TRUE;
    VdAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VD_ADAPTER);
    init.HwFindAdapter = VdFindAdapter;
    init.HwInitialize = VdInitialize;
    init.HwStartIo = VdStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        VdStorPortDeviceControl = DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL];
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VdDeviceControl;
    }
    return status;
}
