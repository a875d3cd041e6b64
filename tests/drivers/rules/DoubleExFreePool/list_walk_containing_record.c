// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: virtual
/*
 * False defect: a list walk that frees one buffer per element. Each element is reached
 * with CONTAINING_RECORD, a WDK macro the driver does not define, so the tool treats it
 * as a call to an unknown function. The result of an unknown call is one symbol per call
 * site (whatever its arguments), so the second iteration's element is "the same object"
 * as the first's and its Buffer "the same block": a double free is reported on the free.
 * Distinct list entries give distinct elements; nothing is freed twice.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RP_LUN {
    LIST_ENTRY Link;
    PVOID Buffer;
} RP_LUN, *PRP_LUN;

typedef struct _RP_ADAPTER {
    LIST_ENTRY Luns;
} RP_ADAPTER, *PRP_ADAPTER;

static VOID
RpFreeLunBuffers(PRP_ADAPTER Adapter)
{
    PLIST_ENTRY entry;
    PRP_LUN lun;

    for (entry = Adapter->Luns.Flink; entry != &Adapter->Luns; entry = entry->Flink) {
        lun = CONTAINING_RECORD(entry, RP_LUN, Link);
        ExFreePoolWithTag(lun->Buffer, 'pRpR');          // ok: DoubleExFreePool
    }
}

SCSI_ADAPTER_CONTROL_STATUS
RpAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        RpFreeLunBuffers((PRP_ADAPTER)DeviceExtension);
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
    InitializeListHead(&adapter->Luns);
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
