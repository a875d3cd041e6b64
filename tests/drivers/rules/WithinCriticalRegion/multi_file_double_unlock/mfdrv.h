/*
 * Shared declarations of the multi-file virtual miniport: the adapter extension and
 * the target-list lock helpers defined in lock.c.
 */
#ifndef MFDRV_H
#define MFDRV_H

#include <ntddk.h>
#include <storport.h>

#define MF_MAX_TARGETS 8

typedef struct _MF_ADAPTER {
    ERESOURCE TargetLock;
    ULONG TargetCount;
    ULONG Targets[MF_MAX_TARGETS];
    HANDLE RescanThread;
} MF_ADAPTER, *PMF_ADAPTER;

VOID MfLockTargets(PMF_ADAPTER Adapter);
VOID MfUnlockTargets(PMF_ADAPTER Adapter);
KSTART_ROUTINE MfRescanThread;

#endif
