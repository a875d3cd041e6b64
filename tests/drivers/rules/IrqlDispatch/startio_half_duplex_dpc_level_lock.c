// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=defect
// expect-kind: physical
/*
 * HwStorStartIo of a half-duplex miniport runs at DIRQL (Storport holds the interrupt
 * lock): KeAcquireSpinLockAtDpcLevel there is called above DISPATCH_LEVEL. FindAdapter
 * never selects full duplex, so every StartIo path is at DIRQL. The release that follows
 * is at the same level and on the same path; the path stops at the first violation.
 */
#include <storport.h>

typedef struct _HD_EXT {
    KSPIN_LOCK ListLock;
    ULONG Queued;
} HD_EXT, *PHD_EXT;

ULONG
HdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PHD_EXT ext = (PHD_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->ListLock);
    ConfigInfo->MaximumTransferLength = 0x10000;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
HdInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

BOOLEAN
HdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PHD_EXT ext = (PHD_EXT)DeviceExtension;

    KeAcquireSpinLockAtDpcLevel(&ext->ListLock);            // expect: IrqlDispatch
    ext->Queued++;
    KeReleaseSpinLockFromDpcLevel(&ext->ListLock);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(HD_EXT);
    init.HwFindAdapter = HdFindAdapter;
    init.HwInitialize = HdInitialize;
    init.HwStartIo = HdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
