/* The I/O path of the vx driver. */
#include "vxcfg.h"

BOOLEAN
VxBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_BUILDIO by=role_type
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return Srb->DataTransferLength != 0;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=role_type
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    ext->Pending++;
#if DBG
    if (ext->DebugFlags != 0) {
        StorPortDebugPrint(0, "vx: srb %p\n", Srb);
    }
#endif
    StorPortWriteRegisterUlong(ext, ext->Regs, Srb->DataTransferLength);
    return TRUE;
}
