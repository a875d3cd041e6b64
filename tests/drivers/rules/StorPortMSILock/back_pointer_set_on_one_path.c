// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * FindAdapter allocates the secondary channel's state from pool and links it back to the
 * adapter only when the bus reports more than one channel; StartIo reaches the MSI flag
 * through that back-pointer. Where the two FindAdapter paths meet, the member holds the
 * device extension on one and was never written on the other, where it reads as the
 * device extension too (the harness has one adapter): the join keeps it, so the flag
 * StartIo tests is still the one FindAdapter cleared when it chose
 * InterruptSynchronizeAll.
 */

#include <storport.h>

typedef struct _BP_ADAPTER *PBP_ADAPTER;

typedef struct _BP_CHANNEL {
    PBP_ADAPTER Adapter;
    ULONG Port;
    ULONG Issued;
} BP_CHANNEL, *PBP_CHANNEL;

typedef struct _BP_ADAPTER {
    BOOLEAN PerMessage;
    PBP_CHANNEL Secondary;
} BP_ADAPTER;

ULONG
BpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBP_ADAPTER adapter = (PBP_ADAPTER)DeviceExtension;
    PVOID block = NULL;

    if (StorPortAllocatePool(adapter, sizeof(BP_CHANNEL), 'lChB', &block) != STOR_STATUS_SUCCESS
        || block == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->Secondary = (PBP_CHANNEL)block;
    if (ConfigInfo->NumberOfBuses > 1) {
        adapter->Secondary->Adapter = adapter;
        adapter->Secondary->Port = 1;
    }
    if (ConfigInfo->InterruptMode == Latched) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
        adapter->PerMessage = TRUE;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
BpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
BpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBP_ADAPTER adapter = (PBP_ADAPTER)DeviceExtension;
    PBP_CHANNEL channel = adapter->Secondary;
    ULONG oldIrql;

    if (channel->Adapter->PerMessage) {
        StorPortAcquireMSISpinLock(adapter, channel->Port, &oldIrql);  // ok: StorPortMSILock
        channel->Issued++;
        StorPortReleaseMSISpinLock(adapter, channel->Port, oldIrql);
    } else {
        channel->Issued++;
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(BP_ADAPTER);
    init.HwFindAdapter = BpFindAdapter;
    init.HwInitialize = BpInitialize;
    init.HwStartIo = BpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
