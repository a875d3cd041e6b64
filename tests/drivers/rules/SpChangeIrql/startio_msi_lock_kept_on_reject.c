// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * A per-message MSI lock taken in HwStorStartIo (full duplex, DISPATCH_LEVEL) raises to
 * DIRQL; it is not released when the request is rejected, so StartIo returns at DIRQL.
 */
#include <storport.h>

typedef struct _MS_EXT {
    ULONG Outstanding;
} MS_EXT, *PMS_EXT;

BOOLEAN
MsStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMS_EXT ext = (PMS_EXT)DeviceExtension;
    ULONG old;

    StorPortAcquireMSISpinLock(ext, 1, &old);
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;                                        // expect: SpChangeIrql
    }
    ext->Outstanding++;
    StorPortReleaseMSISpinLock(ext, 1, old);
    return TRUE;                                            // ok: SpChangeIrql
}

ULONG
MsFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MsInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(MS_EXT);
    init.HwFindAdapter = MsFindAdapter;
    init.HwInitialize = MsInitialize;
    init.HwStartIo = MsStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
