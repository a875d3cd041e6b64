// check-rules: ZwRegistryOpen
// expect-status: ZwRegistryOpen=pass
// expect-kind: physical
/*
 * The settings loader `switch`es on where the settings come from; its registry case
 * forgets to close the key. FindAdapter only ever asks for the built-in settings, so
 * ZwOpenKey is reachable in the call graph (the rule applies) but on no feasible path,
 * and the leak it would cause at FindAdapter's exit never happens: pass.
 */

#include <ntddk.h>
#include <storport.h>

#define SAS_SETTINGS_BUILTIN  0
#define SAS_SETTINGS_REGISTRY 1
#define SAS_SETTINGS_KEY L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\sasx\\Settings"

typedef struct _SAS_EXT {
    ULONG QueueDepth;
    ULONG Source;
} SAS_EXT, *PSAS_EXT;

static VOID
SasLoadSettings(PSAS_EXT Ext, ULONG Source)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    KEY_FULL_INFORMATION keyInfo;
    HANDLE key;
    ULONG length;

    Ext->Source = Source;
    switch (Source) {
    case SAS_SETTINGS_REGISTRY:
        RtlInitUnicodeString(&name, SAS_SETTINGS_KEY);
        InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, NULL);
        if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {  // ok: ZwRegistryOpen
            if (NT_SUCCESS(ZwQueryKey(key, KeyFullInformation, &keyInfo, sizeof(keyInfo),
                                      &length))) {
                Ext->QueueDepth = keyInfo.Values * 16;
            }
        }
        break;
    case SAS_SETTINGS_BUILTIN:
    default:
        Ext->QueueDepth = 64;
        break;
    }
}

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    SasLoadSettings(ext, SAS_SETTINGS_BUILTIN);
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 257;
    return SP_RETURN_FOUND;  // ok: ZwRegistryOpen
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SAS_EXT);
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwStartIo = SasStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
