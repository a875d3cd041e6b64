// check-rules: SpDuplex
// expect-status: SpDuplex=defect
// expect-kind: virtual
/*
 * A virtual miniport is checked too: its FindAdapter (7 parameters) marks the device
 * virtual but leaves the synchronization model at half duplex.
 */
#include <storport.h>

typedef struct _VX_EXT {
    ULONG Luns;
} VX_EXT, *PVX_EXT;

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Luns = 1;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // expect: SpDuplex
}

#include "../_skel_virtual_end.h"
