// check-rules: QueuedSpinLockRelease
// expect-status: QueuedSpinLockRelease=not_applicable
// expect-kind: physical
/*
 * No in-stack queued spin lock release (or acquire) is reachable from an entry point.
 * The driver serialises with StorPortAcquireSpinLock(StartIoLock), which this rule does
 * not monitor; an old queued-lock helper with a release through an unused handle is
 * still in the file, but its only reference is a function pointer stored in a table that
 * no code reads or calls.
 */

#include <storport.h>

typedef struct _ND_ADAPTER {
    KSPIN_LOCK LegacyLock;
    ULONG Requests;
} ND_ADAPTER, *PND_ADAPTER;

static VOID
NdLegacyUnlock(PND_ADAPTER Adapter)
{
    KLOCK_QUEUE_HANDLE handle;

    Adapter->Requests--;
    KeReleaseInStackQueuedSpinLock(&handle);        // ok: QueuedSpinLockRelease -- unreachable
}

typedef VOID (*ND_UNLOCK_ROUTINE)(PND_ADAPTER Adapter);

/* Left over from the queued-lock build; nothing reads this table any more. */
static ND_UNLOCK_ROUTINE NdLegacyUnlockTable[] = { NdLegacyUnlock };

ULONG
NdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PND_ADAPTER adapter = (PND_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->LegacyLock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NdBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PND_ADAPTER adapter = (PND_ADAPTER)DeviceExtension;
    STOR_LOCK_HANDLE lockHandle;

    UNREFERENCED_PARAMETER(Srb);
    StorPortAcquireSpinLock(adapter, StartIoLock, NULL, &lockHandle);
    adapter->Requests++;
    StorPortReleaseSpinLock(adapter, &lockHandle);
    return TRUE;
}

BOOLEAN
NdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(ND_ADAPTER);
    init.HwFindAdapter = NdFindAdapter;
    init.HwInitialize = NdInitialize;
    init.HwBuildIo = NdBuildIo;
    init.HwStartIo = NdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
