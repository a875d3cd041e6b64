// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=defect
// expect-kind: physical
/*
 * The passive routine itself re-arms passive initialization: HwStorInitialize has
 * returned by then.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelPassive(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    if (ext->Count < 3) {
        ext->Count++;
        StorPortEnablePassiveInitialization(ext, SkelPassive);  // expect: StorPortEnablePassive
    }
    return TRUE;
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, SkelPassive);
}

#include "../_skel_end.h"
