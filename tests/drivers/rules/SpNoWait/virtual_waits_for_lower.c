// check-rules: SpNoWait
// expect-status: SpNoWait=defect
// expect-kind: virtual
/*
 * A virtual miniport's StartIo sends the request down and waits for the lower driver:
 * the rule is for every miniport's HwStorStartIo.
 */
#include <storport.h>

typedef struct _VX_EXT {
    KEVENT Done;
    PDEVICE_OBJECT Lower;
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
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x101;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    KeInitializeEvent(&ext->Done, NotificationEvent, FALSE);
    return TRUE;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    KeClearEvent(&ext->Done);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    KeWaitForSingleObject(&ext->Done, Executive, KernelMode, FALSE, NULL);  // expect: SpNoWait
    return TRUE;
}

#define SKEL_OWN_INITIALIZE
#define SKEL_OWN_STARTIO
#include "../_skel_virtual_end.h"
