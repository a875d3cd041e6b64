// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=defect
// expect-kind: physical
/*
 * A global template pointer with no initializer is used untested: nothing on the path
 * shows it is not NULL.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

PPERF_CONFIGURATION_DATA SkelPerfTemplate;

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    StorPortInitializePerfOpts(DeviceExtension, FALSE, SkelPerfTemplate);  // expect: StorPortPerfOpts
    return TRUE;
}

#include "../_skel_end.h"
