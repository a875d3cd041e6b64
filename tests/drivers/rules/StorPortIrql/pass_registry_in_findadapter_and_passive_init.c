// check-rules: StorPortIrql
// expect-status: StorPortIrql=pass
// expect-kind: physical
/*
 * The registry read in FindAdapter and the write in the passive initialization routine,
 * both at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Rp_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Rp_EXT, *PRp_EXT;

BOOLEAN
RpPassive(PVOID DeviceExtension)
{
    PRp_EXT ext = (PRp_EXT)DeviceExtension;
    ULONG length = sizeof(ULONG);

    StorPortRegistryWrite(ext, (PUCHAR)"Seen", 1, MINIPORT_REG_DWORD,       // ok: StorPortIrql
                          (PUCHAR)&ext->Value, length);
    return TRUE;
}

ULONG
RpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRp_EXT ext = (PRp_EXT)DeviceExtension;
    ULONG length = sizeof(ULONG);

    StorPortRegistryRead(ext, (PUCHAR)"QueueDepth", 1, MINIPORT_REG_DWORD,  // ok: StorPortIrql
                         (PUCHAR)&ext->Value, &length);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
RpInitialize(PVOID DeviceExtension)
{
    StorPortEnablePassiveInitialization(DeviceExtension, RpPassive);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Rp_EXT);
    init.HwFindAdapter = RpFindAdapter;
    init.HwInitialize = RpInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
