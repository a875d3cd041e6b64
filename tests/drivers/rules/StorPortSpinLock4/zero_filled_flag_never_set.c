// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=defect, StorPortSpinLock=defect
// expect-kind: physical
/*
 * The zero-filled device extension decides the path. The timer takes the interrupt
 * lock only when DevExt->UseHwLock is set, "because some boards do not need it", and
 * releases it unconditionally. FindAdapter was meant to set UseHwLock but sets the
 * similarly named UseHwLed instead; no routine on any path writes UseHwLock, so it
 * reads 0 (the device extension Storport hands to FindAdapter is zero-filled): the
 * timer never acquires, and its release always goes through a handle that holds no
 * lock. Reported at the release by both rules. The driver is full duplex, so the
 * timer could legitimately take the interrupt lock.
 */

#include <storport.h>

#define LED_TIMER_USEC 2000000

typedef struct _LED_EXT {
    BOOLEAN UseHwLock;
    BOOLEAN UseHwLed;
    ULONG Blink;
    PULONG LedRegister;
} LED_EXT, *PLED_EXT;

VOID
LedTimer(PVOID DeviceExtension)
{
    PLED_EXT ext = (PLED_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    if (ext->UseHwLock) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
    }
    ext->Blink ^= 1;
    if (ext->UseHwLed) {
        StorPortWriteRegisterUlong(ext, ext->LedRegister, ext->Blink);
    }
    StorPortReleaseSpinLock(ext, &intHandle);  // expect: StorPortSpinLock4, StorPortSpinLock
    StorPortNotification(RequestTimerCall, ext, LedTimer, LED_TIMER_USEC);
}

ULONG
LedFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PLED_EXT ext = (PLED_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->UseHwLed = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
LedInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, LedTimer, LED_TIMER_USEC);
    return TRUE;
}

BOOLEAN
LedStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
LedInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(LED_EXT);
    init.HwFindAdapter = LedFindAdapter;
    init.HwInitialize = LedInitialize;
    init.HwStartIo = LedStartIo;
    init.HwInterrupt = LedInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
