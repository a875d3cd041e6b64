// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: virtual
/*
 * "Same object" is the same run-time value. A virtual miniport's service-request routine
 * keeps the payload pointer in a request context (a field of a heap object) and in local
 * copies. Two distinct double frees:
 *  - a validation failure frees the payload through the local copy `cursor`, then
 *    VmsReleaseRequest frees it again through `Req->Payload`;
 *  - a request dropped by VmsTraceAndDrop (which receives a by-value copy of the context
 *    and frees `Snapshot.Payload`) is then freed again through `req->Payload`.
 */

#include <ntddk.h>
#include <storport.h>

#define VMS_TAG            'qRmV'
#define IOCTL_VMS_SUBMIT   0x9C402400
#define IOCTL_VMS_DROP     0x9C402404

typedef struct _VMS_REQUEST {
    PIRP Irp;
    PUCHAR Payload;
    ULONG PayloadLength;
} VMS_REQUEST, *PVMS_REQUEST;

typedef struct _VMS_ADAPTER {
    ULONG Submitted;
    ULONG Dropped;
} VMS_ADAPTER, *PVMS_ADAPTER;

static VOID
VmsReleaseRequest(PVMS_REQUEST Req)
{
    if (Req->Payload != NULL) {
        ExFreePoolWithTag(Req->Payload, VMS_TAG);   // expect: DoubleExFreePool
    }
    ExFreePoolWithTag(Req, VMS_TAG);                // ok: DoubleExFreePool -- the context itself, freed once
}

static VOID
VmsTraceAndDrop(PVMS_ADAPTER Adapter, VMS_REQUEST Snapshot)
{
    Adapter->Dropped++;
    ExFreePoolWithTag(Snapshot.Payload, VMS_TAG);   // ok: DoubleExFreePool -- first free, through the copy
}

static BOOLEAN
VmsValidate(PUCHAR Payload, ULONG Length)
{
    return Length >= 8 && Payload[0] == 0x5A;
}

VOID
VmsProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVMS_ADAPTER adapter = DeviceExtension;
    PIRP irp = Context;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    PVMS_REQUEST req;
    PUCHAR cursor;

    irp->IoStatus.Status = STATUS_SUCCESS;
    req = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*req), VMS_TAG);
    if (req == NULL) {
        irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, irp);
        return;
    }
    req->Irp = irp;
    req->PayloadLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    req->Payload = ExAllocatePoolWithTag(NonPagedPoolNx, req->PayloadLength, VMS_TAG);
    if (req->Payload == NULL) {
        VmsReleaseRequest(req);
        irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, irp);
        return;
    }
    RtlCopyMemory(req->Payload, irp->AssociatedIrp.SystemBuffer, req->PayloadLength);

    cursor = req->Payload;
    if (!VmsValidate(cursor, req->PayloadLength)) {
        ExFreePoolWithTag(cursor, VMS_TAG);         // ok: DoubleExFreePool -- first free, through the alias
        irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
    } else if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_VMS_DROP) {
        VmsTraceAndDrop(adapter, *req);
        ExFreePoolWithTag(req->Payload, VMS_TAG);   // expect: DoubleExFreePool
        req->Payload = NULL;
    } else {
        adapter->Submitted++;
    }
    VmsReleaseRequest(req);
    StorPortCompleteServiceIrp(adapter, irp);
}

ULONG
VmsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 256;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VmsInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VmsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VMS_ADAPTER);
    init.HwFindAdapter = VmsFindAdapter;
    init.HwInitialize = VmsInitialize;
    init.HwStartIo = VmsStartIo;
    init.HwProcessServiceRequest = VmsProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
