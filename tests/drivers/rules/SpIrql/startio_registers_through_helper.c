// check-rules: SpIrql
// expect-status: SpIrql=defect
// expect-kind: physical
/*
 * HwStorStartIo (half duplex: DIRQL) registers lazily through a helper: the call in the
 * helper is the violation.
 */
#include <storport.h>

typedef struct _Sh_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Sh_EXT, *PSh_EXT;

static VOID
ShBind(PSh_EXT Ext)
{
    TdiRegisterPnPHandlers(&Ext->Info, sizeof(Ext->Info), &Ext->Binding); // expect: SpIrql
}

BOOLEAN
ShStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSh_EXT ext = (PSh_EXT)DeviceExtension;

    if (ext->Binding == NULL) {
        ShBind(ext);
    }
    return TRUE;
}

ULONG
ShFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSh_EXT ext = (PSh_EXT)DeviceExtension;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
ShInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Sh_EXT);
    init.HwFindAdapter = ShFindAdapter;
    init.HwInitialize = ShInitialize;
    init.HwStartIo = ShStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
