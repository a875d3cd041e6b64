// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Locks taken inside the interrupt routines. Storport calls HwStorInterrupt and
 * HwMSInterruptRoutine with the interrupt lock held, and an interrupt routine may take
 * no Storport lock at all:
 *  - the line-based HwStorInterrupt re-takes the interrupt lock (through a shared helper
 *    also used by StartIo) to update the completion counters: a lock Storport already
 *    holds, reported at the acquire in the helper on the HwStorInterrupt path;
 *  - the message-signaled routine, registered through ConfigInfo->HwMSInterruptRoutine,
 *    takes the DPC lock of its completion DPC: a DPC lock while the interrupt lock is
 *    held, and a lock it may not take; reported at that acquire.
 * The same helper called from StartIo (the interrupt lock is one StartIo may take) is
 * fine: on that path the helper's acquire is clean, so the only report at that line is
 * the interrupt path's.
 */

#include <storport.h>

typedef struct _MSX_EXT {
    ULONG Completions;
    ULONG Submitted;
    PULONG InterruptStatus;
    STOR_DPC MsgDpc;
} MSX_EXT, *PMSX_EXT;

static VOID
MsxBumpCounters(PMSX_EXT Ext, BOOLEAN Completion)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // expect: StorPortSpinLock3
    if (Completion) {
        Ext->Completions++;
    } else {
        Ext->Submitted++;
    }
    StorPortReleaseSpinLock(Ext, &intHandle);
}

BOOLEAN
MsxInterrupt(PVOID DeviceExtension)
{
    PMSX_EXT ext = (PMSX_EXT)DeviceExtension;
    ULONG status = StorPortReadRegisterUlong(ext, ext->InterruptStatus);

    if (status == 0) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(ext, ext->InterruptStatus, status);
    MsxBumpCounters(ext, TRUE);
    return TRUE;
}

BOOLEAN
MsxMessageInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    PMSX_EXT ext = (PMSX_EXT)DeviceExtension;
    STOR_LOCK_HANDLE dpcHandle;

    UNREFERENCED_PARAMETER(MessageId);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->MsgDpc, &dpcHandle);  // expect: StorPortSpinLock3
    ext->Completions++;
    StorPortReleaseSpinLock(ext, &dpcHandle);
    StorPortIssueDpc(ext, &ext->MsgDpc, NULL, NULL);
    return TRUE;
}

VOID
MsxMsgDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
          PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

ULONG
MsxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PMSX_EXT ext = (PMSX_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->HwMSInterruptRoutine = MsxMessageInterrupt;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->MsgDpc, MsxMsgDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
MsxInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
MsxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMSX_EXT ext = (PMSX_EXT)DeviceExtension;

    MsxBumpCounters(ext, FALSE);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(MSX_EXT);
    init.HwFindAdapter = MsxFindAdapter;
    init.HwInitialize = MsxInitialize;
    init.HwStartIo = MsxStartIo;
    init.HwInterrupt = MsxInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
