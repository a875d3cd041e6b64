// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=not_applicable
// expect-kind: virtual
/*
 * No monitored free is reachable from any entry point. The live code allocates with
 * StorPortAllocatePool and frees with StorPortFreePool (not monitored by this rule) and
 * allocates with ExAllocatePoolWithTag (an allocation alone is not monitored). The only
 * ExFreePool / ExFreePoolWithTag calls are in a legacy teardown helper that nothing
 * reachable calls: it is referenced only by another static function that no entry
 * point reaches.
 * Its double free must not be reported.
 */

#include <ntddk.h>
#include <storport.h>

#define VND_TAG 'dnVV'

typedef struct _VND_ADAPTER {
    PVOID LunTable;
    PVOID InquiryCache;
} VND_ADAPTER, *PVND_ADAPTER;

static VOID
VndLegacyTeardown(PVND_ADAPTER Adapter)
{
    ExFreePoolWithTag(Adapter->InquiryCache, VND_TAG);  // ok: DoubleExFreePool -- unreachable
    ExFreePool(Adapter->InquiryCache);                  // ok: DoubleExFreePool -- unreachable
}

static VOID
VndLegacyUnload(PVND_ADAPTER Adapter)
{
    VndLegacyTeardown(Adapter);
}

ULONG
VndFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVND_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (StorPortAllocatePool(adapter, PAGE_SIZE, VND_TAG, &adapter->LunTable) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    adapter->InquiryCache = ExAllocatePoolWithTag(NonPagedPoolNx, 96, VND_TAG);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x40000;
    ConfigInfo->NumberOfPhysicalBreaks = 64;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VndInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VndStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
VndFreeAdapterResources(PVOID DeviceExtension)
{
    PVND_ADAPTER adapter = DeviceExtension;

    if (adapter->LunTable != NULL) {
        StorPortFreePool(adapter, adapter->LunTable);
        adapter->LunTable = NULL;
    }
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VND_ADAPTER);
    init.HwFindAdapter = VndFindAdapter;
    init.HwInitialize = VndInitialize;
    init.HwStartIo = VndStartIo;
    init.HwFreeAdapterResources = VndFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
