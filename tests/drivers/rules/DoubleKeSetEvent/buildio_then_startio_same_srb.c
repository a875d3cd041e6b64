// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * HwStorBuildIo then HwStorStartIo on the same SRB. BuildIo marks the SRB's extension
 * "announced" and signals the adapter's IoStarted event for every request it passes on
 * (returning TRUE); StartIo signals IoStarted again for an announced request. That
 * second set only exists on the BuildIo-then-StartIo path: StartIo sees what BuildIo
 * wrote into the SRB extension.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _BX_SRB_EXT {
    BOOLEAN Announced;
} BX_SRB_EXT, *PBX_SRB_EXT;

typedef struct _BX_ADAPTER {
    KEVENT IoStarted;
} BX_ADAPTER, *PBX_ADAPTER;

BOOLEAN
BxBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBX_ADAPTER adapter = DeviceExtension;
    PBX_SRB_EXT srbExt = Srb->SrbExtension;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return FALSE;
    }
    srbExt->Announced = TRUE;
    KeSetEvent(&adapter->IoStarted, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- first set
    return TRUE;
}

BOOLEAN
BxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBX_ADAPTER adapter = DeviceExtension;
    PBX_SRB_EXT srbExt = Srb->SrbExtension;

    if (srbExt->Announced) {
        KeSetEvent(&adapter->IoStarted, IO_NO_INCREMENT, FALSE);    // expect: DoubleKeSetEvent
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
BxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    KeInitializeEvent(&adapter->IoStarted, NotificationEvent, FALSE);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
BxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(BX_ADAPTER);
    init.SrbExtensionSize = sizeof(BX_SRB_EXT);
    init.HwFindAdapter = BxFindAdapter;
    init.HwInitialize = BxInitialize;
    init.HwBuildIo = BxBuildIo;
    init.HwStartIo = BxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
