// check-rules: DoubleExFreePool
// expect-status: DoubleExFreePool=pass
// expect-kind: physical
/*
 * A pointer re-assigned from a new allocation between two frees is a new block. The
 * telemetry snapshot is refreshed with a grow-and-retry loop: a buffer that turns out
 * too small is freed and a bigger one allocated on the next iteration; a good one
 * replaces the previous snapshot, which is freed first. The refresh runs in the passive
 * initialization routine and again in a Storport work item, so the work item frees the
 * block the passive routine stored. Uses ExAllocatePool2 / ExFreePool2.
 */

#include <storport.h>

#define LG_TAG              'mlTL'
#define LG_INITIAL_BYTES    PAGE_SIZE
#define LG_REG_LOG_SIZE     12

typedef struct _LG_EXTENSION {
    PULONG Registers;
    PUCHAR LastLog;
    PVOID Worker;
} LG_EXTENSION, *PLG_EXTENSION;

static ULONG
LgReadTelemetry(PLG_EXTENSION Ext, PUCHAR Buffer, ULONG Size)
{
    ULONG needed = StorPortReadRegisterUlong(Ext, Ext->Registers + LG_REG_LOG_SIZE);

    if (needed <= Size) {
        RtlCopyMemory(Buffer, Ext->Registers + 0x100, needed);
    }
    return needed;
}

static VOID
LgRefreshLog(PLG_EXTENSION Ext)
{
    ULONG size = LG_INITIAL_BYTES;
    ULONG attempt;
    ULONG needed;
    PUCHAR buffer;

    for (attempt = 0; attempt < 3; attempt++) {
        buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, size, LG_TAG);
        if (buffer == NULL) {
            break;
        }
        needed = LgReadTelemetry(Ext, buffer, size);
        if (needed <= size) {
            if (Ext->LastLog != NULL) {
                ExFreePool2(Ext->LastLog, LG_TAG, NULL, 0);  // ok: DoubleExFreePool -- the previous snapshot
            }
            Ext->LastLog = buffer;
            break;
        }
        ExFreePool2(buffer, LG_TAG, NULL, 0);    // ok: DoubleExFreePool -- a fresh block on every iteration
        size = needed;
    }
}

VOID
LgWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PLG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    LgRefreshLog(ext);
    StorPortFreeWorker(ext, Worker);
}

BOOLEAN
LgPassiveInitialize(PVOID DeviceExtension)
{
    PLG_EXTENSION ext = DeviceExtension;

    LgRefreshLog(ext);
    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS;
}

ULONG
LgFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PLG_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x2000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
LgInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, LgPassiveInitialize);
}

BOOLEAN
LgStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PLG_EXTENSION ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL && ext->Worker != NULL) {
        StorPortQueueWorkItem(ext, LgWorkItem, ext->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(LG_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = LgFindAdapter;
    init.HwInitialize = LgInitialize;
    init.HwStartIo = LgStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
