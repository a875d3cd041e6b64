/*
 * pminiport: the whole driver.
 */
// expect-kind: physical

#include "pminiport.h"

static VOID
PmLockSlots(_In_ PPM_ADAPTER Adapter, _Out_ PPM_SLOT_LOCK Lock)
{
    if (Adapter->UseMsi) {
        StorPortAcquireMSISpinLock(Adapter, PM_IO_MESSAGE, &Lock->OldIrql);  // ok: StorPortMSILock
    } else {
        StorPortAcquireSpinLock(Adapter, InterruptLock, NULL, &Lock->Handle);
    }
}

static VOID
PmUnlockSlots(_In_ PPM_ADAPTER Adapter, _In_ PPM_SLOT_LOCK Lock)
{
    if (Adapter->UseMsi) {
        StorPortReleaseMSISpinLock(Adapter, PM_IO_MESSAGE, Lock->OldIrql);
    } else {
        StorPortReleaseSpinLock(Adapter, &Lock->Handle);
    }
}

static VOID
PmComplete(_In_ PPM_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb, _In_ UCHAR Status)
{
    Srb->SrbStatus = Status;
    StorPortNotification(RequestComplete, Adapter, Srb);
}

static VOID
PmEnableController(_In_ PPM_ADAPTER Adapter)
{
    StorPortWriteRegisterUlong(Adapter, &Adapter->Registers->InterruptMask, PM_INT_COMPLETION);
    StorPortWriteRegisterUlong(Adapter, &Adapter->Registers->Control, PM_CTRL_ENABLE);
}

/* Completes what the controller has finished. Runs with the slot lock held (by Storport
   in the interrupt routines). */
static BOOLEAN
PmDrainCompletions(_In_ PPM_ADAPTER Adapter)
{
    PSCSI_REQUEST_BLOCK srb;
    BOOLEAN any = FALSE;
    ULONG tag;

    for (;;) {
        tag = StorPortReadRegisterUlong(Adapter, &Adapter->Registers->CompletedTag);
        if (tag == PM_NO_TAG || tag >= PM_QUEUE_DEPTH) {
            break;
        }
        srb = Adapter->Slots[tag];
        Adapter->Slots[tag] = NULL;
        any = TRUE;
        if (srb == NULL) {
            continue;
        }
        Adapter->Outstanding--;
        PmComplete(Adapter, srb,
                   StorPortReadRegisterUlong(Adapter, &Adapter->Registers->CompletedStatus) == 0
                       ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR);
    }
    return any;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(  // expect-entry: sp_DRIVER_INITIALIZE by=role_type
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = PmFindAdapter;
    init.HwInitialize = PmInitialize;
    init.HwBuildIo = PmBuildIo;
    init.HwStartIo = PmStartIo;
    init.HwInterrupt = PmInterrupt;
    init.HwResetBus = PmResetBus;
    init.HwAdapterControl = PmAdapterControl;
    init.DeviceExtensionSize = sizeof(PM_ADAPTER);
    init.SrbExtensionSize = sizeof(PM_COMMAND);
    init.NumberOfAccessRanges = 1;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;

    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

_Use_decl_annotations_
ULONG
PmFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=role_type
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    PACCESS_RANGE range;
    PVOID base;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = PM_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = PM_MAX_SG - 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;

    if (ConfigInfo->NumberOfAccessRanges < 1) {
        return SP_RETURN_NOT_FOUND;
    }
    range = &(*ConfigInfo->AccessRanges)[0];
    if (!range->RangeInMemory || range->RangeLength < sizeof(PM_REGISTERS)) {
        return SP_RETURN_NOT_FOUND;
    }
    base = StorPortGetDeviceBase(adapter, ConfigInfo->AdapterInterfaceType,
                                 ConfigInfo->SystemIoBusNumber, range->RangeStart,
                                 range->RangeLength, FALSE);
    if (base == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->Registers = (PPM_REGISTERS)base;
    adapter->Outstanding = 0;

    if ((StorPortReadRegisterUlong(adapter, &adapter->Registers->Capabilities) & PM_CAP_MSI) != 0) {
        adapter->UseMsi = TRUE;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
        ConfigInfo->HwMSInterruptRoutine = PmMessageInterrupt;
    } else {
        adapter->UseMsi = FALSE;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }
    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
PmInitialize(  // expect-entry: HW_INITIALIZE by=role_type
    PVOID DeviceExtension
    )
{
    PmEnableController((PPM_ADAPTER)DeviceExtension);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PmBuildIo(  // expect-entry: HW_BUILDIO by=role_type
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PPM_COMMAND command = (PPM_COMMAND)Srb->SrbExtension;
    PSTOR_SCATTER_GATHER_LIST sgl;
    ULONG i;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI ||
        (Srb->Cdb[0] != SCSIOP_READ && Srb->Cdb[0] != SCSIOP_WRITE)) {
        /* Nothing to build: StartIo handles these. */
        return TRUE;
    }
    sgl = StorPortGetScatterGatherList(DeviceExtension, Srb);
    if (sgl == NULL || sgl->NumberOfElements > PM_MAX_SG) {
        /* Returning FALSE means the SRB is done: complete it here. */
        PmComplete((PPM_ADAPTER)DeviceExtension, Srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
    RtlZeroMemory(command, sizeof(*command));
    command->Opcode = Srb->Cdb[0];
    command->Lun = Srb->Lun;
    command->SgCount = (USHORT)sgl->NumberOfElements;
    command->Lba = ((ULONGLONG)Srb->Cdb[2] << 24) | ((ULONGLONG)Srb->Cdb[3] << 16) |
                   ((ULONGLONG)Srb->Cdb[4] << 8) | Srb->Cdb[5];
    command->Blocks = ((ULONG)Srb->Cdb[7] << 8) | Srb->Cdb[8];
    for (i = 0; i < sgl->NumberOfElements; i++) {
        command->Sg[i].Address = (ULONGLONG)sgl->List[i].PhysicalAddress.QuadPart;
        command->Sg[i].Length = sgl->List[i].Length;
    }
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PmStartIo(  // expect-entry: HW_STARTIO by=role_type
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    STOR_PHYSICAL_ADDRESS address;
    PM_SLOT_LOCK lock;
    ULONG length;
    ULONG tag;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        PmComplete(adapter, Srb, Srb->Function == SRB_FUNCTION_FLUSH ? SRB_STATUS_SUCCESS
                                                                     : SRB_STATUS_INVALID_REQUEST);
        return TRUE;
    }
    if (Srb->Cdb[0] != SCSIOP_READ && Srb->Cdb[0] != SCSIOP_WRITE) {
        PmComplete(adapter, Srb, SRB_STATUS_INVALID_REQUEST);
        return TRUE;
    }
    address = StorPortGetPhysicalAddress(adapter, Srb, Srb->SrbExtension, &length);

    PmLockSlots(adapter, &lock);
    for (tag = 0; tag < PM_QUEUE_DEPTH; tag++) {
        if (adapter->Slots[tag] == NULL) {
            break;
        }
    }
    if (tag == PM_QUEUE_DEPTH) {
        PmUnlockSlots(adapter, &lock);
        PmComplete(adapter, Srb, SRB_STATUS_BUSY);
        return TRUE;
    }
    adapter->Slots[tag] = Srb;
    adapter->Outstanding++;
    StorPortWriteRegisterUlong(adapter, &adapter->Registers->SubmitLow, address.LowPart);
    StorPortWriteRegisterUlong(adapter, &adapter->Registers->SubmitHigh, (ULONG)address.HighPart);
    StorPortWriteRegisterUlong(adapter, &adapter->Registers->SubmitTag, tag);
    PmUnlockSlots(adapter, &lock);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PmInterrupt(  // expect-entry: HW_INTERRUPT by=role_type
    PVOID DeviceExtension
    )
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    ULONG status;

    status = StorPortReadRegisterUlong(adapter, &adapter->Registers->InterruptStatus);
    if ((status & PM_INT_COMPLETION) == 0) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(adapter, &adapter->Registers->InterruptStatus, status);
    PmDrainCompletions(adapter);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PmMessageInterrupt(  // expect-entry: HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE by=role_type
    PVOID DeviceExtension,
    ULONG MessageId
    )
{
    if (MessageId != PM_IO_MESSAGE) {
        return FALSE;
    }
    return PmDrainCompletions((PPM_ADAPTER)DeviceExtension);
}

_Use_decl_annotations_
BOOLEAN
PmResetBus(  // expect-entry: HW_RESET_BUS by=role_type
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    PSCSI_REQUEST_BLOCK srb;
    PM_SLOT_LOCK lock;
    ULONG tag;

    UNREFERENCED_PARAMETER(PathId);
    PmLockSlots(adapter, &lock);
    StorPortWriteRegisterUlong(adapter, &adapter->Registers->Control, PM_CTRL_RESET);
    for (tag = 0; tag < PM_QUEUE_DEPTH; tag++) {
        srb = adapter->Slots[tag];
        if (srb != NULL) {
            adapter->Slots[tag] = NULL;
            PmComplete(adapter, srb, SRB_STATUS_BUS_RESET);
        }
    }
    adapter->Outstanding = 0;
    PmEnableController(adapter);
    PmUnlockSlots(adapter, &lock);
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
PmAdapterControl(  // expect-entry: HW_ADAPTER_CONTROL by=role_type
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PPM_ADAPTER adapter = (PPM_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        StorPortWriteRegisterUlong(adapter, &adapter->Registers->InterruptMask, 0);
        StorPortWriteRegisterUlong(adapter, &adapter->Registers->Control, 0);
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        PmEnableController(adapter);
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
