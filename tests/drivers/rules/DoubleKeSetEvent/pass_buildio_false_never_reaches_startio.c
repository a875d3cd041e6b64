// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: physical
/*
 * The twin of buildio_then_startio_same_srb.c: BuildIo signals IoStarted only for a
 * request it completes itself (returning FALSE), and StartIo runs only for the SRBs
 * BuildIo returned TRUE for, so StartIo's set is always the first. Running StartIo on
 * its own, on a fresh SRB, would not know that BuildIo never passes it an announced
 * one; running it after a FALSE BuildIo would report a set that cannot happen.
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
        srbExt->Announced = TRUE;
        KeSetEvent(&adapter->IoStarted, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return FALSE;
    }
    srbExt->Announced = FALSE;
    return TRUE;
}

BOOLEAN
BxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBX_ADAPTER adapter = DeviceExtension;
    PBX_SRB_EXT srbExt = Srb->SrbExtension;

    KeSetEvent(&adapter->IoStarted, IO_NO_INCREMENT, FALSE);        // ok: DoubleKeSetEvent
    if (srbExt->Announced) {
        KeSetEvent(&adapter->IoStarted, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent
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
