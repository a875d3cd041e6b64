// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * An I/O work item (IoQueueWorkItem, queued from StartIo on REPORT LUNS) publishes one
 * volatile key per target in a loop, reusing one handle variable and closing it only
 * after the loop. From the second iteration on, ZwCreateKey overwrites a handle that is
 * still open (and leaks it). Reported once, on the create inside the loop.
 */

#include <ntddk.h>
#include <storport.h>

#define VT_TARGETS 4

typedef struct _VT_EXT {
    PIO_WORKITEM RescanItem;
    ULONG TargetCount;
    ULONG LunCount[VT_TARGETS];
} VT_EXT, *PVT_EXT;

VOID VtTargetKeyName(ULONG Target, PUNICODE_STRING Name);

VOID
VtPublishTargets(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PVT_EXT ext = (PVT_EXT)Context;
    HANDLE targetKey = NULL;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    RtlInitUnicodeString(&valueName, L"Luns");
    for (i = 0; i < ext->TargetCount; i++) {
        VtTargetKeyName(i, &name);
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, NULL);
        status = ZwCreateKey(&targetKey, KEY_SET_VALUE, &oa, 0, NULL,  // expect: ZwRegistryCreate
                             REG_OPTION_VOLATILE, NULL);
        if (!NT_SUCCESS(status)) {
            continue;
        }
        ZwSetValueKey(targetKey, &valueName, 0, REG_DWORD, &ext->LunCount[i], sizeof(ULONG));
    }
    if (targetKey != NULL) {
        ZwClose(targetKey);
    }
}

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;
    PVOID adapterDo = NULL;
    PVOID pdo = NULL;
    PVOID lowerDo = NULL;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    StorPortGetDeviceObjects(ext, &adapterDo, &pdo, &lowerDo);
    ext->RescanItem = IoAllocateWorkItem((PDEVICE_OBJECT)adapterDo);
    if (ext->RescanItem == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->TargetCount = VT_TARGETS;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;

    if (Srb->Cdb[0] == SCSIOP_REPORT_LUNS) {
        IoQueueWorkItem(ext->RescanItem, VtPublishTargets, DelayedWorkQueue, ext);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(VT_EXT);
    init.HwFindAdapter = VtFindAdapter;
    init.HwInitialize = VtInitialize;
    init.HwStartIo = VtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
