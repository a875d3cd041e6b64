// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * FindAdapter creates the parameters key into the device extension and keeps it open for
 * the adapter's lifetime (a work item writes to it, HwFreeAdapterResources closes it).
 * The rule requires the handle to be closed before the creating entry point returns,
 * stored or not, so FindAdapter's SP_RETURN_FOUND exit is the violation on the path
 * where the create succeeded. On the other path the later users test the handle first.
 */

#include <ntddk.h>
#include <storport.h>

#define VK_PARAMS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vkdisk\\Runtime"

typedef struct _VK_EXT {
    HANDLE RuntimeKey;
    PVOID Worker;
    ULONG Resets;
} VK_EXT, *PVK_EXT;

ULONG
VkFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVK_EXT ext = (PVK_EXT)DeviceExtension;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    RtlInitUnicodeString(&name, VK_PARAMS_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&ext->RuntimeKey, KEY_ALL_ACCESS, &oa, 0, NULL,
                         REG_OPTION_VOLATILE, NULL);
    if (!NT_SUCCESS(status)) {
        ext->RuntimeKey = NULL;
    }
    StorPortInitializeWorker(ext, &ext->Worker);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // expect: ZwRegistryCreate
}

BOOLEAN
VkInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

VOID
VkResetWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVK_EXT ext = (PVK_EXT)DeviceExtension;
    UNICODE_STRING valueName;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    RtlInitUnicodeString(&valueName, L"Resets");
    if (ext->RuntimeKey != NULL) {
        ZwSetValueKey(ext->RuntimeKey, &valueName, 0, REG_DWORD, &ext->Resets, sizeof(ULONG));  // ok: ZwRegistryCreate
    }
}

BOOLEAN
VkResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PVK_EXT ext = (PVK_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    ext->Resets++;
    StorPortQueueWorkItem(ext, VkResetWorker, ext->Worker, NULL);
    return TRUE;
}

BOOLEAN
VkStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

VOID
VkFreeAdapterResources(PVOID DeviceExtension)
{
    PVK_EXT ext = (PVK_EXT)DeviceExtension;

    if (ext->RuntimeKey != NULL) {
        ZwClose(ext->RuntimeKey);  // ok: ZwRegistryCreate
        ext->RuntimeKey = NULL;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VK_EXT);
    init.HwFindAdapter = VkFindAdapter;
    init.HwInitialize = VkInitialize;
    init.HwStartIo = VkStartIo;
    init.HwResetBus = VkResetBus;
    init.HwFreeAdapterResources = VkFreeAdapterResources;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
