// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: virtual
/*
 * False defect: a queue drained with ExInterlockedRemoveHeadList, one free per entry
 * (the entry is the first member, so no CONTAINING_RECORD is needed). The DDI has no
 * model, and the result of a call with no model is one symbol per call site: every
 * iteration "removes the same entry", so the second iteration's free is reported as a
 * double free. Each call removes a different entry (or returns NULL when the list is
 * empty). The rule's give-up on RemoveHeadList/RemoveEntryList does not cover the
 * ExInterlocked variants either.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RP_REQUEST {
    LIST_ENTRY Link;                // first member: the entry is the request
    PSCSI_REQUEST_BLOCK Srb;
} RP_REQUEST, *PRP_REQUEST;

typedef struct _RP_ADAPTER {
    LIST_ENTRY Pending;
    KSPIN_LOCK PendingLock;
} RP_ADAPTER, *PRP_ADAPTER;

static VOID
RpAbortPending(PRP_ADAPTER Adapter)
{
    PLIST_ENTRY entry;
    PRP_REQUEST request;

    while ((entry = ExInterlockedRemoveHeadList(&Adapter->Pending, &Adapter->PendingLock)) != NULL) {
        request = (PRP_REQUEST)entry;
        request->Srb->SrbStatus = SRB_STATUS_ABORTED;
        StorPortNotification(RequestComplete, Adapter, request->Srb);
        ExFreePoolWithTag(request, 'qRpR');               // ok: DoubleExFreePool
    }
}

SCSI_ADAPTER_CONTROL_STATUS
RpAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        RpAbortPending((PRP_ADAPTER)DeviceExtension);
    }
    return ScsiAdapterControlSuccess;
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    InitializeListHead(&adapter->Pending);
    KeInitializeSpinLock(&adapter->PendingLock);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN RpInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(RP_ADAPTER);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    init.HwAdapterControl = RpAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
