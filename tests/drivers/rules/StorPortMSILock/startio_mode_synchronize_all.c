// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * Two entry points: HwStorFindAdapter selects InterruptSynchronizeAll (one lock for all
 * messages), but HwStorStartIo still takes the per-message MSI lock of the submission
 * queue, as it did before the mode was changed. The mode left at FindAdapter's exit is
 * the one in force in StartIo.
 */

#include <storport.h>

typedef struct _SAS_EXT {
    PULONG Doorbells;
    ULONG MessageCount;
    ULONG Outstanding;
} SAS_EXT, *PSAS_EXT;

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Doorbells = (PULONG)StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                                   (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                   0x4000, FALSE);
    if (ext->Doorbells == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    ext->MessageCount = 8;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 256;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    ext->Outstanding = 0;
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;
    ULONG message = Srb->TargetId % ext->MessageCount;
    ULONG oldIrql;

    StorPortAcquireMSISpinLock(ext, message, &oldIrql);  // expect: StorPortMSILock
    ext->Outstanding++;
    StorPortWriteRegisterUlong(ext, &ext->Doorbells[message], Srb->QueueTag);
    StorPortReleaseMSISpinLock(ext, message, oldIrql);
    return TRUE;
}

BOOLEAN
SasInterrupt(PVOID DeviceExtension)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;

    if (ext->Outstanding == 0) {
        return FALSE;
    }
    ext->Outstanding--;
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(SAS_EXT);
    init.HwFindAdapter = SasFindAdapter;
    init.HwInitialize = SasInitialize;
    init.HwStartIo = SasStartIo;
    init.HwInterrupt = SasInterrupt;
    init.NumberOfAccessRanges = 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
