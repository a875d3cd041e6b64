// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * FindAdapter fills an array of per-port pointers in a loop, each port pointing back to
 * the adapter; the interrupt routine walks the array with an index of its own and tests
 * the adapter's flag through the port's back-pointer. `Ports[i]` written in one loop and
 * `Ports[p]` read in another may be the same element: the read is the pointer the loop
 * stored (unknown here), not the zero fill of the device extension underneath. Read as
 * NULL, `port->Adapter->PerMessage` would be an unknown flag and the MSI lock a false
 * defect.
 */

#include <storport.h>

#define PA_MAX_PORTS 8

typedef struct _PA_ADAPTER *PPA_ADAPTER;

typedef struct _PA_PORT {
    PPA_ADAPTER Adapter;
    ULONG Number;
    ULONG Interrupts;
} PA_PORT, *PPA_PORT;

typedef struct _PA_ADAPTER {
    BOOLEAN PerMessage;
    ULONG PortCount;
    PPA_PORT Ports[PA_MAX_PORTS];
    PA_PORT PortData[PA_MAX_PORTS];
} PA_ADAPTER;

ULONG
PaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPA_ADAPTER adapter = (PPA_ADAPTER)DeviceExtension;
    ULONG i;

    adapter->PortCount = ConfigInfo->NumberOfBuses;
    if (adapter->PortCount > PA_MAX_PORTS) {
        return SP_RETURN_NOT_FOUND;
    }
    for (i = 0; i < adapter->PortCount; i++) {
        adapter->Ports[i] = &adapter->PortData[i];
        adapter->Ports[i]->Adapter = adapter;
        adapter->Ports[i]->Number = i;
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
PaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PaInterrupt(PVOID DeviceExtension)
{
    PPA_ADAPTER adapter = (PPA_ADAPTER)DeviceExtension;
    PPA_PORT port;
    ULONG p;
    ULONG oldIrql;

    for (p = 0; p < adapter->PortCount; p++) {
        port = adapter->Ports[p];
        if (port->Adapter->PerMessage) {
            StorPortAcquireMSISpinLock(adapter, port->Number, &oldIrql);  // ok: StorPortMSILock
            port->Interrupts++;
            StorPortReleaseMSISpinLock(adapter, port->Number, oldIrql);
        } else {
            port->Interrupts++;
        }
    }
    return TRUE;
}

BOOLEAN
PaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
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
    init.DeviceExtensionSize = sizeof(PA_ADAPTER);
    init.HwFindAdapter = PaFindAdapter;
    init.HwInitialize = PaInitialize;
    init.HwInterrupt = PaInterrupt;
    init.HwStartIo = PaStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
