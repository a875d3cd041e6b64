// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=defect, StorPortSpinLock=defect
// expect-kind: physical
/*
 * A lock hoisted out of a loop halfway. The DPC retires a batch of completions; an
 * "optimisation" takes the interrupt lock only on the first iteration (`if (i == 0)`)
 * but still releases it at the end of every iteration. The first iteration's release is
 * fine; on the second iteration (a batch of two or more entries, read from the
 * controller's count register) the release goes through a handle that no longer holds a
 * lock: reported at the release inside the loop, once, by both rules.
 */

#include <storport.h>

#define BT_MAX_BATCH 16

typedef struct _BT_EXT {
    PULONG BatchCountRegister;
    PULONG CompletionRegister;
    ULONG Retired;
    STOR_DPC RetireDpc;
} BT_EXT, *PBT_EXT;

VOID
BtRetireDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
            PVOID SystemArgument2)
{
    PBT_EXT ext = (PBT_EXT)DeviceExtension;
    STOR_LOCK_HANDLE intHandle;
    ULONG count;
    ULONG i;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    count = StorPortReadRegisterUlong(ext, ext->BatchCountRegister);
    if (count > BT_MAX_BATCH) {
        count = BT_MAX_BATCH;
    }
    for (i = 0; i < count; i++) {
        if (i == 0) {
            StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
        }
        (VOID)StorPortReadRegisterUlong(ext, ext->CompletionRegister);
        ext->Retired++;
        StorPortReleaseSpinLock(ext, &intHandle);  // expect: StorPortSpinLock4, StorPortSpinLock
    }
}

ULONG
BtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PBT_EXT ext = (PBT_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->RetireDpc, BtRetireDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
BtInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
BtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
BtInterrupt(PVOID DeviceExtension)
{
    PBT_EXT ext = (PBT_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->RetireDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(BT_EXT);
    init.HwFindAdapter = BtFindAdapter;
    init.HwInitialize = BtInitialize;
    init.HwStartIo = BtStartIo;
    init.HwInterrupt = BtInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
