// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=defect, StorPortSpinLock4=defect
// expect-kind: physical
/*
 * goto-cleanup that releases too much. A full-duplex StartIo validates the SRB and, on
 * failure, jumps to a common `Done:` label that releases the interrupt lock and
 * completes the request. The interrupt lock is only taken after validation, so on the
 * "invalid LUN" path the release goes through a handle that holds no lock: a violation
 * at the release, reported by both StorPortSpinLock and StorPortSpinLock4 (the rules
 * overlap there on purpose). The success path (lock taken, then the same release) is
 * clean. StorPortSpinLock's "held at exit" clause does not fire: every path that took
 * the lock releases it.
 */

#include <storport.h>

#define FDX_MAX_LUNS 8

typedef struct _FDX_EXT {
    PULONG CommandPort;
    ULONG Issued;
} FDX_EXT, *PFDX_EXT;

ULONG
FdxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
FdxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
FdxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFDX_EXT ext = (PFDX_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    if (Srb->Lun >= FDX_MAX_LUNS) {
        Srb->SrbStatus = SRB_STATUS_INVALID_LUN;
        goto Done;
    }
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    StorPortWriteRegisterUlong(ext, ext->CommandPort, Srb->QueueTag);
    ext->Issued++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;

Done:
    StorPortReleaseSpinLock(ext, &intHandle);  // expect: StorPortSpinLock, StorPortSpinLock4
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
FdxInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(FDX_EXT);
    init.HwFindAdapter = FdxFindAdapter;
    init.HwInitialize = FdxInitialize;
    init.HwStartIo = FdxStartIo;
    init.HwInterrupt = FdxInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
