// check-rules: DoubleKeSetEvent
// expect-status: DoubleKeSetEvent=defect
// expect-kind: physical
/*
 * __try / __finally in a Storport work item (HW_WORKITEM, queued by StartIo). When a
 * firmware chunk fails to download, the body signals the waiter and leaves with
 * __leave; the __finally block runs afterwards and signals the same event again.
 */

#include <storport.h>

#define TF_REG_FWDL     0x50

typedef struct _TF_EXTENSION {
    PULONG Registers;
    PVOID Worker;
    KEVENT FirmwareDone;
    NTSTATUS FirmwareStatus;
} TF_EXTENSION, *PTF_EXTENSION;

static BOOLEAN
TfDownloadChunk(PTF_EXTENSION Ext)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + TF_REG_FWDL, 1);
    return (StorPortReadRegisterUlong(Ext, Ext->Registers + TF_REG_FWDL + 1) & 1) != 0;
}

VOID
TfFirmwareWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PTF_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    __try {
        if (!TfDownloadChunk(ext)) {
            ext->FirmwareStatus = STATUS_UNSUCCESSFUL;
            KeSetEvent(&ext->FirmwareDone, IO_NO_INCREMENT, FALSE);     // ok: DoubleKeSetEvent -- first set
            __leave;
        }
        ext->FirmwareStatus = STATUS_SUCCESS;
    } __finally {
        KeSetEvent(&ext->FirmwareDone, IO_NO_INCREMENT, FALSE);         // expect: DoubleKeSetEvent
        StorPortFreeWorker(ext, Worker);
    }
}

BOOLEAN
TfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTF_EXTENSION ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        StorPortQueueWorkItem(ext, TfFirmwareWorkItem, ext->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
TfPassiveInitialize(PVOID DeviceExtension)
{
    PTF_EXTENSION ext = DeviceExtension;

    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS;
}

ULONG
TfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PTF_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    KeInitializeEvent(&ext->FirmwareDone, NotificationEvent, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
TfInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, TfPassiveInitialize);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(TF_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = TfFindAdapter;
    init.HwInitialize = TfInitialize;
    init.HwStartIo = TfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
