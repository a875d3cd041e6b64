// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * A Storport work item (queued from StartIo when a target drops off) records the error
 * in the registry. It keeps ZwCreateKey's status only for tracing and writes the value
 * unconditionally: when the create fails the handle is NULL and ZwSetValueKey is the
 * violation. On the success path the key is written and closed correctly.
 */

#include <ntddk.h>
#include <storport.h>

#define VH_ERRLOG_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vhba\\ErrorLog"

typedef struct _VH_EXT {
    PVOID Worker;
    ULONG LastError;
} VH_EXT, *PVH_EXT;

VOID VhTraceStatus(NTSTATUS Status);

VOID
VhErrorLogWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVH_EXT ext = (PVH_EXT)DeviceExtension;
    UNICODE_STRING keyName;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG code = (ULONG)(ULONG_PTR)Context;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Worker);
    RtlInitUnicodeString(&keyName, VH_ERRLOG_KEY);
    RtlInitUnicodeString(&valueName, L"LastError");
    InitializeObjectAttributes(&oa, &keyName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    status = ZwCreateKey(&key, KEY_SET_VALUE, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, NULL);
    VhTraceStatus(status);
    ZwSetValueKey(key, &valueName, 0, REG_DWORD, &code, sizeof(code));  // expect: ZwRegistryCreate
    ZwClose(key);
    ext->LastError = code;
}

ULONG
VhFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVH_EXT ext = (PVH_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VhInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VhStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVH_EXT ext = (PVH_EXT)DeviceExtension;

    if (Srb->TargetId >= 8) {
        StorPortQueueWorkItem(ext, VhErrorLogWorker, ext->Worker,
                              (PVOID)(ULONG_PTR)SRB_STATUS_NO_DEVICE);
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
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
    init.DeviceExtensionSize = sizeof(VH_EXT);
    init.HwFindAdapter = VhFindAdapter;
    init.HwInitialize = VhInitialize;
    init.HwStartIo = VhStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
