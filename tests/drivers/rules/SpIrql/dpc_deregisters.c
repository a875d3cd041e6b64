// check-rules: SpIrql
// expect-status: SpIrql=defect
// expect-kind: physical
/*
 * The DPC runs at DISPATCH_LEVEL: deregistering the TDI handlers there is a violation.
 */
#include <storport.h>

typedef struct _Dd_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Dd_EXT, *PDd_EXT;

VOID
DdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    TdiDeregisterPnPHandlers(((PDd_EXT)DeviceExtension)->Binding);     // expect: SpIrql
}

ULONG
DdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PDd_EXT ext = (PDd_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
DdInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PDd_EXT)DeviceExtension)->Dpc, DdDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Dd_EXT);
    init.HwFindAdapter = DdFindAdapter;
    init.HwInitialize = DdInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
