// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * HwStorTimer runs at DIRQL in half duplex (Storport holds the interrupt lock) and at
 * DISPATCH_LEVEL in full duplex: above APC_LEVEL either way. This driver selects the mode
 * from a register; both paths are reported at the one PAGED_CODE() line.
 */
#include <storport.h>

typedef struct _Ht_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Ht_EXT, *PHt_EXT;

VOID
HtTimer(PVOID DeviceExtension)
{
    PAGED_CODE();                                           // expect: PagedCode
    ((PHt_EXT)DeviceExtension)->Value++;
}

ULONG
HtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHt_EXT ext = (PHt_EXT)DeviceExtension;
    if (StorPortReadRegisterUlong(ext, (PULONG)HwContext) & 1) {
        ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    }
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HtInitialize(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, HtTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ht_EXT);
    init.HwFindAdapter = HtFindAdapter;
    init.HwInitialize = HtInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
