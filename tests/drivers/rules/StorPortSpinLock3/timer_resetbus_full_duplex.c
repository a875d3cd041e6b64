// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * Full duplex. FindAdapter sets ConfigInfo->SynchronizationModel =
 * StorSynchronizeFullDuplex, so Storport calls HwStorTimer and HwStorResetBus holding
 * only the StartIo lock (not the interrupt lock), and they may take the interrupt lock.
 *  - The watchdog timer takes the interrupt lock in a loop to read each target's
 *    outstanding count (acquired and released every iteration);
 *  - HwStorResetBus takes the interrupt lock in a helper to mask the controller's
 *    interrupts while it flushes.
 * Both are allowed: pass. (The same code in half duplex is timer_resetbus_half_duplex.c.)
 */

#include <storport.h>

#define FD_TARGETS 8
#define FD_TIMER_USEC 250000

typedef struct _FD_EXT {
    ULONG Outstanding[FD_TARGETS];
    ULONG Stalled;
    PULONG InterruptMask;
} FD_EXT, *PFD_EXT;

static VOID
FdMaskInterrupts(PFD_EXT Ext, BOOLEAN Mask)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    StorPortWriteRegisterUlong(Ext, Ext->InterruptMask, Mask ? 0xFFFFFFFF : 0);
    StorPortReleaseSpinLock(Ext, &intHandle);
}

VOID
FdWatchdogTimer(PVOID DeviceExtension)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG target;

    for (target = 0; target < FD_TARGETS; target++) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3, StorPortSpinLock
        if (ext->Outstanding[target] != 0) {
            ext->Stalled++;
        }
        StorPortReleaseSpinLock(ext, &intHandle);
    }
    StorPortNotification(RequestTimerCall, ext, FdWatchdogTimer, FD_TIMER_USEC);
}

BOOLEAN
FdResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;
    ULONG target;

    FdMaskInterrupts(ext, TRUE);
    for (target = 0; target < FD_TARGETS; target++) {
        ext->Outstanding[target] = 0;
    }
    FdMaskInterrupts(ext, FALSE);
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

ULONG
FdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
FdInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, FdWatchdogTimer, FD_TIMER_USEC);
    return TRUE;
}

BOOLEAN
FdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    ext->Outstanding[Srb->TargetId % FD_TARGETS]++;
    StorPortReleaseSpinLock(ext, &intHandle);
    return TRUE;
}

BOOLEAN
FdInterrupt(PVOID DeviceExtension)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;

    ext->Stalled = 0;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(FD_EXT);
    init.HwFindAdapter = FdFindAdapter;
    init.HwInitialize = FdInitialize;
    init.HwStartIo = FdStartIo;
    init.HwInterrupt = FdInterrupt;
    init.HwResetBus = FdResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
