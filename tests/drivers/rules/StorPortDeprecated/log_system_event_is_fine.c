// check-rules: StorPortDeprecated
// expect-status: StorPortDeprecated=not_applicable
// expect-kind: physical
/*
 * Near miss: the driver logs with the current StorPortLogSystemEvent; StorPortLogError
 * appears only in a comment and a string, so the rule is not applicable.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    STOR_LOG_EVENT_DETAILS details;
    ULONG status = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (status == 0) {
        return FALSE;
    }
    /* formerly StorPortLogError(ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 1); */
    RtlZeroMemory(&details, sizeof(details));
    details.StringCount = 0;
    StorPortLogSystemEvent(ext, &details, NULL);  // ok: StorPortDeprecated
    DbgPrint("StorPortLogError replaced\n");
    return TRUE;
}

#include "../_skel_end.h"
