/*
 * A driver scanned with an SDV sdv-map.h (given with --config): the map replaces
 * discovery, as in SDV. Its callbacks reach StorPortInitialize through a copied
 * template; the DPC routine registered in SmInitialize is not in the map, so it is not
 * an entry point of this scan.
 */
// expect-kind: physical

#include <storport.h>

typedef struct _SM_EXT {
    STOR_DPC Dpc;
    ULONG Interrupts;
} SM_EXT, *PSM_EXT;

ULONG SmFindAdapter(PVOID, PVOID, PVOID, PCHAR, PPORT_CONFIGURATION_INFORMATION, PBOOLEAN);
BOOLEAN SmInitialize(PVOID);
BOOLEAN SmStartIo(PVOID, PSCSI_REQUEST_BLOCK);
BOOLEAN SmInterrupt(PVOID);

typedef struct _SM_CALLBACKS {
    PVOID Routines[4];
} SM_CALLBACKS;

static const SM_CALLBACKS SmCallbacks = {
    { (PVOID)SmFindAdapter, (PVOID)SmInitialize, (PVOID)SmStartIo, (PVOID)SmInterrupt }
};

VOID
SmDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ((PSM_EXT)HwDeviceExtension)->Interrupts = 0;
}

ULONG
SmFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=config
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
SmInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=config
{
    PSM_EXT ext = (PSM_EXT)DeviceExtension;

    StorPortInitializeDpc(ext, &ext->Dpc, SmDpc);
    return TRUE;
}

BOOLEAN
SmStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=config
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
SmInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=config
{
    PSM_EXT ext = (PSM_EXT)DeviceExtension;

    ext->Interrupts++;
    StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=config
{
    HW_INITIALIZATION_DATA init;
    PVOID *slots[4];
    ULONG i;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(SM_EXT);
    slots[0] = (PVOID *)&init.HwFindAdapter;
    slots[1] = (PVOID *)&init.HwInitialize;
    slots[2] = (PVOID *)&init.HwStartIo;
    slots[3] = (PVOID *)&init.HwInterrupt;
    for (i = 0; i < 4; i++) {
        *slots[i] = SmCallbacks.Routines[i];
    }
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
