/*
 * Conditional compilation that breaks naive parsing: a loop whose opening line differs per
 * configuration (the brace is opened in both branches of #if, closed once), an `else`
 * that exists only in checked builds, a function defined twice under #if/#else, a
 * registration under `#if 0`, and the driver's own defaults from #define.
 * Default configuration: RB_FAST_SCAN is 1 (defined below), nothing else.
 */
// expect-kind: physical

#ifdef __cplusplus
extern "C" {
#endif

#include <storport.h>

#define RB_FAST_SCAN 1
#define RB_QUEUES 8

typedef struct _RB_EXT {
    STOR_DPC Dpcs[RB_QUEUES];
    ULONG Count;
    ULONG Verbose;
    ULONG Started;
} RB_EXT, *PRB_EXT;

VOID
RbQueueDpc(  // expect-entry: HW_DPC_ROUTINE by=registration
    PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ((PRB_EXT)HwDeviceExtension)->Started++;
}

static VOID
RbSetupDpcs(PRB_EXT ext)
{
    ULONG i;

#if RB_FAST_SCAN
    for (i = 0; i < ext->Count; i++) {
#else
    i = 0;
    while (i < ext->Count) {
#endif
        StorPortInitializeDpc(ext, &ext->Dpcs[i], RbQueueDpc);
#if !RB_FAST_SCAN
        i++;
#endif
    }
}

BOOLEAN
RbResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

ULONG
RbFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRB_EXT ext = (PRB_EXT)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    ext->Count = RB_QUEUES;
#ifdef RB_CHECKED
    if (ext->Verbose) {
        ConfigInfo->MaximumTransferLength = 0x1000;
    } else
#endif
    {
        ConfigInfo->MaximumTransferLength = 0x10000;
    }
    ConfigInfo->NumberOfPhysicalBreaks = 0x11;
    return SP_RETURN_FOUND;
}

BOOLEAN
RbInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    RbSetupDpcs((PRB_EXT)DeviceExtension);
    return TRUE;
}

#if defined(RB_LEGACY_STARTIO) && RB_LEGACY_STARTIO > 1
BOOLEAN
RbStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_ERROR;
    return FALSE;
}
#elif RB_FAST_SCAN
BOOLEAN
RbStartIo(  // expect-entry: HW_STARTIO by=registration
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
#else
#error "no StartIo for this configuration"
#endif

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(RB_EXT);
    init.HwFindAdapter = RbFindAdapter;
    init.HwInitialize = RbInitialize;
    init.HwStartIo = RbStartIo;
#if 0
    init.HwResetBus = RbResetBus;
#endif
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

#ifdef __cplusplus
}
#endif
