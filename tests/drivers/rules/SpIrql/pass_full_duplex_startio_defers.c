// check-rules: SpIrql
// expect-status: SpIrql=pass
// expect-kind: physical
/*
 * HwStorStartIo at DISPATCH_LEVEL (full duplex) hands the registration to a Storport work
 * item, which runs at PASSIVE_LEVEL.
 */
#include <storport.h>

typedef struct _Fd_EXT {
    TDI_CLIENT_INTERFACE_INFO Info;
    HANDLE Binding;
    KSPIN_LOCK Lock;
    STOR_DPC Dpc;
    PVOID Worker;
} Fd_EXT, *PFd_EXT;

VOID
FdWork(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PFd_EXT ext = (PFd_EXT)DeviceExtension;

    TdiRegisterPnPHandlers(&ext->Info, sizeof(ext->Info), &ext->Binding);   // ok: SpIrql
}

BOOLEAN
FdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFd_EXT ext = (PFd_EXT)DeviceExtension;

    StorPortQueueWorkItem(ext, FdWork, ext->Worker, NULL);
    return TRUE;
}

ULONG
FdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFd_EXT ext = (PFd_EXT)DeviceExtension;
    StorPortInitializeWorker(ext, &ext->Worker);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FdInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(Fd_EXT);
    init.HwFindAdapter = FdFindAdapter;
    init.HwInitialize = FdInitialize;
    init.HwStartIo = FdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
