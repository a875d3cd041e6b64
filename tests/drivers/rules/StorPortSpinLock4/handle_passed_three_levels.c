// check-rules: StorPortSpinLock4, StorPortSpinLock
// expect-status: StorPortSpinLock4=pass, StorPortSpinLock=pass
// expect-kind: physical
/*
 * The handle travels through helpers. The unit-control routine owns a STOR_LOCK_HANDLE
 * on its stack and passes its address down: UcQuiesceLun -> UcLockLun ->
 * UcAcquireQueueLock, where StorPortAcquireSpinLock fills it, three levels below the
 * callback. The release is done by a different helper, UcUnlockLun, called from the
 * unit-control routine with the same address. Same handle object on both sides, so the
 * release goes through a handle that holds the lock, and nothing is held when the
 * routine returns. pass for both rules.
 */

#include <storport.h>

#define UC_LUNS 8

typedef struct _UC_EXT {
    ULONG Outstanding[UC_LUNS];
    BOOLEAN Quiesced[UC_LUNS];
} UC_EXT, *PUC_EXT;

static VOID
UcAcquireQueueLock(PUC_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, Handle);
}

static VOID
UcLockLun(PUC_EXT Ext, ULONG Lun, PSTOR_LOCK_HANDLE Handle)
{
    UNREFERENCED_PARAMETER(Lun);
    UcAcquireQueueLock(Ext, Handle);
}

static VOID
UcQuiesceLun(PUC_EXT Ext, ULONG Lun, PSTOR_LOCK_HANDLE Handle)
{
    UcLockLun(Ext, Lun, Handle);
    Ext->Quiesced[Lun] = TRUE;
}

static VOID
UcUnlockLun(PUC_EXT Ext, PSTOR_LOCK_HANDLE Handle)
{
    StorPortReleaseSpinLock(Ext, Handle);  // ok: StorPortSpinLock4, StorPortSpinLock
}

SCSI_UNIT_CONTROL_STATUS
UcUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
              PVOID Parameters)
{
    PUC_EXT ext = (PUC_EXT)DeviceExtension;
    PSTOR_ADDR_BTL8 addr = (PSTOR_ADDR_BTL8)Parameters;
    STOR_LOCK_HANDLE lunHandle;
    ULONG lun;

    if (ControlType != ScsiUnitStop || addr == NULL) {
        return ScsiUnitControlUnsuccessful;
    }
    lun = addr->Lun % UC_LUNS;
    UcQuiesceLun(ext, lun, &lunHandle);
    ext->Outstanding[lun] = 0;
    UcUnlockLun(ext, &lunHandle);
    return ScsiUnitControlSuccess;  // ok: StorPortSpinLock
}

ULONG
UcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
UcInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
UcStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PUC_EXT ext = (PUC_EXT)DeviceExtension;

    ext->Outstanding[Srb->Lun % UC_LUNS]++;
    return TRUE;
}

BOOLEAN
UcInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(UC_EXT);
    init.HwFindAdapter = UcFindAdapter;
    init.HwInitialize = UcInitialize;
    init.HwStartIo = UcStartIo;
    init.HwInterrupt = UcInterrupt;
    init.HwUnitControl = UcUnitControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
