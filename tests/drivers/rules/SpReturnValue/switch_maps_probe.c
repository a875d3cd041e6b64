// check-rules: SpReturnValue
// expect-status: SpReturnValue=pass
// expect-kind: physical
/*
 * Near miss: a switch maps the driver's own probe result onto the four values, with a
 * default of SP_RETURN_ERROR.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

typedef enum _SKEL_PROBE { SkelProbeOk = 10, SkelProbeAbsent, SkelProbeBroken } SKEL_PROBE;

static SKEL_PROBE
SkelProbe(PSKEL_EXT ext)
{
    ULONG id = StorPortReadRegisterUlong(ext, (PULONG)ext->Registers);

    if (id == 0xFFFFFFFF) {
        return SkelProbeAbsent;
    }
    if (id == 0) {
        return SkelProbeBroken;
    }
    return SkelProbeOk;
}

ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    switch (SkelProbe((PSKEL_EXT)DeviceExtension)) {
    case SkelProbeAbsent:
        return SP_RETURN_NOT_FOUND;
    case SkelProbeOk:
        break;
    default:
        return SP_RETURN_ERROR;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
