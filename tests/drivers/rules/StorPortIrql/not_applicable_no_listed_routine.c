// check-rules: StorPortIrql
// expect-status: StorPortIrql=not_applicable
// expect-kind: physical
/*
 * None of the Storport routines StorPortIrql lists is called.
 */
#include <storport.h>

typedef struct _Nl_EXT {
    PVOID Buffer;
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    GROUP_AFFINITY Affinity;
    ULONG Value;
} Nl_EXT, *PNl_EXT;

ULONG
NlFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNl_EXT ext = (PNl_EXT)DeviceExtension;
    ext->Value = 0;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NlInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Nl_EXT);
    init.HwFindAdapter = NlFindAdapter;
    init.HwInitialize = NlInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
