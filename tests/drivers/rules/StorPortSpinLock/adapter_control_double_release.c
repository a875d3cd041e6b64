// check-rules: StorPortSpinLock, StorPortSpinLock4
// expect-status: StorPortSpinLock=defect, StorPortSpinLock4=defect
// expect-kind: physical
/*
 * A double release through a helper. On ScsiStopAdapter the adapter-control routine
 * takes the interrupt lock and calls a "disable and unlock" helper, which masks the
 * interrupts and releases the lock through the handle it was given; the caller, not
 * aware that the helper already released, releases again through the same handle after
 * clearing its counters. The second release goes through a handle that no longer holds
 * a lock: reported at that release by both StorPortSpinLock and StorPortSpinLock4 (the
 * overlap is intended). The first release, in the helper, is fine.
 */

#include <storport.h>

typedef struct _STP_EXT {
    PULONG InterruptMask;
    ULONG Outstanding;
    BOOLEAN Stopped;
} STP_EXT, *PSTP_EXT;

static VOID
StpDisableAndUnlock(PSTP_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortWriteRegisterUlong(Ext, Ext->InterruptMask, 0xFFFFFFFF);
    Ext->Stopped = TRUE;
    StorPortReleaseSpinLock(Ext, Handle);  // ok: StorPortSpinLock, StorPortSpinLock4
}

SCSI_ADAPTER_CONTROL_STATUS
StpAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                  PVOID Parameters)
{
    PSTP_EXT ext = (PSTP_EXT)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    STOR_LOCK_HANDLE intHandle;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        StorPortAcquireSpinLock(ext, InterruptLock, NULL, &intHandle);
        StpDisableAndUnlock(ext, &intHandle);
        ext->Outstanding = 0;
        StorPortReleaseSpinLock(ext, &intHandle);  // expect: StorPortSpinLock, StorPortSpinLock4
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG
StpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
               PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    return SP_RETURN_FOUND;
}

BOOLEAN
StpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
StpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSTP_EXT ext = (PSTP_EXT)DeviceExtension;

    ext->Outstanding++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
StpInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(STP_EXT);
    init.HwFindAdapter = StpFindAdapter;
    init.HwInitialize = StpInitialize;
    init.HwStartIo = StpStartIo;
    init.HwInterrupt = StpInterrupt;
    init.HwAdapterControl = StpAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
