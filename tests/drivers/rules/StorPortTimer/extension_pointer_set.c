// check-rules: StorPortTimer
// expect-status: StorPortTimer=pass
// expect-kind: physical
/*
 * Near miss: the same field, set to the driver's routine in FindAdapter, so the pointer
 * resolves to a routine the driver defines.
 */
#include "../_skel_begin.h"
typedef struct _TMR_EXT {
    SKEL_EXT Base;
    PHW_TIMER Watchdog;
} TMR_EXT, *PTMR_EXT;

VOID
SkelTimer(PVOID DeviceExtension)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    ext->Count++;
}

#define SKEL_OWN_FIND_ADAPTER
#define SKEL_OWN_STARTIO

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Watchdog = SkelTimer;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTMR_EXT ext = (PTMR_EXT)DeviceExtension;

    StorPortNotification(RequestTimerCall, ext, ext->Watchdog, 30000);  // ok: StorPortTimer
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

#include "../_skel_end.h"
