// check-rules: StorPortSpinLock3
// expect-status: StorPortSpinLock3=defect
// expect-kind: physical
/*
 * HwStorPassiveInitializeRoutine may take no Storport lock; a Storport work item may.
 * FindAdapter enables passive initialization; the passive routine allocates the
 * work item and then, to publish the firmware version it read, takes the StartIo lock:
 * the passive initialization routine is one of the callbacks that may acquire none,
 * reported at that acquire (on the path where StorPortEnablePassiveInitialization
 * returned TRUE and the routine ran). The work item it queues does the same kind of
 * update under the StartIo lock, and there it is fine: a HW_WORKITEM runs with no
 * Storport lock held and may take them (harness default).
 *
 * On the paths where passive initialization was not enabled, or where the work item
 * could not be allocated, the passive routine's acquire is not reached.
 */

#include <storport.h>

typedef struct _PI_EXT {
    PVOID Worker;
    ULONG FirmwareVersion;
    ULONG Published;
    PULONG VersionRegister;
} PI_EXT, *PPI_EXT;

static VOID
PiPublishVersion(PPI_EXT Ext, ULONG Version)
{
    STOR_LOCK_HANDLE versionHandle;

    StorPortAcquireSpinLock(Ext, StartIoLock, NULL, &versionHandle);  // expect: StorPortSpinLock3
    Ext->FirmwareVersion = Version;
    Ext->Published++;
    StorPortReleaseSpinLock(Ext, &versionHandle);
}

VOID
PiRefreshWorker(PVOID HwDeviceExtension, PVOID Context, PVOID Worker)
{
    PPI_EXT ext = (PPI_EXT)HwDeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Worker);
    PiPublishVersion(ext, StorPortReadRegisterUlong(ext, ext->VersionRegister));  // ok: StorPortSpinLock3
}

BOOLEAN
PiPassiveInit(PVOID DeviceExtension)
{
    PPI_EXT ext = (PPI_EXT)DeviceExtension;

    if (StorPortInitializeWorker(ext, &ext->Worker) != STOR_STATUS_SUCCESS) {
        return FALSE;
    }
    PiPublishVersion(ext, StorPortReadRegisterUlong(ext, ext->VersionRegister));
    StorPortQueueWorkItem(ext, PiRefreshWorker, ext->Worker, NULL);
    return TRUE;
}

ULONG
PiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
              PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ConfigInfo->MaximumTransferLength = 0x20000;
    ConfigInfo->NumberOfPhysicalBreaks = 33;
    StorPortEnablePassiveInitialization(DeviceExtension, PiPassiveInit);
    return SP_RETURN_FOUND;
}

BOOLEAN
PiInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
PiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_PENDING;
    return TRUE;
}

BOOLEAN
PiInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(PI_EXT);
    init.HwFindAdapter = PiFindAdapter;
    init.HwInitialize = PiInitialize;
    init.HwStartIo = PiStartIo;
    init.HwInterrupt = PiInterrupt;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
