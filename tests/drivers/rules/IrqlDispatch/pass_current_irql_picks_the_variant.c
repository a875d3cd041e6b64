// check-rules: IrqlDispatch
// expect-status: IrqlDispatch=pass
// expect-kind: physical
/*
 * The KeGetCurrentIrql correlation: a lock helper called from FindAdapter (PASSIVE_LEVEL)
 * and from the DPC and the timer (DISPATCH_LEVEL) tests the level and uses the DPC-level
 * variant only at DISPATCH_LEVEL; the unlock helper repeats the test. Every path takes
 * the branch its IRQL allows.
 */
#include <storport.h>

typedef struct _CI_EXT {
    KSPIN_LOCK Lock;
    KIRQL Old;
    STOR_DPC Dpc;
    ULONG Count;
} CI_EXT, *PCI_EXT;

static VOID
CiLock(PCI_EXT Ext)
{
    if (KeGetCurrentIrql() == DISPATCH_LEVEL) {
        KeAcquireSpinLockAtDpcLevel(&Ext->Lock);            // ok: IrqlDispatch
        Ext->Old = DISPATCH_LEVEL;
    } else {
        KeAcquireSpinLock(&Ext->Lock, &Ext->Old);
    }
}

static VOID
CiUnlock(PCI_EXT Ext)
{
    if (Ext->Old == DISPATCH_LEVEL) {
        KeReleaseSpinLockFromDpcLevel(&Ext->Lock);          // ok: IrqlDispatch
    } else {
        KeReleaseSpinLock(&Ext->Lock, Ext->Old);
    }
}

VOID
CiDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PCI_EXT ext = (PCI_EXT)DeviceExtension;

    CiLock(ext);
    ext->Count++;
    CiUnlock(ext);
}

VOID
CiTimer(PVOID DeviceExtension)
{
    PCI_EXT ext = (PCI_EXT)DeviceExtension;

    CiLock(ext);
    ext->Count = 0;
    CiUnlock(ext);
}

ULONG
CiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCI_EXT ext = (PCI_EXT)DeviceExtension;

    KeInitializeSpinLock(&ext->Lock);
    CiLock(ext);
    ext->Count = 0;
    CiUnlock(ext);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
CiInitialize(PVOID DeviceExtension)
{
    PCI_EXT ext = (PCI_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, CiDpc);
    StorPortNotification(RequestTimerCall, ext, CiTimer, 1000);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(CI_EXT);
    init.HwFindAdapter = CiFindAdapter;
    init.HwInitialize = CiInitialize;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
