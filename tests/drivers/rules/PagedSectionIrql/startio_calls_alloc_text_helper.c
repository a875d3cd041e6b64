// check-rules: PagedSectionIrql
// expect-status: PagedSectionIrql=defect
// expect-kind: physical
/*
 * #pragma alloc_text(PAGE, ...) places the helper in pageable code; a full-duplex
 * HwStorStartIo calls it at DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _At_EXT {
    PVOID Worker;
    STOR_DPC Dpc;
    KSPIN_LOCK Lock;
    KEVENT Event;
    KSEMAPHORE Semaphore;
    ULONG Value;
} At_EXT, *PAt_EXT;

static VOID AtReset(PAt_EXT Ext);
#pragma alloc_text(PAGE, AtReset)

static VOID
AtReset(PAt_EXT Ext)
{
    Ext->Value = 0;
}

BOOLEAN
AtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PAt_EXT ext = (PAt_EXT)DeviceExtension;

    AtReset(ext);                                           // expect: PagedSectionIrql
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
AtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PAt_EXT ext = (PAt_EXT)DeviceExtension;

    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
AtInitialize(PVOID DeviceExtension)
{
    PAt_EXT ext = (PAt_EXT)DeviceExtension;

    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(At_EXT);
    init.HwFindAdapter = AtFindAdapter;
    init.HwInitialize = AtInitialize;
    init.HwStartIo = AtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
