// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=not_applicable
// expect-kind: physical
/*
 * Near miss: a routine named like the deprecated DDI's wrapper (SkelLogErrorCompat) is
 * the driver's own and logs with StorPortLogSystemEvent: matched by name, it is not the
 * DDI, and nothing the rule watches is called: not applicable.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

static VOID
SkelLogErrorCompat(PSKEL_EXT ext, ULONG code)
{
    STOR_LOG_EVENT_DETAILS details;

    RtlZeroMemory(&details, sizeof(details));
    details.ErrorCode = code;
    StorPortLogSystemEvent(ext, &details, NULL);
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    SkelLogErrorCompat((PSKEL_EXT)DeviceExtension, 9);  // ok: StorPortDeprecated
    return TRUE;
}

#include "../_skel_end.h"
