/*
 * Registrations and DDIs hidden behind the driver's own macros: a statement macro, a
 * multi-line macro, token pasting, and wrappers around StorPortNotification and
 * StorPortInitializeDpc. The macro definitions mention no real function; only their
 * expansions register anything.
 */
// expect-kind: physical

#include <storport.h>

#define MR_TAG 'rcaM'
#define MR_FN(name) Mr##name
#define REGISTER(f) init.HwStartIo = f
#define REGISTER_CORE(data, find, ini)       \
    do {                                     \
        (data).HwFindAdapter = (find);       \
        (data).HwInitialize = (ini);         \
    } while (0)
#define MR_ARM_TIMER(ext, fn, usec) \
    StorPortNotification(RequestTimerCall, (ext), (fn), (usec))
#define MR_SETUP_DPC(ext, fn) StorPortInitializeDpc((ext), &(ext)->Dpc, (fn))
#define MR_COMPLETE(ext, srb, st)                          \
    do {                                                   \
        (srb)->SrbStatus = (st);                           \
        StorPortNotification(RequestComplete, (ext), (srb)); \
    } while (0)

typedef struct _MR_EXT {
    STOR_DPC Dpc;
    ULONG Ticks;
    ULONG Busy;
} MR_EXT, *PMR_EXT;

VOID
MrTick(PVOID DeviceExtension)  // expect-entry: HW_TIMER by=registration
{
    PMR_EXT ext = (PMR_EXT)DeviceExtension;

    ext->Ticks++;
    MR_ARM_TIMER(ext, MrTick, 500000);
}

VOID
MrDpc(  // expect-entry: HW_DPC_ROUTINE by=registration
    PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ((PMR_EXT)HwDeviceExtension)->Busy = 0;
}

ULONG
MrFindAdapter(  // expect-entry: HW_FIND_ADAPTER by=registration
    PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    ConfigInfo->MaximumTransferLength = 4096;
    ConfigInfo->NumberOfPhysicalBreaks = 2;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
MrInitialize(PVOID DeviceExtension)  // expect-entry: HW_INITIALIZE by=registration
{
    PMR_EXT ext = (PMR_EXT)DeviceExtension;

    MR_SETUP_DPC(ext, MrDpc);
    MR_ARM_TIMER(ext, MrTick, 1000000);
    return TRUE;
}

BOOLEAN
MrStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)  // expect-entry: HW_STARTIO by=registration
{
    PMR_EXT ext = (PMR_EXT)DeviceExtension;

    ext->Busy++;
    MR_COMPLETE(ext, Srb, SRB_STATUS_SUCCESS);
    return TRUE;
}

BOOLEAN
MrInterrupt(PVOID DeviceExtension)  // expect-entry: HW_INTERRUPT by=registration
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

NTSTATUS
DriverEntry(PVOID DriverObject, PVOID RegistryPath)  // expect-entry: sp_DRIVER_INITIALIZE by=name
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.DeviceExtensionSize = sizeof(MR_EXT);
    REGISTER_CORE(init, MrFindAdapter, MrInitialize);
    REGISTER(MrStartIo);
    init.HwInterrupt = MR_FN(Interrupt);
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
