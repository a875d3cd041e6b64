// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=defect
// expect-kind: physical
/*
 * A violation inside a routine whose path then stops. HwStorFindAdapter takes the
 * interrupt lock around the controller handshake (StorPortSpinLock does not judge
 * whether FindAdapter may take it -- that is StorPortSpinLock3's clause 3 -- it only
 * tracks what is held). When the handshake times out it returns SP_RETURN_ERROR from
 * inside the locked region. The harness stops following a path whose FindAdapter does
 * not return SP_RETURN_FOUND, but the violation on it still counts: FindAdapter (the
 * current callback) exits while holding the lock it acquired, reported at that
 * `return SP_RETURN_ERROR`. The success exit releases the lock first and is clean.
 */

#include <storport.h>

#define HS_READY  0x80000000
#define HS_TRIES  100

typedef struct _HS_EXT {
    PULONG Doorbell;
    PULONG Status;
    ULONG FirmwareVersion;
} HS_EXT, *PHS_EXT;

ULONG
HsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHS_EXT ext = (PHS_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG tries;
    ULONG status = 0;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    StorPortWriteRegisterUlong(ext, ext->Doorbell, 1);
    for (tries = 0; tries < HS_TRIES; tries++) {
        status = StorPortReadRegisterUlong(ext, ext->Status);
        if ((status & HS_READY) != 0) {
            break;
        }
        StorPortStallExecution(10);
    }
    if ((status & HS_READY) == 0) {
        return SP_RETURN_ERROR;  // expect: StorPortSpinLock
    }
    ext->FirmwareVersion = status & 0xFFFF;
    StorPortReleaseSpinLock(ext, &intHandle);
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;  // ok: StorPortSpinLock
}

BOOLEAN
HsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
HsInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(HS_EXT);
    init.HwFindAdapter = HsFindAdapter;
    init.HwInitialize = HsInitialize;
    init.HwStartIo = HsStartIo;
    init.HwInterrupt = HsInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
