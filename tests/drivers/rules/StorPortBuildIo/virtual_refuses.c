// check-rules: StorPortBuildIo
// expect-status: StorPortBuildIo=defect
// expect-kind: virtual
/*
 * A virtual miniport's BuildIo refuses requests for LUNs it does not expose, without
 * completing them.
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
    ext->Luns = 4;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x101;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VxBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVX_EXT ext = (PVX_EXT)DeviceExtension;

    if (Srb->Lun >= ext->Luns) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        return FALSE;  // expect: StorPortBuildIo
    }
    return TRUE;
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VX_EXT);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwBuildIo = VxBuildIo;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
