// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: virtual
/*
 * A double set that needs two entry points. The virtual adapter's HwStorInitialize
 * connects to its backend, signals LinkReady and starts a reconnect thread
 * (PsCreateSystemThread, context = the device extension). The thread, after a link loss,
 * reconnects and signals LinkReady again -- but nothing cleared the event when the link
 * went down, so the second KeSetEvent hits an event that is still set.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _VX_ADAPTER {
    KEVENT LinkReady;
    HANDLE ReconnectThread;
    ULONG Reconnects;
    PULONG Mailbox;
} VX_ADAPTER, *PVX_ADAPTER;

static BOOLEAN
VxConnect(PVX_ADAPTER Adapter)
{
    Adapter->Mailbox[0] = 0x434F4E4E;       /* "CONN" */
    return Adapter->Mailbox[1] == 0x4F4B;   /* "OK" */
}

VOID
VxReconnectThread(PVOID StartContext)
{
    PVX_ADAPTER adapter = StartContext;
    LARGE_INTEGER delay;

    delay.QuadPart = -10 * 1000 * 1000;     /* 1 s */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    if (VxConnect(adapter)) {
        adapter->Reconnects++;
        KeSetEvent(&adapter->LinkReady, IO_NO_INCREMENT, FALSE);    // expect: DoubleKeSetEvent
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

ULONG
VxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVX_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    adapter->Mailbox = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, 'bMxV');
    if (adapter->Mailbox == NULL) {
        return SP_RETURN_ERROR;
    }
    KeInitializeEvent(&adapter->LinkReady, NotificationEvent, FALSE);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 65;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VxInitialize(PVOID DeviceExtension)
{
    PVX_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    if (!VxConnect(adapter)) {
        return FALSE;
    }
    KeSetEvent(&adapter->LinkReady, IO_NO_INCREMENT, FALSE);        // ok: DoubleKeSetEvent -- first set
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    return NT_SUCCESS(PsCreateSystemThread(&adapter->ReconnectThread, THREAD_ALL_ACCESS,
                                           &attributes, NULL, NULL, VxReconnectThread,
                                           adapter));
}

BOOLEAN
VxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VX_ADAPTER);
    init.HwFindAdapter = VxFindAdapter;
    init.HwInitialize = VxInitialize;
    init.HwStartIo = VxStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
