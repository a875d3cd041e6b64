// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=pass
// expect-kind: physical
/*
 * A condition the path decides. FindAdapter reads a "FullDuplex" option from the
 * argument string (a value the path does not decide) through a helper; only when it is
 * set does it select StorSynchronizeFullDuplex, and it records the choice in
 * DevExt->FullDuplex at the same place. The timer (registered with RequestTimerCall)
 * takes the interrupt lock only when DevExt->FullDuplex is TRUE: in full duplex
 * HwStorTimer may take the interrupt lock. In half duplex (option absent: the flag
 * keeps the zero of the zero-filled device extension) Storport already holds the
 * interrupt lock around the timer, which then touches the counters without taking it.
 * The lock is never taken on a half-duplex path: pass.
 *
 * Where the option test's branches join, the merged state keeps SynchronizationModel
 * and DevExt->FullDuplex together (one branch or the other held).
 */

#include <storport.h>

#define HB_TIMER_USEC 1000000

typedef struct _HB_EXT {
    BOOLEAN FullDuplex;
    ULONG Heartbeats;
    ULONG MissedHeartbeats;
    PULONG HeartbeatRegister;
} HB_EXT, *PHB_EXT;

static BOOLEAN
HbOptionSet(PCHAR ArgumentString, PCHAR Option)
{
    ULONG i;

    if (ArgumentString == NULL) {
        return FALSE;
    }
    for (i = 0; ArgumentString[i] != 0 && Option[i] != 0; i++) {
        if (ArgumentString[i] != Option[i]) {
            return FALSE;
        }
    }
    return Option[i] == 0;
}

static VOID
HbCheckHeartbeat(PHB_EXT Ext)
{
    ULONG beat = StorPortReadRegisterUlong(Ext, Ext->HeartbeatRegister);

    if (beat == Ext->Heartbeats) {
        Ext->MissedHeartbeats++;
    }
    Ext->Heartbeats = beat;
}

VOID
HbTimer(PVOID DeviceExtension)
{
    PHB_EXT ext = (PHB_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;

    if (ext->FullDuplex) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3 -- full duplex only; duplex/flag correlation lost
        HbCheckHeartbeat(ext);
        StorPortReleaseSpinLock(ext, &intHandle);
    } else {
        HbCheckHeartbeat(ext);
    }
    StorPortNotification(RequestTimerCall, ext, HbTimer, HB_TIMER_USEC);
}

ULONG
HbFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHB_EXT ext = (PHB_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    if (HbOptionSet(ArgumentString, "FullDuplex")) {
        ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
        ext->FullDuplex = TRUE;
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
HbInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, HbTimer, HB_TIMER_USEC);
    return TRUE;
}

BOOLEAN
HbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
HbInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(HB_EXT);
    init.HwFindAdapter = HbFindAdapter;
    init.HwInitialize = HbInitialize;
    init.HwStartIo = HbStartIo;
    init.HwInterrupt = HbInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
