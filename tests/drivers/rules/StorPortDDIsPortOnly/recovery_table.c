// check-rules: StorPortDDIsPortOnly
// expect-status: StorPortDDIsPortOnly=defect
// expect-kind: physical
/*
 * The reset routine is reached through the driver's own table of recovery actions.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_RESET_BUS

typedef VOID (*SKEL_RECOVERY)(PSKEL_EXT);

static VOID
SkelSoftReset(PSKEL_EXT ext)
{
    StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 1);
}

static VOID
SkelHardReset(PSKEL_EXT ext)
{
    StorPortWriteRegisterUlong(ext, (PULONG)ext->Registers, 2);
    StorPortCompleteRequest(ext, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);  // expect: StorPortDDIsPortOnly
}

static SKEL_RECOVERY SkelRecovery[2] = { SkelSoftReset, SkelHardReset };

BOOLEAN
SkelResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    SkelRecovery[PathId != 0 ? 1 : 0](ext);
    return TRUE;
}

#include "../_skel_end.h"
