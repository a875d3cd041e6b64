// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * The lock is taken two helpers below StartIo, with a message id computed by a third
 * helper. FindAdapter never sets InterruptSynchronizationMode, so it keeps Storport's
 * default InterruptSupportNone and every MSI lock is a violation. The violation is the
 * call inside the innermost helper.
 */

#include <storport.h>

typedef struct _NVME_SQ {
    PULONG Doorbell;
    USHORT Tail;
    USHORT Depth;
} NVME_SQ, *PNVME_SQ;

typedef struct _NVME_EXT {
    NVME_SQ Sq[4];
    ULONG QueueCount;
} NVME_EXT, *PNVME_EXT;

static ULONG
NvmeQueueForSrb(PNVME_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    return (Srb->QueueTag % Ext->QueueCount) + 1;
}

static VOID
NvmeLockSq(PNVME_EXT Ext, ULONG Qid, PULONG OldIrql)
{
    StorPortAcquireMSISpinLock(Ext, Qid, OldIrql);  // expect: StorPortMSILock
}

static VOID
NvmeSubmit(PNVME_EXT Ext, ULONG Qid, PSCSI_REQUEST_BLOCK Srb)
{
    PNVME_SQ sq = &Ext->Sq[Qid - 1];
    ULONG oldIrql;

    NvmeLockSq(Ext, Qid, &oldIrql);
    sq->Tail = (USHORT)((sq->Tail + 1) % sq->Depth);
    StorPortWriteRegisterUlong(Ext, sq->Doorbell, sq->Tail);
    StorPortReleaseMSISpinLock(Ext, Qid, oldIrql);
    UNREFERENCED_PARAMETER(Srb);
}

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
    ext->QueueCount = 4;
    for (i = 0; i < ext->QueueCount; i++) {
        ext->Sq[i].Depth = 64;
        ext->Sq[i].Tail = 0;
    }
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

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
    NvmeSubmit(ext, NvmeQueueForSrb(ext, Srb), Srb);
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
