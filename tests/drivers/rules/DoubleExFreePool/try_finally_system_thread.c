// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: virtual
/*
 * __try / __finally in a system thread (PsCreateSystemThread, started by HwInitialize
 * with the device extension as context). When the configuration page cannot be fetched
 * the body frees the page and leaves the guarded block with __leave; the __finally
 * block, which runs afterwards, tests a pointer nobody cleared and frees it again.
 */

#include <ntddk.h>
#include <storport.h>

#define VTC_TAG 'gfCV'

typedef struct _VTC_ADAPTER {
    ULONG QueueDepth;
    ULONG Generation;
    HANDLE ConfigThread;
} VTC_ADAPTER, *PVTC_ADAPTER;

static BOOLEAN
VtcFetchConfigPage(PVTC_ADAPTER Adapter, PUCHAR Page)
{
    UNREFERENCED_PARAMETER(Adapter);
    return Page[0] == 'C' && Page[1] == 'F';
}

VOID
VtcConfigThread(PVOID StartContext)
{
    PVTC_ADAPTER adapter = StartContext;
    PUCHAR page = NULL;

    __try {
        page = ExAllocatePoolWithTag(PagedPool, PAGE_SIZE, VTC_TAG);
        if (page == NULL) {
            __leave;
        }
        if (!VtcFetchConfigPage(adapter, page)) {
            ExFreePoolWithTag(page, VTC_TAG);   // ok: DoubleExFreePool -- first free
            __leave;
        }
        adapter->QueueDepth = page[4];
        adapter->Generation++;
    } __finally {
        if (page != NULL) {
            ExFreePoolWithTag(page, VTC_TAG);   // expect: DoubleExFreePool
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

ULONG
VtcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVTC_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    adapter->QueueDepth = 32;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x80000;
    ConfigInfo->NumberOfPhysicalBreaks = 128;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
VtcInitialize(PVOID DeviceExtension)
{
    PVTC_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&adapter->ConfigThread, THREAD_ALL_ACCESS, &attributes,
                                  NULL, NULL, VtcConfigThread, adapter);
    return NT_SUCCESS(status);
}

BOOLEAN
VtcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VTC_ADAPTER);
    init.HwFindAdapter = VtcFindAdapter;
    init.HwInitialize = VtcInitialize;
    init.HwStartIo = VtcStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
