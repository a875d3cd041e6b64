// check-rules: ZwRegistryCreate
// expect-status: ZwRegistryCreate=defect
// expect-kind: virtual
/*
 * Two entry points. FindAdapter creates the statistics key into the device extension,
 * seeds it and closes it, but leaves the stale handle in DevExt->StatsKey (and does not
 * stop when the create fails, which leaves the NULL from the failed create there). The
 * passive initialization routine starts a system thread that later writes through
 * DevExt->StatsKey: a handle that is closed, or that was never opened, on every path.
 */

#include <ntddk.h>
#include <storport.h>

#define VS_STATS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vstor\\Stats"

typedef struct _VS_EXT {
    HANDLE StatsKey;
    ULONG Reads;
    HANDLE Thread;
} VS_EXT, *PVS_EXT;

VOID VsStatsThread(PVOID Context);
BOOLEAN VsPassiveInit(PVOID DeviceExtension);

ULONG
VsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;
    UNICODE_STRING name;
    UNICODE_STRING valueName;
    OBJECT_ATTRIBUTES oa;
    ULONG zero = 0;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    RtlInitUnicodeString(&name, VS_STATS_KEY);
    RtlInitUnicodeString(&valueName, L"Reads");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, NULL);
    if (NT_SUCCESS(ZwCreateKey(&ext->StatsKey, KEY_ALL_ACCESS, &oa, 0, NULL,
                               REG_OPTION_VOLATILE, NULL))) {
        ZwSetValueKey(ext->StatsKey, &valueName, 0, REG_DWORD, &zero, sizeof(zero));  // ok: ZwRegistryCreate
        ZwClose(ext->StatsKey);  // ok: ZwRegistryCreate
    }
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x100;
    return SP_RETURN_FOUND;  // ok: ZwRegistryCreate
}

BOOLEAN
VsInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, VsPassiveInit);
}

BOOLEAN
VsPassiveInit(PVOID DeviceExtension)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;

    return NT_SUCCESS(PsCreateSystemThread(&ext->Thread, THREAD_ALL_ACCESS, NULL, NULL,
                                           NULL, VsStatsThread, ext));
}

VOID
VsStatsThread(PVOID Context)
{
    PVS_EXT ext = (PVS_EXT)Context;
    UNICODE_STRING valueName;

    RtlInitUnicodeString(&valueName, L"Reads");
    ZwSetValueKey(ext->StatsKey, &valueName, 0, REG_DWORD, &ext->Reads, sizeof(ULONG));  // expect: ZwRegistryCreate
    ZwFlushKey(ext->StatsKey);
}

BOOLEAN
VsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVS_EXT ext = (PVS_EXT)DeviceExtension;

    ext->Reads++;
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
    init.DeviceExtensionSize = sizeof(VS_EXT);
    init.HwFindAdapter = VsFindAdapter;
    init.HwInitialize = VsInitialize;
    init.HwStartIo = VsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath,
                              (PHW_INITIALIZATION_DATA)&init, NULL);
}
