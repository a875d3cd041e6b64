// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A `switch` whose UNMAP case frees the scratch buffer and is missing its `break`: it
 * falls through into the SYNCHRONIZE CACHE case, which frees the same buffer again.
 * The other cases free it exactly once.
 */

#include <storport.h>

#define SX_TAG  'hcSX'

typedef struct _SX_EXTENSION {
    PULONG Registers;
    ULONG UnmapCount;
} SX_EXTENSION, *PSX_EXTENSION;

static UCHAR
SxTranslateUnmap(PSX_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, PUCHAR Scratch)
{
    if (Srb->DataTransferLength < 24) {
        return SRB_STATUS_ERROR;
    }
    RtlCopyMemory(Scratch, Srb->DataBuffer, 24);
    Ext->UnmapCount++;
    StorPortWriteRegisterUlong(Ext, Ext->Registers + 0x20, Scratch[8]);
    return SRB_STATUS_SUCCESS;
}

BOOLEAN
SxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSX_EXTENSION ext = DeviceExtension;
    PUCHAR scratch;
    UCHAR status;

    scratch = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, SX_TAG);
    if (scratch == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_UNMAP:
        status = SxTranslateUnmap(ext, Srb, scratch);
        ExFreePoolWithTag(scratch, SX_TAG);     // ok: DoubleExFreePool -- first free
        /* missing break */
    case SCSIOP_SYNCHRONIZE_CACHE:
        StorPortWriteRegisterUlong(ext, ext->Registers + 0x24, 1);
        status = SRB_STATUS_SUCCESS;
        ExFreePoolWithTag(scratch, SX_TAG);     // expect: DoubleExFreePool
        break;
    case SCSIOP_TEST_UNIT_READY:
        ExFreePoolWithTag(scratch, SX_TAG);     // ok: DoubleExFreePool
        status = SRB_STATUS_SUCCESS;
        break;
    default:
        ExFreePoolWithTag(scratch, SX_TAG);     // ok: DoubleExFreePool
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    Srb->SrbStatus = status;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
SxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSX_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
SxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SX_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = SxFindAdapter;
    init.HwInitialize = SxInitialize;
    init.HwStartIo = SxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
