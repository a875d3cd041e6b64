// check-rules: IrqlKeReleaseSpinLock
// expect-status: IrqlKeReleaseSpinLock=defect
// expect-kind: physical
/*
 * The release inside the interrupt routine: a spin lock released at DIRQL (the lock is
 * released by a helper the interrupt routine shares with the DPC; from the DPC it is at
 * DISPATCH_LEVEL and fine). Nothing was acquired on the interrupt path, so only the
 * level clause applies.
 */
#include <storport.h>

typedef struct _IR_EXT {
    KSPIN_LOCK Lock;
    KIRQL Old;
    STOR_DPC Dpc;
} IR_EXT, *PIR_EXT;

static VOID
IrUnlock(PIR_EXT Ext)
{
    KeReleaseSpinLock(&Ext->Lock, Ext->Old);                // expect: IrqlKeReleaseSpinLock
}

VOID
IrDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Arg1, PVOID Arg2)
{
    PIR_EXT ext = (PIR_EXT)DeviceExtension;

    KeAcquireSpinLock(&ext->Lock, &ext->Old);
    IrUnlock(ext);
}

BOOLEAN
IrInterrupt(PVOID DeviceExtension)
{
    IrUnlock((PIR_EXT)DeviceExtension);
    return TRUE;
}

ULONG
IrFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeSpinLock(&((PIR_EXT)DeviceExtension)->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
IrInitialize(PVOID DeviceExtension)
{
    StorPortInitializeDpc(DeviceExtension, &((PIR_EXT)DeviceExtension)->Dpc, IrDpc);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(IR_EXT);
    init.HwFindAdapter = IrFindAdapter;
    init.HwInitialize = IrInitialize;
    init.HwInterrupt = IrInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
