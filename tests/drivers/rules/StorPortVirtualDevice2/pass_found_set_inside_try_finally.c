// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=pass
// expect-kind: virtual
/*
 * FindAdapter sets VirtualDevice right before it chooses SP_RETURN_FOUND, at the end of
 * a __try block; a missing lower device, a failed probe and a failed allocation leave
 * the block with __leave, each with a result of its own (SP_RETURN_NOT_FOUND,
 * SP_RETURN_BAD_CONFIG, SP_RETURN_ERROR), the __finally block frees what a failed
 * set-up allocated, and the routine returns its result once, after it. Every path that
 * left early meets the others at the __finally block, one join after another, with
 * VirtualDevice still FALSE: the result there is one of the three failures, never
 * SP_RETURN_FOUND, however many paths have been merged into it.
 */
#include <storport.h>

#define VX_TAG 'tfXV'

typedef struct _VX_EXT {
    PDEVICE_OBJECT Lower;
    PVOID Buffer;
    ULONG Features;
} VX_EXT, *PVX_EXT;

NTSTATUS VxProbeLower(PDEVICE_OBJECT Lower, PULONG Features);

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;
    ULONG result = SP_RETURN_ERROR;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    __try {
        if (LowerDevice == NULL) {
            result = SP_RETURN_NOT_FOUND;
            __leave;
        }
        ext->Lower = (PDEVICE_OBJECT)LowerDevice;
        if (!NT_SUCCESS(VxProbeLower(ext->Lower, &ext->Features))) {
            result = SP_RETURN_BAD_CONFIG;
            __leave;
        }
        ext->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, VX_TAG);
        if (ext->Buffer == NULL) {
            __leave;
        }
        ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
        ConfigInfo->MaximumTransferLength = 0x100000;
        ConfigInfo->NumberOfPhysicalBreaks = 0x101;
        ConfigInfo->VirtualDevice = TRUE;
        result = SP_RETURN_FOUND;
    } __finally {
        if (result != SP_RETURN_FOUND && ext->Buffer != NULL) {
            ExFreePoolWithTag(ext->Buffer, VX_TAG);
            ext->Buffer = NULL;
        }
    }
    return result;  // ok: StorPortVirtualDevice2
}

#include "../_skel_virtual_end.h"
