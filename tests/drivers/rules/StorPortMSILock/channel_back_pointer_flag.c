// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * The MSI-lock flag lives in the device extension, and the per-port DPC reaches it
 * through a back-pointer in its channel structure: the DPC gets the channel as
 * SystemArgument1 (a context the harness cannot build), then tests
 * `Channel->Adapter->PerPortMessages`. The harness has one adapter, so a member declared
 * as a pointer to the device extension's type is that device extension: the flag is the
 * one FindAdapter cleared when it chose InterruptSynchronizeAll, and the MSI lock is
 * never taken in that mode.
 */

#include <storport.h>

#define CB_PORTS 4

typedef struct _CB_ADAPTER *PCB_ADAPTER;

typedef struct _CB_CHANNEL {
    PCB_ADAPTER Adapter;
    ULONG Port;
    ULONG Completed;
    STOR_DPC Dpc;
} CB_CHANNEL, *PCB_CHANNEL;

typedef struct _CB_ADAPTER {
    BOOLEAN PerPortMessages;
    CB_CHANNEL Channels[CB_PORTS];
} CB_ADAPTER;

VOID CbChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                  PVOID SystemArgument2);

ULONG
CbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCB_ADAPTER adapter = (PCB_ADAPTER)DeviceExtension;
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG messages = 0;

    while (StorPortGetMSIInfo(adapter, messages, &info) == STOR_STATUS_SUCCESS) {
        messages++;
    }
    if (messages >= CB_PORTS) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
        adapter->PerPortMessages = TRUE;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
        adapter->PerPortMessages = FALSE;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CbInitialize(PVOID DeviceExtension)
{
    PCB_ADAPTER adapter = (PCB_ADAPTER)DeviceExtension;
    ULONG i;

    for (i = 0; i < CB_PORTS; i++) {
        adapter->Channels[i].Adapter = adapter;
        adapter->Channels[i].Port = i;
        StorPortInitializeDpc(adapter, &adapter->Channels[i].Dpc, CbChannelDpc);
    }
    return TRUE;
}

VOID
CbChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
             PVOID SystemArgument2)
{
    PCB_CHANNEL channel = (PCB_CHANNEL)SystemArgument1;
    STOR_LOCK_HANDLE lock;
    ULONG oldIrql;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if (channel->Adapter->PerPortMessages) {
        StorPortAcquireMSISpinLock(channel->Adapter, channel->Port, &oldIrql);  // ok: StorPortMSILock
        channel->Completed++;
        StorPortReleaseMSISpinLock(channel->Adapter, channel->Port, oldIrql);
    } else {
        StorPortAcquireSpinLock(channel->Adapter, InterruptLock, NULL, &lock);
        channel->Completed++;
        StorPortReleaseSpinLock(channel->Adapter, &lock);
    }
}

BOOLEAN
CbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCB_ADAPTER adapter = (PCB_ADAPTER)DeviceExtension;
    PCB_CHANNEL channel = &adapter->Channels[Srb->PathId % CB_PORTS];

    StorPortIssueDpc(adapter, &channel->Dpc, channel, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CB_ADAPTER);
    init.HwFindAdapter = CbFindAdapter;
    init.HwInitialize = CbInitialize;
    init.HwStartIo = CbStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
