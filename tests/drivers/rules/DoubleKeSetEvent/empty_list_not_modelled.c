// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: virtual
/*
 * False defect: InitializeListHead has no model. HwStorFindAdapter initialises the
 * device list (Flink = Blink = &head: empty), then calls a helper that asks for a rescan
 * if any device is already on the list, and then asks for the initial rescan itself.
 * Without a model the tool does not know that Flink == &head after InitializeListHead,
 * so it lets the helper find a device and reports the second KeSetEvent on the rescan
 * event. The list is empty: the event is set once. (In wnbd the device list is
 * likewise empty on every harness path -- devices are only added by a later IOCTL --
 * but the tool walks it, finds a device and reports a double KeSetEvent on it.)
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _RP_ADAPTER {
    LIST_ENTRY Devices;
    KEVENT Rescan;
} RP_ADAPTER, *PRP_ADAPTER;

static VOID
RpRescanIfDevices(PRP_ADAPTER Adapter)
{
    if (Adapter->Devices.Flink != &Adapter->Devices) {
        KeSetEvent(&Adapter->Rescan, IO_NO_INCREMENT, FALSE);
    }
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
    InitializeListHead(&adapter->Devices);
    KeInitializeEvent(&adapter->Rescan, SynchronizationEvent, FALSE);
    RpRescanIfDevices(adapter);
    KeSetEvent(&adapter->Rescan, IO_NO_INCREMENT, FALSE);       // ok: DoubleKeSetEvent
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
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
