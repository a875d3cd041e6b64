// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=pass
// expect-kind: physical
/*
 * Two DPCs, two locks. Each port of a dual-port controller has its own STOR_DPC, and the
 * DPC lock is per DPC object. On a unit "stop" the failover code in HwStorUnitControl
 * takes port 0's DPC lock and, while holding it, port 1's DPC lock, to move the
 * outstanding requests from one port to the other; then it releases both. The two
 * acquires name two different DPC objects (&DevExt->Port[0].Dpc, &DevExt->Port[1].Dpc),
 * so nothing is re-acquired. The port DPC (one routine for both ports; SystemArgument1
 * says which port) takes its port's lock through a pointer to the port structure. Every
 * lock is released before the callback returns: pass.
 */

#include <storport.h>

typedef struct _PORT {
    STOR_DPC Dpc;
    ULONG Outstanding;
    ULONG Index;
} PORT, *PPORT;

typedef struct _DP_EXT {
    PORT Port[2];
    ULONG Failovers;
} DP_EXT, *PDP_EXT;

static VOID
DpMoveRequests(PPORT From, PPORT To)
{
    To->Outstanding += From->Outstanding;
    From->Outstanding = 0;
}

SCSI_UNIT_CONTROL_STATUS
DpUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
              PVOID Parameters)
{
    PDP_EXT ext = (PDP_EXT)DeviceExtension;
    STOR_LOCK_HANDLE port0Handle;
    STOR_LOCK_HANDLE port1Handle;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiUnitStop) {
        return ScsiUnitControlUnsuccessful;
    }
    StorPortAcquireSpinLock(ext, DpcLock, &ext->Port[0].Dpc, &port0Handle);  // ok: StorPortSpinLock
    StorPortAcquireSpinLock(ext, DpcLock, &ext->Port[1].Dpc, &port1Handle);  // ok: StorPortSpinLock -- the other DPC's lock
    DpMoveRequests(&ext->Port[0], &ext->Port[1]);
    ext->Failovers++;
    StorPortReleaseSpinLock(ext, &port1Handle);
    StorPortReleaseSpinLock(ext, &port0Handle);
    return ScsiUnitControlSuccess;
}

VOID
DpPortDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
          PVOID SystemArgument2)
{
    PDP_EXT ext = (PDP_EXT)DeviceExtension;
    PPORT port = &ext->Port[1];
    STOR_LOCK_HANDLE portHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument2);
    if (SystemArgument1 == NULL) {
        port = &ext->Port[0];
    }
    StorPortAcquireSpinLock(ext, DpcLock, &port->Dpc, &portHandle);  // ok: StorPortSpinLock
    port->Outstanding = 0;
    StorPortReleaseSpinLock(ext, &portHandle);
}

ULONG
DpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDP_EXT ext = (PDP_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Port[0].Index = 0;
    ext->Port[1].Index = 1;
    StorPortInitializeDpc(ext, &ext->Port[0].Dpc, DpPortDpc);
    StorPortInitializeDpc(ext, &ext->Port[1].Dpc, DpPortDpc);
    ConfigInfo->NumberOfBuses = 2;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
DpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDP_EXT ext = (PDP_EXT)DeviceExtension;

    ext->Port[Srb->PathId & 1].Outstanding++;
    return TRUE;
}

BOOLEAN
DpInterrupt(PVOID DeviceExtension)
{
    PDP_EXT ext = (PDP_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->Port[0].Dpc, NULL, NULL);
    StorPortIssueDpc(ext, &ext->Port[1].Dpc, ext, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(DP_EXT);
    init.HwFindAdapter = DpFindAdapter;
    init.HwInitialize = DpInitialize;
    init.HwStartIo = DpStartIo;
    init.HwInterrupt = DpInterrupt;
    init.HwUnitControl = DpUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
