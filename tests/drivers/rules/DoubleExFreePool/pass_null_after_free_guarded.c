// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * Correct code that frees defensively: every free is followed by clearing the pointer,
 * and every later free is guarded by a NULL test, so calling the release helper twice
 * (shutdown path, then adapter control) frees each block once. StartIo does the same
 * with a local PRP list and a `goto done` exit.
 */

#include <storport.h>

#define NVX_TAG 'xvNv'

typedef struct _NVX_EXTENSION {
    PULONG Registers;
    PVOID AdminQueue;
    PVOID NamespaceTable;
} NVX_EXTENSION, *PNVX_EXTENSION;

static VOID
NvxReleaseResources(PNVX_EXTENSION Ext)
{
    if (Ext->NamespaceTable != NULL) {
        ExFreePoolWithTag(Ext->NamespaceTable, NVX_TAG);   // ok: DoubleExFreePool
        Ext->NamespaceTable = NULL;
    }
    if (Ext->AdminQueue) {
        ExFreePoolWithTag(Ext->AdminQueue, NVX_TAG);       // ok: DoubleExFreePool
        Ext->AdminQueue = NULL;
    }
}

static VOID
NvxShutdownController(PNVX_EXTENSION Ext)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + 5, 0);
    NvxReleaseResources(Ext);
}

ULONG
NvxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PNVX_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x4000, FALSE);
    ext->AdminQueue = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, NVX_TAG);
    if (ext->AdminQueue == NULL) {
        goto cleanup;
    }
    ext->NamespaceTable = ExAllocatePoolWithTag(NonPagedPoolNx, 64 * sizeof(ULONG64), NVX_TAG);
    if (ext->NamespaceTable == NULL || ext->Registers == NULL) {
        goto cleanup;
    }
    return SP_RETURN_FOUND;

cleanup:
    NvxReleaseResources(ext);
    return SP_RETURN_ERROR;
}

BOOLEAN
NvxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVX_EXTENSION ext = DeviceExtension;
    PULONG64 prpList = NULL;

    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    if (Srb->DataTransferLength > 2 * PAGE_SIZE) {
        prpList = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, NVX_TAG);
        if (prpList == NULL) {
            Srb->SrbStatus = SRB_STATUS_BUSY;
            goto done;
        }
    }
    if (StorPortReadRegisterUlong(ext, ext->Registers + 7) & 1) {
        if (prpList != NULL) {
            ExFreePoolWithTag(prpList, NVX_TAG);    // ok: DoubleExFreePool
            prpList = NULL;
        }
        Srb->SrbStatus = SRB_STATUS_ERROR;
    }
done:
    if (prpList != NULL) {
        ExFreePoolWithTag(prpList, NVX_TAG);        // ok: DoubleExFreePool -- NULL after the first free
    }
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
NvxAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PNVX_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType == ScsiStopAdapter) {
        NvxShutdownController(ext);
        NvxReleaseResources(ext);       /* belt and braces: a no-op after the shutdown */
    }
    return ScsiAdapterControlSuccess;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVX_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = NvxFindAdapter;
    init.HwInitialize = NvxInitialize;
    init.HwStartIo = NvxStartIo;
    init.HwAdapterControl = NvxAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
