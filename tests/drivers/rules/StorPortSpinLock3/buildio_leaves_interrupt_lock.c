// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=defect, StorPortSpinLock=defect
// expect-kind: physical
/*
 * HwStorBuildIo hands a held lock to HwStorStartIo. For write commands BuildIo takes the
 * interrupt lock into a handle kept in the SRB extension and returns TRUE without
 * releasing it, "so that StartIo can post the command atomically" and release it there.
 * Two rules see two different faults:
 *  - StorPortSpinLock: BuildIo is a callback of its own and returns while holding a
 *    lock it acquired: a violation at BuildIo's `return TRUE` on the write path (that
 *    path stops there, so for this rule StartIo's release is never reached with the
 *    lock still held).
 *  - StorPortSpinLock3 does not check callback exits; on the same path Storport goes on
 *    to call StartIo with the same SRB, where StartIo takes the DPC lock of the
 *    completion DPC to queue the SRB for completion while the interrupt lock BuildIo
 *    left held is still held: a DPC lock after the interrupt lock, reported at that
 *    acquire. On read commands BuildIo takes nothing and StartIo's DPC lock is fine.
 */

#include <storport.h>

typedef struct _HND_SRB_EXT {
    STOR_LOCK_HANDLE PostHandle;
    BOOLEAN Locked;
} HND_SRB_EXT, *PHND_SRB_EXT;

typedef struct _HND_EXT {
    PULONG PostRegister;
    ULONG Posted;
    ULONG QueuedForCompletion;
    STOR_DPC CompletionDpc;
} HND_EXT, *PHND_EXT;

BOOLEAN
HndBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHND_EXT ext = (PHND_EXT)DeviceExtension;
    PHND_SRB_EXT srbExt = (PHND_SRB_EXT)Srb->SrbExtension;

    srbExt->Locked = FALSE;
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return TRUE;
    }
    if ((Srb->SrbFlags & SRB_FLAGS_DATA_OUT) != 0) {
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &srbExt->PostHandle);
        srbExt->Locked = TRUE;
        return TRUE;  // expect: StorPortSpinLock
    }
    return TRUE;
}

BOOLEAN
HndStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHND_EXT ext = (PHND_EXT)DeviceExtension;
    PHND_SRB_EXT srbExt = (PHND_SRB_EXT)Srb->SrbExtension;
    STOR_LOCK_HANDLE dpcHandle;

    StorPortAcquireSpinLock(ext, DpcLock, &ext->CompletionDpc, &dpcHandle);  // expect: StorPortSpinLock3
    ext->QueuedForCompletion++;
    StorPortReleaseSpinLock(ext, &dpcHandle);
    StorPortWriteRegisterUlong(ext, ext->PostRegister, Srb->QueueTag);
    ext->Posted++;
    if (srbExt->Locked) {
        StorPortReleaseSpinLock(ext, &srbExt->PostHandle);
        srbExt->Locked = FALSE;
    }
    return TRUE;
}

VOID
HndCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                 PVOID SystemArgument2)
{
    PHND_EXT ext = (PHND_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ext->QueuedForCompletion = 0;
}

ULONG
HndFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PHND_EXT ext = (PHND_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->CompletionDpc, HndCompletionDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
HndInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
HndInterrupt(PVOID DeviceExtension)
{
    PHND_EXT ext = (PHND_EXT)DeviceExtension;

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
    init.DeviceExtensionSize = sizeof(HND_EXT);
    init.SrbExtensionSize = sizeof(HND_SRB_EXT);
    init.HwFindAdapter = HndFindAdapter;
    init.HwInitialize = HndInitialize;
    init.HwBuildIo = HndBuildIo;
    init.HwStartIo = HndStartIo;
    init.HwInterrupt = HndInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
