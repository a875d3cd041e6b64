// check-rules: SpReturnValue
// expect-status: SpReturnValue=defect
// expect-kind: virtual
/*
 * A virtual miniport's FindAdapter returns STATUS_UNSUCCESSFUL when it has no lower
 * device: a negative NTSTATUS, none of the four values.
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
    if (LowerDevice == NULL) {
        return (ULONG)STATUS_UNSUCCESSFUL;  // expect: SpReturnValue
    }
    ext->Lower = LowerDevice;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

#include "../_skel_virtual_end.h"
