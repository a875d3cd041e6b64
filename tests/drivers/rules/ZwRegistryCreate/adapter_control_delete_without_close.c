// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * On ScsiStopAdapter, HwStorAdapterControl (a `switch` on the control type) calls a
 * helper that creates-or-opens the runtime key and deletes it. ZwDeleteKey does not
 * close the handle, and the helper never calls ZwClose, so the handle is still open
 * when the entry point returns: reported on HwStorAdapterControl's return.
 */

#include <ntddk.h>
#include <storport.h>

#define VA_RUNTIME_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vadisk\\Runtime"

typedef struct _VA_EXT {
    BOOLEAN Stopped;
} VA_EXT, *PVA_EXT;

static VOID
VaDropRuntimeKey(PVA_EXT Ext)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    NTSTATUS status;

    RtlInitUnicodeString(&name, VA_RUNTIME_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, DELETE, &oa, 0, NULL, REG_OPTION_VOLATILE, NULL);
    if (NT_SUCCESS(status)) {
        ZwDeleteKey(key);  // ok: ZwRegistryCreate
    }
    Ext->Stopped = TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VaAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PVA_EXT ext = (PVA_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    SCSI_ADAPTER_CONTROL_STATUS result = ScsiAdapterControlSuccess;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        break;
    case ScsiStopAdapter:
        VaDropRuntimeKey(ext);
        break;
    case ScsiRestartAdapter:
        ext->Stopped = FALSE;
        break;
    default:
        result = ScsiAdapterControlUnsuccessful;
        break;
    }
    return result;  // expect: ZwRegistryCreate
}

ULONG
VaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(VA_EXT);
    init.HwFindAdapter = VaFindAdapter;
    init.HwInitialize = VaInitialize;
    init.HwStartIo = VaStartIo;
    init.HwAdapterControl = VaAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
