// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=defect, StorPortSpinLock=defect
// expect-kind: physical
/*
 * Releasing through the wrong handle. The abort DPC takes its own DPC lock into
 * `dpcHandle`, then the interrupt lock into `intHandle`; when it is done it releases
 * `intHandle` and then -- a copy-paste slip -- `intHandle` again instead of `dpcHandle`.
 * After the first release `intHandle` holds nothing, so the second release goes through
 * a handle that holds no lock: StorPortSpinLock4 (and StorPortSpinLock's release clause)
 * report it at that release. The DPC lock is still held when the DPC returns, but the
 * path already stopped at the release, so no exit violation is reported on it.
 */

#include <storport.h>

typedef struct _ABT_EXT {
    ULONG AbortTag;
    ULONG Aborted;
    PULONG AbortRegister;
    STOR_DPC AbortDpc;
} ABT_EXT, *PABT_EXT;

VOID
AbtAbortDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
            PVOID SystemArgument2)
{
    PABT_EXT ext = (PABT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpcHandle;
    STOR_LOCK_HANDLE intHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->AbortDpc, &dpcHandle);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    StorPortWriteRegisterUlong(ext, ext->AbortRegister, ext->AbortTag);
    ext->Aborted++;
    StorPortReleaseSpinLock(ext, &intHandle);  // ok: StorPortSpinLock4, StorPortSpinLock
    StorPortReleaseSpinLock(ext, &intHandle);  // expect: StorPortSpinLock4, StorPortSpinLock
}  // ok: StorPortSpinLock

ULONG
AbtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PABT_EXT ext = (PABT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->AbortDpc, AbtAbortDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
AbtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
AbtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PABT_EXT ext = (PABT_EXT)DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_ABORT_COMMAND) {
        ext->AbortTag = Srb->QueueTag;
        StorPortIssueDpc(ext, &ext->AbortDpc, NULL, NULL);
    }
    return TRUE;
}

BOOLEAN
AbtInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ABT_EXT);
    init.HwFindAdapter = AbtFindAdapter;
    init.HwInitialize = AbtInitialize;
    init.HwStartIo = AbtStartIo;
    init.HwInterrupt = AbtInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
