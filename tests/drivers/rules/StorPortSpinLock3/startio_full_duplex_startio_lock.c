// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * A physical NVMe-style miniport that switches to full duplex in FindAdapter
 * (ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex). Full duplex only
 * takes the interrupt lock off StartIo: Storport still holds the StartIo lock around a
 * physical miniport's HwStorStartIo (docs/harness.md, no concurrent channels here). The
 * command-id allocator helper, two levels below StartIo, takes the StartIo lock to
 * protect the id bitmap: that is a lock Storport already holds (clause 1) and one
 * StartIo may not take (clause 3), reported at the acquire inside the helper.
 *
 * Near misses on the same driver, not reported: the interrupt lock StartIo takes to ring
 * the doorbell (StartIo then Interrupt is the right order); the completion DPC taking
 * the StartIo lock and then the interrupt lock (a DPC may take both, in that order).
 */

#include <storport.h>

typedef struct _NVX_EXT {
    PULONG SqDoorbell;
    ULONG CidBitmap;
    USHORT SqTail;
    USHORT SqDepth;
    ULONG Completed;
    STOR_DPC CompletionDpc;
} NVX_EXT, *PNVX_EXT;

static USHORT
NvxAllocateCid(PNVX_EXT Ext)
{
    STOR_LOCK_HANDLE lockHandle;
    USHORT cid;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &lockHandle);  // expect: StorPortSpinLock3
    for (cid = 0; cid < 32; cid++) {
        if ((Ext->CidBitmap & (1u << cid)) == 0) {
            Ext->CidBitmap |= 1u << cid;
            break;
        }
    }
    StorPortReleaseSpinLock(Ext, &lockHandle);
    return cid;
}

static BOOLEAN
NvxBuildCommand(PNVX_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    USHORT cid = NvxAllocateCid(Ext);

    if (cid >= 32) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        return FALSE;
    }
    Srb->QueueTag = (UCHAR)cid;
    return TRUE;
}

static VOID
NvxRingDoorbell(PNVX_EXT Ext)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    Ext->SqTail = (USHORT)((Ext->SqTail + 1) % Ext->SqDepth);
    StorPortWriteRegisterUlong(Ext, Ext->SqDoorbell, Ext->SqTail);
    StorPortReleaseSpinLock(Ext, &intHandle);
}

VOID
NvxCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PNVX_EXT ext = (PNVX_EXT)DeviceExtension;
    STOR_LOCK_HANDLE startIoHandle;
    STOR_LOCK_HANDLE intHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, StartIoLock, NULL, &startIoHandle);  // ok: StorPortSpinLock3
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3
    ext->Completed++;
    StorPortReleaseSpinLock(ext, &intHandle);
    ext->CidBitmap = 0;
    StorPortReleaseSpinLock(ext, &startIoHandle);
}

ULONG
NvxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PNVX_EXT ext = (PNVX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->SqDepth = 64;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, NvxCompletionDpc);
    return SP_RETURN_FOUND;
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
    PNVX_EXT ext = (PNVX_EXT)DeviceExtension;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
    if (!NvxBuildCommand(ext, Srb)) {
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
    NvxRingDoorbell(ext);
    return TRUE;
}

BOOLEAN
NvxInterrupt(PVOID DeviceExtension)
{
    PNVX_EXT ext = (PNVX_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(NVX_EXT);
    init.HwFindAdapter = NvxFindAdapter;
    init.HwInitialize = NvxInitialize;
    init.HwStartIo = NvxStartIo;
    init.HwInterrupt = NvxInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
