// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * The call hides in the driver's own logging macro: reported on the line where the macro
 * is used.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

#define SKEL_LOG(ext, code) StorPortLogError((ext), NULL, 0, 0, 0, (code), __LINE__)

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 1) {
        SKEL_LOG(ext, SP_INTERNAL_ADAPTER_ERROR);  // expect: StorPortDeprecated
        return FALSE;
    }
    return TRUE;
}

#include "../_skel_end.h"
