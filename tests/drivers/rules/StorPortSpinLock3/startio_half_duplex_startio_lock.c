// check-rules: StorPortSpinLock3, StorPortSpinLock
// expect-status: StorPortSpinLock3=defect, StorPortSpinLock=pass
// expect-kind: physical
/*
 * A physical SAS miniport that never touches ConfigInfo->SynchronizationModel, so it
 * stays in Storport's default half-duplex mode. Its HwStorStartIo takes the interrupt
 * lock to post a command to the inbound queue (allowed: StartIo may take the interrupt
 * lock, and Interrupt after StartIo is the right order), and for task-management SRBs
 * additionally takes the StartIo lock "to keep other StartIo calls out". Storport
 * already holds the StartIo lock around a physical miniport's HwStorStartIo (no
 * concurrent channels here), so that acquire deadlocks: StorPortSpinLock3 clause 1/3 at
 * the acquire.
 *
 * StorPortSpinLock only knows the locks the miniport itself took: the StartIo lock is
 * Storport's, the miniport acquires and releases it in a balanced way, so that rule
 * passes (a near miss for it).
 */

#include <storport.h>

typedef struct _SAS_EXT {
    PULONG InboundQueuePort;
    ULONG PostedCount;
    ULONG TaskMgmtPending;
} SAS_EXT, *PSAS_EXT;

static VOID
SasPostCommand(PSAS_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock3, StorPortSpinLock
    StorPortWriteRegisterUlong(Ext, Ext->InboundQueuePort, (ULONG)Srb->QueueTag);
    Ext->PostedCount++;
    StorPortReleaseSpinLock(Ext, &intHandle);  // ok: StorPortSpinLock
}

static BOOLEAN
SasTaskManagement(PSAS_EXT Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STOR_LOCK_HANDLE startIoHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &startIoHandle);  // expect: StorPortSpinLock3
    Ext->TaskMgmtPending++;
    SasPostCommand(Ext, Srb);
    StorPortReleaseSpinLock(Ext, &startIoHandle);
    return TRUE;
}

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->PostedCount = 0;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        SasPostCommand(ext, Srb);
        return TRUE;
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_ABORT_COMMAND:
        return SasTaskManagement(ext, Srb);
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }
}

BOOLEAN
SasInterrupt(PVOID DeviceExtension)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    if (ext->PostedCount == 0) {
        return FALSE;
    }
    ext->PostedCount--;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SAS_EXT);
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwStartIo = SasStartIo;
    init.HwInterrupt = SasInterrupt;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
