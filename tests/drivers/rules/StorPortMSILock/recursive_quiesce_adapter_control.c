// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * A registry value can turn MSI off; FindAdapter then selects InterruptSynchronizeAll.
 * On ScsiStopAdapter, HwStorAdapterControl quiesces the queues with a recursive helper
 * that takes each queue's MSI lock and recurses to the next one, whatever the mode.
 * Reported once, on the call inside the recursive helper.
 */

#include <storport.h>

#define NVME_QUEUES 4

typedef struct _NVME_EXT {
    ULONG QueueCount;
    BOOLEAN Stopped[NVME_QUEUES];
} NVME_EXT, *PNVME_EXT;

static VOID
NvmeQuiesceFrom(PNVME_EXT Ext, ULONG Qid, PULONG OldIrqls)
{
    if (Qid >= Ext->QueueCount) {
        return;
    }
    StorPortAcquireMSISpinLock(Ext, Qid, &OldIrqls[Qid]);  // expect: StorPortMSILock
    Ext->Stopped[Qid] = TRUE;
    NvmeQuiesceFrom(Ext, Qid + 1, OldIrqls);
    StorPortReleaseMSISpinLock(Ext, Qid, OldIrqls[Qid]);
}

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG disableMsi;
    ULONG length = sizeof(disableMsi);

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (StorPortRegistryRead(ext, (PUCHAR)"DisableMsi", 1, MINIPORT_REG_DWORD,
                             (PUCHAR)&disableMsi, &length) && disableMsi != 0) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    }
    ext->QueueCount = NVME_QUEUES;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
NvmeAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                   PVOID Parameters)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    ULONG oldIrqls[NVME_QUEUES];

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        NvmeQuiesceFrom(ext, 0, oldIrqls);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVME_EXT);
    init.HwFindAdapter = NvmeFindAdapter;
    init.HwInitialize = NvmeInitialize;
    init.HwStartIo = NvmeStartIo;
    init.HwAdapterControl = NvmeAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
