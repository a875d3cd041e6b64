// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * Two fields that always hold the same block. FindAdapter allocates the page and makes
 * it the active one (`Active = Page`); the passive initialisation routine, when the
 * device asks for a larger page, allocates one, frees the old page and sets both fields
 * to the new one at once (`Page = Active = larger`). ScsiStopAdapter frees the active
 * page and then the page: on every path they are one block, freed twice. Where the
 * passive routine's two paths meet, each field holds a different block on either side
 * (the new page or the old one), but both fields hold the same one on each side: the
 * join must keep them equal.
 */

#include <storport.h>

#define PG_TAG      'gaPS'
#define PG_SMALL    0x1000
#define PG_LARGE    0x4000

typedef struct _PG_EXTENSION {
    PULONG Registers;
    PVOID Page;
    PVOID Active;
    ULONG PageBytes;
} PG_EXTENSION, *PPG_EXTENSION;

ULONG
PgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PPG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    ext->Page = ExAllocatePoolWithTag(NonPagedPoolNx, PG_SMALL, PG_TAG);
    if (ext->Page == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->PageBytes = PG_SMALL;
    ext->Active = ext->Page;
    return SP_RETURN_FOUND;
}

BOOLEAN
PgPassiveInitialize(PVOID DeviceExtension)
{
    PPG_EXTENSION ext = DeviceExtension;
    PVOID larger;

    if (StorPortReadRegisterUlong(ext, ext->Registers + 4) > PG_SMALL) {
        larger = ExAllocatePoolWithTag(NonPagedPoolNx, PG_LARGE, PG_TAG);
        if (larger != NULL) {
            ExFreePoolWithTag(ext->Page, PG_TAG);
            ext->Page = ext->Active = larger;
            ext->PageBytes = PG_LARGE;
        }
    }
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
PgAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PPG_EXTENSION ext = DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        ExFreePoolWithTag(ext->Active, PG_TAG);  // ok: DoubleExFreePool -- the first free of the one page
        ExFreePoolWithTag(ext->Page, PG_TAG);  // expect: DoubleExFreePool
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

BOOLEAN
PgInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, PgPassiveInitialize);
}

BOOLEAN
PgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PG_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = PgFindAdapter;
    init.HwInitialize = PgInitialize;
    init.HwStartIo = PgStartIo;
    init.HwAdapterControl = PgAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
