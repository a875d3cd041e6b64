// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: virtual
/*
 * HwStorInitialize marks every slot of an array in the (zero-filled) device extension
 * as "off" (1) in a loop. The loop is analysed to a fixpoint, so the index becomes a
 * join symbol; the constant stored at it stands for every element (the array's summary
 * element), so later reads of slot 0 or 1 see "off", not the zero fill. On the
 * harness's path (one callback after initialisation) every slot is "off" and nothing is
 * signalled.
 */

#include <ntddk.h>
#include <storport.h>

#define RP_SLOTS 4

typedef struct _RP_ADAPTER {
    ULONG SlotState[RP_SLOTS];      // 0: on, 1: off
    KEVENT WorkAvailable;
} RP_ADAPTER, *PRP_ADAPTER;

SCSI_ADAPTER_CONTROL_STATUS
RpAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PRP_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        if (adapter->SlotState[0] == 0) {
            KeSetEvent(&adapter->WorkAvailable, IO_NO_INCREMENT, FALSE);
        }
        if (adapter->SlotState[1] == 0) {
            KeSetEvent(&adapter->WorkAvailable, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent
        }
    }
    return ScsiAdapterControlSuccess;
}

BOOLEAN
RpInitialize(PVOID DeviceExtension)
{
    PRP_ADAPTER adapter = DeviceExtension;
    ULONG i;

    for (i = 0; i < RP_SLOTS; i++) {
        adapter->SlotState[i] = 1;
    }
    KeInitializeEvent(&adapter->WorkAvailable, SynchronizationEvent, FALSE);
    return TRUE;
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

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
