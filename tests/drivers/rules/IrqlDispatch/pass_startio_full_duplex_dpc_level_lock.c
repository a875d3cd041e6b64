// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=pass
// expect-kind: physical
/*
 * The near miss of startio_half_duplex_dpc_level_lock.c: FindAdapter selects full duplex,
 * so HwStorStartIo runs at DISPATCH_LEVEL and the DPC-level lock routines are right
 * there. The DPC uses them too, at its DISPATCH_LEVEL.
 */
#include <storport.h>

typedef struct _FD_EXT {
    KSPIN_LOCK ListLock;
    STOR_DPC Dpc;
    ULONG Queued;
} FD_EXT, *PFD_EXT;

VOID
FdDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;

    KeAcquireSpinLockAtDpcLevel(&ext->ListLock);            // ok: IrqlDispatch
    ext->Queued = 0;
    KeReleaseSpinLockFromDpcLevel(&ext->ListLock);          // ok: IrqlDispatch
}

ULONG
FdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->ListLock);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
FdInitialize(PVOID DeviceExtension)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, FdDpc);
    return TRUE;
}

BOOLEAN
FdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFD_EXT ext = (PFD_EXT)DeviceExtension;

    KeAcquireSpinLockAtDpcLevel(&ext->ListLock);            // ok: IrqlDispatch
    ext->Queued++;
    KeReleaseSpinLockFromDpcLevel(&ext->ListLock);
    StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(FD_EXT);
    init.HwFindAdapter = FdFindAdapter;
    init.HwInitialize = FdInitialize;
    init.HwStartIo = FdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
