// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=defect
// expect-kind: virtual
/*
 * Aliasing: a Storport work item opens the adapter key into DevExt->AdapterKey through
 * a helper taking `&DevExt->AdapterKey`, takes a local copy of the handle, and closes
 * the copy after reading one value. It then queries a second value through the device
 * extension field: the same handle, already closed.
 */

#include <ntddk.h>
#include <storport.h>

#define VW_ADAPTER_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vwdisk\\Adapter"

typedef struct _VW_EXT {
    HANDLE AdapterKey;
    PVOID Worker;
    UCHAR Scratch[64];
} VW_EXT, *PVW_EXT;

static NTSTATUS
VwOpenAdapterKey(PHANDLE Key)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    RtlInitUnicodeString(&name, VW_ADAPTER_KEY);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    return ZwOpenKey(Key, KEY_READ, &oa);
}

VOID
VwRefreshWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVW_EXT ext = (PVW_EXT)DeviceExtension;
    UNICODE_STRING valueName;
    HANDLE key;
    ULONG length;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    if (!NT_SUCCESS(VwOpenAdapterKey(&ext->AdapterKey))) {
        return;
    }
    key = ext->AdapterKey;
    RtlInitUnicodeString(&valueName, L"SerialNumber");
    ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, ext->Scratch,  // ok: ZwRegistryOpen
                    sizeof(ext->Scratch), &length);
    ZwClose(key);  // ok: ZwRegistryOpen
    RtlInitUnicodeString(&valueName, L"ProductId");
    ZwQueryValueKey(ext->AdapterKey, &valueName, KeyValuePartialInformation,  // expect: ZwRegistryOpen
                    ext->Scratch, sizeof(ext->Scratch), &length);
}

ULONG
VwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVW_EXT ext = (PVW_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    StorPortInitializeWorker(ext, &ext->Worker);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVW_EXT ext = (PVW_EXT)DeviceExtension;

    if (Srb->Cdb[0] == SCSIOP_INQUIRY) {
        StorPortQueueWorkItem(ext, VwRefreshWorker, ext->Worker, NULL);
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
    init.DeviceExtensionSize = sizeof(VW_EXT);
    init.HwFindAdapter = VwFindAdapter;
    init.HwInitialize = VwInitialize;
    init.HwStartIo = VwStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
