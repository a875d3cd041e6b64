// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=pass
// expect-kind: physical
/*
 * __analysis_assume, as in SDV: the driver states a fact the analysis cannot see (the
 * reset path never runs while a reset is pending), and the path that would set the
 * event twice is pruned from there on.
 */

#include <storport.h>

typedef struct _AA_EXT {
    KEVENT ResetDone;
    BOOLEAN ResetPending;
    ULONG Generation;
} AA_EXT, *PAA_EXT;

BOOLEAN
AaResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PAA_EXT ext = DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);        // ok: DoubleKeSetEvent
    __analysis_assume(ext->ResetPending == FALSE);
    if (ext->ResetPending) {
        KeSetEvent(&ext->ResetDone, IO_NO_INCREMENT, FALSE);    // ok: DoubleKeSetEvent -- assumed unreachable
    }
    ext->Generation++;
    return TRUE;
}

ULONG
AaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AaInitialize(PVOID DeviceExtension)
{
    PAA_EXT ext = DeviceExtension;

    KeInitializeEvent(&ext->ResetDone, NotificationEvent, FALSE);
    return TRUE;
}

BOOLEAN
AaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.HwFindAdapter = AaFindAdapter;
    init.HwInitialize = AaInitialize;
    init.HwStartIo = AaStartIo;
    init.HwResetBus = AaResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
