// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: physical
/*
 * __try / __finally in a Storport work item. The resource is taken inside a critical
 * region before the guarded block; the __finally block undoes the two steps in the
 * wrong order (leaves the region, then releases), so the release runs with the counter
 * at zero -- on every path, including the one that leaves the guarded block early
 * through __leave.
 */

#include <storport.h>

typedef struct _WT_EXTENSION {
    PULONG Registers;
    ERESOURCE FirmwareLock;
    PVOID Worker;
    ULONG Slot;
} WT_EXTENSION, *PWT_EXTENSION;

VOID
WtActivateWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PWT_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&ext->FirmwareLock, TRUE);  // ok: WithinCriticalRegion
    __try {
        if (StorPortReadRegisterUlong(ext, ext->Registers + 0x70) & 0x1) {
            __leave;                        /* an activation is already in progress */
        }
        StorPortWriteRegisterUlong(ext, ext->Registers + 0x71, ext->Slot);
    } __finally {
        KeLeaveCriticalRegion();
        ExReleaseResourceLite(&ext->FirmwareLock);              // expect: WithinCriticalRegion
        StorPortFreeWorker(ext, Worker);
    }
}

BOOLEAN
WtStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PWT_EXTENSION ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL) {
        ext->Slot = Srb->Cdb[1] & 0x7;
        StorPortQueueWorkItem(ext, WtActivateWorkItem, ext->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
WtPassiveInitialize(PVOID DeviceExtension)
{
    PWT_EXTENSION ext = DeviceExtension;

    ExInitializeResourceLite(&ext->FirmwareLock);
    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS;
}

ULONG
WtFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PWT_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    return ext->Registers != NULL ? SP_RETURN_FOUND : SP_RETURN_NOT_FOUND;
}

BOOLEAN
WtInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, WtPassiveInitialize);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(WT_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = WtFindAdapter;
    init.HwInitialize = WtInitialize;
    init.HwStartIo = WtStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
