// check-rules: HwStorPortProhibitedDDIs
// expect-status: HwStorPortProhibitedDDIs=defect
// expect-kind: physical
/*
 * DriverEntry reads a tuning value from the service key with the Zw registry routines
 * instead of StorPortRegistryRead; every call site is reported. (Its own DriverEntry, so
 * the skeleton's routines are written out here.)
 */
#include "../_skel_begin.h"


ULONG
SkelFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
SkelInitialize(PVOID DeviceExtension)
{
    ((PSKEL_EXT)DeviceExtension)->Ready = TRUE;
    return TRUE;
}

BOOLEAN
SkelStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
SkelInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}
static ULONG SkelQueueDepth = 32;

static VOID
SkelReadTuning(PUNICODE_STRING path)
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG length;

    InitializeObjectAttributes(&attributes, path, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &attributes))) {  // expect: HwStorPortProhibitedDDIs
        return;
    }
    RtlInitUnicodeString(&name, L"QueueDepth");
    if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation, buffer,  // expect: HwStorPortProhibitedDDIs
                                   sizeof(buffer), &length))) {
        SkelQueueDepth = *(PULONG)((PKEY_VALUE_PARTIAL_INFORMATION)buffer)->Data;
    }
    ZwClose(key);  // expect: HwStorPortProhibitedDDIs
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    SkelReadTuning((PUNICODE_STRING)RegistryPath);
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SKEL_EXT);
    init.HwFindAdapter = SkelFindAdapter;
    init.HwInitialize = SkelInitialize;
    init.HwStartIo = SkelStartIo;
    init.HwInterrupt = SkelInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
