// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: virtual
/*
 * As in SDV, a path on which the driver calls RemoveHeadList or RemoveEntryList before
 * a second free is given up and counts as passing (list-walking frees are beyond what
 * the rule tracks). HwFreeAdapterResources drains the pending list with RemoveHeadList
 * and frees each entry; the cancel path of the service-request routine unlinks a request
 * with RemoveEntryList and frees it, and the common exit then frees it again -- a real
 * double free that this rule, by its definition, does not report.
 */

#include <ntddk.h>
#include <storport.h>

#define VQ_TAG              'qPqV'
#define IOCTL_VQ_CANCEL     0x9C402408

typedef struct _VQ_REQUEST {
    LIST_ENTRY Link;
    PIRP Irp;
} VQ_REQUEST, *PVQ_REQUEST;

typedef struct _VQ_ADAPTER {
    LIST_ENTRY Pending;
    ULONG PendingCount;
} VQ_ADAPTER, *PVQ_ADAPTER;

static VOID
VqRetire(PVQ_ADAPTER Adapter, PVQ_REQUEST Request)
{
    RemoveEntryList(&Request->Link);
    Adapter->PendingCount--;
    ExFreePoolWithTag(Request, VQ_TAG);         // ok: DoubleExFreePool
}

VOID
VqProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVQ_ADAPTER adapter = DeviceExtension;
    PIRP irp = Context;
    PVQ_REQUEST request;

    request = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*request), VQ_TAG);
    if (request == NULL) {
        irp->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
        StorPortCompleteServiceIrp(adapter, irp);
        return;
    }
    request->Irp = irp;
    InsertTailList(&adapter->Pending, &request->Link);
    adapter->PendingCount++;
    if (IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.IoControlCode == IOCTL_VQ_CANCEL) {
        VqRetire(adapter, request);
        irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
        ExFreePoolWithTag(request, VQ_TAG);     // ok: DoubleExFreePool -- after RemoveEntryList the rule gives up
        StorPortCompleteServiceIrp(adapter, irp);
        return;
    }
    irp->IoStatus.Status = STATUS_PENDING;
}

VOID
VqFreeAdapterResources(PVOID DeviceExtension)
{
    PVQ_ADAPTER adapter = DeviceExtension;
    PLIST_ENTRY entry;

    while (!IsListEmpty(&adapter->Pending)) {
        entry = RemoveHeadList(&adapter->Pending);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, VQ_REQUEST, Link), VQ_TAG); // ok: DoubleExFreePool
    }
    adapter->PendingCount = 0;
}

ULONG
VqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVQ_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    InitializeListHead(&adapter->Pending);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    *Again = FALSE;
    return SP_RETURN_FOUND;
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
    init.HwProcessServiceRequest = VqProcessServiceRequest;
    init.HwFreeAdapterResources = VqFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
