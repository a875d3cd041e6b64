// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=pass
// expect-kind: physical
/*
 * A lock helper switches on the lock kind kept in the device extension. This build
 * always selects the interrupt lock in FindAdapter (and the DPC passes NvmeLockNone), so
 * the MSI case is in the call graph (the rule applies) but on no feasible path: pass.
 * The mode stays at its default, so the MSI call would be a violation if it ran.
 */

#include <storport.h>

typedef enum _NVME_LOCK_KIND {
    NvmeLockNone = 0,
    NvmeLockInterrupt = 1,
    NvmeLockMsi = 2
} NVME_LOCK_KIND;

typedef struct _NVME_LOCK_CTX {
    STOR_LOCK_HANDLE Handle;
    ULONG OldIrql;
} NVME_LOCK_CTX, *PNVME_LOCK_CTX;

typedef struct _NVME_EXT {
    NVME_LOCK_KIND LockKind;
    ULONG Pending;
    STOR_DPC Dpc;
} NVME_EXT, *PNVME_EXT;

VOID NvmeDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2);

static VOID
NvmeLockQueue(PNVME_EXT Ext, NVME_LOCK_KIND Kind, ULONG Qid, PNVME_LOCK_CTX Ctx)
{
    switch (Kind) {
    case NvmeLockInterrupt:
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &Ctx->Handle);
        break;
    case NvmeLockMsi:
        StorPortAcquireMSISpinLock(Ext, Qid, &Ctx->OldIrql);  // ok: StorPortMSILock
        break;
    case NvmeLockNone:
    default:
        break;
    }
}

ULONG
NvmeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->LockKind = NvmeLockInterrupt;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
NvmeInitialize(PVOID DeviceExtension)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, NvmeDpc);
    return TRUE;
}

BOOLEAN
NvmeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    NVME_LOCK_CTX ctx;

    NvmeLockQueue(ext, ext->LockKind, 1, &ctx);
    ext->Pending++;
    StorPortReleaseSpinLock(ext, &ctx.Handle);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

VOID
NvmeDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PNVME_EXT ext = (PNVME_EXT)DeviceExtension;
    NVME_LOCK_CTX ctx;

    NvmeLockQueue(ext, NvmeLockNone, 0, &ctx);
    ext->Pending = 0;
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
