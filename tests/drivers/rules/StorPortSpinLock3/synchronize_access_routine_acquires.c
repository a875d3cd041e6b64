// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * A routine run by StorPortSynchronizeAccess takes a lock. The adapter-control routine
 * (ScsiRestartAdapter) reprograms the controller's queue registers through
 * StorPortSynchronizeAccess(DevExt, RestartQueues, &ctx); Storport runs RestartQueues
 * right there, at DIRQL, with the interrupt lock held, and such a routine may take no
 * Storport lock. RestartQueues calls a register helper that takes the interrupt lock
 * again ("to be safe"): already held, reported at the acquire inside the helper, two
 * levels below the synchronized routine.
 *
 * The same helper called directly from the DPC (no StorPortSynchronizeAccess around it)
 * is fine there.
 */

#include <storport.h>

typedef struct _RST_CONTEXT {
    ULONG QueueCount;
    ULONG BaseAddress;
} RST_CONTEXT, *PRST_CONTEXT;

typedef struct _RST_EXT {
    PULONG QueueBaseRegister;
    PULONG QueueCountRegister;
    ULONG QueueCount;
    ULONG QueueBase;
    STOR_DPC ServiceDpc;
} RST_EXT, *PRST_EXT;

static VOID
RstWriteQueueRegisters(PRST_EXT Ext, ULONG Base, ULONG Count)
{
    STOR_LOCK_HANDLE intHandle;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // expect: StorPortSpinLock3
    StorPortWriteRegisterUlong(Ext, Ext->QueueBaseRegister, Base);
    StorPortWriteRegisterUlong(Ext, Ext->QueueCountRegister, Count);
    StorPortReleaseSpinLock(Ext, &intHandle);
}

BOOLEAN
RstRestartQueues(PVOID DeviceExtension, PVOID Context)
{
    PRST_EXT ext = (PRST_EXT)DeviceExtension;
    PRST_CONTEXT ctx = (PRST_CONTEXT)Context;

    ext->QueueCount = ctx->QueueCount;
    ext->QueueBase = ctx->BaseAddress;
    RstWriteQueueRegisters(ext, ctx->BaseAddress, ctx->QueueCount);
    return TRUE;
}

VOID
RstServiceDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID SystemArgument1,
              PVOID SystemArgument2)
{
    PRST_EXT ext = (PRST_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    RstWriteQueueRegisters(ext, ext->QueueBase, ext->QueueCount);  // ok: StorPortSpinLock3
}

SCSI_ADAPTER_CONTROL_STATUS
RstAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                  PVOID Parameters)
{
    PRST_EXT ext = (PRST_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    RST_CONTEXT ctx;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ctx.QueueCount = 4;
        ctx.BaseAddress = 0x1000;
        StorPortSynchronizeAccess(ext, RstRestartQueues, &ctx);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
RstFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    PRST_EXT ext = (PRST_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortInitializeDpc(ext, &ext->ServiceDpc, RstServiceDpc);
    return SP_RETURN_FOUND;
}

BOOLEAN
RstInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RstStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
RstInterrupt(PVOID DeviceExtension)
{
    PRST_EXT ext = (PRST_EXT)DeviceExtension;

    StorPortIssueDpc(ext, &ext->ServiceDpc, NULL, NULL);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(RST_EXT);
    init.HwFindAdapter = RstFindAdapter;
    init.HwInitialize = RstInitialize;
    init.HwStartIo = RstStartIo;
    init.HwInterrupt = RstInterrupt;
    init.HwAdapterControl = RstAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
