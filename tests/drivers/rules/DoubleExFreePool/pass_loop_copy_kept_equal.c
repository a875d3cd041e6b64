// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * Two variables equal on every path stay equal round a loop. The completion drain
 * takes one staging buffer per completed slot and records the slot it belongs to; the
 * defensive second free only runs if the record disagrees with the slot, which it
 * never does. The loop's later rounds must not lose that equality at every block.
 */

#include <storport.h>

#define DR_TAG   'rDrD'

typedef struct _DR_EXTENSION {
    PULONG Registers;
    ULONG Completed;
    ULONG Verbose;
} DR_EXTENSION, *PDR_EXTENSION;

static VOID
DrDrain(PDR_EXTENSION Ext)
{
    ULONG slot;
    ULONG recorded;
    PVOID staging;

    Ext->Completed = StorPortReadRegisterUlong(Ext, Ext->Registers + 1);
    Ext->Verbose = StorPortReadRegisterUlong(Ext, Ext->Registers + 2);
    for (slot = 0; slot < Ext->Completed; slot++) {
        staging = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, DR_TAG);
        if (staging == NULL) {
            break;
        }
        recorded = slot;
        if (Ext->Verbose != 0) {
            StorPortWriteRegisterUlong(Ext, Ext->Registers, recorded);
            ExFreePool2(staging, DR_TAG, NULL, 0);
            if (recorded != slot) {
                ExFreePool2(staging, DR_TAG, NULL, 0);   // ok: DoubleExFreePool -- never: recorded is slot
            }
            staging = NULL;
        } else {
            ExFreePool2(staging, DR_TAG, NULL, 0);
            staging = NULL;
        }
    }
}

BOOLEAN
DrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDR_EXTENSION ext = DeviceExtension;

    DrDrain(ext);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDR_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
DrInitialize(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(DR_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = DrFindAdapter;
    init.HwInitialize = DrInitialize;
    init.HwStartIo = DrStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
