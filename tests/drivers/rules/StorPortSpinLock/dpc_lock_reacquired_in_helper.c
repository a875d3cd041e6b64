// check-rules: StorPortSpinLock, StorPortSpinLock3
// expect-status: StorPortSpinLock=defect, StorPortSpinLock3=defect
// expect-kind: physical
/*
 * The same DPC lock taken twice. The event DPC takes its own DPC lock
 * (LockContext = &DevExt->EventDpc) and, to process a link-change event, calls a
 * handler that calls a logging helper; the logging helper, written to be callable from
 * anywhere, takes the event DPC's lock again. Same DPC object, same lock: the second
 * acquire, two levels below the DPC, deadlocks. Both StorPortSpinLock (a lock the
 * miniport holds) and StorPortSpinLock3 (clause 1) report it at that acquire.
 *
 * Near miss, not reported: the handler also takes the DPC lock of the *I/O* DPC, a
 * different STOR_DPC and therefore a different lock, while the event DPC lock is held.
 * Called from the I/O DPC (where nobody holds the event DPC's lock), the logging helper
 * is fine.
 */

#include <storport.h>

#define EVT_LINK_CHANGE 0x1

typedef struct _EVT_EXT {
    STOR_DPC EventDpc;
    STOR_DPC IoDpc;
    ULONG EventLog[16];
    ULONG LogIndex;
    ULONG IoPending;
    PULONG EventRegister;
} EVT_EXT, *PEVT_EXT;

static VOID
EvtLogEvent(PEVT_EXT Ext, ULONG Event)
{
    STOR_LOCK_HANDLE logHandle;

    StorPortAcquireSpinLock(Ext, DpcLock, &Ext->EventDpc, &logHandle);  // expect: StorPortSpinLock, StorPortSpinLock3
    Ext->EventLog[Ext->LogIndex % 16] = Event;
    Ext->LogIndex++;
    StorPortReleaseSpinLock(Ext, &logHandle);
}

static VOID
EvtHandleLinkChange(PEVT_EXT Ext, ULONG Event)
{
    STOR_LOCK_HANDLE ioHandle;

    StorPortAcquireSpinLock(Ext, DpcLock, &Ext->IoDpc, &ioHandle);  // ok: StorPortSpinLock, StorPortSpinLock3 -- another DPC's lock
    Ext->IoPending = 0;
    StorPortReleaseSpinLock(Ext, &ioHandle);
    EvtLogEvent(Ext, Event);
}

VOID
EvtEventDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
            PVOID SystemArgument2)
{
    PEVT_EXT ext = (PEVT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE eventHandle;
    ULONG event;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->EventDpc, &eventHandle);
    event = StorPortReadRegisterUlong(ext, ext->EventRegister);
    if ((event & EVT_LINK_CHANGE) != 0) {
        EvtHandleLinkChange(ext, event);
    }
    StorPortReleaseSpinLock(ext, &eventHandle);
}

VOID
EvtIoDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
         PVOID SystemArgument2)
{
    PEVT_EXT ext = (PEVT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE ioHandle;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortAcquireSpinLock(ext, DpcLock, &ext->IoDpc, &ioHandle);
    ext->IoPending = 0;
    StorPortReleaseSpinLock(ext, &ioHandle);
    EvtLogEvent(ext, 0);
}

ULONG
EvtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PEVT_EXT ext = (PEVT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->EventDpc, EvtEventDpc);
    StorPortInitializeDpc(ext, &ext->IoDpc, EvtIoDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
EvtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
EvtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PEVT_EXT ext = (PEVT_EXT)DeviceExtension;

    ext->IoPending++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
EvtInterrupt(PVOID DeviceExtension)
{
    PEVT_EXT ext = (PEVT_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->EventDpc, NULL, NULL);
    StorPortIssueDpc(ext, &ext->IoDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(EVT_EXT);
    init.HwFindAdapter = EvtFindAdapter;
    init.HwInitialize = EvtInitialize;
    init.HwStartIo = EvtStartIo;
    init.HwInterrupt = EvtInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
