// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * A virtual miniport hooks IRP_MJ_PNP and DriverUnload: DriverEntry saves Storport's
 * routines from the driver object, installs its own, and the hooks call the saved
 * routines. The saved pointer is Storport's code, not the hook: a call-graph view
 * that only sees "a PnP dispatch slot holds VrPnpHook" would make the hook call itself
 * and signal the rescan event twice. After the forward, the hook signals its "done"
 * event twice on one path, which is a real violation.
 */
#include <ntddk.h>
#include <storport.h>

typedef struct _VR_ADAPTER {
    KEVENT RescanRequested;
    KEVENT PnpDone;
    KEVENT Stopping;
} VR_ADAPTER, *PVR_ADAPTER;

static PDRIVER_DISPATCH VrStorPortPnp;
static PDRIVER_UNLOAD VrStorPortUnload;
static PVR_ADAPTER VrAdapter;

DRIVER_DISPATCH VrPnpHook;

NTSTATUS VrPnpHook(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status;

    if (VrAdapter == NULL)
        return VrStorPortPnp(DeviceObject, Irp);
    KeSetEvent(&VrAdapter->RescanRequested, IO_NO_INCREMENT, FALSE);   // ok: DoubleKeSetEvent
    status = VrStorPortPnp(DeviceObject, Irp);
    KeSetEvent(&VrAdapter->PnpDone, IO_NO_INCREMENT, FALSE);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&VrAdapter->PnpDone, IO_NO_INCREMENT, FALSE);       // expect: DoubleKeSetEvent
    }
    return status;
}

DRIVER_UNLOAD VrUnload;

VOID VrUnload(PDRIVER_OBJECT DriverObject)
{
    if (VrAdapter != NULL)
        KeSetEvent(&VrAdapter->Stopping, IO_NO_INCREMENT, FALSE);      // ok: DoubleKeSetEvent
    if (VrStorPortUnload != NULL)
        VrStorPortUnload(DriverObject);
}

BOOLEAN VrInitialize(PVOID DeviceExtension)
{
    PVR_ADAPTER adapter = DeviceExtension;

    KeInitializeEvent(&adapter->RescanRequested, SynchronizationEvent, FALSE);
    KeInitializeEvent(&adapter->PnpDone, SynchronizationEvent, FALSE);
    KeInitializeEvent(&adapter->Stopping, NotificationEvent, FALSE);
    VrAdapter = adapter;
    return TRUE;
}

ULONG VrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                    PVOID LowerDevice, PCHAR ArgumentString,
                    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VR_ADAPTER);
    init.HwFindAdapter = VrFindAdapter;
    init.HwInitialize = VrInitialize;
    init.HwStartIo = VrStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        VrStorPortPnp = DriverObject->MajorFunction[IRP_MJ_PNP];
        DriverObject->MajorFunction[IRP_MJ_PNP] = VrPnpHook;
        VrStorPortUnload = DriverObject->DriverUnload;
        DriverObject->DriverUnload = VrUnload;
    }
    return status;
}
