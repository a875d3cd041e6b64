// check-rules: SpinLockSafe
// expect-status: SpinLockSafe=defect
// expect-kind: virtual
/*
 * Both the lock and the completion behind driver macros. MC_LOCK / MC_UNLOCK wrap
 * KeAcquireSpinLock / KeReleaseSpinLock on the adapter's `TableLock`;
 * MC_COMPLETE(irp, status) sets the status and calls IoCompleteRequest. The virtual
 * miniport's IRP_MJ_CLOSE hook uses MC_COMPLETE for the "unknown handle" case inside
 * the locked region: the violation is reported on that macro invocation's line. The
 * normal path unlocks first and its MC_COMPLETE is fine.
 */

#include <ntddk.h>
#include <storport.h>

#define MC_LOCK(a, irql)    KeAcquireSpinLock(&(a)->TableLock, (irql))
#define MC_UNLOCK(a, irql)  KeReleaseSpinLock(&(a)->TableLock, (irql))
#define MC_COMPLETE(irp, st)                        \
    do {                                            \
        (irp)->IoStatus.Status = (st);              \
        (irp)->IoStatus.Information = 0;            \
        IoCompleteRequest((irp), IO_NO_INCREMENT);  \
    } while (0)

#define MC_HANDLES 16

typedef struct _MC_ADAPTER {
    KSPIN_LOCK TableLock;
    PVOID Handles[MC_HANDLES];
} MC_ADAPTER, *PMC_ADAPTER;

static PMC_ADAPTER McAdapter;

NTSTATUS
McClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVOID fileContext = stack->FileObject->FsContext;
    KIRQL irql;
    ULONG slot = (ULONG)(ULONG_PTR)fileContext % MC_HANDLES;

    UNREFERENCED_PARAMETER(DeviceObject);
    MC_LOCK(McAdapter, &irql);
    if (McAdapter->Handles[slot] != fileContext) {
        MC_COMPLETE(Irp, STATUS_INVALID_HANDLE);            // expect: SpinLockSafe
        MC_UNLOCK(McAdapter, irql);
        return STATUS_INVALID_HANDLE;
    }
    McAdapter->Handles[slot] = NULL;
    MC_UNLOCK(McAdapter, irql);
    MC_COMPLETE(Irp, STATUS_SUCCESS);                       // ok: SpinLockSafe
    return STATUS_SUCCESS;
}

ULONG
McFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PMC_ADAPTER adapter = (PMC_ADAPTER)DeviceExtension;

    KeInitializeSpinLock(&adapter->TableLock);
    ConfigInfo->VirtualDevice = TRUE;
    McAdapter = adapter;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
McInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
McStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    NTSTATUS status;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(MC_ADAPTER);
    init.HwFindAdapter = McFindAdapter;
    init.HwInitialize = McInitialize;
    init.HwStartIo = McStartIo;
    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init,
                                NULL);
    if (NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = McClose;
    }
    return status;
}
