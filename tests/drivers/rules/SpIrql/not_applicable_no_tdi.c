// check-rules: SpIrql
// expect-status: SpIrql=not_applicable
// expect-kind: physical
/*
 * No TDI routine at all (every Storport miniport in practice): not applicable.
 */
#include <storport.h>

typedef struct _Nt_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Nt_EXT, *PNt_EXT;

ULONG
NtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PNt_EXT ext = (PNt_EXT)DeviceExtension;
    ext->Binding = NULL;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NtInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Nt_EXT);
    init.HwFindAdapter = NtFindAdapter;
    init.HwInitialize = NtInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
