// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * A loop: the multipath health timer allocates one probe IRP per path, but tests
 * whether the path is online only after the allocation and `continue`s past an offline
 * path without freeing. The next iteration overwrites `irp`, so the leaked IRP is no
 * longer named by any variable -- the obligation belongs to the allocated IRP, not to
 * the variable, and is still open when the timer falls off its end.
 */

#include <ntddk.h>
#include <storport.h>

#define VMP_PATHS           4
#define IOCTL_VMP_PROBE     0x9C40242C

typedef struct _VMP_PATH {
    BOOLEAN Online;
    ULONG Failures;
} VMP_PATH, *PVMP_PATH;

typedef struct _VMP_ADAPTER {
    PDEVICE_OBJECT Lower;
    VMP_PATH Paths[VMP_PATHS];
} VMP_ADAPTER, *PVMP_ADAPTER;

NTSTATUS
VmpProbeCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PVMP_PATH path = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (!NT_SUCCESS(Irp->IoStatus.Status)) {
        path->Failures++;
    }
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

VOID
VmpHealthTimer(PVOID DeviceExtension)
{
    PVMP_ADAPTER adapter = DeviceExtension;
    PIO_STACK_LOCATION next;
    PIRP irp;
    ULONG i;

    for (i = 0; i < VMP_PATHS; i++) {
        irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
        if (irp == NULL) {
            break;
        }
        if (!adapter->Paths[i].Online) {
            continue;
        }
        next = IoGetNextIrpStackLocation(irp);
        next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
        next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VMP_PROBE;
        IoSetCompletionRoutine(irp, VmpProbeCompletion, &adapter->Paths[i], TRUE, TRUE, TRUE);
        IoCallDriver(adapter->Lower, irp);
    }
    StorPortNotification(RequestTimerCall, adapter, VmpHealthTimer, 5000000);
}                                                   // expect: IoFreeIrp

ULONG
VmpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVMP_ADAPTER adapter = DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    if (LowerDevice == NULL || ArgumentString == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    for (i = 0; i < VMP_PATHS; i++) {
        adapter->Paths[i].Online = ArgumentString[i] == '1';     /* e.g. "1101" */
    }
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VmpInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, VmpHealthTimer, 5000000);
    return TRUE;
}

BOOLEAN
VmpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VMP_ADAPTER);
    init.HwFindAdapter = VmpFindAdapter;
    init.HwInitialize = VmpInitialize;
    init.HwStartIo = VmpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
