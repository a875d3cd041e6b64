// check-rules: StorPortMSILock
// expect-status: StorPortMSILock=defect
// expect-kind: physical
/*
 * Like the correlated-flag pattern, but broken: FindAdapter sets DevExt->MsiEnabled
 * before it knows whether the MSI-X table has any entry, and does not clear it on the
 * InterruptSynchronizeAll fallback. HwStorBuildIo trusts the flag, so on the fallback
 * path it takes the MSI lock in the wrong mode.
 */

#include <storport.h>

typedef struct _SAS_REGS {
    ULONG MsixTableSize;
    ULONG ReplyPostHostIndex[16];
} SAS_REGS, *PSAS_REGS;

typedef struct _SAS_EXT {
    PSAS_REGS Regs;
    BOOLEAN MsiEnabled;
    ULONG ReplyQueues;
    ULONG NextSmid[16];
} SAS_EXT, *PSAS_EXT;

static ULONG
SasMsixTableSize(PSAS_EXT Ext)
{
    return StorPortReadRegisterUlong(Ext, &Ext->Regs->MsixTableSize) & 0x7FF;
}

ULONG
SasFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;
    ULONG vectors;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Regs = (PSAS_REGS)StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                                 (*ConfigInfo->AccessRanges)[0].RangeStart,
                                                 sizeof(SAS_REGS), FALSE);
    if (ext->Regs == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->MsiEnabled = TRUE;
    vectors = SasMsixTableSize(ext);
    if (vectors == 0) {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
        ext->ReplyQueues = 1;
    } else {
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
        ext->ReplyQueues = vectors < 16 ? vectors : 16;
    }
    ConfigInfo->MaximumTransferLength = 0x100000;
    ConfigInfo->NumberOfPhysicalBreaks = 129;
    return SP_RETURN_FOUND;
}

BOOLEAN
SasInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SasBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSAS_EXT ext = (PSAS_EXT)DeviceExtension;
    ULONG queue = Srb->QueueTag % ext->ReplyQueues;
    ULONG oldIrql;

    if (ext->MsiEnabled) {
        StorPortAcquireMSISpinLock(ext, queue, &oldIrql);  // expect: StorPortMSILock
        ext->NextSmid[queue]++;
        StorPortReleaseMSISpinLock(ext, queue, oldIrql);
    } else {
        ext->NextSmid[queue]++;
    }
    return TRUE;
}

BOOLEAN
SasStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
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
    init.HwBuildIo = SasBuildIo;
    init.HwStartIo = SasStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
