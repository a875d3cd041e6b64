// check-rules: SpChangeIrql
// expect-status: SpChangeIrql=defect
// expect-kind: physical
/*
 * A goto-cleanup in HwStorAdapterControl (ScsiSetRunningConfig: PASSIVE_LEVEL; the
 * others at DISPATCH_LEVEL or DIRQL) that jumps past the queued lock's release: on the
 * PASSIVE_LEVEL path it returns at DISPATCH_LEVEL. At DISPATCH_LEVEL the same slip keeps
 * the level (the queued lock raises to DISPATCH_LEVEL, which it already is).
 */
#include <storport.h>

typedef struct _GC_EXT {
    KSPIN_LOCK Lock;
    ULONG Config;
} GC_EXT, *PGC_EXT;

SCSI_ADAPTER_CONTROL_STATUS
GcAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                 PVOID Parameters)
{
    PGC_EXT ext = (PGC_EXT)DeviceExtension;
    KLOCK_QUEUE_HANDLE handle;
    SCSI_ADAPTER_CONTROL_STATUS status = ScsiAdapterControlSuccess;

    if (ControlType != ScsiSetRunningConfig && ControlType != ScsiAdapterPower) {
        return ScsiAdapterControlSuccess;
    }
    KeAcquireInStackQueuedSpinLock(&ext->Lock, &handle);
    if (Parameters == NULL) {
        status = ScsiAdapterControlUnsuccessful;
        goto done;
    }
    ext->Config++;
    KeReleaseInStackQueuedSpinLock(&handle);
done:
    return status;                                          // expect: SpChangeIrql
}

ULONG
GcFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    KeInitializeSpinLock(&((PGC_EXT)DeviceExtension)->Lock);
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
GcInitialize(PVOID DeviceExtension)
{
    return TRUE;
}

ULONG
DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init = {0};

    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(GC_EXT);
    init.HwFindAdapter = GcFindAdapter;
    init.HwInitialize = GcInitialize;
    init.HwAdapterControl = GcAdapterControl;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
