// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: physical
/*
 * A violation reached only through helpers. The configuration resource lives in pool
 * (a pointer in the device extension); CfGetConfigLock returns it and CfLockShared /
 * CfUnlock receive it as a parameter. The passive initialization routine brackets the
 * helpers with KeEnterCriticalRegion / KeLeaveCriticalRegion; the Storport work item
 * calls the same helpers without a region, so the acquire inside CfLockShared is reported.
 */

#include <storport.h>

#define CF_TAG 'gfCC'

typedef struct _CF_EXTENSION {
    PULONG Registers;
    PERESOURCE ConfigLock;
    ULONG QueueDepth;
    PVOID Worker;
} CF_EXTENSION, *PCF_EXTENSION;

static PERESOURCE
CfGetConfigLock(PCF_EXTENSION Ext)
{
    return Ext->ConfigLock;
}

static VOID
CfLockShared(PERESOURCE Lock)
{
    ExAcquireResourceSharedLite(Lock, TRUE);        // expect: WithinCriticalRegion
}

static VOID
CfUnlock(PERESOURCE Lock)
{
    ExReleaseResourceLite(Lock);                    // ok: WithinCriticalRegion
}

BOOLEAN
CfPassiveInitialize(PVOID DeviceExtension)
{
    PCF_EXTENSION ext = DeviceExtension;

    KeEnterCriticalRegion();
    CfLockShared(CfGetConfigLock(ext));
    ext->QueueDepth = StorPortReadRegisterUlong(ext, ext->Registers + 3) & 0xFF;
    CfUnlock(CfGetConfigLock(ext));
    KeLeaveCriticalRegion();
    return StorPortInitializeWorker(ext, &ext->Worker) == STOR_STATUS_SUCCESS;
}

VOID
CfRefreshWorkItem(PVOID DeviceExtension, PVOID Context, PVOID Worker)
{
    PCF_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    CfLockShared(CfGetConfigLock(ext));
    ext->QueueDepth = StorPortReadRegisterUlong(ext, ext->Registers + 3) & 0xFF;
    CfUnlock(CfGetConfigLock(ext));
    StorPortFreeWorker(ext, Worker);
}

BOOLEAN
CfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PCF_EXTENSION ext = DeviceExtension;

    if (Srb->Function == SRB_FUNCTION_IO_CONTROL && ext->Worker != NULL) {
        StorPortQueueWorkItem(ext, CfRefreshWorkItem, ext->Worker, NULL);
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

ULONG
CfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    PCF_EXTENSION ext = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Registers = StorPortGetDeviceBase(ext, PCIBus, ConfigInfo->SystemIoBusNumber,
                                           (*ConfigInfo->AccessRanges)[0].RangeStart,
                                           0x1000, FALSE);
    ext->ConfigLock = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(ERESOURCE), CF_TAG);
    if (ext->Registers == NULL || ext->ConfigLock == NULL) {
        return SP_RETURN_ERROR;
    }
    ExInitializeResourceLite(ext->ConfigLock);
    return SP_RETURN_FOUND;
}

BOOLEAN
CfInitialize(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, CfPassiveInitialize);
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.DeviceExtensionSize = sizeof(CF_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.HwFindAdapter = CfFindAdapter;
    init.HwInitialize = CfInitialize;
    init.HwStartIo = CfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
