// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * "Same object" means same run-time value. The event log lives in the device extension
 * together with its STOR_LOCK_HANDLE (DevExt->Log.Handle). The unit-control routine
 * gets a pointer to the log structure from a lookup helper, acquires the DPC lock of
 * the log DPC through `&log->Handle`, and releases through a separately computed alias,
 * `PSTOR_LOCK_HANDLE h = &DevExt->Log.Handle`. Both expressions name the same handle,
 * which holds the lock: pass for both rules (also nothing left held at exit).
 */

#include <storport.h>

typedef struct _EVLOG {
    STOR_LOCK_HANDLE Handle;
    STOR_DPC Dpc;
    ULONG Entries[8];
    ULONG Next;
} EVLOG, *PEVLOG;

typedef struct _AL_EXT {
    EVLOG Log;
    ULONG Stops;
} AL_EXT, *PAL_EXT;

static PEVLOG
AlLogOf(PAL_EXT Ext)
{
    return &Ext->Log;
}

static VOID
AlAppend(PEVLOG Log, ULONG Value)
{
    Log->Entries[Log->Next % 8] = Value;
    Log->Next++;
}

VOID
AlLogDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
         PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

SCSI_UNIT_CONTROL_STATUS
AlUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
              PVOID Parameters)
{
    PAL_EXT ext = (PAL_EXT)DeviceExtension;
    PEVLOG log = AlLogOf(ext);
    PSTOR_LOCK_HANDLE h;

    UNREFERENCED_PARAMETER(Parameters);
    if (ControlType != ScsiUnitStop) {
        return ScsiUnitControlUnsuccessful;
    }
    StorPortAcquireSpinLock(ext, DpcLock, &log->Dpc, &log->Handle);
    AlAppend(log, (ULONG)ControlType);
    ext->Stops++;
    h = &ext->Log.Handle;
    StorPortReleaseSpinLock(ext, h);  // ok: StorPortSpinLock4, StorPortSpinLock -- same handle as &log->Handle
    return ScsiUnitControlSuccess;  // ok: StorPortSpinLock
}

ULONG
AlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAL_EXT ext = (PAL_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->Log.Dpc, AlLogDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
AlInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
AlStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
AlInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(AL_EXT);
    init.HwFindAdapter = AlFindAdapter;
    init.HwInitialize = AlInitialize;
    init.HwStartIo = AlStartIo;
    init.HwInterrupt = AlInterrupt;
    init.HwUnitControl = AlUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
