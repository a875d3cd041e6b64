// check-rules: NullCheck
// expect-status: NullCheck=defect
// expect-kind: physical
/*
 * Clause 2 with a global: the driver tests its global adapter pointer in the timer but
 * the interrupt routine tests it too; the statistics timer then clears it and writes
 * through it: the NULL it assigned itself.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT
#define SKEL_OWN_INITIALIZE

PSKEL_EXT SkelAdapter;

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (SkelAdapter == NULL) {
        return FALSE;
    }
    SkelAdapter->Count++;  // ok: NullCheck
    return TRUE;
}

VOID
SkelStats(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (!SkelAdapter) {
        SkelAdapter = (PSKEL_EXT)DeviceExtension;
    }
    SkelAdapter->Flags = 0;  // ok: NullCheck
    SkelAdapter = NULL;
    SkelAdapter->Count = 0;  // expect: NullCheck
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, SkelStats, 1000000);
    return TRUE;
}

#include "../_skel_end.h"
