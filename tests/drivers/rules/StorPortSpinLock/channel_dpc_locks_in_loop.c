// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=pass, StorPortSpinLock4=pass
// expect-kind: physical
/*
 * One DPC lock per channel, all held at once. To quiesce the adapter on
 * ScsiAdapterSurpriseRemoval, HwStorAdapterControl takes the DPC lock of every
 * channel's completion DPC in a loop (LockContext = &DevExt->Channel[i].Dpc, handle =
 * handles[i]), fails the channel's outstanding requests, and releases the locks in a
 * second loop in reverse order. Each iteration names a different STOR_DPC, so no lock
 * is acquired twice; each release goes through the handle its own acquire filled.
 * pass for both rules.
 *
 * With four iterations the loop head has more rule states than the analysis keeps
 * apart; the merged state's handles are an approximation, so what it says of the
 * releases is not reported (the verdict's note says so): no false defect.
 */

#include <storport.h>

#define QC_CHANNELS 4

typedef struct _QC_CHANNEL {
    STOR_DPC Dpc;
    ULONG Outstanding;
} QC_CHANNEL, *PQC_CHANNEL;

typedef struct _QC_EXT {
    QC_CHANNEL Channel[QC_CHANNELS];
    BOOLEAN Removed;
} QC_EXT, *PQC_EXT;

static VOID
QcQuiesce(PQC_EXT Ext)
{
    STOR_LOCK_HANDLE handles[QC_CHANNELS];
    ULONG i;

    for (i = 0; i < QC_CHANNELS; i++) {
        StorPortAcquireSpinLock(Ext, DpcLock, &Ext->Channel[i].Dpc, &handles[i]);  // ok: StorPortSpinLock
    }
    for (i = 0; i < QC_CHANNELS; i++) {
        Ext->Channel[i].Outstanding = 0;
    }
    Ext->Removed = TRUE;
    for (i = QC_CHANNELS; i > 0; i--) {
        StorPortReleaseSpinLock(Ext, &handles[i - 1]);  // ok: StorPortSpinLock, StorPortSpinLock4 -- summarised loop index not matched
    }
}

VOID
QcChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
             PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

SCSI_ADAPTER_CONTROL_STATUS
QcAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiAdapterSurpriseRemoval] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiAdapterSurpriseRemoval:
        QcQuiesce((PQC_EXT)DeviceExtension);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
QcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PQC_EXT ext = (PQC_EXT)DeviceExtension;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    for (i = 0; i < QC_CHANNELS; i++) {
        StorPortInitializeDpc(ext, &ext->Channel[i].Dpc, QcChannelDpc);
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
QcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
QcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PQC_EXT ext = (PQC_EXT)DeviceExtension;

    ext->Channel[Srb->PathId % QC_CHANNELS].Outstanding++;
    return TRUE;
}

BOOLEAN
QcInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(QC_EXT);
    init.HwFindAdapter = QcFindAdapter;
    init.HwInitialize = QcInitialize;
    init.HwStartIo = QcStartIo;
    init.HwInterrupt = QcInterrupt;
    init.HwAdapterControl = QcAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
