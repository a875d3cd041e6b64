// check-rules: SpReturnValue
// expect-status: SpReturnValue=defect
// expect-kind: physical
/*
 * Path-sensitive on an unknown: the value read from the hardware is returned only when
 * it is above 3, so on that path it is certainly none of the four.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PSKEL_EXT ext = (PSKEL_EXT)DeviceExtension;
    ULONG code;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    code = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);
    if (code > SP_RETURN_BAD_CONFIG) {
        return code;  // expect: SpReturnValue
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return code;  // ok: SpReturnValue
}

#include "../_skel_end.h"
