// check-rules: StorPortFindAdapter
// expect-status: StorPortFindAdapter=pass
// expect-kind: virtual
/*
 * Near miss, virtual miniport: the 7-parameter FindAdapter sets both limits in each of
 * its two found exits.
 */
#include <storport.h>

typedef struct _VX_EXT {
    PVOID Lower;
} VX_EXT, *PVX_EXT;

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (LowerDevice == NULL) {
        ConfigInfo->MaximumTransferLength = 0x10000;
        ConfigInfo->NumberOfPhysicalBreaks = 17;
        return SP_RETURN_FOUND;  // ok: StorPortFindAdapter
    }
    ext->Lower = LowerDevice;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x101;
    return SP_RETURN_FOUND;  // ok: StorPortFindAdapter
}

#include "../_skel_virtual_end.h"
