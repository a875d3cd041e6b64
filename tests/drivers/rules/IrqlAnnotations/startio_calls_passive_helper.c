// check-rules: IrqlAnnotations
// expect-status: IrqlAnnotations=defect
// expect-kind: physical
/*
 * A full-duplex HwStorStartIo runs at DISPATCH_LEVEL and calls a helper the driver
 * annotated _IRQL_requires_max_(PASSIVE_LEVEL).
 */
#include <storport.h>

typedef struct _Sp_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} Sp_EXT, *PSp_EXT;

_IRQL_requires_max_(PASSIVE_LEVEL)
static VOID
SpReload(PSp_EXT Ext)
{
    Ext->Value = 0;
}

BOOLEAN
SpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSp_EXT ext = (PSp_EXT)DeviceExtension;

    SpReload(ext);                                          // expect: IrqlAnnotations
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
SpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSp_EXT ext = (PSp_EXT)DeviceExtension;

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SpInitialize(PVOID DeviceExtension)
{
    PSp_EXT ext = (PSp_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Sp_EXT);
    init.HwFindAdapter = SpFindAdapter;
    init.HwInitialize = SpInitialize;
    init.HwStartIo = SpStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
