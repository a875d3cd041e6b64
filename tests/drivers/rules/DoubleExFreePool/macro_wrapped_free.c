// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: virtual
/*
 * Frees hidden in driver macros; the violation is reported on the line where the macro
 * is invoked. VST_FREE_AND_NULL clears the pointer, so using it twice on the sense
 * cache is fine. The target table, though, is freed with the plain VST_FREE both by the
 * hot-plug shutdown helper and by VstDestroyTargets, so an adapter with hot-plug on
 * frees it twice when its resources are released.
 */

#include <ntddk.h>
#include <storport.h>

#define VST_TAG 'tSvV'
#define VST_FREE(p)             ExFreePoolWithTag((p), VST_TAG)
#define VST_FREE_AND_NULL(p)    do { if ((p) != NULL) { ExFreePoolWithTag((p), VST_TAG); (p) = NULL; } } while (0)

typedef struct _VST_TARGET {
    ULONG Id;
    ULONG LunCount;
} VST_TARGET, *PVST_TARGET;

typedef struct _VST_ADAPTER {
    PVST_TARGET Targets;
    PVOID SenseCache;
    BOOLEAN HotplugEnabled;
} VST_ADAPTER, *PVST_ADAPTER;

static VOID
VstStopHotplug(PVST_ADAPTER Adapter)
{
    Adapter->HotplugEnabled = FALSE;
    VST_FREE(Adapter->Targets);             // ok: DoubleExFreePool -- first free
}

static VOID
VstDestroyTargets(PVST_ADAPTER Adapter)
{
    VST_FREE(Adapter->Targets);             // expect: DoubleExFreePool
}

VOID
VstFreeAdapterResources(PVOID DeviceExtension)
{
    PVST_ADAPTER adapter = DeviceExtension;

    VST_FREE_AND_NULL(adapter->SenseCache); // ok: DoubleExFreePool
    if (adapter->HotplugEnabled) {
        VstStopHotplug(adapter);
    }
    VstDestroyTargets(adapter);
    VST_FREE_AND_NULL(adapter->SenseCache); // ok: DoubleExFreePool -- already NULL, nothing freed
}

ULONG
VstFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PVOID LowerDevice, PCHAR ArgumentString,
               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVST_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    adapter->Targets = ExAllocatePoolWithTag(NonPagedPoolNx, 8 * sizeof(VST_TARGET), VST_TAG);
    if (adapter->Targets == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->SenseCache = ExAllocatePoolWithTag(NonPagedPoolNx, 256, VST_TAG);
    adapter->HotplugEnabled = ArgumentString != NULL && ArgumentString[0] == 'H';
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VstInitialize(PVOID DeviceExtension) { UNREFERENCED_PARAMETER(DeviceExtension); return TRUE; }

BOOLEAN
VstStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVST_ADAPTER adapter = DeviceExtension;

    Srb->SrbStatus = Srb->TargetId < 8 && adapter->Targets != NULL
                         ? SRB_STATUS_SUCCESS : SRB_STATUS_NO_DEVICE;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VST_ADAPTER);
    init.HwFindAdapter = VstFindAdapter;
    init.HwInitialize = VstInitialize;
    init.HwStartIo = VstStartIo;
    init.HwFreeAdapterResources = VstFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
