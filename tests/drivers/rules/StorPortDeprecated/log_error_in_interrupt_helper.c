// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=defect
// expect-kind: physical
/*
 * The interrupt routine's error helper logs with StorPortLogError, two calls down:
 * reported at the call inside the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

static VOID
SkelReportParity(PSKEL_EXT ext)
{
    StorPortLogError(ext, NULL, 0, 0, 0, SP_BUS_PARITY_ERROR, 0x10);  // expect: StorPortDeprecated
}

static VOID
SkelHandleError(PSKEL_EXT ext, ULONG status)
{
    if (status & 0x80) {
        SkelReportParity(ext);
    }
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG status = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (status == 0) {
        return FALSE;
    }
    SkelHandleError(ext, status);
    return TRUE;
}

#include "../_skel_end.h"
