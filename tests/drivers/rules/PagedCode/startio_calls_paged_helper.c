// check-rules: PagedCode
// expect-status: PagedCode=defect
// expect-kind: physical
/*
 * A helper marked PAGED_CODE() is called from HwStorStartIo (half duplex: DIRQL). The
 * same helper from FindAdapter is fine; the violation is at the PAGED_CODE() line.
 */
#include <storport.h>

typedef struct _Sp_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    ULONG Value;
} Sp_EXT, *PSp_EXT;

static VOID
SpRescan(PSp_EXT Ext)
{
    PAGED_CODE();                                           // expect: PagedCode
    Ext->Value++;
}

BOOLEAN
SpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->Function == SRB_FUNCTION_RESET_BUS) {
        SpRescan((PSp_EXT)DeviceExtension);
    }
    return TRUE;
}

ULONG
SpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PSp_EXT ext = (PSp_EXT)DeviceExtension;
    SpRescan(ext);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SpInitialize(PVOID DeviceExtension)
{
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
