// check-rules: SpIrql
// expect-status: SpIrql=defect
// expect-kind: physical
/*
 * The interrupt routine (DIRQL) deregisters on a fatal controller error.
 */
#include <storport.h>

typedef struct _Ir_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Ir_EXT, *PIr_EXT;

BOOLEAN
IrInterrupt(PVOID DeviceExtension)
{
    PIr_EXT ext = (PIr_EXT)DeviceExtension;

    if (StorPortReadRegisterUlong(ext, (PULONG)ext->Worker) & 0x80000000) {
        TdiDeregisterPnPHandlers(ext->Binding);             // expect: SpIrql
    }
    return TRUE;
}

ULONG
IrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PIr_EXT ext = (PIr_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IrInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Ir_EXT);
    init.HwFindAdapter = IrFindAdapter;
    init.HwInitialize = IrInitialize;
    init.HwInterrupt = IrInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
