/*
 * Target-list locking: each helper pairs the resource with a critical region, so a
 * caller must call MfUnlockTargets exactly once per MfLockTargets.
 */

#include "mfdrv.h"

VOID
MfLockTargets(PMF_ADAPTER Adapter)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Adapter->TargetLock, TRUE);     // ok: WithinCriticalRegion
}

VOID
MfUnlockTargets(PMF_ADAPTER Adapter)
{
    ExReleaseResourceLite(&Adapter->TargetLock);                    // expect: WithinCriticalRegion
    KeLeaveCriticalRegion();
}
