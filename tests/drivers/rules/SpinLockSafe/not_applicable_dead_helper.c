// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=not_applicable
// expect-kind: virtual
/*
 * Neither IoCompleteRequest nor IoStartNextPacket -- nor any lock call the rule
 * counts -- is reachable from an entry point. The virtual miniport completes all its
 * work through Storport (StorPortNotification(RequestComplete, ...)); an old
 * IRP-completion helper, which completed under a spin lock, is still in the file but
 * nothing calls it since the private IOCTL interface was removed.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _NS_ADAPTER {
    KSPIN_LOCK IoctlLock;
    ULONG Requests;
} NS_ADAPTER, *PNS_ADAPTER;

static VOID
NsCompletePrivateIoctl(PNS_ADAPTER Adapter, PIRP Irp)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->IoctlLock, &irql);
    Adapter->Requests++;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                // ok: SpinLockSafe -- unreachable
    KeReleaseSpinLock(&Adapter->IoctlLock, irql);
}

ULONG
NsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PNS_ADAPTER adapter = (PNS_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->IoctlLock);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NsInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PNS_ADAPTER adapter = (PNS_ADAPTER)DeviceExtension;

    adapter->Requests++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(NS_ADAPTER);
    init.HwFindAdapter = NsFindAdapter;
    init.HwInitialize = NsInitialize;
    init.HwStartIo = NsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                              NULL);
}
