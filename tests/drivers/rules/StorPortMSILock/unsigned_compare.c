// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * False defect: unsigned values are treated as unbounded signed integers. FindAdapter
 * derives the highest implemented port from a register (a ULONG, 0..31) and selects
 * per-message synchronisation only when the interrupts are message-signaled. HwInitialize
 * counts the MSI messages -- none when the adapter runs line-based (InterruptMode is not
 * Latched: the StorPortGetMSIInfo model fails) -- and sets MessagePerPort when
 * `count > HighestPort`. With count == 0 that is `0 > HighestPort`, never true for an
 * unsigned HighestPort, but the tool lets HighestPort be negative, sets MessagePerPort on
 * a line-based adapter (InterruptSynchronizeAll) and reports the MSI lock taken under it.
 * (storahci: GetInterruptMode, src/entrypts.c:203, with messageCount 0 in dump mode or
 * when GHC.MRSM is set; reported on src/util.h:973 from the HW_TIMER P_Running_Callback.)
 */

#include <storport.h>

typedef struct _RP_EXT {
    PULONG Registers;
    ULONG HighestPort;
    BOOLEAN MessagePerPort;
    ULONG Busy[32];
} RP_EXT, *PRP_EXT;

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRP_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = (PULONG)HwContext;
    ext->HighestPort = StorPortReadRegisterUlong(ext, ext->Registers) & 0x1F;
    if (ConfigInfo->InterruptMode == Latched) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    return SP_RETURN_FOUND;
}

BOOLEAN
RpInitialize(PVOID DeviceExtension)
{
    PRP_EXT ext = DeviceExtension;
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG count = 0;

    while (StorPortGetMSIInfo(ext, count, &info) == STOR_STATUS_SUCCESS) {
        count++;
    }
    ext->MessagePerPort = (count > ext->HighestPort) ? TRUE : FALSE;
    return TRUE;
}

BOOLEAN
RpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRP_EXT ext = DeviceExtension;
    ULONG port = Srb->PathId & 0x1F;
    ULONG oldIrql;
    STOR_LOCK_HANDLE lock;

    if (ext->MessagePerPort) {
        StorPortAcquireMSISpinLock(ext, port, &oldIrql);      // ok: StorPortMSILock
        ext->Busy[port]++;
        StorPortReleaseMSISpinLock(ext, port, oldIrql);
    } else {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &lock);
        ext->Busy[port]++;
        StorPortReleaseSpinLock(ext, &lock);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RP_EXT);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    init.HwStartIo = RpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
