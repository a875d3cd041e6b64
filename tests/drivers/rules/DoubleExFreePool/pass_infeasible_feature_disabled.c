// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * The monitored frees are reachable in the call graph but on no feasible path, so the
 * verdict is `pass`, not `not_applicable`. The host memory buffer (HMB) release helper
 * frees the descriptor list twice (a real bug), but it only runs when ext->HmbEnabled is
 * set, and the only write to that field stores FALSE (HMB is disabled on this firmware).
 */

#include <storport.h>

#define NVH_TAG 'bmHN'

typedef struct _NVH_EXTENSION {
    PULONG Registers;
    BOOLEAN HmbEnabled;
    PULONG64 HmbDescriptors;
    PVOID HmbChunks;
} NVH_EXTENSION, *PNVH_EXTENSION;

static VOID
NvhReleaseHostMemoryBuffer(PNVH_EXTENSION Ext)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + 9, 0);
    ExFreePoolWithTag(Ext->HmbDescriptors, NVH_TAG);    // ok: DoubleExFreePool -- never runs
    ExFreePoolWithTag(Ext->HmbChunks, NVH_TAG);         // ok: DoubleExFreePool -- never runs
    ExFreePoolWithTag(Ext->HmbDescriptors, NVH_TAG);    // ok: DoubleExFreePool -- would be a double free
}

ULONG
NvhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PNVH_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x4000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    /* HMB is broken in every shipping firmware revision: keep it off. */
    ext->HmbEnabled = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
NvhAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PNVH_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter && ext->HmbEnabled) {
        NvhReleaseHostMemoryBuffer(ext);
    }
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVH_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = NvhFindAdapter;
    init.HwInitialize = NvhInitialize;
    init.HwStartIo = NvhStartIo;
    init.HwAdapterControl = NvhAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
