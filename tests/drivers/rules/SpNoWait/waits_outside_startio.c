// check-rules: SpNoWait
// expect-status: SpNoWait=pass
// expect-kind: physical
/*
 * Near miss: the waits and the allocation are in the passive initialization routine,
 * the timer and BuildIo, which are not HwStorStartIo.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_STARTIO

#define SKEL_OWN_INITIALIZE
#define SKEL_HAS_BUILDIO

typedef struct _NW_EXT {
    SKEL_EXT Base;
    KEVENT Ready;
} NW_EXT, *PNW_EXT;

VOID
SkelPassive(PVOID DeviceExtension)
{
    PNW_EXT ext = (PNW_EXT)DeviceExtension;
    LARGE_INTEGER timeout;

    timeout.QuadPart = -10000000;
    KeWaitForSingleObject(&ext->Ready, Executive, KernelMode, FALSE, &timeout);  // ok: SpNoWait
    ext->Base.Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 4096, 'vsaP');  // ok: SpNoWait
}

VOID
SkelTimer(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    StorPortStallExecution(5);  // ok: SpNoWait
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelTimer, 1000);
    StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);
    return TRUE;
}

BOOLEAN
SkelBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (Srb->SrbExtension == NULL) {
        ext->Spare = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'oIdB');  // ok: SpNoWait
    }
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#include "../_skel_end.h"
