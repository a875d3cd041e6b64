/*
 * The rescan thread. When the backend reports no targets it unlocks early "to let
 * I/O through" and then falls into the common exit, which unlocks again: the second
 * MfUnlockTargets (in lock.c) releases with no critical region open.
 */

#include "mfdrv.h"

static ULONG
MfQueryBackendTargets(PMF_ADAPTER Adapter)
{
    return Adapter->Targets[0] & 0x7;
}

VOID
MfRescanThread(PVOID StartContext)
{
    PMF_ADAPTER adapter = StartContext;
    ULONG count;

    MfLockTargets(adapter);
    count = MfQueryBackendTargets(adapter);
    if (count == 0) {
        adapter->TargetCount = 0;
        MfUnlockTargets(adapter);
    } else {
        adapter->TargetCount = count;
    }
    MfUnlockTargets(adapter);
    StorPortNotification(BusChangeDetected, adapter, 0);
    PsTerminateSystemThread(STATUS_SUCCESS);
}
