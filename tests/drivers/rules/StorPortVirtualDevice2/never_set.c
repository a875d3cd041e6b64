// check-rules: StorPortVirtualDevice2
// expect-status: StorPortVirtualDevice2=defect
// expect-kind: virtual
/*
 * A virtual RAM-disk miniport whose FindAdapter fills in the transfer limits but never
 * sets VirtualDevice, which keeps Storport's default FALSE. The SP_RETURN_FOUND exit is
 * the violation; the allocation-failure exit returns SP_RETURN_ERROR and is exempt.
 */

#include <ntddk.h>
#include <storport.h>

#define RD_TAG 'kDmR'

typedef struct _RD_EXT {
    PUCHAR Image;
    ULONG SizeInSectors;
} RD_EXT, *PRD_EXT;

ULONG
RdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRD_EXT ext = (PRD_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->SizeInSectors = 0x8000;
    ext->Image = ExAllocatePoolWithTag(NonPagedPoolNx, ext->SizeInSectors * 512, RD_TAG);
    if (ext->Image == NULL) {
        return SP_RETURN_ERROR;  // ok: StorPortVirtualDevice2
    }
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;  // expect: StorPortVirtualDevice2
}

BOOLEAN
RdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
RdFreeAdapterResources(PVOID DeviceExtension)
{
    PRD_EXT ext = (PRD_EXT)DeviceExtension;

    if (ext->Image != NULL) {
        ExFreePoolWithTag(ext->Image, RD_TAG);
        ext->Image = NULL;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(RD_EXT);
    init.HwFindAdapter = RdFindAdapter;
    init.HwInitialize = RdInitialize;
    init.HwStartIo = RdStartIo;
    init.HwFreeAdapterResources = RdFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
