// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * Direct double free in one entry point. HwStorStartIo reads a vendor log page through
 * a bounce buffer; when the controller reports a fatal status it frees the buffer in the
 * error branch and then frees it again on the common exit path.
 */

#include <storport.h>

#define NVL_TAG         'LlvN'
#define NVL_REG_CSTS    7
#define NVL_CSTS_CFS    0x2

typedef struct _NVL_EXTENSION {
    PULONG Registers;
    ULONG LogPageSize;
} NVL_EXTENSION, *PNVL_EXTENSION;

ULONG
NvlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PNVL_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x2000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    ext->LogPageSize = 512;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 32;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVL_EXTENSION ext = DeviceExtension;
    PUCHAR bounce;
    ULONG csts;

    if (Srb->Function != SRB_FUNCTION_IO_CONTROL || Srb->DataTransferLength < ext->LogPageSize) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }

    bounce = ExAllocatePoolWithTag(NonPagedPoolNx, ext->LogPageSize, NVL_TAG);
    if (bounce == NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }

    csts = StorPortReadRegisterUlong(ext, ext->Registers + NVL_REG_CSTS);
    if (csts & NVL_CSTS_CFS) {
        ExFreePoolWithTag(bounce, NVL_TAG);     // ok: DoubleExFreePool -- first free
        Srb->SrbStatus = SRB_STATUS_ERROR;
    } else {
        RtlCopyMemory(Srb->DataBuffer, bounce, ext->LogPageSize);
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }

    ExFreePoolWithTag(bounce, NVL_TAG);         // expect: DoubleExFreePool
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVL_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = NvlFindAdapter;
    init.HwInitialize = NvlInitialize;
    init.HwStartIo = NvlStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
