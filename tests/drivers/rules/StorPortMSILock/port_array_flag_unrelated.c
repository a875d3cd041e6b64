// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * The twin of port_array_back_pointer.c: the interrupt routine reaches each port through
 * the array FindAdapter filled, but takes the MSI lock under a per-port counter that
 * says nothing about the interrupt mode: with InterruptSynchronizeAll selected that is
 * a defect, found through the same array reads.
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
        if (port->Interrupts == 0) {
            StorPortAcquireMSISpinLock(adapter, port->Number, &oldIrql);  // expect: StorPortMSILock
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
