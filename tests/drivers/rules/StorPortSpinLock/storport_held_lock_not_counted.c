// check-rules: StorPortSpinLock, StorPortSpinLock3
// expect-status: StorPortSpinLock=pass, StorPortSpinLock3=defect
// expect-kind: physical
/*
 * StorPortSpinLock tracks only the locks the miniport itself acquired. In half duplex
 * (the default; FindAdapter leaves SynchronizationModel alone) Storport calls the
 * HwStorTimer with both the StartIo lock and the interrupt lock held; this timer takes
 * the interrupt lock once per loop iteration and releases it each time. For
 * StorPortSpinLock that is balanced: nothing the miniport holds is re-acquired, every
 * release goes through a handle that holds the lock, nothing is left held at the exit --
 * pass (near miss). The lock is nevertheless one Storport already holds for this
 * callback, which is StorPortSpinLock3's business: reported there, at the acquire.
 */

#include <storport.h>

#define PL_TIMER_USEC 100000
#define PL_QUEUES 4

typedef struct _PL_EXT {
    ULONG Depth[PL_QUEUES];
    ULONG Polls;
} PL_EXT, *PPL_EXT;

VOID
PlPollTimer(PVOID DeviceExtension)
{
    PPL_EXT ext = (PPL_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG q;

    for (q = 0; q < PL_QUEUES; q++) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // expect: StorPortSpinLock3  // ok: StorPortSpinLock
        ext->Depth[q] = 0;
        StorPortReleaseSpinLock(ext, &intHandle);  // ok: StorPortSpinLock
    }
    ext->Polls++;
    StorPortNotification(RequestTimerCall, ext, PlPollTimer, PL_TIMER_USEC);
}  // ok: StorPortSpinLock

ULONG
PlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
PlInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, PlPollTimer, PL_TIMER_USEC);
    return TRUE;
}

BOOLEAN
PlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPL_EXT ext = (PPL_EXT)DeviceExtension;

    ext->Depth[Srb->PathId % PL_QUEUES]++;
    return TRUE;
}

BOOLEAN
PlInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(PL_EXT);
    init.HwFindAdapter = PlFindAdapter;
    init.HwInitialize = PlInitialize;
    init.HwStartIo = PlStartIo;
    init.HwInterrupt = PlInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
