// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=defect
// expect-kind: physical
/*
 * A violation counts even inside a routine whose path the harness stops following: the
 * handshake-failure exit of FindAdapter frees the event log, then jumps to the shared
 * `fail:` label, whose cleanup frees it again before returning SP_RETURN_ERROR.
 */

#include <storport.h>

#define RD_TAG          'diaR'
#define RD_REG_DOORBELL 0x10
#define RD_REG_STATUS   0x11

typedef struct _RD_EXTENSION {
    PULONG Registers;
    PVOID CommandPool;
    PVOID EventLog;
} RD_EXTENSION, *PRD_EXTENSION;

static NTSTATUS
RdHandshake(PRD_EXTENSION Ext)
{
    StorPortWriteRegisterUlong(Ext, Ext->Registers + RD_REG_DOORBELL, 0x1);
    if ((StorPortReadRegisterUlong(Ext, Ext->Registers + RD_REG_STATUS) & 0x80000000) == 0) {
        return STATUS_IO_TIMEOUT;
    }
    return STATUS_SUCCESS;
}

ULONG
RdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PRD_EXTENSION ext = DeviceExtension;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    if (ext->Registers == NULL) {
        return SP_RETURN_NOT_FOUND;
    }
    ext->CommandPool = ExAllocatePoolWithTag(NonPagedPoolNx, 64 * PAGE_SIZE, RD_TAG);
    if (ext->CommandPool == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->EventLog = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, RD_TAG);
    if (ext->EventLog == NULL) {
        goto fail;
    }
    status = RdHandshake(ext);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ext->EventLog, RD_TAG);       // ok: DoubleExFreePool -- first free
        goto fail;
    }
    return SP_RETURN_FOUND;

fail:
    if (ext->EventLog != NULL) {
        ExFreePoolWithTag(ext->EventLog, RD_TAG);       // expect: DoubleExFreePool
        ext->EventLog = NULL;
    }
    ExFreePoolWithTag(ext->CommandPool, RD_TAG);        // ok: DoubleExFreePool
    ext->CommandPool = NULL;
    return SP_RETURN_ERROR;
}

BOOLEAN
RdInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
RdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
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
    init.DeviceExtensionSize = sizeof(RD_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = RdFindAdapter;
    init.HwInitialize = RdInitialize;
    init.HwStartIo = RdStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
