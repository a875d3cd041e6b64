// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * The interrupt routine queues a kernel DPC rather than StorPortIssueDpc.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_INTERRUPT

typedef struct _PD_EXT {
    SKEL_EXT Base;
    KDPC KernelDpc;
} PD_EXT, *PPD_EXT;

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Base.Registers) == 0) {
        return FALSE;
    }
    KeInsertQueueDpc(&ext->KernelDpc, NULL, NULL);  // expect: HwStorPortProhibitedDDIs
    return TRUE;
}

#include "../_skel_end.h"
