// check-rules: IoFreeIrp
// expect-status: IoFreeIrp=defect
// expect-kind: virtual
/*
 * A violation counts even at an exit the harness does not follow further. The virtual
 * FindAdapter allocates an IRP to query the lower device, then validates its argument
 * string and returns SP_RETURN_BAD_CONFIG on a parse error without freeing the IRP. The
 * allocation-failure exit and the synchronous query path (completion routine, wait,
 * IoFreeIrp) are correct.
 */

#include <ntddk.h>
#include <storport.h>

#define IOCTL_VQ_GET_GEOMETRY   0x9C402430

typedef struct _VQ_ADAPTER {
    PDEVICE_OBJECT Lower;
    KEVENT QueryDone;
    ULONG LunCount;
    ULONG64 Geometry[4];
} VQ_ADAPTER, *PVQ_ADAPTER;

NTSTATUS
VqQueryCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static BOOLEAN
VqParseArguments(PVQ_ADAPTER Adapter, PCHAR Arguments)
{
    if (Arguments == NULL || Arguments[0] < '1' || Arguments[0] > '8') {
        return FALSE;
    }
    Adapter->LunCount = (ULONG)(Arguments[0] - '0');
    return TRUE;
}

ULONG
VqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVQ_ADAPTER adapter = DeviceExtension;
    PIO_STACK_LOCATION next;
    PIRP irp;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    if (LowerDevice == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    adapter->Lower = LowerDevice;
    irp = IoAllocateIrp(adapter->Lower->StackSize, FALSE);
    if (irp == NULL) {
        return SP_RETURN_ERROR;                     // ok: IoFreeIrp
    }
    if (!VqParseArguments(adapter, ArgumentString)) {
        return SP_RETURN_BAD_CONFIG;                // expect: IoFreeIrp
    }
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
    next->Parameters.DeviceIoControl.IoControlCode = IOCTL_VQ_GET_GEOMETRY;
    irp->AssociatedIrp.SystemBuffer = adapter->Geometry;
    KeInitializeEvent(&adapter->QueryDone, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, VqQueryCompletion, &adapter->QueryDone, TRUE, TRUE, TRUE);
    if (IoCallDriver(adapter->Lower, irp) == STATUS_PENDING) {
        KeWaitForSingleObject(&adapter->QueryDone, Executive, KernelMode, FALSE, NULL);
    }
    IoFreeIrp(irp);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)adapter->LunCount;
    return SP_RETURN_FOUND;                         // ok: IoFreeIrp
}

BOOLEAN VqInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VQ_ADAPTER);
    init.HwFindAdapter = VqFindAdapter;
    init.HwInitialize = VqInitialize;
    init.HwStartIo = VqStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
