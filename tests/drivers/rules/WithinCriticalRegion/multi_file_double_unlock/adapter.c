// check-rules: WithinCriticalRegion
// expect-status: WithinCriticalRegion=defect
// expect-kind: virtual
/*
 * A multi-file driver: the lock helpers are in lock.c, the rescan thread that misuses
 * them in rescan.c, the Storport entry points here. HwStorInitialize starts the rescan
 * thread with PsCreateSystemThread. The violation is reported in lock.c, on the release
 * inside MfUnlockTargets reached a second time.
 */

#include "mfdrv.h"

ULONG
MfFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PVOID LowerDevice, PCHAR ArgumentString,
              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PMF_ADAPTER adapter = DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    ExInitializeResourceLite(&adapter->TargetLock);
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumNumberOfTargets = MF_MAX_TARGETS;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MfInitialize(PVOID DeviceExtension)
{
    PMF_ADAPTER adapter = DeviceExtension;
    OBJECT_ATTRIBUTES attributes;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    return NT_SUCCESS(PsCreateSystemThread(&adapter->RescanThread, THREAD_ALL_ACCESS,
                                           &attributes, NULL, NULL, MfRescanThread,
                                           adapter));
}

BOOLEAN
MfStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PMF_ADAPTER adapter = DeviceExtension;

    Srb->SrbStatus = Srb->TargetId < adapter->TargetCount ? SRB_STATUS_SUCCESS
                                                           : SRB_STATUS_NO_DEVICE;
    StorPortNotification(RequestComplete, adapter, Srb);
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.DeviceExtensionSize = sizeof(MF_ADAPTER);
    init.HwFindAdapter = MfFindAdapter;
    init.HwInitialize = MfInitialize;
    init.HwStartIo = MfStartIo;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
