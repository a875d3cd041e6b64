// check-rules: PagedCode
// expect-status: PagedCode=not_applicable
// expect-kind: physical
/*
 * No PAGED_CODE() anywhere: not applicable.
 */
#include <storport.h>

typedef struct _Nm_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Nm_EXT, *PNm_EXT;
    ext->Value = 0;
ULONG
NmFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNm_EXT ext = (PNm_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NmInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Nm_EXT);
    init.HwFindAdapter = NmFindAdapter;
    init.HwInitialize = NmInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
