// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: virtual
/*
 * Two entry points. FindAdapter opens the tuning key into the device extension, reads
 * it and closes it, but leaves the stale value in DevExt->TuningKey (the NULL of a
 * failed open, or the closed handle). On ScsiRestartAdapter, HwStorAdapterControl calls
 * a helper that re-reads the tuning through DevExt->TuningKey: a handle that is not
 * open on any path. Reported on the query in the helper.
 */

#include <ntddk.h>
#include <storport.h>

#define VT_TUNING_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vtdisk\\Tuning"

typedef struct _VT_EXT {
    HANDLE TuningKey;
    ULONG QueueDepth;
} VT_EXT, *PVT_EXT;

static VOID
VtReadTuning(PVT_EXT Ext)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;

    RtlInitUnicodeString(&valueName, L"QueueDepth");
    if (NT_SUCCESS(ZwQueryValueKey(Ext->TuningKey, &valueName, KeyValuePartialInformation,  // expect: ZwRegistryOpen
                                   info, sizeof(buffer), &length))) {
        Ext->QueueDepth = *(PULONG)info->Data;
    }
}

ULONG
VtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->QueueDepth = 64;
    RtlInitUnicodeString(&name, VT_TUNING_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&ext->TuningKey, KEY_READ, &oa))) {
        VtReadTuning(ext);
        ZwClose(ext->TuningKey);  // ok: ZwRegistryOpen
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: ZwRegistryOpen
}

SCSI_ADAPTER_CONTROL_STATUS
VtAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PVT_EXT ext = (PVT_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        VtReadTuning(ext);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
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
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
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
    init.HwAdapterControl = VtAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
