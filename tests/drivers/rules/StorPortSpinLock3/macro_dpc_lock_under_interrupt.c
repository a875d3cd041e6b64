// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * Driver macros wrap the lock DDIs (LOCK_INTERRUPT / LOCK_CHANNEL / UNLOCK). In
 * HwStorAdapterControl, ScsiStopAdapter walks every channel in a loop; inside the loop a
 * `switch` on the channel state handles "busy" channels by taking the channel's DPC lock
 * (LockContext = that channel's STOR_DPC) -- but the whole loop runs under the interrupt
 * lock taken before it (the state is read from the channel's status register, a value
 * the path does not decide). A DPC lock while the interrupt lock is held breaks the
 * hierarchy: reported on the line of the LOCK_CHANNEL invocation, once (the loop does
 * not produce a second report). The "idle" case only writes a register; the restart
 * case takes the channel DPC lock *before* the interrupt lock, which is the right order.
 */

#include <storport.h>

#define CH_COUNT 4

#define LOCK_INTERRUPT(e, h)  StorPortAcquireSpinLock((e), InterruptLock, NULL, (h))
#define LOCK_CHANNEL(e, c, h) \
    StorPortAcquireSpinLock((e), DpcLock, &(e)->Channel[(c)].Dpc, (h))
#define UNLOCK(e, h)          StorPortReleaseSpinLock((e), (h))

typedef enum _CH_STATE {
    ChannelIdle,
    ChannelBusy,
    ChannelFailed
} CH_STATE;

typedef struct _CHANNEL {
    STOR_DPC Dpc;
    CH_STATE State;
    ULONG Outstanding;
    PULONG Control;
    PULONG Status;
} CHANNEL, *PCHANNEL;

typedef struct _MC_EXT {
    CHANNEL Channel[CH_COUNT];
} MC_EXT, *PMC_EXT;

static VOID
McStopChannels(PMC_EXT Ext)
{
    STOR_LOCK_HANDLE intHandle;
    STOR_LOCK_HANDLE chHandle;
    ULONG c;

    LOCK_INTERRUPT(Ext, &intHandle);
    for (c = 0; c < CH_COUNT; c++) {
        Ext->Channel[c].State =
            (CH_STATE)StorPortReadRegisterUlong(Ext, Ext->Channel[c].Status);
        switch (Ext->Channel[c].State) {
        case ChannelIdle:
            StorPortWriteRegisterUlong(Ext, Ext->Channel[c].Control, 0);
            break;
        case ChannelBusy:
            LOCK_CHANNEL(Ext, c, &chHandle);  // expect: StorPortSpinLock3
            Ext->Channel[c].Outstanding = 0;
            UNLOCK(Ext, &chHandle);
            break;
        default:
            break;
        }
    }
    UNLOCK(Ext, &intHandle);
}

static VOID
McRestartChannel(PMC_EXT Ext, ULONG c)
{
    STOR_LOCK_HANDLE intHandle;
    STOR_LOCK_HANDLE chHandle;

    LOCK_CHANNEL(Ext, c, &chHandle);  // ok: StorPortSpinLock3
    LOCK_INTERRUPT(Ext, &intHandle);  // ok: StorPortSpinLock3
    Ext->Channel[c].State = ChannelIdle;
    StorPortWriteRegisterUlong(Ext, Ext->Channel[c].Control, 1);
    UNLOCK(Ext, &intHandle);
    UNLOCK(Ext, &chHandle);
}

VOID
McChannelDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
             PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
}

SCSI_ADAPTER_CONTROL_STATUS
McAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PMC_EXT ext = (PMC_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    ULONG c;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        break;
    case ScsiStopAdapter:
        McStopChannels(ext);
        break;
    case ScsiRestartAdapter:
        for (c = 0; c < CH_COUNT; c++) {
            McRestartChannel(ext, c);
        }
        break;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
    return ScsiAdapterControlSuccess;
}

ULONG
McFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PMC_EXT ext = (PMC_EXT)DeviceExtension;
    ULONG c;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    for (c = 0; c < CH_COUNT; c++) {
        StorPortInitializeDpc(ext, &ext->Channel[c].Dpc, McChannelDpc);
    }
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
McInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
McStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMC_EXT ext = (PMC_EXT)DeviceExtension;

    ext->Channel[Srb->PathId % CH_COUNT].Outstanding++;
    return TRUE;
}

BOOLEAN
McInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(MC_EXT);
    init.HwFindAdapter = McFindAdapter;
    init.HwInitialize = McInitialize;
    init.HwStartIo = McStartIo;
    init.HwInterrupt = McInterrupt;
    init.HwAdapterControl = McAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
