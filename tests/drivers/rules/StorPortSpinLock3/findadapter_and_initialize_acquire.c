// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Locks in the initialization routines, where no StorPortAcquireSpinLock is allowed:
 *  - HwStorFindAdapter takes the interrupt lock around a controller reset, but only when
 *    the controller reports it is still running (a register value the path does not
 *    decide): a violation at that acquire (FindAdapter may take no lock);
 *  - HwStorInitialize takes the StartIo lock in a helper to reset the pending queue.
 *    Storport calls a physical miniport's HwStorInitialize at DIRQL with the interrupt
 *    lock held, and it may take no lock: a violation at that acquire.
 * "First violation on a path" spans routines: where FindAdapter took the lock, that path
 * stops there; HwStorInitialize's acquire is reported on the paths where the controller
 * was already stopped, so both lines are reported, once each.
 */

#include <storport.h>

#define CTRL_RUNNING 0x1

typedef struct _SCX_EXT {
    PULONG StatusRegister;
    PULONG ControlRegister;
    ULONG PendingCount;
} SCX_EXT, *PSCX_EXT;

static VOID
ScxResetPendingQueue(PSCX_EXT Ext)
{
    STOR_LOCK_HANDLE queueHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &queueHandle);  // expect: StorPortSpinLock3
    Ext->PendingCount = 0;
    StorPortReleaseSpinLock(Ext, &queueHandle);
}

ULONG
ScxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSCX_EXT ext = (PSCX_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if ((StorPortReadRegisterUlong(ext, ext->StatusRegister) & CTRL_RUNNING) != 0) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // expect: StorPortSpinLock3
        StorPortWriteRegisterUlong(ext, ext->ControlRegister, 0);
        StorPortReleaseSpinLock(ext, &intHandle);
    }
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    return SP_RETURN_FOUND;
}

BOOLEAN
ScxInitialize(PVOID DeviceExtension)
{
    PSCX_EXT ext = (PSCX_EXT)DeviceExtension;

    StorPortWriteRegisterUlong(ext, ext->ControlRegister, CTRL_RUNNING);
    ScxResetPendingQueue(ext);
    return TRUE;
}

BOOLEAN
ScxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSCX_EXT ext = (PSCX_EXT)DeviceExtension;

    ext->PendingCount++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
ScxInterrupt(PVOID DeviceExtension)
{
    PSCX_EXT ext = (PSCX_EXT)DeviceExtension;

    if (ext->PendingCount == 0) {
        return FALSE;
    }
    ext->PendingCount--;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SCX_EXT);
    init.HwFindAdapter = ScxFindAdapter;
    init.HwInitialize = ScxInitialize;
    init.HwStartIo = ScxStartIo;
    init.HwInterrupt = ScxInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
