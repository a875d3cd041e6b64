// check-rules: StorPortStartIo
// expect-status: StorPortStartIo=pass
// expect-kind: physical
/*
 * Near miss: the same stall in the reset-bus routine, which is not HwStorStartIo.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 1);
    StorPortStallExecution(500);  // ok: StorPortStartIo
    return TRUE;
}

#include "../_skel_end.h"
