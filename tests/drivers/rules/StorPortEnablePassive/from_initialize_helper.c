// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=pass
// expect-kind: physical
/*
 * Near miss: HwStorInitialize calls a setup helper that makes the request two calls
 * down; HwStorInitialize is still running.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

static BOOLEAN
SkelArmPassive(PSKEL_EXT ext)
{
    return StorPortEnablePassiveInitialization(ext, SkelPassive);  // ok: StorPortEnablePassive
}

static BOOLEAN
SkelSetup(PSKEL_EXT ext)
{
    ext->Count = 1;
    return SkelArmPassive(ext);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    return SkelSetup((PSKEL_EXT)DeviceExtension);
}

#include "../_skel_end.h"
