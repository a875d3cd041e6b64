// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * One STOR_LOCK_HANDLE used for two different locks in turn. The DPC first takes the
 * StartIo lock through `handle` to read the controller's done count and retire that many
 * requests from the pending count, releases it, returns early when nothing was done, and
 * otherwise reuses the same `handle` for the interrupt lock to acknowledge the
 * controller, and releases it again. A handle holds the lock its last acquire took until
 * a release through it: each release here follows an acquire through the same handle, so
 * neither goes through an empty handle, and the handle holds nothing when the DPC
 * returns. pass for both rules.
 */

#include <storport.h>

typedef struct _RU_EXT {
    ULONG Pending;
    ULONG Snapshot;
    PULONG DoneRegister;
    PULONG AckRegister;
    STOR_DPC WorkDpc;
} RU_EXT, *PRU_EXT;

VOID
RuWorkDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
          PVOID SystemArgument2)
{
    PRU_EXT ext = (PRU_EXT)DeviceExtension;
    STOR_LOCK_HANDLE handle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &handle);
    ext->Snapshot = StorPortReadRegisterUlong(ext, ext->DoneRegister);
    ext->Pending -= ext->Snapshot;
    StorPortReleaseSpinLock(ext, &handle);  // ok: StorPortSpinLock4, StorPortSpinLock
    if (ext->Snapshot == 0) {
        return;  // ok: StorPortSpinLock
    }
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &handle);  // ok: StorPortSpinLock
    StorPortWriteRegisterUlong(ext, ext->AckRegister, ext->Snapshot);
    StorPortReleaseSpinLock(ext, &handle);  // ok: StorPortSpinLock4, StorPortSpinLock
}  // ok: StorPortSpinLock

ULONG
RuFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRU_EXT ext = (PRU_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->WorkDpc, RuWorkDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
RuInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RuStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRU_EXT ext = (PRU_EXT)DeviceExtension;

    ext->Pending++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
RuInterrupt(PVOID DeviceExtension)
{
    PRU_EXT ext = (PRU_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->WorkDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RU_EXT);
    init.HwFindAdapter = RuFindAdapter;
    init.HwInitialize = RuInitialize;
    init.HwStartIo = RuStartIo;
    init.HwInterrupt = RuInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
