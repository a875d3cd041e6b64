// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * The driver's own macro hides the wait: reported where the macro is used, under the
 * name written in the macro.
 */
#include "../_skel_begin.h"
#define SKEL_HAS_ADAPTER_CONTROL

typedef struct _PD_EXT {
    SKEL_EXT Base;
    KEVENT Quiesced;
} PD_EXT, *PPD_EXT;

#define SKEL_WAIT_QUIESCED(e) \
    KeWaitForSingleObject(&(e)->Quiesced, Executive, KernelMode, FALSE, NULL)

SCSI_ADAPTER_CONTROL_STATUS
SkelAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PPD_EXT ext = (PPD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiSetRunningConfig) {
        SKEL_WAIT_QUIESCED(ext);  // expect: HwStorPortProhibitedDDIs
    }
    return ScsiAdapterControlSuccess;
}

#include "../_skel_end.h"
