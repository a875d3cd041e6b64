// check-rules: StorPortAllocatePool2
// expect-status: StorPortAllocatePool2=defect
// expect-kind: physical
/*
 * The allocation and the free are in two helpers: FindAdapter's helper allocates into a
 * member and ignores the status, the release helper frees the member. Reported at the
 * free inside the helper.
 */
#include "../_skel_begin.h"
#define SKEL_OWN_FIND_ADAPTER

static VOID
SkelGrab(PSKEL_EXT ext)
{
    StorPortAllocatePool(ext, 256, 'barG', &ext->Buffer);
}

static VOID
SkelRelease(PSKEL_EXT ext)
{
    StorPortFreePool(ext, ext->Buffer);  // expect: StorPortAllocatePool2
}

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
    SkelGrab(ext);
    if (ConfigInfo->NumberOfAccessRanges == 0) {
        SkelRelease(ext);
        return SP_RETURN_NOT_FOUND;
    }
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

#include "../_skel_end.h"
