// check-rules: StorPortSpinLock4
// expect-status: StorPortSpinLock4=not_applicable
// expect-kind: physical
/*
 * The only StorPortReleaseSpinLock is in an unlock helper whose callers were all
 * removed when the driver moved to StorPortSynchronizeAccess; the helper is still
 * compiled but nothing calls it, so no entry point reaches a monitored call and the
 * rule does not apply -- even though a call to it would release through a handle
 * nobody filled.
 */

#include <storport.h>

typedef struct _SA_EXT {
    STOR_LOCK_HANDLE LegacyHandle;
    ULONG Pending;
} SA_EXT, *PSA_EXT;

static VOID
SaLegacyUnlock(PSA_EXT Ext)
{
    StorPortReleaseSpinLock(Ext, &Ext->LegacyHandle);  // ok: StorPortSpinLock4 -- unreachable
}

BOOLEAN
SaResetPending(PVOID DeviceExtension, PVOID Context)
{
    PSA_EXT ext = (PSA_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(Context);
    ext->Pending = 0;
    return TRUE;
}

ULONG
SaFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
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
SaInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
SaStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSA_EXT ext = (PSA_EXT)DeviceExtension;

    ext->Pending++;
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
SaResetBus(PVOID DeviceExtension, ULONG PathId)
{
    StorPortSynchronizeAccess(DeviceExtension, SaResetPending, NULL);
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

BOOLEAN
SaInterrupt(PVOID DeviceExtension)
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
    init.DeviceExtensionSize = sizeof(SA_EXT);
    init.HwFindAdapter = SaFindAdapter;
    init.HwInitialize = SaInitialize;
    init.HwStartIo = SaStartIo;
    init.HwInterrupt = SaInterrupt;
    init.HwResetBus = SaResetBus;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
