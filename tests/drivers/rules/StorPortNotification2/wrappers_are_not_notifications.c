// check-rules: StorPortNotification2
// expect-status: StorPortNotification2=pass
// expect-kind: physical
/*
 * Near miss: the Storport wrappers (StorPortInitializeDpc, StorPortIssueDpc,
 * StorPortEnablePassiveInitialization) are routines of their own, not notifications.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_INTERRUPT

VOID
SkelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    StorPortNotification(BusChangeDetected, DeviceExtension, 0);  // ok: StorPortNotification2
}

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, SkelDpc);
    return StorPortEnablePassiveInitialization(ext, SkelPassive);
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

#include "../_skel_end.h"
