// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=defect, StorPortSpinLock=defect
// expect-kind: physical
/*
 * A lock handle kept in the device extension and released by another callback. The
 * full-duplex StartIo takes the interrupt lock into DevExt->PostHandle before posting a
 * command and leaves it held, expecting the completion DPC to release it "once the
 * command is accepted". Each callback is a path of its own:
 *  - on the DPC path, nothing acquired through DevExt->PostHandle (StartIo did not run;
 *    the handle is zero-filled), so the DPC's StorPortReleaseSpinLock goes through a
 *    handle that holds no lock: StorPortSpinLock4 and StorPortSpinLock report it there;
 *  - on the StartIo path, StartIo returns holding the lock it acquired:
 *    StorPortSpinLock reports its `return TRUE`.
 */

#include <storport.h>

typedef struct _PST_EXT {
    STOR_LOCK_HANDLE PostHandle;
    PULONG PostRegister;
    ULONG Posted;
    STOR_DPC AcceptDpc;
} PST_EXT, *PPST_EXT;

VOID
PstAcceptDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
             PVOID SystemArgument2)
{
    PPST_EXT ext = (PPST_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ext->Posted--;
    StorPortReleaseSpinLock(ext, &ext->PostHandle);  // expect: StorPortSpinLock4, StorPortSpinLock
}

ULONG
PstFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PPST_EXT ext = (PPST_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->AcceptDpc, PstAcceptDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
PstInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PstStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPST_EXT ext = (PPST_EXT)DeviceExtension;

    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &ext->PostHandle);
    StorPortWriteRegisterUlong(ext, ext->PostRegister, Srb->QueueTag);
    ext->Posted++;
    return TRUE;  // expect: StorPortSpinLock
}

BOOLEAN
PstInterrupt(PVOID DeviceExtension)
{
    PPST_EXT ext = (PPST_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->AcceptDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(PST_EXT);
    init.HwFindAdapter = PstFindAdapter;
    init.HwInitialize = PstInitialize;
    init.HwStartIo = PstStartIo;
    init.HwInterrupt = PstInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
