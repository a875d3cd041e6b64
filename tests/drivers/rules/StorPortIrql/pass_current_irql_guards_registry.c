// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a helper used by FindAdapter and by the timer reads the
 * registry only at PASSIVE_LEVEL and otherwise keeps the cached value.
 */
#include <storport.h>

typedef struct _Cg_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Cg_EXT, *PCg_EXT;

static ULONG
CgDepth(PCg_EXT Ext)
{
    ULONG length = sizeof(ULONG);

    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        StorPortRegistryRead(Ext, (PUCHAR)"Depth", 1, MINIPORT_REG_DWORD,    // ok: StorPortIrql
                             (PUCHAR)&Ext->Value, &length);
    }
    return Ext->Value;
}

VOID
CgTimer(PVOID DeviceExtension)
{
    CgDepth((PCg_EXT)DeviceExtension);
}

ULONG
CgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCg_EXT ext = (PCg_EXT)DeviceExtension;
    CgDepth(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CgInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, CgTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Cg_EXT);
    init.HwFindAdapter = CgFindAdapter;
    init.HwInitialize = CgInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
