// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=pass
// expect-kind: physical
/*
 * Near miss: the limits come from the hardware, values the analysis cannot compute:
 * the fields were written, so they no longer hold Storport's default.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    ConfigInfo->NumberOfPhysicalBreaks = StorPortReadRegisterUlong(ext, (PULONG)(ext->Registers + 4));
    return SP_RETURN_FOUND;  // ok: StorPortFindAdapter
}

#include "../_skel_end.h"
