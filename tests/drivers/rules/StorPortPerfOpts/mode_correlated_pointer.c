// check-rules: StorPortPerfOpts
// expect-status: StorPortPerfOpts=pass
// expect-kind: physical
/*
 * Near miss, infeasible: the pointer is NULL unless a mode is chosen, and the call is
 * made only in the mode that points it at the local.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INITIALIZE

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    PERF_CONFIGURATION_DATA perf;
    PPERF_CONFIGURATION_DATA p = NULL;
    ULONG mode = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 3;

    RtlZeroMemory(&perf, sizeof(perf));
    if (mode != 0) {
        p = &perf;
    }
    if (mode == 2) {
        StorPortInitializePerfOpts(ext, TRUE, p);  // ok: StorPortPerfOpts
    }
    return TRUE;
}

#include "../_skel_end.h"
