// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=pass
// expect-kind: physical
/*
 * Near miss: the Storport forms of the same services, plus routines not on the list
 * (interlocked operations, RtlZeroMemory); the one listed call is in a debug block
 * compiled in but switched off by a constant.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO

#define SKEL_DEBUG_IRQL 0

typedef struct _PD_EXT {
    SKEL_EXT Base;
    LONG Outstanding;
} PD_EXT, *PPD_EXT;

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;
    ULONG depth = 32;
    ULONG length = sizeof(depth);

    if (StorPortAllocatePool(ext, 4096, 'gniR', &ext->Base.Buffer) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    RtlZeroMemory(ext->Base.Buffer, 4096);
    StorPortRegistryRead(ext, (PUCHAR)"QueueDepth", 1, MINIPORT_REG_DWORD, (PUCHAR)&depth, &length);
    StorPortInitializeDpc(ext, &ext->Base.CompletionDpc, NULL);
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;
    STOR_LOCK_HANDLE lock;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &lock);
    InterlockedIncrement(&ext->Outstanding);
    StorPortReleaseSpinLock(ext, &lock);
    StorPortStallExecution(1);
    if (SKEL_DEBUG_IRQL) {
        ext->Base.Count = KeGetCurrentIrql();  // ok: HwStorPortProhibitedDDIs
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
