// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=not_applicable
// expect-kind: virtual
/*
 * A virtual miniport is written against the WDM: its IRPs to the lower device, kernel
 * events and waits are not this rule's business.
 */
#include <storport.h>

typedef struct _VX_EXT {
    PDEVICE_OBJECT Lower;
    KEVENT Done;
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
    ext->Lower = (PDEVICE_OBJECT)LowerDevice;
    KeInitializeEvent(&ext->Done, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x101;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;
    PIRP irp = IoAllocateIrp(ext->Lower->StackSize, FALSE);

    if (irp != NULL) {
        IoCallDriver(ext->Lower, irp);
        KeWaitForSingleObject(&ext->Done, Executive, KernelMode, FALSE, NULL);
        IoFreeIrp(irp);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

#define SKEL_OWN_STARTIO
#include "../_skel_virtual_end.h"
