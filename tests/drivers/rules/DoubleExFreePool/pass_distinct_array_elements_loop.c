// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * Distinct blocks freed by the same statement in a loop. A multi-queue controller keeps
 * one completion ring per queue in an array of the device extension; FindAdapter
 * allocates them in a loop (unwinding what it allocated when one allocation fails) and
 * HwStorAdapterControl(ScsiStopAdapter) frees them in a loop. The free on each line runs
 * several times, but never twice on the same block.
 */

#include <storport.h>

#define MQ_TAG          'gRqM'
#define MQ_QUEUES       4
#define MQ_RING_BYTES   (16 * PAGE_SIZE)

typedef struct _MQ_EXTENSION {
    PULONG Registers;
    PVOID Rings[MQ_QUEUES];
    ULONG RingCount;
} MQ_EXTENSION, *PMQ_EXTENSION;

static VOID
MqFreeRings(PMQ_EXTENSION Ext, ULONG Count)
{
    ULONG i = Count;

    while (i > 0) {
        i--;
        ExFreePoolWithTag(Ext->Rings[i], MQ_TAG);   // ok: DoubleExFreePool -- unwinding, one block per index
        Ext->Rings[i] = NULL;
    }
}

ULONG
MqFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMQ_EXTENSION ext = DeviceExtension;
    ULONG i;

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
    for (i = 0; i < MQ_QUEUES; i++) {
        ext->Rings[i] = ExAllocatePoolWithTag(NonPagedPoolNx, MQ_RING_BYTES, MQ_TAG);
        if (ext->Rings[i] == NULL) {
            MqFreeRings(ext, i);
            return SP_RETURN_ERROR;
        }
    }
    ext->RingCount = MQ_QUEUES;
    return SP_RETURN_FOUND;
}

BOOLEAN
MqInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MqStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
MqAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PMQ_EXTENSION ext = DeviceExtension;
    ULONG q;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiStopAdapter) {
        return ScsiAdapterControlSuccess;
    }
    for (q = 0; q < ext->RingCount; q++) {
        ExFreePoolWithTag(ext->Rings[q], MQ_TAG);   // ok: DoubleExFreePool -- distinct element each iteration
    }
    ext->RingCount = 0;
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MQ_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = MqFindAdapter;
    init.HwInitialize = MqInitialize;
    init.HwStartIo = MqStartIo;
    init.HwAdapterControl = MqAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
