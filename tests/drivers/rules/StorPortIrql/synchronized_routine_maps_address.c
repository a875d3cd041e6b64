// check-rules: StorPortIrql
// expect-status: StorPortIrql=defect
// expect-kind: physical
/*
 * A routine run by StorPortSynchronizeAccess runs at DIRQL: StorPortGetSystemAddress there
 * is above DISPATCH_LEVEL. The same call in the caller, a DPC at DISPATCH_LEVEL, before
 * the synchronized call, is fine.
 */
#include <storport.h>

typedef struct _Sy_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Sy_EXT, *PSy_EXT;

BOOLEAN
SySync(PVOID DeviceExtension, PVOID Context)
{
    PSy_EXT ext = (PSy_EXT)DeviceExtension;

    StorPortGetSystemAddress(ext, (PSCSI_REQUEST_BLOCK)Context, &ext->Buffer); // expect: StorPortIrql
    return TRUE;
}

VOID
SyDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PSy_EXT ext = (PSy_EXT)DeviceExtension;

    StorPortGetSystemAddress(ext, (PSCSI_REQUEST_BLOCK)Arg1, &ext->Buffer);    // ok: StorPortIrql
    StorPortSynchronizeAccess(ext, SySync, Arg1);
}

ULONG
SyFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSy_EXT ext = (PSy_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SyInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PSy_EXT)DeviceExtension)->Dpc, SyDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Sy_EXT);
    init.HwFindAdapter = SyFindAdapter;
    init.HwInitialize = SyInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
