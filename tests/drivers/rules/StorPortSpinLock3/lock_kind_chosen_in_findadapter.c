// check-rules: StorPortSpinLock3, StorPortSpinLock4
// expect-status: StorPortSpinLock3=pass, StorPortSpinLock4=pass
// expect-kind: physical
/*
 * The lock kind is data. Depending on the controller's capability register, FindAdapter
 * decides where completions are processed: in the interrupt routine (then the
 * completion list is protected by the interrupt lock) or in a DPC (then by that DPC's
 * lock). It stores the STOR_SPINLOCK kind in DevExt->ListLockKind, and a lock helper
 * passes it to StorPortAcquireSpinLock (LockContext = the completion DPC when the kind
 * is DpcLock). HwStorStartIo of this physical, half-duplex miniport takes that lock to
 * add the request to the completion list. Storport holds the StartIo lock around
 * StartIo, and StartIo may take the DPC lock and the interrupt lock: on every path the
 * kind is one of those two, never StartIoLock, and the interrupt lock is not held when
 * the DPC lock is taken. pass for both rules.
 *
 * Where FindAdapter's two choices join, the merged kind is one of the two constants,
 * never StartIoLock.
 */

#include <storport.h>

#define CAP_COMPLETE_IN_ISR 0x10

typedef struct _LK_EXT {
    STOR_SPINLOCK ListLockKind;
    STOR_DPC CompletionDpc;
    PULONG CapabilityRegister;
    ULONG ListCount;
} LK_EXT, *PLK_EXT;

static VOID
LkLockList(PLK_EXT Ext, STOR_SPINLOCK Kind, PSTOR_LOCK_HANDLE Handle)
{
    PVOID context = NULL;

    if (Kind == DpcLock) {
        context = &Ext->CompletionDpc;
    }
    StorPortAcquireSpinLock(Ext, Kind, context, Handle);  // ok: StorPortSpinLock3 -- kind is DpcLock or InterruptLock, lost at the join
}

VOID
LkCompletionDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
                PVOID SystemArgument2)
{
    PLK_EXT ext = (PLK_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ext->ListCount = 0;
}

ULONG
LkFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLK_EXT ext = (PLK_EXT)DeviceExtension;
    ULONG caps;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    caps = StorPortReadRegisterUlong(ext, ext->CapabilityRegister);
    if ((caps & CAP_COMPLETE_IN_ISR) != 0) {
        ext->ListLockKind = InterruptLock;
    } else {
        ext->ListLockKind = DpcLock;
        StorPortInitializeDpc(ext, &ext->CompletionDpc, LkCompletionDpc);
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
LkInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
LkStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLK_EXT ext = (PLK_EXT)DeviceExtension;
    STOR_LOCK_HANDLE listHandle;

    LkLockList(ext, ext->ListLockKind, &listHandle);
    ext->ListCount++;
    StorPortReleaseSpinLock(ext, &listHandle);  // ok: StorPortSpinLock4
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
LkInterrupt(PVOID DeviceExtension)
{
    PLK_EXT ext = (PLK_EXT)DeviceExtension;

    if (ext->ListLockKind == DpcLock) {
        StorPortIssueDpc(ext, &ext->CompletionDpc, NULL, NULL);
    } else {
        ext->ListCount = 0;
    }
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LK_EXT);
    init.HwFindAdapter = LkFindAdapter;
    init.HwInitialize = LkInitialize;
    init.HwStartIo = LkStartIo;
    init.HwInterrupt = LkInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
