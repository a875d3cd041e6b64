// check-rules: SpReturnValue
// expect-status: SpReturnValue=defect
// expect-kind: physical
/*
 * A driver-private "retry later" code one past SP_RETURN_BAD_CONFIG.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

#define SKEL_RETURN_RETRY (SP_RETURN_BAD_CONFIG + 1)

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
    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Registers) & 0x80000000) {
        *Again = TRUE;
        return SKEL_RETURN_RETRY;  // expect: SpReturnValue
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
