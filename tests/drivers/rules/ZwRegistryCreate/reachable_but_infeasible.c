// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=pass
// expect-kind: virtual
/*
 * Persisting the I/O counters is a compile-time option that this build turns off:
 * FindAdapter copies VM_PERSIST_COUNTERS (FALSE) into the device extension, and the
 * passive-level work item calls the saving helper only under that flag. The helper
 * would leak its key (no ZwClose), but it runs on no feasible path; ZwCreateKey is still
 * reachable in the call graph, so the verdict is pass, not not_applicable.
 */

#include <ntddk.h>
#include <storport.h>

#define VM_PERSIST_COUNTERS FALSE
#define VM_COUNTERS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vmdisk\\Counters"

typedef struct _VM_EXT {
    BOOLEAN PersistCounters;
    ULONG Reads;
    PVOID Worker;
} VM_EXT, *PVM_EXT;

static VOID
VmSaveCounters(PVM_EXT Ext)
{
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    RtlInitUnicodeString(&name, VM_COUNTERS_KEY);
    RtlInitUnicodeString(&valueName, L"Reads");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwCreateKey(&key, KEY_SET_VALUE, &oa, 0, NULL,  // ok: ZwRegistryCreate
                               REG_OPTION_NON_VOLATILE, NULL))) {
        ZwSetValueKey(key, &valueName, 0, REG_DWORD, &Ext->Reads, sizeof(ULONG));
    }
}

VOID
VmCountersWorker(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PVM_EXT ext = (PVM_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    if (ext->PersistCounters) {
        VmSaveCounters(ext);
    }
}  // ok: ZwRegistryCreate

ULONG
VmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVM_EXT ext = (PVM_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->PersistCounters = VM_PERSIST_COUNTERS;
    StorPortInitializeWorker(ext, &ext->Worker);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;
}

BOOLEAN
VmInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVM_EXT ext = (PVM_EXT)DeviceExtension;

    ext->Reads++;
    if ((ext->Reads & 0xFFFF) == 0) {
        StorPortQueueWorkItem(ext, VmCountersWorker, ext->Worker, NULL);
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
    init.DeviceExtensionSize = sizeof(VM_EXT);
    init.HwFindAdapter = VmFindAdapter;
    init.HwInitialize = VmInitialize;
    init.HwStartIo = VmStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
