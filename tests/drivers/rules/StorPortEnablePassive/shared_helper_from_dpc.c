// check-rules: StorPortEnablePassive
// expect-status: StorPortEnablePassive=defect
// expect-kind: physical
/*
 * A helper shared by HwStorInitialize and the DPC: from HwStorInitialize it is fine, from
 * the DPC (queued by the interrupt) it is not. Reported once, at the call in the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_INTERRUPT

VOID
SkelPassive(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

static BOOLEAN
SkelArm(PSKEL_EXT ext)
{
    return StorPortEnablePassiveInitialization(ext, SkelPassive);  // expect: StorPortEnablePassive
}

VOID
SkelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    SkelArm((PSKEL_EXT)DeviceExtension);
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->CompletionDpc, SkelDpc);
    return SkelArm(ext);
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

#include "../_skel_end.h"
