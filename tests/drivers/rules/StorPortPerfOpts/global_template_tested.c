// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=pass
// expect-kind: physical
/*
 * Near miss, path-sensitive: the same global template, used only after a NULL test.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

PPERF_CONFIGURATION_DATA SkelPerfTemplate;

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    if (SkelPerfTemplate != NULL) {
        StorPortInitializePerfOpts(DeviceExtension, FALSE, SkelPerfTemplate);  // ok: StorPortPerfOpts
    }
    return TRUE;
}

#include "../_skel_end.h"
