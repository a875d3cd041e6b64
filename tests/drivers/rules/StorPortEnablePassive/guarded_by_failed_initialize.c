// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=pass
// expect-kind: physical
/*
 * Near miss: the interrupt routine's code that would arm it is guarded by a flag only
 * HwStorInitialize's failure path sets, and that path ends the harness's path.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_INTERRUPT

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) == 0) {
        ext->Restarting = TRUE;
        return FALSE;
    }
    return TRUE;
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Restarting) {
        StorPortEnablePassiveInitialization(ext, SkelPassive);  // ok: StorPortEnablePassive
    }
    return TRUE;
}

#include "../_skel_end.h"
