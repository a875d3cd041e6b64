// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * The MSI lock hides behind a driver macro, used in a loop inside a switch case of
 * StartIo (bus reset: freeze every completion queue). FindAdapter chose
 * InterruptSynchronizeAll. The violation is reported on the line that invokes the
 * macro; the normal I/O case uses the interrupt lock and is fine.
 */

#include <storport.h>

#define NVME_MAX_CQ 8
#define NVME_LOCK_CQ(ext, cq, irql) StorPortAcquireMSISpinLock((ext), (cq)->MessageId, &(irql))
#define NVME_UNLOCK_CQ(ext, cq, irql) StorPortReleaseMSISpinLock((ext), (cq)->MessageId, (irql))

typedef struct _NVME_CQ {
    ULONG MessageId;
    BOOLEAN Frozen;
} NVME_CQ, *PNVME_CQ;

typedef struct _NVME_EXT {
    NVME_CQ Cq[NVME_MAX_CQ];
    ULONG CqCount;
} NVME_EXT, *PNVME_EXT;

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->CqCount = NVME_MAX_CQ;
    for (i = 0; i < ext->CqCount; i++) {
        ext->Cq[i].MessageId = i;
    }
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
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
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    STOR_LOCK_HANDLE lockHandle;
    ULONG i;
    ULONG oldIrql;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &lockHandle);
        ext->Cq[0].Frozen = FALSE;
        StorPortReleaseSpinLock(ext, &lockHandle);
        Srb->SrbStatus = SRB_STATUS_PENDING;
        break;
    case SRB_FUNCTION_RESET_BUS:
        for (i = 0; i < ext->CqCount; i++) {
            NVME_LOCK_CQ(ext, &ext->Cq[i], oldIrql);  // expect: StorPortMSILock
            ext->Cq[i].Frozen = TRUE;
            NVME_UNLOCK_CQ(ext, &ext->Cq[i], oldIrql);
        }
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, ext, Srb);
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        break;
    }
    return TRUE;
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
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
