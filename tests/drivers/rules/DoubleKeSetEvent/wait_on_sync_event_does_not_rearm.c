// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * A satisfied wait on a synchronization (auto-reset) event is not a re-arm for this
 * rule: only KeClearEvent, KeResetEvent and KeInitializeEvent are. HwStorInitialize
 * self-tests the worker wake-up path by setting the Kick event and waiting on it (which
 * at run time consumes the signal); the service-request routine later kicks the worker
 * with a second KeSetEvent on the same event. The rule reports that second set.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VK_ADAPTER {
    KEVENT Kick;
    LIST_ENTRY Work;
    ULONG Queued;
} VK_ADAPTER, *PVK_ADAPTER;

VOID
VkProcessServiceRequest(PVOID DeviceExtension, PVOID Context)
{
    PVK_ADAPTER adapter = DeviceExtension;
    PIRP irp = Context;

    IoMarkIrpPending(irp);
    InsertTailList(&adapter->Work, (PLIST_ENTRY)&irp->Tail.Overlay.DriverContext[0]);
    adapter->Queued++;
    KeSetEvent(&adapter->Kick, IO_NO_INCREMENT, FALSE);         // expect: DoubleKeSetEvent
}

ULONG
VkFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVK_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    InitializeListHead(&adapter->Work);
    KeInitializeEvent(&adapter->Kick, SynchronizationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VkInitialize(PVOID DeviceExtension)
{
    PVK_ADAPTER adapter = DeviceExtension;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    /* Self-test: the wake-up path must work before we accept I/O. */
    KeSetEvent(&adapter->Kick, IO_NO_INCREMENT, FALSE);         // ok: DoubleKeSetEvent -- first set
    timeout.QuadPart = -10 * 1000 * 100;                        /* 100 ms */
    status = KeWaitForSingleObject(&adapter->Kick, Executive, KernelMode, FALSE, &timeout);
    return status == STATUS_SUCCESS;
}

BOOLEAN
VkStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VK_ADAPTER);
    init.HwFindAdapter = VkFindAdapter;
    init.HwInitialize = VkInitialize;
    init.HwStartIo = VkStartIo;
    init.HwProcessServiceRequest = VkProcessServiceRequest;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
