// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=defect
// expect-kind: physical
/*
 * A lock left held when the callback returns. The completion DPC takes the interrupt
 * lock to read the hardware's completion index, and bails out early when the index has
 * not moved ("spurious DPC") -- without releasing the lock. The DPC (the current
 * callback) exits through that `return` while holding the interrupt lock it acquired:
 * reported at that return. The normal path releases the lock before completing the
 * requests and is clean; the closing brace is not reported.
 */

#include <storport.h>

typedef struct _CPL_EXT {
    PULONG CompletionIndexRegister;
    ULONG LastIndex;
    ULONG Completed;
    STOR_DPC CompletionDpc;
} CPL_EXT, *PCPL_EXT;

VOID
CplCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PCPL_EXT ext = (PCPL_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG index;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    index = StorPortReadRegisterUlong(ext, ext->CompletionIndexRegister);
    if (index == ext->LastIndex) {
        return;  // expect: StorPortSpinLock
    }
    ext->LastIndex = index;
    StorPortReleaseSpinLock(ext, &intHandle);
    ext->Completed++;
    StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_SUCCESS);
}  // ok: StorPortSpinLock

ULONG
CplFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PCPL_EXT ext = (PCPL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, CplCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
CplInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
CplStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
CplInterrupt(PVOID DeviceExtension)
{
    PCPL_EXT ext = (PCPL_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CPL_EXT);
    init.HwFindAdapter = CplFindAdapter;
    init.HwInitialize = CplInitialize;
    init.HwStartIo = CplStartIo;
    init.HwInterrupt = CplInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
