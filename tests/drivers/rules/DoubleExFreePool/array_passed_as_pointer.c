// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * An array's name is its address (C's array-to-pointer decay): a helper handed `slots`
 * or `Ext->Spare` frees the very blocks the caller holds in the array's elements. Two
 * double frees:
 *  - StartIo passes a local array of buffers to a release helper and then frees the
 *    first buffer again through the array;
 *  - AdapterControl passes the device extension's array member to the same helper and
 *    frees its first element again.
 */

#include <ntddk.h>
#include <storport.h>

#define AP_TAG 'pAdD'

typedef struct _AP_EXTENSION {
    PVOID Spare[2];
    ULONG Requests;
} AP_EXTENSION, *PAP_EXTENSION;

static VOID
ApReleaseFirst(PVOID *Slots)
{
    ExFreePoolWithTag(Slots[0], AP_TAG);
}

BOOLEAN
ApStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAP_EXTENSION ext = DeviceExtension;
    PVOID slots[2];

    slots[0] = ExAllocatePoolWithTag(NonPagedPoolNx, 512, AP_TAG);
    if (slots[0] != NULL) {
        ext->Requests++;
        ApReleaseFirst(slots);
        ExFreePoolWithTag(slots[0], AP_TAG);   // expect: DoubleExFreePool
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
ApAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PAP_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter && ext->Spare[0] != NULL) {
        ApReleaseFirst(ext->Spare);
        ExFreePoolWithTag(ext->Spare[0], AP_TAG);   // expect: DoubleExFreePool
    }
    return ScsiAdapterControlSuccess;
}

ULONG
ApFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAP_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    ext->Spare[0] = ExAllocatePoolWithTag(NonPagedPoolNx, 4096, AP_TAG);
    return SP_RETURN_FOUND;
}

BOOLEAN
ApInitialize(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(AP_EXTENSION);
    init.HwFindAdapter = ApFindAdapter;
    init.HwInitialize = ApInitialize;
    init.HwStartIo = ApStartIo;
    init.HwAdapterControl = ApAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
