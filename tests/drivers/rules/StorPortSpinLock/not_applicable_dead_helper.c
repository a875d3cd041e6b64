// check-rules: StorPortSpinLock
// expect-status: StorPortSpinLock=not_applicable
// expect-kind: physical
/*
 * The Storport lock calls live only in a debug-dump helper that no routine calls (the
 * call was removed when the dump moved to a WMI method that was never implemented).
 * No entry point reaches StorPortAcquireSpinLock or StorPortReleaseSpinLock in the call
 * graph, so the rule does not apply, although the helper leaks the lock on its early
 * return. The driver's own synchronisation uses StorPortSynchronizeAccess, which the
 * rule does not monitor.
 */

#include <storport.h>

typedef struct _DMP_EXT {
    ULONG Registers[16];
    PULONG RegisterBase;
    ULONG Pending;
} DMP_EXT, *PDMP_EXT;

static BOOLEAN
DmpDumpRegisters(PDMP_EXT Ext)
{
    STOR_LOCK_HANDLE intHandle;
    ULONG i;

    StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &intHandle);  // ok: StorPortSpinLock
    if (Ext->RegisterBase == NULL) {
        return FALSE;  // ok: StorPortSpinLock -- unreachable
    }
    for (i = 0; i < 16; i++) {
        Ext->Registers[i] = StorPortReadRegisterUlong(Ext, Ext->RegisterBase + i);
    }
    StorPortReleaseSpinLock(Ext, &intHandle);  // ok: StorPortSpinLock
    return TRUE;
}

BOOLEAN
DmpClearPending(PVOID DeviceExtension, PVOID Context)
{
    PDMP_EXT ext = (PDMP_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    ext->Pending = 0;
    return TRUE;
}

ULONG
DmpFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
DmpInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DmpStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PDMP_EXT ext = (PDMP_EXT)DeviceExtension;

    ext->Pending++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
DmpResetBus(PVOID DeviceExtension, ULONG PathId)
{
    StorPortSynchronizeAccess(DeviceExtension, DmpClearPending, NULL);
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

BOOLEAN
DmpInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(DMP_EXT);
    init.HwFindAdapter = DmpFindAdapter;
    init.HwInitialize = DmpInitialize;
    init.HwStartIo = DmpStartIo;
    init.HwInterrupt = DmpInterrupt;
    init.HwResetBus = DmpResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
