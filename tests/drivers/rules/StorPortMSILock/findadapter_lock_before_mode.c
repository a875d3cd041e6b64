// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * An NVMe miniport that finds the controller still enabled (left running by the boot
 * firmware) and quiesces the admin queue under its MSI lock inside HwStorFindAdapter,
 * before it has selected per-message synchronization: the mode is still the default
 * InterruptSupportNone there. The later lock in StartIo runs with the mode in force.
 */

#include <storport.h>

#define NVME_CSTS_RDY 0x1

typedef struct _NVME_REGS {
    ULONG Cap[2];
    ULONG Vs;
    ULONG Intms;
    ULONG Intmc;
    ULONG Cc;
    ULONG Reserved;
    ULONG Csts;
} NVME_REGS, *PNVME_REGS;

typedef struct _NVME_EXT {
    PNVME_REGS Regs;
    ULONG IoQueues;
} NVME_EXT, *PNVME_EXT;

BOOLEAN NvmeMsiIsr(PVOID DeviceExtension, ULONG MessageId);

static VOID
NvmeDisableController(PNVME_EXT Ext)
{
    StorPortWriteRegisterUlong(Ext, &Ext->Regs->Cc, 0);
}

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG oldIrql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Regs = (PNVME_REGS)StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                                  (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                  sizeof(NVME_REGS), FALSE);
    if (ext->Regs == NULL) {
        return SP_RETURN_ERROR;
    }
    if (StorPortReadRegisterUlong(ext, &ext->Regs->Csts) & NVME_CSTS_RDY) {
        StorPortAcquireMSISpinLock(ext, 0, &oldIrql);  // expect: StorPortMSILock
        NvmeDisableController(ext);
        StorPortReleaseMSISpinLock(ext, 0, oldIrql);
    }
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    ConfigInfo->HwMSInterruptRoutine = NvmeMsiIsr;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 32;
    ext->IoQueues = 4;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NvmeMsiIsr(PVOID DeviceExtension, ULONG MessageId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return MessageId != 0;
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    ULONG queue = Srb->QueueTag % ext->IoQueues + 1;
    ULONG oldIrql;

    StorPortAcquireMSISpinLock(ext, queue, &oldIrql);  // ok: StorPortMSILock
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortReleaseMSISpinLock(ext, queue, oldIrql);
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
    init.DeviceExtensionSize = sizeof(NVME_EXT);
    init.HwFindAdapter = NvmeFindAdapter;
    init.HwInitialize = NvmeInitialize;
    init.HwStartIo = NvmeStartIo;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
