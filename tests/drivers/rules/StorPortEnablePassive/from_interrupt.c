// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=defect
// expect-kind: physical
/*
 * The interrupt routine asks for passive initialization when the link comes up: not
 * while HwStorInitialize runs, so Storport ignores it.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 0x10) {
        StorPortEnablePassiveInitialization(ext, SkelPassive);  // expect: StorPortEnablePassive
    }
    return TRUE;
}

#include "../_skel_end.h"
